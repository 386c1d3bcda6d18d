package io.datanet.upload.blob;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.blob.StoredBlob;
import io.datanet.platform.testing.DatanetTestResource;
import io.datanet.platform.testing.TestTokens;
import io.datanet.upload.files.UploadService;
import io.datanet.platform.testing.MetricSamples;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sweep of the upload namespace removes only blobs that no upload references and that were last written before
 * the grace period (1 h); it never touches the shared area; and a blob swept between an upload's storing and its
 * recording is stored again, so an upload never references a missing blob.
 */
@QuarkusTest
@WithTestResource(DatanetTestResource.class)
class BlobSweepTest {

    @Inject
    BlobStore blobs;
    @Inject
    UploadBlobSweep sweep;
    @ConfigProperty(name = "datanet.blob.dir")
    Path blobDir;

    @AfterEach
    void unhook() {
        HookedBlobStore.afterPut = null;
    }

    @Test
    void removesOnlyOldUnreferencedBlobsOfTheUploadNamespace() throws Exception {
        StoredBlob orphan = put(UploadService.BLOB_NAMESPACE, "left by a refused request");
        StoredBlob young = put(UploadService.BLOB_NAMESPACE, "stored a moment ago, its upload not yet recorded");
        StoredBlob legacy = put(null, "written before namespaces, perhaps referenced by another service");
        String datanet = datanet();
        String content = "{\"text\":\"An upload that references its blob " + UUID.randomUUID() + "\"}\n";
        given().auth().oauth2(TestTokens.contributor("c-" + UUID.randomUUID().toString().substring(0, 8)))
                .multiPart("file", "kept.jsonl", content.getBytes(StandardCharsets.UTF_8))
                .post("/api/datanets/" + datanet + "/uploads").then().statusCode(202);
        String referenced = StoredBlob.addressOf(UploadService.BLOB_NAMESPACE, sha256(content));
        for (String old : new String[] {orphan.address(), legacy.address(), referenced}) {
            age(old);
        }
        double sweptBefore = sweptMetric();

        int removed = sweep.sweepOnce().await().atMost(Duration.ofSeconds(30));

        assertFalse(blobs.exists(orphan.address()), "an old blob no upload references is removed");
        assertTrue(blobs.exists(young.address()), "a blob inside the grace period is kept");
        assertTrue(blobs.exists(referenced), "a blob an upload references is kept");
        assertTrue(blobs.exists(legacy.address()), "the shared area is never swept");
        assertEquals(1, removed);
        assertEquals(sweptBefore + 1, sweptMetric(), 0.0, "datanet_blobs_swept_total counts it");
    }

    @Test
    void aBlobSweptBetweenStoringAndRecordingIsStoredAgain() throws Exception {
        String datanet = datanet();
        String content = "{\"text\":\"A file whose blob a sweep removes mid-request " + UUID.randomUUID() + "\"}\n";
        String address = StoredBlob.addressOf(UploadService.BLOB_NAMESPACE, sha256(content));
        AtomicBoolean swept = new AtomicBoolean();
        HookedBlobStore.afterPut = blob -> {
            // The worst moment: stored, not yet recorded, and (as if an old orphan had been re-referenced) past the
            // grace period; a sweep of another replica runs now.
            if (blob.address().equals(address) && swept.compareAndSet(false, true)) {
                try {
                    age(address);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                sweep.sweepOnce().await().atMost(Duration.ofSeconds(30));
            }
        };
        given().auth().oauth2(TestTokens.contributor("c-" + UUID.randomUUID().toString().substring(0, 8)))
                .multiPart("file", "raced.jsonl", content.getBytes(StandardCharsets.UTF_8))
                .post("/api/datanets/" + datanet + "/uploads").then().statusCode(202);
        assertTrue(swept.get(), "the sweep ran between storing and recording");
        assertTrue(blobs.exists(address), "the upload's blob is there after all");
    }

    @Test
    void aWithdrawnUploadsFileGoesAtTheNextSweepUnlessAnUploadStillInHasTheSameContent() throws Exception {
        String datanet = datanet();
        String other = datanet();
        String alone = "{\"text\":\"A file only its withdrawn upload had " + UUID.randomUUID() + "\"}\n";
        String shared = "{\"text\":\"A file two uploads have " + UUID.randomUUID() + "\"}\n";
        String contributor = "c-" + UUID.randomUUID().toString().substring(0, 8);
        String token = TestTokens.contributor(contributor);
        String withdrawn = uploadOf(token, datanet, alone);
        String sharedWithdrawn = uploadOf(token, datanet, shared);
        uploadOf(token, other, shared);   // the same bytes, in another datanet, still in
        for (String id : new String[] {withdrawn, sharedWithdrawn}) {
            given().auth().oauth2(token).post("/api/uploads/" + id + "/withdraw").then().statusCode(200);
        }
        String aloneAddress = StoredBlob.addressOf(UploadService.BLOB_NAMESPACE, sha256(alone));
        String sharedAddress = StoredBlob.addressOf(UploadService.BLOB_NAMESPACE, sha256(shared));
        age(aloneAddress);
        age(sharedAddress);

        sweep.sweepOnce().await().atMost(Duration.ofSeconds(30));

        assertFalse(blobs.exists(aloneAddress), "the withdrawn upload's file is deleted");
        assertTrue(blobs.exists(sharedAddress), "a file an upload still in has is kept");
    }

    private static String uploadOf(String token, String datanet, String content) {
        return given().auth().oauth2(token).multiPart("file", "f.jsonl", content.getBytes(StandardCharsets.UTF_8))
                .post("/api/datanets/" + datanet + "/uploads").then().statusCode(202).extract().path("id");
    }

    private StoredBlob put(String namespace, String text) throws Exception {
        byte[] bytes = (text + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        return namespace == null ? blobs.put(new ByteArrayInputStream(bytes), bytes.length)
                : blobs.put(namespace, new ByteArrayInputStream(bytes), bytes.length);
    }

    /** Last written two hours ago: past the grace period. */
    private void age(String address) throws Exception {
        String hex = StoredBlob.digestOf(address);
        String namespace = StoredBlob.namespaceOf(address);
        Path area = namespace.isEmpty() ? blobDir : blobDir.resolve("ns").resolve(namespace);
        Path file = area.resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    }

    private static String datanet() {
        return given().auth().oauth2(TestTokens.contributor("owner-" + UUID.randomUUID().toString().substring(0, 8)))
                .contentType(ContentType.JSON).body("{\"name\":\"Sweep\"}").post("/api/datanets")
                .then().statusCode(201).extract().path("id");
    }

    private static double sweptMetric() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return MetricSamples.sum(metrics, "datanet_blobs_swept_total", "namespace=\"upload\"");
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
