package io.datanet.upload.datanet;

import io.datanet.platform.api.PageRequest;
import io.datanet.platform.api.PageResponse;
import io.datanet.platform.outbox.Outbox;
import io.datanet.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Datanets: any signed-in user may create one and becomes its owner; everyone signed in may read them. */
@Path("/api/datanets")
@Authenticated
public class DatanetResource {

    @Inject
    JsonWebToken caller;
    @Inject
    Outbox outbox;

    @POST
    @WithTransaction
    public Uni<Response> create(CreateDatanetRequest body) {
        if (body == null) {
            throw ProblemException.badRequest("a JSON body is required");
        }
        CreateDatanetRequest request = body.validated();
        Datanet datanet = new Datanet();
        datanet.id = UUID.randomUUID().toString();
        datanet.name = request.name();
        datanet.description = request.description();
        datanet.ownerId = caller.getSubject();
        datanet.tags = request.tags();
        datanet.fileTypes = request.fileTypes();
        datanet.reviewMode = request.reviewMode();
        datanet.acceptanceThreshold = request.acceptanceThreshold();
        datanet.validationThresholds(request.validation());
        // Microsecond precision, as PostgreSQL stores it, so the event and later reads agree exactly.
        datanet.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return datanet.persist()
                .flatMap(saved -> outbox.add(datanet.id, datanet.toEvent()))
                .map(event -> Response.created(URI.create("/api/datanets/" + datanet.id))
                        .entity(DatanetView.of(datanet)).build());
    }

    @GET
    @WithSession
    public Uni<PageResponse<DatanetView>> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        PageRequest request = PageRequest.of(page, size);
        return Datanet.<Datanet>findAll(Sort.by("createdAt").and("id")).page(request.page(), request.size()).list()
                .flatMap(items -> Datanet.count().map(total -> PageResponse.of(items, request, total, DatanetView::of)));
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<DatanetView> get(@PathParam("id") String id) {
        return Datanet.<Datanet>findById(id).map(d -> {
            if (d == null) {
                throw ProblemException.notFound("datanet " + id);
            }
            return DatanetView.of(d);
        });
    }
}
