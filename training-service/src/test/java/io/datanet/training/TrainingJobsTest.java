package io.datanet.training;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.datanet.events.CloudEvent;
import io.datanet.events.DatanetDefined;
import io.datanet.events.EventJson;
import io.datanet.events.JobStatus;
import io.datanet.events.ReviewMode;
import io.datanet.events.Topics;
import io.datanet.events.TrainingJobRequested;
import io.datanet.events.TrainingStatusChanged;
import io.datanet.events.UploadValidated;
import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.platform.testing.DatanetTestResource;
import io.datanet.platform.testing.TestEvents;
import io.datanet.platform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Datasets from verdicts, jobs over HTTP, the automatic trigger, and their events, on the real broker and database
 * (without a worker: TrainingWorkerTest runs jobs).
 */
@QuarkusTest
@TestProfile(WithoutWorker.class)
@WithTestResource(DatanetTestResource.class)
class TrainingJobsTest {

    @Inject
    TopicNames topics;
    @Inject
    Pool database;

    String datanet(String owner) {
        String id = "d-" + UUID.randomUUID();
        TestEvents.publish(topics.physical(Topics.DATANETS_DEFINED), CloudEvent.of("/test", id, new DatanetDefined(id,
                "Cooking", "", owner, List.of(), List.of("jsonl"), ReviewMode.AUTO, 0.8, Instant.now(), null)));
        return id;
    }

    String accepted(String datanet, String upload, String contributor, int version, Verdict verdict, int records) {
        TestEvents.publish(topics.physical(Topics.UPLOADS_VALIDATED), CloudEvent.of("/test", upload,
                new UploadValidated(upload, datanet, contributor, version, verdict,
                        version == 1 ? VerdictSource.VALIDATION : VerdictSource.VALIDATOR_REVIEW, 0.9, records,
                        records, Map.of(), "sha256:" + "ab".repeat(32), "ab".repeat(32), null, null, Instant.now())));
        return upload;
    }

