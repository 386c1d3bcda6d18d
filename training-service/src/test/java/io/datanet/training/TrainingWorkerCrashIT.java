package io.datanet.training;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.CloudEventHeaders;
import io.datanet.events.JobStatus;
import io.datanet.events.Topics;
import io.datanet.events.TrainingStatusChanged;
import io.datanet.events.EventJson;
import io.datanet.platform.blob.LocalBlobStore;
import io.datanet.platform.testing.IsolatedEnvironment;
import io.datanet.platform.testing.ServiceProcess;
import io.datanet.platform.testing.TestEvents;
import io.datanet.platform.testing.TestTokens;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL a worker in the middle of a job: the restarted worker takes the job again once the dead one's lease has
 * run out, resumes it from its last checkpoint (not from step 0), and finishes it with exactly one attribution.
 */
class TrainingWorkerCrashIT {

    @Test
    void aKilledWorkerIsResumedFromItsCheckpointAndFinishesOnce() throws Exception {
        try (IsolatedEnvironment environment = IsolatedEnvironment.create()) {
            Map<String, String> config = new HashMap<>(environment.config());
            config.put("datanet.worker.lease", "PT4S");
            config.put("datanet.worker.heartbeat", "PT1S");
            config.put("datanet.worker.checkpoint-every", "4");
            config.put("datanet.training.auto.min-new-records", "1000000");   // this test queues its job itself
            LocalBlobStore blobs = new LocalBlobStore(Path.of(config.get("datanet.blob.dir")));
            String datanet = TrainingData.datanet(environment::topic, "olivia");
            Random random = new Random(5);
            for (String contributor : List.of("alice", "bob")) {
                List<String> records = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    records.add(TrainingData.recipe(random));
                }
                TrainingData.acceptedUpload(environment::topic, blobs, datanet, contributor, records);
            }
            try (ServiceProcess service = ServiceProcess.start("training-service", config)) {
                String owner = TestTokens.contributor("olivia");
                String body = "{\"datanetId\":\"" + datanet + "\",\"epochs\":2,\"batchSize\":2,\"rank\":4}";
                String[] jobId = new String[1];
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                    var response = given().baseUri(service.url()).auth().oauth2(owner).contentType("application/json")
                            .body(body).post("/api/jobs");
                    jobId[0] = response.statusCode() == 202 ? response.path("id") : null;
                    return jobId[0] != null;
                });
                Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() ->
                        checkpointStep(service, jobId[0]) >= 4);
                int checkpoint = checkpointStep(service, jobId[0]);
                service.kill();
                service.restart();
                Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() ->
                        "SUCCEEDED".equals(job(service, jobId[0]).getString("status")));

                JsonPath job = job(service, jobId[0]);
                assertEquals(2, job.getInt("attempt"), "taken again once, after the kill");
                double resumedFrom = job.getDouble("metrics.resumedFromStep");
                assertTrue(resumedFrom >= checkpoint, "resumed from step " + resumedFrom + ", checkpoint was " + checkpoint);
                assertTrue(job.getDouble("metrics.adaptedLoss") < job.getDouble("metrics.baseLoss"));

                Set<String> attributionIds = TestEvents.readAll(environment.topic(Topics.ATTRIBUTION_COMPUTED)).stream()
                        .filter(r -> jobId[0].equals(r.key()))
                        .map(r -> TestEvents.header(r, CloudEventHeaders.ID)).collect(Collectors.toSet());
                assertEquals(1, attributionIds.size(), "one attribution event");
                long succeeded = TestEvents.readAll(environment.topic(Topics.TRAINING_STATUS)).stream()
                        .filter(r -> jobId[0].equals(r.key()))
                        .filter(r -> EventJson.read(r.value(), TrainingStatusChanged.class).status() == JobStatus.SUCCEEDED)
                        .map(r -> TestEvents.header(r, CloudEventHeaders.ID)).distinct().count();
                assertEquals(1, succeeded, "one SUCCEEDED status");
            }
        }
    }

    private static JsonPath job(ServiceProcess service, String id) {
        return given().baseUri(service.url()).auth().oauth2(TestTokens.operator("ops")).get("/api/jobs/{id}", id)
                .then().statusCode(200).extract().jsonPath();
    }

    private static int checkpointStep(ServiceProcess service, String id) {
        Integer step = job(service, id).get("progress.checkpointStep");
        return step == null ? 0 : step;
    }
}
