package io.datanet.training;

import io.datanet.events.DatanetJson;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datanet.events.AttributionComputed;
import io.datanet.events.UploadInfluence;
import io.datanet.events.ContributorInfluence;
import io.datanet.events.EventJson;
import io.datanet.events.JobStatus;
import io.datanet.events.Topics;
import io.datanet.events.TrainingStatusChanged;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.platform.testing.DatanetTestResource;
import io.datanet.platform.testing.TestEvents;
import io.datanet.platform.testing.TestTokens;
import io.datanet.platform.testing.MetricSamples;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * End to end on the real broker and database: accepted uploads from three contributors make a datanet due for an
 * automatic job; a worker trains it (LoRA on the built-in base model), it succeeds with a lower validation loss,
 * the attribution favours the in-domain contributors over the one who uploaded garbage, and the adapter downloads
 * in the PEFT layout.
 */
@QuarkusTest
@WithTestResource(DatanetTestResource.class)
class TrainingWorkerTest {

    @Inject
    TopicNames topics;
    @Inject
    BlobStore blobs;

    @Test
    void acceptedUploadsBecomeATrainedAdapterWithAttribution() throws Exception {
        // Fixed ids (the test's database and topics are its own): the snapshot's digest, which seeds the split, and
        // the order of its uploads are then the same in every run, and so is the attribution, which on 24 records is
        // too small a sample to rank bob above mallory whatever the split.
        String datanet = TrainingData.datanet(topics::physical, "owner", "d-attribution");
        Random random = new Random(11);
        List<String> alice = new ArrayList<>();
        List<String> bob = new ArrayList<>();
        List<String> mallory = new ArrayList<>();
        // 9 + 9 + 6 records: only all three together reach the automatic trigger's 20 (verdicts of different
        // contributors may be consumed in any order), so the job's snapshot holds everyone's data.
        for (int i = 0; i < 9; i++) {
            alice.add(TrainingData.recipe(random));
            bob.add(TrainingData.recipe(random));
        }
        for (int i = 0; i < 6; i++) {
            mallory.add(TrainingData.garbage(random));
        }
        Set<String> uploads = Set.of(
                TrainingData.acceptedUpload(topics::physical, blobs, datanet, "alice", alice, "u-attribution-alice"),
                TrainingData.acceptedUpload(topics::physical, blobs, datanet, "bob", bob, "u-attribution-bob"),
                TrainingData.acceptedUpload(topics::physical, blobs, datanet, "mallory", mallory,
                        "u-attribution-mallory"));

        String admin = TestTokens.operator("ops");
        String[] jobId = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            jobId[0] = given().auth().oauth2(admin).get("/api/jobs?datanet={d}", datanet).then().extract()
                    .path("items[0].id");
            return jobId[0] != null;
        });
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String status = given().auth().oauth2(admin).get("/api/jobs/{id}", jobId[0]).then().extract().path("status");
            assertTrue(!status.equals("FAILED") && !status.equals("CANCELLED"), "job ended " + status);
            return status.equals("SUCCEEDED");
        });
        JsonPath job = given().auth().oauth2(admin).get("/api/jobs/{id}", jobId[0]).then().statusCode(200)
                .extract().jsonPath();
        double base = job.getDouble("metrics.baseLoss");
        double adapted = job.getDouble("metrics.adaptedLoss");
        assertTrue(adapted < base, "validation loss " + base + " -> " + adapted);
        assertEquals(job.getInt("progress.totalSteps"), job.getInt("progress.step"));
        // Operators see it as metrics: the run's duration by outcome and its throughput.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(MetricSamples.sum(metrics, "datanet_training_job_duration_seconds_count",
                    "status=\"SUCCEEDED\"") > 0, "job duration by outcome");
            assertTrue(MetricSamples.sum(metrics, "datanet_training_tokens_per_second_max") > 0, "tokens/s of the run");
        });

        // One attribution event, shares summing to 1, the in-domain contributors above the garbage one.
        String topic = topics.physical(Topics.ATTRIBUTION_COMPUTED);
        await().atMost(Duration.ofSeconds(20)).until(() -> TestEvents.readAll(topic).stream()
                .anyMatch(r -> jobId[0].equals(r.key())));
        List<AttributionComputed> attributions = TestEvents.readAll(topic).stream().filter(r -> jobId[0].equals(r.key()))
                .map(r -> EventJson.read(r.value(), AttributionComputed.class)).toList();
        assertEquals(1, attributions.size());
        assertEquals(3, attributions.get(0).contributors().size(), attributions.get(0).contributors().toString());
        Map<String, ContributorInfluence> byContributor = attributions.get(0).contributors().stream()
                .collect(Collectors.toMap(ContributorInfluence::contributorId, c -> c));
        System.out.println("attribution of job " + jobId[0] + ": " + byContributor);
        double sum = byContributor.values().stream().mapToDouble(ContributorInfluence::share).sum();
        assertEquals(1.0, sum, 1e-9);
        assertTrue(byContributor.get("alice").share() > byContributor.get("mallory").share(), byContributor.toString());
        assertTrue(byContributor.get("bob").share() > byContributor.get("mallory").share(), byContributor.toString());
        // And per upload: every upload of the snapshot, its records counted where they went, its influence the
        // part of its contributor's.
        List<UploadInfluence> perUpload = attributions.get(0).uploads();
        assertEquals(uploads, perUpload.stream().map(UploadInfluence::uploadId).collect(Collectors.toSet()));
        assertEquals(job.getInt("trainExamples") + job.getInt("validationExamples"), perUpload.stream()
                .mapToInt(u -> u.trainExamples() + u.validationExamples()).sum(), "every record counted once");
        assertEquals(24, perUpload.stream().mapToInt(u -> u.trainExamples() + u.validationExamples()).sum());
        for (ContributorInfluence contributor : byContributor.values()) {
            double summed = perUpload.stream().filter(u -> u.contributorId().equals(contributor.contributorId()))
                    .mapToDouble(UploadInfluence::influence).sum();
            assertEquals(contributor.influence(), summed, 1e-9 * Math.max(1, Math.abs(summed)), contributor.toString());
        }
        given().auth().oauth2(admin).get("/api/jobs/{id}/attribution", jobId[0]).then().statusCode(200)
                .body("contributors.size()", org.hamcrest.Matchers.equalTo(3));

        // The PEFT files.
        byte[] config = given().auth().oauth2(admin).get("/api/jobs/{id}/adapter/adapter_config.json", jobId[0])
                .then().statusCode(200).extract().asByteArray();
        JsonNode peft = DatanetJson.mapper().readTree(config);
        assertEquals("LORA", peft.get("peft_type").asText());
        int rank = peft.get("r").asInt();
        var download = given().auth().oauth2(admin).get("/api/jobs/{id}/adapter/adapter_model.safetensors", jobId[0])
                .then().statusCode(200).header("Cache-Control", "private, max-age=31536000, immutable").extract();
        byte[] weights = download.asByteArray();
        // Its SHA-256 is its ETag: a cache that has it revalidates with no body sent again.
        assertEquals("\"" + job.getString("adapter.files.'adapter_model.safetensors'") + "\"", download.header("ETag"));
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(weights)),
                job.getString("adapter.files.'adapter_model.safetensors'"), "the listed SHA-256 is the file's");
        given().auth().oauth2(admin).header("If-None-Match", download.header("ETag"))
                .get("/api/jobs/{id}/adapter/adapter_model.safetensors", jobId[0]).then().statusCode(304)
                .header("ETag", download.header("ETag"));
        long headerLength = ByteBuffer.wrap(weights, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode header = DatanetJson.mapper().readTree(new String(weights, 8, (int) headerLength,
                StandardCharsets.UTF_8));
        JsonNode loraA = header.get("base_model.model.transformer.h.0.attn.c_attn.lora_A.weight");
        assertEquals(rank, loraA.get("shape").get(0).asInt());
        assertEquals(8 + headerLength + loraA.get("data_offsets").get(1).asLong() - loraA.get("data_offsets").get(0).asLong()
                <= weights.length, true);

        List<TrainingStatusChanged> events = TestEvents.readAll(topics.physical(Topics.TRAINING_STATUS)).stream()
                .filter(r -> jobId[0].equals(r.key()))
                .map(r -> EventJson.read(r.value(), TrainingStatusChanged.class)).toList();
        List<JobStatus> statuses = events.stream().map(TrainingStatusChanged::status).toList();
        assertEquals(JobStatus.QUEUED, statuses.get(0));
        assertEquals(JobStatus.SUCCEEDED, statuses.get(statuses.size() - 1));
        assertTrue(statuses.contains(JobStatus.RUNNING));

        // The loss curve: the point of every progress heartbeat (each announced as RUNNING with its step and loss),
        // in step order, ending at the last step; a browser opened after the job draws all of it.
        Map<Integer, Double> announced = events.stream()
                .filter(e -> e.status() == JobStatus.RUNNING && e.step() > 0 && e.loss() != null)
                .collect(Collectors.toMap(TrainingStatusChanged::step, TrainingStatusChanged::loss, (a, b) -> b));
        JsonPath curve = given().auth().oauth2(TestTokens.contributor("viewer")).get("/api/jobs/{id}/progress", jobId[0])
                .then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));   // losses exactly, not as floats
        List<Integer> steps = curve.getList("points.step", Integer.class);
        List<Double> losses = curve.getList("points.loss", Double.class);
        assertEquals(announced.size(), curve.getInt("total"), "one point per heartbeat: " + announced.keySet() + " vs " + steps);
        assertEquals(new ArrayList<>(new java.util.TreeMap<>(announced).keySet()), steps);
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(announced.get(steps.get(i)), losses.get(i), 1e-12, "loss at step " + steps.get(i));
        }
        assertEquals(job.getInt("progress.totalSteps"), steps.get(steps.size() - 1));
    }
}