    /** Waits until the datanet's owner can queue a job (its definition and data have arrived). */
    String queueWhenReady(String owner, String body) {
        String token = TestTokens.contributor(owner);
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var response = given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/jobs");
            if (response.statusCode() == 202) {
                id[0] = response.path("id");
                assertEquals("/api/jobs/" + id[0], java.net.URI.create(response.header("Location")).getPath());
            }
            return id[0] != null;
        });
        return id[0];
    }

    @Test
    void anOwnerQueuesAJobAndItsEventsCommitWithIt() {
        String owner = "owner-" + UUID.randomUUID();
        String datanet = datanet(owner);
        accepted(datanet, "u-" + UUID.randomUUID(), "alice", 1, Verdict.ACCEPTED, 5);
        String body = "{\"datanetId\":\"" + datanet + "\",\"method\":\"QLORA\",\"rank\":4,\"alpha\":8,"
                + "\"targetModules\":[\"c_attn\"],\"learningRate\":0.001,\"epochs\":2,\"batchSize\":4,\"seed\":7}";
        String id = queueWhenReady(owner, body);
        given().auth().oauth2(TestTokens.contributor("someone")).get("/api/jobs/{id}", id).then().statusCode(200)
                .body("status", equalTo("QUEUED")).body("method", equalTo("QLORA"))
                .body("hyperparameters.rank", equalTo(4)).body("trigger", equalTo("MANUAL"))
                .body("requestedBy", equalTo(owner)).body("snapshotDigest", startsWith("sha256:"));
        // The same training again: 409 naming the job.
        given().auth().oauth2(TestTokens.contributor(owner)).contentType(ContentType.JSON).body(body)
                .post("/api/jobs").then().statusCode(409).body("jobId", equalTo(id));

        // Other test classes queue jobs on the same topic: wait for this job's message.
        TrainingJobRequested requested = await().atMost(Duration.ofSeconds(20)).until(() -> TestEvents
                .readAll(topics.physical(Topics.TRAINING_JOBS)).stream().filter(r -> id.equals(r.key()))
                .map(r -> EventJson.read(r.value(), TrainingJobRequested.class)).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
        assertEquals(datanet, requested.datanetId());
        assertEquals(7, requested.hyperparameters().seed());
        await().atMost(Duration.ofSeconds(20)).until(() -> statuses(id).contains(JobStatus.QUEUED));

        given().auth().oauth2(TestTokens.contributor("someone-else")).post("/api/jobs/{id}/cancel", id)
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.contributor(owner)).post("/api/jobs/{id}/cancel", id).then().statusCode(200)
                .body("status", equalTo("CANCELLED"));
        given().auth().oauth2(TestTokens.contributor(owner)).post("/api/jobs/{id}/cancel", id).then().statusCode(409);
        await().atMost(Duration.ofSeconds(20)).until(() -> statuses(id).contains(JobStatus.CANCELLED));
        given().auth().oauth2(TestTokens.contributor(owner)).get("/api/jobs/{id}/adapter/adapter_config.json", id)
                .then().statusCode(409);
        given().auth().oauth2(TestTokens.contributor(owner)).get("/api/jobs/{id}/attribution", id)
                .then().statusCode(409);
    }

    List<JobStatus> statuses(String jobId) {
        return TestEvents.readAll(topics.physical(Topics.TRAINING_STATUS)).stream().filter(r -> jobId.equals(r.key()))
                .map(r -> EventJson.read(r.value(), TrainingStatusChanged.class).status()).toList();
    }

    @Test
    void badRequestsAreRefusedWithTheField() {
        String owner = "owner-" + UUID.randomUUID();
        String datanet = datanet(owner);
        String token = TestTokens.contributor(owner);
        for (var bad : Map.of("rank", "\"rank\":0", "dropout", "\"dropout\":1.5", "method", "\"method\":\"FULL\"",
                "targetModules", "\"targetModules\":[\"wte\"]", "baseModel", "\"baseModel\":\"gpt-5\"",
                "epochs", "\"epochs\":0", "batchSize", "\"batchSize\":1000", "learningRate", "\"learningRate\":-1")
                .entrySet()) {
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body("{\"datanetId\":\"" + datanet + "\"," + bad.getValue() + "}").post("/api/jobs")
                    .then().statusCode(422).contentType("application/problem+json").body("field", equalTo(bad.getKey()));
        }
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{}").post("/api/jobs").then().statusCode(422)
                .body("field", equalTo("datanetId"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{not json").post("/api/jobs").then()
                .statusCode(400);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"datanetId\":\"d-nowhere\"}")
                .post("/api/jobs").then().statusCode(404);
        // A datanet without accepted data has nothing to train on.
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"datanetId\":\"" + datanet + "\"}").post("/api/jobs").statusCode() == 422);
        given().auth().oauth2(token).get("/api/jobs/{id}", "job-nope").then().statusCode(404);
        given().get("/api/jobs").then().statusCode(401);
    }

    @Test
    void aDatanetThatGainedEnoughRecordsGetsOneAutomaticJob() {
        String datanet = datanet("owner-" + UUID.randomUUID());
        String dropped = "u-" + UUID.randomUUID();
        accepted(datanet, dropped, "bob", 1, Verdict.ACCEPTED, 8);
        accepted(datanet, dropped, "bob", 2, Verdict.REJECTED, 0);    // overridden: leaves the dataset
        for (int i = 0; i < 4; i++) {
            accepted(datanet, "u-" + UUID.randomUUID(), "carol", 1, Verdict.ACCEPTED, 5);   // 20 records
        }
        String admin = TestTokens.operator("ops");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(admin)
                .get("/api/jobs?datanet={d}", datanet).then().extract().<Integer>path("total") == 1);
        // More records while that job is queued (35 in all, enough for a job of their own) do not pile up a second.
        List<String> more = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            more.add(accepted(datanet, "u-" + UUID.randomUUID(), "carol", 1, Verdict.ACCEPTED, 5));
        }
        awaitApplied(more);
        awaitRows("SELECT count(*) FROM dataset_upload WHERE upload_id = $1 AND NOT active", dropped, 1);
        var job = given().auth().oauth2(admin).get("/api/jobs?datanet={d}", datanet).then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].trigger", equalTo("AUTOMATIC"))
                .body("items[0].status", equalTo("QUEUED")).extract().jsonPath();
        String firstSnapshot = job.getString("items[0].snapshotDigest");
        String jobId = job.getString("items[0].id");
        // Cancelled, the datanet is idle again, but the cancelled job's snapshot is its baseline (20 or 23 records:
        // bob's first verdict may have counted before its override): 13-16 new ones are not enough, so the next
        // verdict does not queue the training the owner just cancelled...
        given().auth().oauth2(admin).post("/api/jobs/{id}/cancel", jobId).then().statusCode(200);
        awaitApplied(List.of(accepted(datanet, "u-" + UUID.randomUUID(), "dave", 1, Verdict.ACCEPTED, 1)));
        given().auth().oauth2(admin).get("/api/jobs?datanet={d}", datanet).then().statusCode(200)
                .body("total", equalTo(1));
        // ...and 23-26 are: a job on the larger snapshot.
        accepted(datanet, "u-" + UUID.randomUUID(), "dave", 1, Verdict.ACCEPTED, 10);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(admin)
                .get("/api/jobs?datanet={d}", datanet).then().extract().<Integer>path("total") == 2);
        String second = given().auth().oauth2(admin).get("/api/jobs?datanet={d}", datanet).then()
                .extract().path("items[0].snapshotDigest");
        assertNotEquals(firstSnapshot, second);
    }

    /** Waits until the verdicts of these uploads are applied (the automatic trigger decides in that transaction). */
    /**
     * The service stopped after the verdicts that made a datanet due committed (with their note) and before its job
     * was queued: the trigger's sweep queues it. The rows are written as the verdict consumer writes them, without a
     * verdict event, so nothing but the sweep can queue the job.
     */
    @Test
    void aDatanetNotedDueBeforeAStopGetsItsJobFromTheSweep() {
        String datanet = datanet("owner-" + UUID.randomUUID());
        for (int i = 0; i < 4; i++) {
            database.preparedQuery("INSERT INTO dataset_upload (upload_id, datanet_id, contributor_id, verdict_version, "
                            + "verdict, records_accepted, cleaned_blob_address, cleaned_sha256, active, validated_at, "
                            + "updated_at) VALUES ($1, $2, 'carol', 1, 'ACCEPTED', 5, $3, $4, true, now(), now())")
                    .execute(Tuple.of("u-" + UUID.randomUUID(), datanet, "sha256:" + "cd".repeat(32), "cd".repeat(32)))
                    .await().atMost(Duration.ofSeconds(10));
        }
        database.preparedQuery("INSERT INTO training_due (datanet_id) VALUES ($1)").execute(Tuple.of(datanet))
                .await().atMost(Duration.ofSeconds(10));
        String admin = TestTokens.operator("ops");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(admin)
                .get("/api/jobs?datanet={d}", datanet).then().extract().<Integer>path("total") == 1);
        given().auth().oauth2(admin).get("/api/jobs?datanet={d}", datanet).then().statusCode(200)
                .body("items[0].trigger", equalTo("AUTOMATIC"));
        awaitRows("SELECT count(*) FROM training_due WHERE datanet_id = $1", datanet, 0);
    }

    private void awaitApplied(List<String> uploads) {
        awaitRows("SELECT count(*) FROM dataset_upload WHERE upload_id = ANY($1)", uploads.toArray(new String[0]),
                uploads.size());
    }

    private void awaitRows(String countQuery, Object parameter, long expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> database.preparedQuery(countQuery)
                .execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0) == expected);
    }
}
