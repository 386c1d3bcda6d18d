package io.datanet.upload.api;

import io.datanet.upload.datanet.CreateDatanetRequest;
import io.datanet.upload.datanet.Datanet;
import io.datanet.platform.api.PageRequest;
import io.datanet.platform.api.PageResponse;
import io.datanet.platform.db.Database;
import io.datanet.platform.outbox.Outbox;
import io.datanet.platform.problem.ProblemException;
import io.datanet.upload.quota.QuotaLedger;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.BiPredicate;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestHeader;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.BeanParam;
import io.datanet.platform.api.PageParameters;

/**
 * Datanets: any signed-in user may create one and becomes its owner; everyone signed in may read them; the owner or
 * an operator changes one's definition or archives it, each change a new version announced on the definitions topic.
 */
@Path("/api/datanets")
@Authenticated
public class DatanetResource {

    @Inject
    JsonWebToken caller;
    @Inject
    Outbox outbox;
    @Inject
    Database database;
    @Inject
    QuotaLedger ledger;

    @POST
    @WithTransaction
    @Operation(operationId = "createDatanet", summary = "Define a datanet: its topic, file types and review mode")
    @APIResponse(responseCode = "201", description = "defined (Location: the datanet)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DatanetView.class)))
    @APIResponse(responseCode = "400", description = "no JSON body, or one that is not JSON of this shape")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "422", description = "an invalid definition (the problem's `errors` lists each field's)")
    public Uni<Response> create(CreateDatanetRequest body) {
        if (body == null) {
            throw ProblemException.badRequest("a JSON body is required");
        }
        CreateDatanetRequest request = body.validated();
        Datanet datanet = new Datanet();
        datanet.id = UUID.randomUUID().toString();
        datanet.ownerId = caller.getSubject();
        datanet.define(request);
        // Microsecond precision, as PostgreSQL stores it, so the event and later reads agree exactly.
        datanet.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        datanet.definedAt = datanet.createdAt;
        return datanet.persist()
                .flatMap(saved -> outbox.add(datanet.id, datanet.toEvent()))
                .map(event -> Response.created(URI.create("/api/datanets/" + datanet.id))
                        .entity(DatanetView.of(datanet)).build());
    }

