package io.datanet.upload.files;

import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.blob.BlobTooLargeException;
import io.datanet.platform.blob.ContentDigest;
import io.datanet.platform.blob.StoredBlob;
import io.datanet.platform.concurrent.Offload;
import io.datanet.platform.db.Database;
import io.datanet.platform.problem.ProblemException;
import io.datanet.upload.datanet.Datanet;
import io.datanet.upload.quota.QuotaConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How one file is taken into a datanet, cheapest check first, so that a request that cannot succeed reads and stores
 * nothing: the datanet (exists, not archived), the file's name, type and size, the quotas at a glance; then its bytes
 * (UTF-8 text, or a document's signature) and their digest; then the judgement by that digest (idempotency,
 * duplicate, quota: {@link UploadService#admit}); only then the bytes into the upload namespace of the blob store,
 * recorded with the {@code uploads.received} event ({@link UploadService#record}).
 */
@ApplicationScoped
public class UploadIntake {

    /** How often one request stores its blob again when a sweep removed it meanwhile (see UploadService#record). */
    private static final int STORE_ATTEMPTS = 3;

    @Inject
    UploadService uploads;
    @Inject
    Database database;
    @Inject
    BlobStore blobs;
    @Inject
    QuotaConfig quota;

    /** A file as the request brought it: the name the client gave, its size, and where its bytes were spooled. */
    public record IncomingFile(String clientName, long size, Path spooled) {
    }

    private record Described(String fileName, String mediaType) {
    }

    private record Checked(Datanet datanet, Described described) {
    }

    /** Takes {@code file} from {@code contributorId} into {@code datanetId}, or refuses it with a problem. */
    public Uni<UploadService.Recorded> take(String datanetId, String contributorId, IncomingFile file,
                                            String idempotencyKey) {
        return Datanet.read(database.pool(), datanetId).flatMap(datanet -> {
                    if (datanet == null) {
                        throw ProblemException.notFound("datanet " + datanetId);
                    }
                    if (datanet.archived()) {
                        throw UploadService.archived(datanetId);
                    }
                    Described described = describe(datanet, file);
                    return uploads.precheck(datanet, contributorId, file.size(), idempotencyKey)
                            .map(x -> new Checked(datanet, described));
                })
                .flatMap(checked -> Offload.blocking(() -> contentOf(checked.described, file))
                        .flatMap(content -> uploads.admit(checked.datanet, contributorId, content, idempotencyKey))
                        .flatMap(admission -> admission.replay() != null ? Uni.createFrom().item(admission.replay())
                                : storeAndRecord(checked, file, contributorId, idempotencyKey, admission.latestSweep(),
                                        STORE_ATTEMPTS)));
    }

    /** The one answer to a file over the per-file limit, wherever it is noticed (the HTTP layer's too). */
    public static ProblemException tooLarge(long maxFileBytes) {
        return new ProblemException(413, "file-too-large", "Content Too Large",
                "a file may be at most " + maxFileBytes + " bytes").with("limitValue", maxFileBytes);
    }

    private Uni<UploadService.Recorded> storeAndRecord(Checked checked, IncomingFile file, String contributorId,
                                                      String key, long sweptBefore, int attempts) {
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

    /** 400 without a file name, 415 for a type the datanet does not take, 413 too large, 422 empty. */
    private Described describe(Datanet datanet, IncomingFile file) {
        String fileName = FileChecks.sanitisedName(file.clientName());
        String mediaType = FileChecks.mediaTypeFor(fileName, datanet.fileTypes);
        if (file.size() > quota.maxFileBytes()) {
            throw tooLarge(quota.maxFileBytes());
        }
        if (file.size() == 0) {
            throw new ProblemException(422, "empty-file", "Unprocessable Content", "the file is empty")
                    .with("field", "file");
        }
        return new Described(fileName, mediaType);
    }

    /** 415 unless the bytes match the type; then their digest, which judges the request before anything is stored. */
    private static ContentDigest contentOf(Described described, IncomingFile file) throws Exception {
        FileChecks.requireContentOf(described.fileName(), file.spooled());
        return ContentDigest.of(file.spooled());
    }

    /** Into the upload namespace of the blob store (complete under its address, or not at all). */
    private StoredBlob store(IncomingFile file) throws Exception {
        try (InputStream in = Files.newInputStream(file.spooled())) {
            return blobs.put(UploadService.BLOB_NAMESPACE, in, quota.maxFileBytes());
        } catch (BlobTooLargeException e) {
            throw tooLarge(quota.maxFileBytes());
        }
    }
}
