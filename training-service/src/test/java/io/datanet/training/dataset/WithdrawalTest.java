package io.datanet.training.dataset;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.CloudEvent;
import io.datanet.events.DatanetDefined;
import io.datanet.events.ReviewMode;
import io.datanet.events.Topics;
import io.datanet.events.UploadValidated;
import io.datanet.events.UploadWithdrawn;
import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.blob.StoredBlob;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.platform.testing.DatanetTestResource;
import io.datanet.platform.testing.TestEvents;
import io.datanet.platform.testing.TestTokens;
import io.datanet.training.WithoutWorker;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Withdrawn and erased uploads leave their datanet's dataset for good (issue 17): no later snapshot holds them,
 * whether the withdrawal is read after the verdict or before it, and however often it is delivered; no export gives
 * their records out any more; their cleaned files are deleted once no queued or running job trains on them.
 */
@QuarkusTest
@TestProfile(WithoutWorker.class)
@WithTestResource(DatanetTestResource.class)
class WithdrawalTest {

    @Inject
    TopicNames topics;
    @Inject
    Pool database;
    @Inject
    BlobStore blobs;
    @Inject
    CleanedFileSweep sweep;
    @ConfigProperty(name = "datanet.blob.dir")
    Path blobDir;

    @Test
    void aWithdrawnUploadLeavesEveryLaterSnapshotAndAnEarlierOneKeepsIt() throws Exception {
        String owner = "owner-" + UUID.randomUUID();
        String datanet = datanet(owner);
        String kept = accepted(datanet, "ann", 5);
        String withdrawn = accepted(datanet, "bo", 7);
        await().atMost(Duration.ofSeconds(30)).until(() -> active(datanet) == 2 && known(datanet));
        String token = TestTokens.contributor(owner);
        String exports = "/api/datanets/" + datanet + "/exports";
        String before = given().auth().oauth2(token).post(exports).then().statusCode(201).extract().path("snapshotDigest");

        withdraw(datanet, withdrawn, "bo", UploadWithdrawn.Reason.WITHDRAWN);
        withdraw(datanet, withdrawn, "bo", UploadWithdrawn.Reason.WITHDRAWN); // delivered twice
        await().atMost(Duration.ofSeconds(30)).until(() -> active(datanet) == 1);

        given().auth().oauth2(token).post(exports).then().statusCode(201)
                .body("records", org.hamcrest.Matchers.equalTo(5))
                .body("files[1].records", org.hamcrest.Matchers.equalTo(5));
        // The earlier snapshot held the withdrawn upload's records: it is no longer exported.
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"snapshotDigest\":\"" + before + "\"}")
                .post(exports).then().statusCode(409).body("type", endsWith("/snapshot-withdrawn"));
        assertEquals(List.of(kept), activeUploads(datanet));
    }

    @Test
    void aWithdrawnUploadsRecordsAreNoLongerGivenOutAndItsCleanedFileGoesOnceNoJobTrainsOnIt() throws Exception {
        String owner = "owner-" + UUID.randomUUID();
        String token = TestTokens.contributor(owner);
        String datanet = datanet(owner);
        String kept = accepted(datanet, "ann", 5);
        String inJob = accepted(datanet, "bo", 6);
        await().atMost(Duration.ofSeconds(30)).until(() -> active(datanet) == 2 && known(datanet));
        String exportBefore = given().auth().oauth2(token).post("/api/datanets/" + datanet + "/exports")
                .then().statusCode(201).extract().path("id");
        String job = given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"datanetId\":\"" + datanet
                        + "\",\"method\":\"LORA\",\"rank\":2,\"alpha\":4,\"targetModules\":[\"c_attn\"],"
                        + "\"learningRate\":0.001,\"epochs\":1,\"batchSize\":2,\"seed\":3}")
                .post("/api/jobs").then().statusCode(202).extract().path("id");   // queued: no worker in this profile
        String outOfJob = accepted(datanet, "cy", 4);
        await().atMost(Duration.ofSeconds(30)).until(() -> active(datanet) == 3);
        StoredBlob orphan = cleaned("{\"record\":1,\"text\":\"judged, its verdict never came " + UUID.randomUUID() + "\"}\n");
        StoredBlob young = cleaned("{\"record\":1,\"text\":\"judged a moment ago " + UUID.randomUUID() + "\"}\n");

        withdraw(datanet, inJob, "bo", UploadWithdrawn.Reason.WITHDRAWN);
        withdraw(datanet, outOfJob, "cy", UploadWithdrawn.Reason.ERASED);
        await().atMost(Duration.ofSeconds(30)).until(() -> active(datanet) == 1);

        // The export made before holds bo's records: listed, saying so, and none of its files is given out.
        given().auth().oauth2(token).get("/api/exports/" + exportBefore).then().statusCode(200)
                .body("withdrawnUploads", org.hamcrest.Matchers.equalTo(1));
        given().auth().oauth2(token).get("/api/datanets/" + datanet + "/exports").then().statusCode(200)
                .body("items.find { it.id == '" + exportBefore + "' }.withdrawnUploads", org.hamcrest.Matchers.equalTo(1));
        for (String file : new String[] {"README.md", "text/train-00000-of-00001.jsonl"}) {
            given().auth().oauth2(token).get("/api/exports/" + exportBefore + "/files/" + file).then().statusCode(410)
                    .contentType("application/problem+json").body("type", endsWith("/export-withdrawn"));
        }

        Map<String, String> files = cleanedFiles(datanet);
        for (String address : files.values()) {
            age(address);
        }
        age(orphan.address());
        sweep.sweepOnce().await().atMost(Duration.ofSeconds(30));
        assertFalse(blobs.exists(files.get(outOfJob)), "a withdrawn upload no job trains on: its records are deleted");
        assertTrue(blobs.exists(files.get(inJob)), "the queued job still trains on this withdrawn upload");
        assertTrue(blobs.exists(files.get(kept)), "an upload still in keeps its file");
        assertFalse(blobs.exists(orphan.address()), "a file no upload names is deleted");
        assertTrue(blobs.exists(young.address()), "inside the grace period: its verdict may be on its way");

        given().auth().oauth2(token).post("/api/jobs/" + job + "/cancel").then().statusCode(200);
        sweep.sweepOnce().await().atMost(Duration.ofSeconds(30));
        assertFalse(blobs.exists(files.get(inJob)), "once no job trains on it, the withdrawn upload's file goes");
        assertTrue(blobs.exists(files.get(kept)));
        given().auth().oauth2(token).post("/api/datanets/" + datanet + "/exports").then().statusCode(201)
                .body("records", org.hamcrest.Matchers.equalTo(5)).body("withdrawnUploads", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void aWithdrawalReadBeforeItsVerdictKeepsTheUploadOut() throws Exception {
        String datanet = datanet("owner-" + UUID.randomUUID());
        String upload = "u-" + UUID.randomUUID();
        withdraw(datanet, upload, "cy", UploadWithdrawn.Reason.ERASED);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(upload) == 1);
        publishAccepted(datanet, upload, "cy", 4, 1);
        publishAccepted(datanet, upload, "cy", 4, 2); // a later verdict version too
        await().atMost(Duration.ofSeconds(30)).until(() -> verdictVersion(upload) == 2);
        assertEquals(0, active(datanet), "withdrawn before its verdict: never part of the dataset");
    }

    private String datanet(String owner) {
        String id = "d-" + UUID.randomUUID();
        TestEvents.publish(topics.physical(Topics.DATANETS_DEFINED), CloudEvent.of("/test", id, new DatanetDefined(id,
                "Soups", "", owner, List.of(), List.of("jsonl"), ReviewMode.AUTO, 0.8, Instant.now(), null)));
        return id;
    }

    private String accepted(String datanet, String contributor, int records) throws Exception {
        String upload = "u-" + UUID.randomUUID();
        publishAccepted(datanet, upload, contributor, records, 1);
        return upload;
    }

    private void publishAccepted(String datanet, String upload, String contributor, int records, int version)
            throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < records; i++) {
            jsonl.append("{\"record\":").append(i + 1).append(",\"text\":\"Soup number ").append(i).append(' ')
                    .append(upload).append("\"}\n");
        }
        StoredBlob cleaned = cleaned(jsonl.toString());
        TestEvents.publish(topics.physical(Topics.UPLOADS_VALIDATED), CloudEvent.of("/test", upload,
                new UploadValidated(upload, datanet, contributor, version, Verdict.ACCEPTED, VerdictSource.VALIDATION,
                        1.0, records, records, Map.of(), cleaned.address(), cleaned.sha256(), null, null, Instant.now())));
    }

    /** A cleaned file, where validation-service writes them. */
    private StoredBlob cleaned(String jsonl) throws Exception {
        byte[] bytes = jsonl.getBytes(StandardCharsets.UTF_8);
        return blobs.put(UploadValidated.CLEANED_NAMESPACE, new ByteArrayInputStream(bytes), bytes.length);
    }

    /** Last written two days ago: past the sweep's grace period (24 h). */
    private void age(String address) throws Exception {
        String hex = StoredBlob.digestOf(address);
        Path file = blobDir.resolve("ns").resolve(StoredBlob.namespaceOf(address)).resolve("sha256")
                .resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
    }

    /** upload id -> cleaned file address, of the datanet's uploads. */
    private Map<String, String> cleanedFiles(String datanet) {
        Map<String, String> files = new java.util.HashMap<>();
        database.preparedQuery("SELECT upload_id, cleaned_blob_address FROM dataset_upload WHERE datanet_id = $1")
                .execute(Tuple.of(datanet)).await().indefinitely()
                .forEach(r -> files.put(r.getString(0), r.getString(1)));
        return files;
    }

    private void withdraw(String datanet, String upload, String contributor, UploadWithdrawn.Reason reason) {
        TestEvents.publish(topics.physical(Topics.UPLOADS_WITHDRAWN), CloudEvent.of("/test", upload,
                new UploadWithdrawn(upload, datanet, contributor, contributor, reason, Instant.parse("2026-12-04T10:00:00Z"))));
    }

    private long active(String datanet) {
        return activeUploads(datanet).size();
    }

    private List<String> activeUploads(String datanet) {
        List<String> ids = new java.util.ArrayList<>();
        database.preparedQuery("SELECT upload_id FROM dataset_upload WHERE datanet_id = $1 AND active ORDER BY upload_id")
                .execute(Tuple.of(datanet)).await().indefinitely().forEach(r -> ids.add(r.getString(0)));
        return ids;
    }

    private boolean known(String datanet) {
        return database.preparedQuery("SELECT 1 FROM datanet WHERE id = $1").execute(Tuple.of(datanet))
                .await().indefinitely().size() == 1;
    }

    private long rows(String upload) {
        return database.preparedQuery("SELECT 1 FROM dataset_upload WHERE upload_id = $1").execute(Tuple.of(upload))
                .await().indefinitely().size();
    }

    private int verdictVersion(String upload) {
        var rows = database.preparedQuery("SELECT verdict_version FROM dataset_upload WHERE upload_id = $1")
                .execute(Tuple.of(upload)).await().indefinitely();
        return rows.size() == 0 ? -1 : rows.iterator().next().getInteger(0);
    }
}
