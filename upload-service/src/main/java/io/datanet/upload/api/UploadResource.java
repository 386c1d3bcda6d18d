package io.datanet.upload.api;

import io.datanet.upload.files.UploadView;
import io.datanet.upload.files.Upload;
import io.datanet.upload.files.UploadStatus;
import io.datanet.upload.files.Withdrawals;
import io.datanet.events.ReviewMode;
import io.datanet.events.UploadReviewed;
import io.datanet.events.UploadWithdrawn;
import io.datanet.platform.api.PageRequest;
import io.datanet.platform.api.PageResponse;
import io.datanet.platform.api.TextInput;
import io.datanet.platform.outbox.Outbox;
import io.datanet.platform.problem.ProblemException;
import io.datanet.platform.api.Roles;
import io.datanet.upload.datanet.Datanet;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.BeanParam;
import io.datanet.platform.api.PageParameters;

/**
 * Uploads. A contributor sees only their own; the datanet owner sees the uploads to their datanet; an operator sees
 * all. Anyone else gets 404, so upload ids reveal nothing.
 */
@Path("/api/uploads")
@Authenticated
public class UploadResource {


    @Inject
    JsonWebToken caller;
    @Inject
    Outbox outbox;
    @Inject
    Withdrawals withdrawals;

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(operationId = "getUpload", summary = "An upload and its status, for its contributor, the datanet's owner and operators")
    @APIResponse(responseCode = "200", description = "the upload")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "404", description = "no such upload the caller may see")
    public Uni<UploadView> get(@PathParam("id") String id) {
        return visibleUpload(id).map(view -> view.upload);
    }

    /** The caller's own uploads, newest first, optionally of one datanet and one status. */
    @GET
    @WithSession
    @Operation(operationId = "listMyUploads", summary = "The caller's own uploads, newest first")
    @APIResponse(responseCode = "200", description = "one page of uploads")
    @APIResponse(responseCode = "400", description = "an unknown status, or page or size out of bounds (the problem's `parameter` names it)")
    @APIResponse(responseCode = "401", description = "no valid token")
    public Uni<PageResponse<UploadView>> list(
            @Parameter(description = "only uploads to this datanet") @QueryParam("datanet") String datanetId,
            @Parameter(description = "only uploads of this status, e.g. ACCEPTED") @QueryParam("status") String status,
            @BeanParam PageParameters paging) {
        PageRequest request = paging.request();
        StringBuilder query = new StringBuilder("contributorId = :contributor");
        Parameters parameters = Parameters.with("contributor", caller.getSubject());
        if (datanetId != null && !datanetId.isBlank()) {
            query.append(" and datanetId = :datanet");
            parameters.and("datanet", datanetId);
        }
        if (status != null && !status.isBlank()) {
            query.append(" and status = :status");
            parameters.and("status", UploadStatus.parse(status));
        }
        return Upload.newestFirst(query.toString(), parameters, request);
    }

    /**
     * The datanet owner (or an operator) approves or rejects an upload awaiting owner review, never their own (403).
     * The decision is published; validation-service turns it into the next verdict version, which sets the status
     * here. 202.
     */
    @POST
    @Path("/{id}/review")
    @Operation(operationId = "reviewUpload", summary = "The datanet owner's decision on an upload awaiting review")
    @APIResponse(responseCode = "202", description = "decided; validation-service makes it the next verdict", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UploadView.class)))
    @APIResponse(responseCode = "400", description = "a body that is not JSON of this shape")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "not the datanet's owner or an operator, or the reviewer's own upload")
    @APIResponse(responseCode = "404", description = "no such upload the caller may see")
    @APIResponse(responseCode = "409", description = "not awaiting review, already reviewed, or its verdict not here yet (Retry-After)")
    @APIResponse(responseCode = "422", description = "no APPROVE or REJECT decision, or a bad comment (the problem's `field` names it)")
    public Uni<Response> review(@PathParam("id") String id, ReviewRequest body) {
        if (body == null || body.decision() == null) {
            throw ProblemException.unprocessable("decision (APPROVE or REJECT) is required").with("field", "decision");
        }
        String comment = body.comment() == null ? "" : body.comment().trim();
        if (comment.length() > 2000) {
            throw ProblemException.unprocessable("comment must be at most 2000 characters").with("field", "comment");
        }
        if (TextInput.whyNotText(comment) != null) {
            throw ProblemException.unprocessable("comment " + TextInput.whyNotText(comment)).with("field", "comment");
        }
        return Panache.withTransaction(() -> visibleUpload(id).flatMap(found -> {
            Upload upload = found.entity;
            if (upload.contributorId.equals(caller.getSubject())) {
                // an owner uploading to her own datanet, or an operator: someone else approves it
                throw ProblemException.forbidden("no one reviews their own upload");
            }
            boolean owner = found.datanet != null && found.datanet.ownerId.equals(caller.getSubject());
            if (!owner && !caller.getGroups().contains(Roles.OPERATOR)) {
                throw ProblemException.forbidden("only the datanet owner or an operator reviews uploads");
            }
            if (found.datanet.reviewMode == ReviewMode.OWNER && upload.status == UploadStatus.RECEIVED) {
                // This service learns a verdict from validation's event, a moment after the owner may have seen it
                // (the console's feed carries the same event): say so, and when to ask again.
                throw ProblemException.conflict("verdict-not-yet-known", "upload " + id + " has no verdict here yet; "
                        + "if validation has just asked for your review, try again in a moment").header("Retry-After", "1");
            }
            if (found.datanet.reviewMode != ReviewMode.OWNER || upload.status != UploadStatus.PENDING_REVIEW) {
                throw ProblemException.conflict("not-pending-review", "upload " + id + " is " + upload.status
                        + "; only uploads PENDING_REVIEW in an owner-reviewed datanet can be reviewed");
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            return Panache.getSession().flatMap(s -> s.createNativeMutationQuery(
                            "INSERT INTO upload_review (upload_id, reviewer_id, decision, comment, reviewed_at) "
                                    + "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (upload_id) DO NOTHING")
                    .setParameter(1, id).setParameter(2, caller.getSubject()).setParameter(3, body.decision().name())
                    .setParameter(4, comment).setParameter(5, now).executeUpdate())
                    .flatMap(inserted -> {
                        if (inserted == 0) {
                            throw ProblemException.conflict("already-reviewed", "upload " + id + " was already reviewed");
                        }
                        return outbox.add(id, new UploadReviewed(id, upload.datanetId, upload.contributorId,
                                caller.getSubject(), body.decision(), comment, now));
                    })
                    .map(event -> Response.accepted(UploadView.of(upload)).build());
        }));
    }

    /**
     * The contributor takes her upload back, whatever its status: it leaves the datanet's data, duplicate index and
     * later snapshots, and its verdict's effect on her reputation is undone (a rejection's stays: withdrawing is not
     * a way to erase a rejection). 200 with the upload, WITHDRAWN; again, the same answer and nothing more. Only its
     * contributor withdraws an upload (403 for the datanet's owner and operators, who erase on request instead).
     */
    @POST
    @Path("/{id}/withdraw")
    @Operation(operationId = "withdrawUpload", summary = "The contributor takes her upload back, whatever its status")
    @APIResponse(responseCode = "200", description = "the upload, WITHDRAWN (again: the same answer)")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "not the upload's contributor (operators erase instead)")
    @APIResponse(responseCode = "404", description = "no such upload the caller may see")
    public Uni<UploadView> withdraw(@PathParam("id") String id) {
        String me = caller.getSubject();
        return Panache.withTransaction(() -> Withdrawals.locked(id).flatMap(upload -> {
            if (upload == null) {
                throw ProblemException.notFound("upload " + id);
            }
            if (!upload.contributorId.equals(me)) {
                return visibleUpload(id).map(visible -> {
                    throw ProblemException.forbidden("only its contributor withdraws an upload; an operator erases a "
                            + "contributor's data on their request (POST /api/contributors/{id}/erasure)");
                });
            }
            return withdrawals.withdraw(upload, me, UploadWithdrawn.Reason.WITHDRAWN,
                    Instant.now().truncatedTo(ChronoUnit.MICROS)).map(UploadView::of);
        }));
    }

    private record Visible(Upload entity, UploadView upload, Datanet datanet) {
    }

    private Uni<Visible> visibleUpload(String id) {
        return Upload.<Upload>findById(id).flatMap(upload -> {
            if (upload == null) {
                throw ProblemException.notFound("upload " + id);
            }
            return Datanet.<Datanet>findById(upload.datanetId).map(datanet -> {
                String me = caller.getSubject();
                boolean allowed = upload.contributorId.equals(me) || caller.getGroups().contains(Roles.OPERATOR)
                        || (datanet != null && datanet.ownerId.equals(me));
                if (!allowed) {
                    throw ProblemException.notFound("upload " + id);
                }
                return new Visible(upload, UploadView.of(upload), datanet);
            });
        });
    }
}
