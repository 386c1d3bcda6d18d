package io.datanet.platform.blob;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses the blob store from configuration:
 * <ul>
 *   <li>{@code datanet.blob.store=local} (default): files under {@code datanet.blob.dir};</li>
 *   <li>{@code datanet.blob.store=s3}: objects in an S3-compatible bucket, configured by {@code datanet.blob.s3.*}
 *   ({@code bucket} required; {@code region}, {@code endpoint} for a non-AWS server, {@code path-style},
 *   {@code prefix}, {@code access-key-id} + {@code secret-access-key} or else the default AWS credentials chain,
 *   {@code create-bucket}, {@code spool-dir}, timeouts). Environment variables name them the usual way, e.g.
 *   {@code DATANET_BLOB_S3_BUCKET}, {@code DATANET_BLOB_S3_ACCESS_KEY_ID}.</li>
 * </ul>
 */
@ApplicationScoped
public class BlobStoreProducer {

    @ConfigProperty(name = "datanet.blob.store", defaultValue = "local")
    String kind;
    @ConfigProperty(name = "datanet.blob.dir", defaultValue = "/var/lib/datanet/blobs")
    Path directory;

    @ConfigProperty(name = "datanet.blob.s3.bucket")
    Optional<String> s3Bucket;
    @ConfigProperty(name = "datanet.blob.s3.region", defaultValue = "us-east-1")
    String s3Region;
    @ConfigProperty(name = "datanet.blob.s3.endpoint")
    Optional<URI> s3Endpoint;
    @ConfigProperty(name = "datanet.blob.s3.path-style", defaultValue = "false")
    boolean s3PathStyle;
    @ConfigProperty(name = "datanet.blob.s3.prefix")
    Optional<String> s3Prefix;
    @ConfigProperty(name = "datanet.blob.s3.access-key-id")
    Optional<String> s3AccessKeyId;
    @ConfigProperty(name = "datanet.blob.s3.secret-access-key")
    Optional<String> s3SecretAccessKey;
    @ConfigProperty(name = "datanet.blob.s3.create-bucket", defaultValue = "false")
    boolean s3CreateBucket;
    @ConfigProperty(name = "datanet.blob.s3.spool-dir")
    Optional<Path> s3SpoolDir;
    @ConfigProperty(name = "datanet.blob.s3.connect-timeout", defaultValue = "10s")
    Duration s3ConnectTimeout;
    @ConfigProperty(name = "datanet.blob.s3.read-timeout", defaultValue = "60s")
    Duration s3ReadTimeout;
    @ConfigProperty(name = "datanet.blob.s3.api-call-timeout", defaultValue = "5m")
    Duration s3ApiCallTimeout;

    @Produces
    @ApplicationScoped
    BlobStore blobStore() {
        return switch (kind) {
            case "local" -> new LocalBlobStore(directory);
            case "s3" -> S3BlobStore.create(s3Settings());
            default -> throw new IllegalStateException("unknown datanet.blob.store " + kind + " (expected local or s3)");
        };
    }

    void close(@Disposes BlobStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    S3BlobStore.Settings s3Settings() {
        String bucket = s3Bucket.filter(b -> !b.isBlank()).orElseThrow(() -> new IllegalStateException(
                "datanet.blob.store=s3 needs datanet.blob.s3.bucket"));
        Path spool = s3SpoolDir.orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"), "datanet-blob-spool"));
        return new S3BlobStore.Settings(bucket, s3Region, s3Endpoint, s3PathStyle, s3Prefix.orElse(""),
                s3AccessKeyId.filter(v -> !v.isBlank()), s3SecretAccessKey.filter(v -> !v.isBlank()),
                s3CreateBucket, spool, s3ConnectTimeout, s3ReadTimeout, s3ApiCallTimeout);
    }
}
