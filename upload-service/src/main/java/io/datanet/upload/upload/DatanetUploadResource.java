package io.datanet.upload.upload;

import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.blob.BlobTooLargeException;
import io.datanet.platform.blob.StoredBlob;
import io.datanet.platform.concurrent.Offload;
import io.datanet.platform.problem.ProblemException;
import io.datanet.upload.datanet.Datanet;
import io.datanet.upload.quota.QuotaConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** {@code POST /api/datanets/{id}/uploads}: a contributor's file into a datanet. */
@Path("/api/datanets/{id}/uploads")
@Authenticated
public class DatanetUploadResource {

    @Inject
    JsonWebToken caller;
    @Inject
    UploadService uploads;
    @Inject
    BlobStore blobs;
    @Inject
    QuotaConfig quota;

    /**
     * Stores the file part {@code file}: checked (type, UTF-8 text, size), streamed into the blob store while
     * hashed, then recorded with its {@code uploads.received} event. 202: validation follows asynchronously.
     */
    @POST
        @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Response> upload(@PathParam("id") String datanetId, @RestForm("file") FileUpload file,
                                @RestHeader("Idempotency-Key") String idempotencyKey) {
        if (file == null || file.uploadedFile() == null) {
            throw ProblemException.badRequest("multipart field 'file' is required").with("field", "file");
        }
        String key = checkedIdempotencyKey(idempotencyKey);
        String contributorId = caller.getSubject();
        return Panache.withSession(() -> Datanet.<Datanet>findById(datanetId))
                .flatMap(datanet -> {
                    if (datanet == null) {
                        throw ProblemException.notFound("datanet " + datanetId);
                    }
                    return Offload.blocking(() -> store(datanet, file))
                            .flatMap(stored -> uploads.record(datanet, contributorId, stored.fileName, stored.mediaType,
                                    stored.blob, key));
                })
                .map(recorded -> Response.accepted(UploadView.of(recorded.upload()))
                        .location(URI.create("/api/uploads/" + recorded.upload().id))
                        .header("Idempotency-Replayed", recorded.created() ? null : "true")
                        .build());
    }

    private record Stored(String fileName, String mediaType, StoredBlob blob) {
    }

    private Stored store(Datanet datanet, FileUpload file) throws Exception {
        String fileName = FileChecks.sanitisedName(file.fileName());
        String mediaType = FileChecks.mediaTypeFor(fileName, datanet.fileTypes);
        if (file.size() > quota.maxFileBytes()) {
            throw tooLarge();
        }
        FileChecks.requireUtf8Text(file.uploadedFile());
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            return new Stored(fileName, mediaType, blobs.put(in, quota.maxFileBytes()));
        } catch (BlobTooLargeException e) {
            throw tooLarge();
        }
    }

    private ProblemException tooLarge() {
        return new ProblemException(413, "file-too-large", "Content Too Large",
                "a file may be at most " + quota.maxFileBytes() + " bytes").with("limitValue", quota.maxFileBytes());
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
