package io.datanet.upload.api;

import io.datanet.upload.files.UploadIntake;
import io.datanet.upload.files.UploadView;
import io.datanet.upload.files.Upload;
import io.datanet.upload.files.UploadStatus;
import io.datanet.platform.api.PageRequest;
import io.datanet.platform.api.PageResponse;
import io.datanet.platform.problem.Problem;
import io.datanet.platform.problem.ProblemException;
import io.datanet.upload.datanet.Datanet;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import jakarta.ws.rs.BeanParam;
import io.datanet.platform.api.PageParameters;

/**
 * {@code /api/datanets/{id}/uploads}: a contributor's file into a datanet (POST), and the datanet's uploads for the
 * people who review them (GET).
 */
@Path("/api/datanets/{id}/uploads")
@Authenticated
public class DatanetUploadResource {

    @Inject
    JsonWebToken caller;
    @Inject
    UploadIntake intake;

    /**
     * Takes the one file part {@code file} ({@link UploadIntake}: every check before anything is stored, then the
     * blob and its {@code uploads.received} event). 202: validation follows asynchronously. A refused request stores
     * nothing.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(operationId = "uploadFile", summary = "Upload one dataset file to a datanet",
            description = "Exactly one file part named `file`. Checked before anything is stored; 202 when taken, "
                    + "validation follows asynchronously (uploads.validated). A retry with the same Idempotency-Key "
                    + "replays the first answer (header Idempotency-Replayed: true).")
    @APIResponse(responseCode = "202", description = "taken; validation follows (Location: the upload)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UploadView.class)))
    @APIResponse(responseCode = "400", description = "no file part, a second one, or a bad file name or key", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "no valid token", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no such datanet", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "this contributor already uploaded this content to this datanet",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "over the per-file size limit", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "a file type the datanet does not take, or bytes that are not it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "an empty file, or an Idempotency-Key used for other content",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "over a quota (the problem's `limit` says which; Retry-After)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> upload(@PathParam("id") String datanetId, @RestForm(FileUpload.ALL) List<FileUpload> parts,
                                @RestHeader("Idempotency-Key") String idempotencyKey) {
        FileUpload file = onlyFilePart(parts);
        UploadIntake.IncomingFile incoming = new UploadIntake.IncomingFile(file.fileName(), file.size(),
                file.uploadedFile());
        return intake.take(datanetId, caller.getSubject(), incoming, checkedIdempotencyKey(idempotencyKey))
                .map(recorded -> Response.status(recorded.status())
                        .type(MediaType.APPLICATION_JSON)
                        .entity(recorded.body())
                        .location(URI.create("/api/uploads/" + recorded.uploadId()))
                        .header("Idempotency-Replayed", recorded.created() ? null : "true")
                        .build());
    }

    /**
     * The one file part, named {@code file}: 400 for none, and for more than one file part (a second file would be
     * spooled and then silently dropped, and the client would believe both were taken).
     */
    private static FileUpload onlyFilePart(List<FileUpload> parts) {
        List<FileUpload> files = parts == null ? List.of() : parts.stream().filter(p -> p.uploadedFile() != null).toList();
        if (files.size() > 1) {
            throw ProblemException.badRequest("exactly one file part is taken per upload; this request has "
                    + files.size()).with("field", "file");
        }
        if (files.isEmpty() || !"file".equals(files.get(0).name())) {
            throw ProblemException.badRequest("multipart field 'file' is required").with("field", "file");
        }
        return files.get(0);
    }

    /**
     * The datanet's uploads, newest first, optionally of one status (same paging and status rules as
     * {@code GET /api/uploads}): for the datanet's owner, who reviews them, and operators. Datanets themselves are
     * public (anyone signed in lists them), so an unknown datanet is 404 and anyone else gets 403: the answer tells
     * them nothing they could not read already, and no upload of another contributor is shown.
     */
    @GET
    @WithSession
    @Operation(operationId = "listDatanetUploads", summary = "A datanet's uploads, newest first, for its owner and operators")
    @APIResponse(responseCode = "200", description = "one page of uploads")
    @APIResponse(responseCode = "400", description = "an unknown status, or page or size out of bounds (the problem's `parameter` names it)")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "not the datanet's owner or an operator")
    @APIResponse(responseCode = "404", description = "no such datanet")
    public Uni<PageResponse<UploadView>> list(@PathParam("id") String datanetId,
            @Parameter(description = "only uploads of this status, e.g. PENDING_REVIEW") @QueryParam("status") String status,
            @BeanParam PageParameters paging) {
        PageRequest request = paging.request();
        UploadStatus wanted = status == null || status.isBlank() ? null : UploadStatus.parse(status);
        return Datanet.<Datanet>findById(datanetId).flatMap(datanet -> {
            if (datanet == null) {
                throw ProblemException.notFound("datanet " + datanetId);
            }
            if (!datanet.managedBy(caller)) {
                throw ProblemException.forbidden("only the datanet's owner or an operator lists its uploads");
            }
            Parameters parameters = Parameters.with("datanet", datanetId);
            String query = "datanetId = :datanet";
            if (wanted != null) {
                query += " and status = :status";
                parameters.and("status", wanted);
            }
            return Upload.newestFirst(query, parameters, request);
        });
    }

    private static String checkedIdempotencyKey(String key) {
        if (key == null) {
            return null;
        }
        if (!key.matches("[\\x21-\\x7E]{1,200}")) {
            throw ProblemException.badRequest("Idempotency-Key must be 1-200 visible ASCII characters")
                    .with("header", "Idempotency-Key");
        }
        return key;
    }
}
