package io.datanet.platform.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Blobs as objects in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, Garage, ...), under
 * {@code <prefix>sha256/ab/cd/<hex>} like {@link LocalBlobStore}'s files.
 *
 * <p>The address of a blob is only known once all of it was read, and a PUT must name its key up front, so
 * {@link #put} streams the content to a temporary file in the spool directory while it hashes it (the size limit
 * is enforced while reading), then uploads that file in one PUT under its final key with its length and its
 * MD5 ({@code Content-MD5}, which every S3-compatible server verifies before it stores anything; the newer
 * {@code x-amz-checksum-*} headers are not implemented by all of them). An S3 PUT becomes visible all at once, so readers
 * never see a partial blob, and a failed PUT leaves nothing. Content that is already stored is not sent again.
 * One PUT carries up to 5 GiB, far above what Datanet stores per blob.
 *
 * <p>Blocking, like every {@link BlobStore}: call it from worker threads.
 */
public class S3BlobStore implements BlobStore, AutoCloseable {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Path spool;
    private final boolean ownsClient;

    /** Uses {@code s3} as given (and does not close it). */
    public S3BlobStore(S3Client s3, String bucket, String prefix, Path spoolDirectory) {
        this(s3, bucket, prefix, spoolDirectory, false);
    }

    private S3BlobStore(S3Client s3, String bucket, String prefix, Path spoolDirectory, boolean ownsClient) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("an S3 bucket is required (datanet.blob.s3.bucket)");
        }
        this.bucket = bucket;
        this.prefix = normalizePrefix(prefix);
        this.spool = spoolDirectory.toAbsolutePath().normalize();
        this.ownsClient = ownsClient;
        try {
            Files.createDirectories(spool);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use spool directory " + spool, e);
        }
    }

    /** Where and how to reach the bucket; {@code datanet.blob.s3.*} in configuration. */
    public record Settings(String bucket, String region, Optional<URI> endpoint, boolean pathStyle, String prefix,
                           Optional<String> accessKeyId, Optional<String> secretAccessKey, boolean createBucket,
                           Path spoolDirectory, Duration connectTimeout, Duration readTimeout,
                           Duration apiCallTimeout) {

        public Settings {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
            Objects.requireNonNull(spoolDirectory, "spoolDirectory");
            if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
                throw new IllegalArgumentException("datanet.blob.s3.access-key-id and datanet.blob.s3.secret-access-key"
                        + " go together: set both, or neither to use the default AWS credentials chain");
            }
        }

        /** Settings for a bucket at an S3-compatible endpoint with static credentials (tests, MinIO). */
        public static Settings of(String bucket, URI endpoint, String accessKeyId, String secretAccessKey,
                                  Path spoolDirectory) {
            return new Settings(bucket, "us-east-1", Optional.of(endpoint), true, "", Optional.of(accessKeyId),
                    Optional.of(secretAccessKey), false, spoolDirectory, Duration.ofSeconds(10),
                    Duration.ofSeconds(60), Duration.ofMinutes(5));
        }

        public Settings withCreateBucket(boolean create) {
            return new Settings(bucket, region, endpoint, pathStyle, prefix, accessKeyId, secretAccessKey, create,
                    spoolDirectory, connectTimeout, readTimeout, apiCallTimeout);
        }

        public Settings withPrefix(String newPrefix) {
            return new Settings(bucket, region, endpoint, pathStyle, newPrefix, accessKeyId, secretAccessKey,
                    createBucket, spoolDirectory, connectTimeout, readTimeout, apiCallTimeout);
        }
    }

    /**
     * Builds a client from {@code settings} (closed with the store) and checks that the bucket is reachable,
     * creating it first when {@link Settings#createBucket()} is set, so a misconfigured store fails at start-up.
     */
    public static S3BlobStore create(Settings settings) {
        AwsCredentialsProvider credentials = settings.accessKeyId().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId().get(),
                        settings.secretAccessKey().get()))
                : DefaultCredentialsProvider.builder().build();
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(settings.readTimeout()))
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                // Checksums only where the API requires them: the default (a CRC trailer in aws-chunked encoding
                // on every PUT) is not understood by every S3-compatible server. PUTs carry Content-MD5 instead.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(c -> c.apiCallTimeout(settings.apiCallTimeout()));
        settings.endpoint().ifPresent(builder::endpointOverride);
        S3Client client = builder.build();
        try {
            ensureBucket(client, settings.bucket(), settings.createBucket());
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return new S3BlobStore(client, settings.bucket(), settings.prefix(), settings.spoolDirectory(), true);
    }

    private static void ensureBucket(S3Client client, String bucket, boolean create) {
        try {
            client.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            if (!create) {
                throw new IllegalStateException("S3 bucket " + bucket + " does not exist (create it, or set"
                        + " datanet.blob.s3.create-bucket=true)", e);
            }
            try {
                client.createBucket(b -> b.bucket(bucket));
            } catch (BucketAlreadyOwnedByYouException raced) {
                // another replica created it first
            }
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && create) {
                client.createBucket(b -> b.bucket(bucket));
                return;
            }
            throw new IllegalStateException("S3 bucket " + bucket + " is not usable: HTTP " + e.statusCode()
                    + " " + e.awsErrorDetails().errorCode(), e);
        }
    }

    @Override
    public StoredBlob put(InputStream content, long maxBytes) throws IOException {
        return put(null, content, maxBytes);
    }

    /**
     * In a namespace the PUT is sent even when the object exists: the same bytes again, which makes its
     * LastModified now (S3 has no cheaper portable "touch"), so a sweep's grace period protects it.
     */
    @Override
    public StoredBlob put(String namespace, InputStream content, long maxBytes) throws IOException {
        Path temporary = Files.createTempFile(spool, "s3-incoming-", ".part");
        try {
            MessageDigest digest = digest("SHA-256");
            MessageDigest md5 = digest("MD5");
            long size = Spool.copy(content, temporary, maxBytes, digest, md5);
            String contentMd5 = Base64.getEncoder().encodeToString(md5.digest());
            byte[] hash = digest.digest();
            String hex = HexFormat.of().formatHex(hash);
            String address = namespace == null ? StoredBlob.addressOf(hex) : StoredBlob.addressOf(namespace, hex);
            String key = keyOfAddress(address);
            if (namespace != null || !existsKey(key)) {
                long length = size;
                try {
                    s3.putObject(p -> p.bucket(bucket).key(key).contentLength(length)
                                    .contentType("application/octet-stream")
                                    .contentMD5(contentMd5),
                            RequestBody.fromFile(temporary));
                } catch (SdkException e) {
                    throw new IOException("could not store blob " + key + " in S3 bucket " + bucket, e);
                }
            }
            return new StoredBlob(address, hex, size);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public InputStream open(String address) throws IOException {
        String key = keyOfAddress(address);
        try {
            return s3.getObject(g -> g.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new BlobNotFoundException(address);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new BlobNotFoundException(address);
            }
            throw new IOException("could not read blob " + key + " from S3 bucket " + bucket, e);
        } catch (SdkException e) {
            throw new IOException("could not read blob " + key + " from S3 bucket " + bucket, e);
        }
    }

    @Override
    public boolean exists(String address) throws IOException {
        return existsKey(keyOfAddress(address));
    }

    @Override
    public long size(String address) throws IOException {
        return head(keyOfAddress(address))
                .orElseThrow(() -> new BlobNotFoundException(address))
                .contentLength();
    }

    /**
     * ListObjectsV2 from the key after {@code afterSha256}: keys come in UTF-8 binary order, which under one prefix
     * is digest order. Pages are fetched until {@code limit} blobs were found or the listing ends, so fewer than
     * {@code limit} means the end of the namespace (some servers also list "directories", which are skipped).
     */
    @Override
    public List<Listed> list(String namespace, String afterSha256, int limit) throws IOException {
        String under = prefix + "ns/" + StoredBlob.checkedNamespace(namespace) + "/sha256/";
        String after = afterSha256.isEmpty() ? null : keyOfAddress(StoredBlob.addressOf(namespace, afterSha256));
        List<Listed> found = new ArrayList<>();
        try {
            // Pages by start-after rather than continuation tokens: some servers (S3Proxy) refuse the two together.
            String from = after;
            while (found.size() < limit) {
                String start = from;
                ListObjectsV2Response page = s3.listObjectsV2(l -> l.bucket(bucket).prefix(under).startAfter(start)
                        .maxKeys(Math.min(limit, 1000)));
                for (S3Object object : page.contents()) {
                    String hex = object.key().substring(object.key().lastIndexOf('/') + 1);
                    if (HEX.matcher(hex).matches() && found.size() < limit) {
                        found.add(new Listed(StoredBlob.addressOf(namespace, hex), object.lastModified()));
                    }
                    from = object.key();
                }
                if (!Boolean.TRUE.equals(page.isTruncated()) || page.contents().isEmpty()) {
                    break;
                }
            }
            return found;
        } catch (SdkException e) {
            throw new IOException("could not list " + under + " in S3 bucket " + bucket, e);
        }
    }

    @Override
    public Optional<Instant> lastModified(String address) throws IOException {
        return head(keyOfAddress(address)).map(HeadObjectResponse::lastModified);
    }

    @Override
    public boolean delete(String address) throws IOException {
        String key = keyOfAddress(address);
        if (!existsKey(key)) {
            return false;
        }
        try {
            s3.deleteObject(d -> d.bucket(bucket).key(key));
            return true;
        } catch (SdkException e) {
            throw new IOException("could not delete blob " + key + " from S3 bucket " + bucket, e);
        }
    }

    /** The object key of a blob in the shared area: {@code <prefix>sha256/ab/cd/<hex>}. */
    public String keyOf(String hex) {
        return prefix + "sha256/" + hex.substring(0, 2) + "/" + hex.substring(2, 4) + "/" + hex;
    }

    /** The object key of any address: {@link #keyOf} in the shared area, under {@code <prefix>ns/<namespace>/} else. */
    public String keyOfAddress(String address) {
        String hex = StoredBlob.digestOf(address);
        String namespace = StoredBlob.namespaceOf(address);
        return namespace.isEmpty() ? keyOf(hex) : prefix + "ns/" + namespace + "/" + keyOf(hex).substring(prefix.length());
    }

    public String bucket() {
        return bucket;
    }

    private boolean existsKey(String key) throws IOException {
        return head(key).isPresent();
    }

    private Optional<HeadObjectResponse> head(String key) throws IOException {
        try {
            return Optional.of(s3.headObject(h -> h.bucket(bucket).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new IOException("could not look up blob " + key + " in S3 bucket " + bucket, e);
        } catch (SdkException e) {
            throw new IOException("could not look up blob " + key + " in S3 bucket " + bucket, e);
        }
    }

    private static String normalizePrefix(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            return "";
        }
        String trimmed = prefix.strip();
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        return trimmed.isEmpty() || trimmed.endsWith("/") ? trimmed : trimmed + "/";
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }
}
