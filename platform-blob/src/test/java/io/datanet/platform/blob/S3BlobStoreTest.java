package io.datanet.platform.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.FilesystemApiMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 blob store against a real S3-compatible server started here: S3Proxy, which serves the S3 REST API
 * (path-style addressing, AWS Signature V4 checked against its credentials) over objects kept on the file system.
 * Nothing is mocked: every call below crosses HTTP to that server.
 */
class S3BlobStoreTest {

    private static final String ACCESS_KEY = "datanet-test";
    private static final String SECRET_KEY = "datanet-test-secret-" + UUID.randomUUID();

    @TempDir
    static Path serverRoot;
    private static S3Proxy server;
    private static BlobStoreContext serverContext;
    private static URI endpoint;
    private static S3Client raw;

    @TempDir
    Path spool;
    private String bucket;
    private S3BlobStore store;

    @BeforeAll
    static void startServer() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", serverRoot.toString());
        serverContext = ContextBuilder.newBuilder(new FilesystemApiMetadata())
                .credentials("unused", "unused")
                .overrides(properties)
                .build(BlobStoreContext.class);
        server = S3Proxy.builder()
                .blobStore(serverContext.getBlobStore())
                .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .build();
        server.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!AbstractLifeCycle.STARTED.equals(server.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + server.getState());
            }
            Thread.sleep(20);
        }
        endpoint = URI.create("http://127.0.0.1:" + server.getPort());
        raw = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (raw != null) {
            raw.close();
        }
        if (server != null) {
            server.stop();
        }
        if (serverContext != null) {
            serverContext.close();
        }
    }

    @BeforeEach
    void newBucket() {
        bucket = "blobs-" + UUID.randomUUID().toString().substring(0, 8);
        store = S3BlobStore.create(S3BlobStore.Settings.of(bucket, endpoint, ACCESS_KEY, SECRET_KEY, spool)
                .withCreateBucket(true));
    }

    @Test
    void storesContentUnderItsSha256AndReadsItBack() throws Exception {
        byte[] content = "{\"text\":\"a recipe for bread\"}\n".getBytes(StandardCharsets.UTF_8);
        StoredBlob blob = store.put(new ByteArrayInputStream(content), 1024);

        String hex = sha256(content);
        assertEquals("sha256:" + hex, blob.address());
        assertEquals(hex, blob.sha256());
        assertEquals(content.length, blob.sizeBytes());
        assertTrue(store.exists(blob.address()));
        assertEquals(content.length, store.size(blob.address()));
        try (InputStream in = store.open(blob.address())) {
            assertArrayEquals(content, in.readAllBytes());
        }
        assertEquals(List.of("sha256/" + hex.substring(0, 2) + "/" + hex.substring(2, 4) + "/" + hex), keys(bucket));
        assertSpoolEmpty();
    }

    @Test
    void aNamespaceKeepsItsBlobsUnderItsPrefixListsThemInOrderAndDeletesThem() throws Exception {
        store.put(new ByteArrayInputStream("shared".getBytes(StandardCharsets.UTF_8)), 100);
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            addresses.add(store.put("upload", new ByteArrayInputStream(("blob " + i).getBytes(StandardCharsets.UTF_8)), 100)
                    .address());
        }
        Collections.sort(addresses);
        String hex = StoredBlob.digestOf(addresses.get(0));
        assertTrue(keys(bucket).contains("ns/upload/sha256/" + hex.substring(0, 2) + "/" + hex.substring(2, 4) + "/" + hex));
        try (InputStream in = store.open(addresses.get(0))) {
            assertTrue(in.readAllBytes().length > 0);
        }

        assertEquals(addresses, store.list("upload", "", 10).stream().map(BlobStore.Listed::address).toList());
        assertEquals(addresses.subList(0, 2), store.list("upload", "", 2).stream().map(BlobStore.Listed::address).toList());
        assertEquals(addresses.subList(2, 4), store.list("upload", StoredBlob.digestOf(addresses.get(1)), 2).stream()
                .map(BlobStore.Listed::address).toList());
        assertTrue(store.lastModified(addresses.get(0)).isPresent());

        assertTrue(store.delete(addresses.get(0)));
        assertFalse(store.exists(addresses.get(0)));
        assertFalse(store.delete(addresses.get(0)));
        assertEquals(6 - 1, keys(bucket).size());
    }

    @Test
    void sameContentIsStoredOnce() throws Exception {
        byte[] content = "same bytes".getBytes(StandardCharsets.UTF_8);
        StoredBlob first = store.put(new ByteArrayInputStream(content), 100);
        StoredBlob second = store.put(new ByteArrayInputStream(content), 100);
        assertEquals(first, second);
        assertEquals(1, keys(bucket).size());
    }

    @Test
    void concurrentWritersOfTheSameContentEndWithOneBlob() throws Exception {
        byte[] content = randomBytes(300_000, 7);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<StoredBlob>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<StoredBlob> put = () -> store.put(new ByteArrayInputStream(content), content.length);
                results.add(pool.submit(put));
            }
            for (Future<StoredBlob> result : results) {
                assertEquals("sha256:" + sha256(content), result.get().address());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, keys(bucket).size());
        try (InputStream in = store.open("sha256:" + sha256(content))) {
            assertArrayEquals(content, in.readAllBytes());
        }
    }

    @Test
    void tooLargeContentFailsAndLeavesNothing() throws Exception {
        byte[] content = randomBytes(10_000, 1);
        BlobTooLargeException e = assertThrows(BlobTooLargeException.class,
                () -> store.put(new ByteArrayInputStream(content), 9_999));
        assertEquals(9_999, e.limitBytes());
        assertEquals(List.of(), keys(bucket));
        assertSpoolEmpty();
        // exactly at the limit is fine
        assertEquals(10_000, store.put(new ByteArrayInputStream(content), 10_000).sizeBytes());
    }

    @Test
    void aBrokenStreamLeavesNothing() throws Exception {
        InputStream failing = new InputStream() {
            int served;

            @Override
            public int read() throws IOException {
                if (served++ > 5000) {
                    throw new IOException("client went away");
                }
                return 'x';
            }
        };
        assertThrows(IOException.class, () -> store.put(failing, 1_000_000));
        assertEquals(List.of(), keys(bucket));
        assertSpoolEmpty();
    }

    @Test
    void multiMegabyteBlobsRoundTrip() throws Exception {
        byte[] content = randomBytes(6 * 1024 * 1024 + 17, 42);
        StoredBlob blob = store.put(new ByteArrayInputStream(content), 8L * 1024 * 1024);
        assertEquals(content.length, store.size(blob.address()));
        try (InputStream in = store.open(blob.address())) {
            assertArrayEquals(content, in.readAllBytes());
        }
    }

    @Test
    void unknownBlobsAreReportedAsMissing() {
        String missing = "sha256:" + "0".repeat(64);
        assertThrows(BlobNotFoundException.class, () -> store.open(missing));
        assertThrows(BlobNotFoundException.class, () -> store.size(missing));
        assertFalse(assertDoesNotThrowIo(() -> store.exists(missing)));
    }

    @Test
    void addressesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> store.open("sha256:../../etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> store.exists("md5:abc"));
    }

    @Test
    void aPrefixKeepsBlobsUnderIt() throws Exception {
        try (S3BlobStore prefixed = S3BlobStore.create(S3BlobStore.Settings.of(bucket, endpoint, ACCESS_KEY,
                SECRET_KEY, spool).withPrefix("/datanet/prod"))) {
            StoredBlob blob = prefixed.put(new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);
            assertTrue(keys(bucket).stream().allMatch(k -> k.startsWith("datanet/prod/sha256/")), keys(bucket)::toString);
            assertTrue(prefixed.exists(blob.address()));
            assertFalse(store.exists(blob.address()), "the unprefixed store does not see it");
        }
    }

    @Test
    void wrongCredentialsAreRejectedByTheServer() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> S3BlobStore.create(
                S3BlobStore.Settings.of(bucket, endpoint, ACCESS_KEY, "not-the-secret", spool)));
        assertTrue(e.getMessage().contains(bucket), e.getMessage());
    }

    @Test
    void aMissingBucketFailsAtStartUnlessCreationIsAllowed() {
        String absent = "absent-" + UUID.randomUUID().toString().substring(0, 8);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> S3BlobStore.create(
                S3BlobStore.Settings.of(absent, endpoint, ACCESS_KEY, SECRET_KEY, spool)));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void theProducerSelectsS3FromConfiguration() throws Exception {
        BlobStoreProducer producer = new BlobStoreProducer();
        producer.kind = "s3";
        producer.s3Bucket = Optional.of(bucket);
        producer.s3Region = "us-east-1";
        producer.s3Endpoint = Optional.of(endpoint);
        producer.s3PathStyle = true;
        producer.s3Prefix = Optional.empty();
        producer.s3AccessKeyId = Optional.of(ACCESS_KEY);
        producer.s3SecretAccessKey = Optional.of(SECRET_KEY);
        producer.s3CreateBucket = false;
        producer.s3SpoolDir = Optional.of(spool);
        producer.s3ConnectTimeout = Duration.ofSeconds(5);
        producer.s3ReadTimeout = Duration.ofSeconds(30);
        producer.s3ApiCallTimeout = Duration.ofMinutes(1);
        BlobStore produced = producer.blobStore();
        try {
            S3BlobStore s3 = assertInstanceOf(S3BlobStore.class, produced);
            assertEquals(bucket, s3.bucket());
            StoredBlob blob = produced.put(new ByteArrayInputStream("via the producer".getBytes()), 100);
            assertTrue(store.exists(blob.address()), "the producer's store writes to the configured bucket");
        } finally {
            producer.close(produced);
        }

        producer.s3Bucket = Optional.empty();
        assertThrows(IllegalStateException.class, producer::blobStore);
        producer.kind = "gcs";
        assertThrows(IllegalStateException.class, producer::blobStore);
    }

    private void assertSpoolEmpty() throws IOException {
        try (var files = Files.list(spool)) {
            assertEquals(List.of(), files.collect(Collectors.toList()));
        }
    }

    /** The objects in a bucket (S3Proxy's file-system backend also lists its directories, as keys ending in /). */
    private static List<String> keys(String bucket) {
        return raw.listObjectsV2Paginator(l -> l.bucket(bucket)).contents().stream()
                .map(S3Object::key).filter(k -> !k.endsWith("/")).sorted().collect(Collectors.toList());
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T assertDoesNotThrowIo(IoSupplier<T> supplier) {
        try {
            return supplier.get();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
