package io.datanet.upload.api;

import io.datanet.upload.files.UploadView;
import io.datanet.upload.files.FileChecks;
import io.datanet.upload.files.Upload;
import io.datanet.upload.files.UploadService;
import io.datanet.upload.files.UploadStatus;
import io.datanet.platform.api.PageRequest;
import io.datanet.platform.api.PageResponse;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.blob.BlobTooLargeException;
import io.datanet.platform.blob.ContentDigest;
import io.datanet.platform.blob.StoredBlob;
import io.datanet.platform.concurrent.Offload;
import io.datanet.platform.db.Database;
import io.datanet.platform.problem.Problem;
import io.datanet.platform.problem.ProblemException;
import io.datanet.upload.datanet.Datanet;
import io.datanet.upload.quota.QuotaConfig;
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
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
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
    UploadService uploads;
    @Inject
    Database database;
    @Inject
    BlobStore blobs;
    @Inject
    QuotaConfig quota;

    /** How often one request stores its blob again when a sweep removed it meanwhile (see UploadService#record). */
    private static final int STORE_ATTEMPTS = 3;

    /**
     * Takes the one file part {@code file}: checked (type by extension, size, quota at a glance), then its bytes
     * (UTF-8 text, or a document's signature) and its digest, then judged by that digest (idempotency, duplicate,
     * quota), all before anything reaches the blob store; only then stored in the upload namespace and recorded
     * with its {@code uploads.received} event under the contributor's, datanet's and blob's locks. 202: validation
     * follows asynchronously. A refused request stores nothing.
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
        String key = checkedIdempotencyKey(idempotencyKey);
        String contributorId = caller.getSubject();
        return Datanet.read(database.pool(), datanetId).flatMap(datanet -> {
                    if (datanet == null) {
                        throw ProblemException.notFound("datanet " + datanetId);
                    }
                    if (datanet.archived()) {
                        throw UploadService.archived(datanetId);
                    }
                    Described described = describe(datanet, file);
                    // Cheap checks first: nothing is read for a request that cannot succeed.
                    return uploads.precheck(datanet, contributorId, file.size(), key)
                            .map(x -> new Checked(datanet, described));
                })
                .flatMap(checked -> Offload.blocking(() -> contentOf(checked.described, file))
                        .flatMap(content -> uploads.admit(checked.datanet, contributorId, content, key))
                        .flatMap(admission -> admission.replay() != null ? Uni.createFrom().item(admission.replay())
                                : storeAndRecord(checked, file, contributorId, key, admission.latestSweep(), STORE_ATTEMPTS)))
                .map(recorded -> Response.status(recorded.status())
                        .type(MediaType.APPLICATION_JSON)
                        .entity(recorded.body())
                        .location(URI.create("/api/uploads/" + recorded.uploadId()))
                        .header("Idempotency-Replayed", recorded.created() ? null : "true")
                        .build());
    }

    private Uni<UploadService.Recorded> storeAndRecord(Checked checked, FileUpload file, String contributorId, String key,
                                                      long sweptBefore, int attempts) {
        return Offload.blocking(() -> store(file))
                .flatMap(blob -> uploads.record(checked.datanet, contributorId, checked.described.fileName,
                        checked.described.mediaType, blob, key, sweptBefore))
                .onFailure(UploadService.BlobSwept.class).recoverWithUni(swept -> {
                    if (attempts <= 1) {
                        return Uni.createFrom().failure(new ProblemException(503, "blob-store-busy",
                                "Service Unavailable", "the file could not be kept; try again").header("Retry-After", "1"));
                    }
                    return storeAndRecord(checked, file, contributorId, key,
                            ((UploadService.BlobSwept) swept).latestSweep(), attempts - 1);
                });
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

    private record Described(String fileName, String mediaType) {
    }

    private record Checked(Datanet datanet, Described described) {
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
            return UploadResource.newestFirst(query, parameters, request);
        });
    }

    /** 400 without a file name, 415 for a type the datanet does not take, 413 too large, 422 empty. */
    private Described describe(Datanet datanet, FileUpload file) {
        String fileName = FileChecks.sanitisedName(file.fileName());
        String mediaType = FileChecks.mediaTypeFor(fileName, datanet.fileTypes);
        if (file.size() > quota.maxFileBytes()) {
            throw tooLarge();
        }
        if (file.size() == 0) {
            throw new ProblemException(422, "empty-file", "Unprocessable Content", "the file is empty")
                    .with("field", "file");
        }
        return new Described(fileName, mediaType);
    }

    /** 415 unless the bytes match the type; then their digest, which judges the request before anything is stored. */
    private static ContentDigest contentOf(Described described, FileUpload file) throws Exception {
        FileChecks.requireContentOf(described.fileName(), file.uploadedFile());
        return ContentDigest.of(file.uploadedFile());
    }

    /** Into the upload namespace of the blob store (complete under its address, or not at all). */
    private StoredBlob store(FileUpload file) throws Exception {
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            return blobs.put(UploadService.BLOB_NAMESPACE, in, quota.maxFileBytes());
        } catch (BlobTooLargeException e) {
            throw tooLarge();
        }
    }

    private ProblemException tooLarge() {
        return BodyLimitProblems.tooLarge(quota.maxFileBytes());
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