    @GET
    @WithSession
    @Operation(operationId = "listDatanets", summary = "Every datanet, oldest first")
    @APIResponse(responseCode = "200", description = "one page of datanets")
    @APIResponse(responseCode = "400", description = "page or size out of bounds (the problem's `parameter` names it)")
    @APIResponse(responseCode = "401", description = "no valid token")
    public Uni<PageResponse<DatanetView>> list(
            @BeanParam PageParameters paging) {
        PageRequest request = paging.request();
        return Datanet.<Datanet>findAll(Sort.by("createdAt").and("id")).page(request.page(), request.size()).list()
                .flatMap(items -> Datanet.count().map(total -> PageResponse.of(items, request, total, DatanetView::of)));
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(operationId = "getDatanet", summary = "A datanet's definition, with its version as the ETag")
    @APIResponse(responseCode = "200", description = "the datanet", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DatanetView.class)))
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "404", description = "no such datanet")
    public Uni<Response> get(@PathParam("id") String id) {
        return Datanet.<Datanet>findById(id).map(d -> {
            if (d == null) {
                throw ProblemException.notFound("datanet " + id);
            }
            return withVersion(d);
        });
    }

    /**
     * A new version of the datanet's definition: the body is a whole definition, as for creating one (a field left out
     * takes its default, not its old value). Uploads that arrived before keep the definition they arrived under.
     * {@code If-Match} with the datanet's {@code ETag} (its version) makes the change conditional: 412 when another
     * change came first. 403 for anyone but the owner and operators, 409 once the datanet is archived.
     */
    @PUT
    @Path("/{id}")
    @Operation(operationId = "updateDatanet", summary = "A new version of the datanet's definition (If-Match: its ETag)")
    @APIResponse(responseCode = "200", description = "the new version, its ETag", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DatanetView.class)))
    @APIResponse(responseCode = "400", description = "no JSON body, or an If-Match that is not a datanet's ETag")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "not the datanet's owner or an operator")
    @APIResponse(responseCode = "404", description = "no such datanet")
    @APIResponse(responseCode = "409", description = "the datanet is archived")
    @APIResponse(responseCode = "412", description = "another change came first (the problem's `version` is the current one)")
    @APIResponse(responseCode = "422", description = "an invalid definition (the problem's `errors` lists each field's)")
    public Uni<Response> update(@PathParam("id") String id, @RestHeader("If-Match") String ifMatch,
                                CreateDatanetRequest body) {
        if (body == null) {
            throw ProblemException.badRequest("a JSON body is required");
        }
        CreateDatanetRequest request = body.validated();
        Integer expected = expectedVersion(ifMatch);
        return change(id, expected, (datanet, at) -> {
            if (datanet.archived()) {
                throw ProblemException.conflict("datanet-archived", "datanet " + id + " is archived; its definition "
                        + "no longer changes");
            }
            datanet.define(request);
            return true;
        });
    }

    /**
     * Archives the datanet: it takes no more uploads (409 {@code datanet-archived}), and its data, uploads, reports
     * and models stay. Archiving an archived datanet changes nothing. The owner or an operator.
     */
    @POST
    @Path("/{id}/archive")
    @Operation(operationId = "archiveDatanet", summary = "Archive the datanet: no more uploads, everything else stays")
    @APIResponse(responseCode = "200", description = "the datanet, archived (again: unchanged)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DatanetView.class)))
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "not the datanet's owner or an operator")
    @APIResponse(responseCode = "404", description = "no such datanet")
    public Uni<Response> archive(@PathParam("id") String id) {
        return change(id, null, (datanet, at) -> {
            if (datanet.archived()) {
                return false;
            }
            datanet.archivedAt = at;
            return true;
        });
    }

    /**
     * Applies {@code edit} to the datanet under its lock (the one every upload to it takes), given the time the next
     * version would have, and, when it changed anything, writes that version and its event in the same transaction.
     */
    private Uni<Response> change(String id, Integer expectedVersion, BiPredicate<Datanet, Instant> edit) {
        return database.inTransaction(sql -> ledger.lockDatanet(sql, id)
                .chain(() -> Datanet.read(sql, id))
                .flatMap(datanet -> {
                    if (datanet == null) {
                        throw ProblemException.notFound("datanet " + id);
                    }
                    if (!datanet.managedBy(caller)) {
                        throw ProblemException.forbidden("only the datanet's owner or an operator changes it");
                    }
                    if (expectedVersion != null && expectedVersion != datanet.version) {
                        throw new ProblemException(412, "version-mismatch", "Precondition Failed", "datanet " + id
                                + " is at version " + datanet.version + ", not " + expectedVersion)
                                .with("version", datanet.version);
                    }
                    // Consumers keep the latest definedAt: a version is later than the one before even when this
                    // replica's clock is behind the one that wrote it.
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    Instant at = now.isAfter(datanet.definedAt) ? now : datanet.definedAt.plus(1, ChronoUnit.MICROS);
                    if (!edit.test(datanet, at)) {
                        return Uni.createFrom().item(withVersion(datanet));
                    }
                    datanet.definedAt = at;
                    datanet.version += 1;
                    return datanet.update(sql)
                            .chain(() -> outbox.add(sql, datanet.id, datanet.toEvent()))
                            .map(event -> withVersion(datanet));
                }));
    }

    /** The datanet with its version as the {@code ETag}. */
    private static Response withVersion(Datanet datanet) {
        return Response.ok(DatanetView.of(datanet)).tag(new EntityTag(Integer.toString(datanet.version))).build();
    }

    /** {@code If-Match: "3"} (or {@code W/"3"}) as 3; null without the header; 400 for anything else. */
    static Integer expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 3 && tag.length() <= 11 && tag.startsWith("\"") && tag.endsWith("\"")
                && tag.substring(1, tag.length() - 1).chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Integer.parseInt(tag.substring(1, tag.length() - 1));
        }
        throw ProblemException.badRequest("If-Match must be the datanet's ETag, such as \"3\"").with("header", "If-Match");
    }
}
