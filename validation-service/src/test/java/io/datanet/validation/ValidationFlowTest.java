package io.datanet.validation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.CloudEvent;
import io.datanet.events.DatanetDefined;
import io.datanet.events.EventJson;
import io.datanet.events.ReviewDecision;
import io.datanet.events.ReviewMode;
import io.datanet.events.Topics;
import io.datanet.events.UploadReceived;
import io.datanet.events.UploadReviewed;
import io.datanet.events.UploadValidated;
import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.blob.StoredBlob;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.platform.testing.DatanetTestResource;
import io.datanet.platform.testing.TestEvents;
import io.datanet.platform.testing.TestTokens;
import io.datanet.platform.testing.MetricSamples;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** Uploads arrive as events against the real broker and database; verdicts leave as events. */
@QuarkusTest
@WithTestResource(DatanetTestResource.class)
class ValidationFlowTest {

    static final String CLEAN = "{\"text\":\"To make a clear stock, cover the bones with cold water and bring it slowly to a simmer, skimming the foam.\"}\n"
            + "{\"text\":\"A basic vinaigrette is one part vinegar to three parts oil, whisked with a little mustard and salt.\"}\n"
            + "{\"prompt\":\"Why rest a steak after cooking?\",\"completion\":\"Resting lets the juices settle back into the meat, so less of them run out when you slice it.\"}\n";

    @Inject
    TopicNames topics;
    @Inject
    BlobStore blobs;

    /** Each datanet's review mode, which upload-service puts in every upload event. */
    private final java.util.Map<String, ReviewMode> modes = new java.util.concurrent.ConcurrentHashMap<>();

    private String datanet(String owner, ReviewMode mode) {
        String id = "d-" + UUID.randomUUID();
        modes.put(id, mode);
        TestEvents.publish(topics.physical(Topics.DATANETS_DEFINED), CloudEvent.of("/test", id,
                new DatanetDefined(id, "Cooking", "", owner, List.of(), List.of("jsonl", "csv", "txt"), mode, 0.8,
                        Instant.now(), null)));
        return id;
    }

    private String upload(String datanet, String contributor, String fileName, byte[] content) throws Exception {
        StoredBlob blob = blobs.put(new ByteArrayInputStream(content), content.length);
        return uploadBlob(datanet, contributor, fileName, blob.address(), content.length);
    }

    private String uploadBlob(String datanet, String contributor, String fileName, String address, long size) {
        String id = "u-" + UUID.randomUUID();
        TestEvents.publish(topics.physical(Topics.UPLOADS_RECEIVED), CloudEvent.of("/test", id,
                new UploadReceived(id, datanet, contributor, fileName, "application/jsonl", size,
                        address.substring(7), address, Instant.now(), modes.get(datanet),
                        modes.containsKey(datanet) ? 0.8 : null, null)));
        return id;
    }

    private UploadValidated verdict(String uploadId, int version) {
        List<ConsumerRecord<String, String>> seen = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            seen.clear();
            seen.addAll(TestEvents.readAll(topics.physical(Topics.UPLOADS_VALIDATED)));
            return seen.stream().map(r -> EventJson.read(r.value(), UploadValidated.class))
                    .anyMatch(v -> v.uploadId().equals(uploadId) && v.verdictVersion() == version);
        });
        return seen.stream().map(r -> EventJson.read(r.value(), UploadValidated.class))
                .filter(v -> v.uploadId().equals(uploadId) && v.verdictVersion() == version).findFirst().orElseThrow();
    }

    @Test
    void cleanDataIsAcceptedWithACleanedFileForTraining() throws Exception {
        String datanet = datanet("owner-1", ReviewMode.AUTO);
        String upload = upload(datanet, "alice", "clean.jsonl", CLEAN.getBytes(StandardCharsets.UTF_8));
        UploadValidated v = verdict(upload, 1);
        assertEquals(Verdict.ACCEPTED, v.verdict());
        assertEquals(VerdictSource.VALIDATION, v.decidedBy());
        assertEquals(3, v.recordsAccepted());
        assertEquals(1.0, v.qualityScore());
        assertEquals(UploadValidated.CLEANED_NAMESPACE, StoredBlob.namespaceOf(v.cleanedBlobAddress()),
                "where training-service sweeps the cleaned files nothing needs");
        try (InputStream cleaned = blobs.open(v.cleanedBlobAddress())) {
            List<String> lines = new String(cleaned.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertEquals(3, lines.size());
            assertTrue(lines.get(2).contains("\"prompt\""), lines.get(2));
        }
        given().auth().oauth2(TestTokens.contributor("alice")).get("/api/reports/" + upload)
                .then().statusCode(200).body("verdict", equalTo("ACCEPTED")).body("history.size()", equalTo(1));
        given().auth().oauth2(TestTokens.contributor("stranger")).get("/api/reports/" + upload).then().statusCode(404);
        // The owner is known once the datanet's definition has been consumed (its own topic, so possibly later).
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(TestTokens.contributor("owner-1"))
                .get("/api/reports/" + upload).statusCode() == 200);
    }

    @Test
    void conversationsAreJudgedOnEveryTurnAndKeepTheirTurnsForTraining() throws Exception {
        String datanet = datanet("owner-chat", ReviewMode.AUTO);
        String chat = "{\"messages\":[{\"role\":\"system\",\"content\":\"You answer questions about cooking.\"},"
                + "{\"role\":\"user\",\"content\":\"How long should pasta rest after draining?\"},"
                + "{\"role\":\"assistant\",\"content\":\"It should not rest at all; toss it with the sauce straight away.\"},"
                + "{\"role\":\"user\",\"content\":\"And if the sauce is not ready yet?\"},"
                + "{\"role\":\"assistant\",\"content\":\"Toss it with a spoon of olive oil and a splash of the cooking water.\"}]}\n"
                // the address is in an earlier reply, not in the last one: the checks read every turn
                + "{\"messages\":[{\"role\":\"user\",\"content\":\"Who can I ask about the bread recipe?\"},"
                + "{\"role\":\"assistant\",\"content\":\"Write to the baker at maria.lopez@example.org for the recipe.\"},"
                + "{\"role\":\"user\",\"content\":\"Thanks, anything else to know?\"},"
                + "{\"role\":\"assistant\",\"content\":\"Let the dough rise twice before you shape and bake it.\"}]}\n";
        String upload = upload(datanet, "carol", "chat.jsonl", chat.getBytes(StandardCharsets.UTF_8));
        UploadValidated v = verdict(upload, 1);
        assertEquals(1, v.recordsAccepted());
        assertEquals(1, v.reasonCounts().get("pii.email"), String.valueOf(v.reasonCounts()));
        try (InputStream cleaned = blobs.open(v.cleanedBlobAddress())) {
            List<String> lines = new String(cleaned.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertEquals(1, lines.size());
            com.fasterxml.jackson.databind.JsonNode line = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(0));
            assertEquals(5, line.get("messages").size(), lines.get(0));
            assertEquals("system", line.get("messages").get(0).get("role").asText());
            assertEquals("Toss it with a spoon of olive oil and a splash of the cooking water.", line.get("completion").asText());
        }
    }

    @Test
    void samplesWithPiiAndGarbageAreRejectedWithReasonsAndRecordNumbers() throws Exception {
        String datanet = datanet("owner-2", ReviewMode.AUTO);
        double rejectedBefore = metric("datanet_validation_verdicts_total{verdict=\"REJECTED\"}");
        double ibanBefore = metric("datanet_validation_rejected_records_total{reason=\"pii.iban\"}");
        String pii = upload(datanet, "bob", "pii-leak.csv", Files.readAllBytes(Path.of("../samples/pii-leak.csv")));
        String garbage = upload(datanet, "bob", "garbage.txt", Files.readAllBytes(Path.of("../samples/garbage.txt")));
        UploadValidated piiVerdict = verdict(pii, 1);
        assertEquals(Verdict.REJECTED, piiVerdict.verdict());
        assertEquals(1, piiVerdict.reasonCounts().get("pii.email"));
        assertEquals(1, piiVerdict.reasonCounts().get("pii.phone"));
        assertEquals(1, piiVerdict.reasonCounts().get("pii.card"));
        assertEquals(1, piiVerdict.reasonCounts().get("pii.iban"));
        assertEquals(1, piiVerdict.recordsAccepted());
        UploadValidated garbageVerdict = verdict(garbage, 1);
        assertEquals(Verdict.REJECTED, garbageVerdict.verdict());
        assertEquals(0, garbageVerdict.recordsAccepted());
        given().auth().oauth2(TestTokens.validator("val")).get("/api/reports/" + pii).then().statusCode(200)
                .body("rejectedRecords.record", equalTo(List.of(2, 3)))
                .body("rejectedRecords[1].reasons", hasItem("pii.iban"));
        // Operators see verdicts and reasons as metrics (other tests' verdicts may count too: at least these).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertTrue(metric("datanet_validation_verdicts_total{verdict=\"REJECTED\"}") >= rejectedBefore + 2);
            assertTrue(metric("datanet_validation_rejected_records_total{reason=\"pii.iban\"}") >= ibanBefore + 1);
        });
    }

    /** One sample of /q/metrics, by its name and labels as Prometheus' text format writes them; 0 when absent. */
    private static double metric(String sample) {
        return io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith(sample + " ")).mapToDouble(MetricSamples::value).sum();
    }

    @Test
    void copiesOfAnotherContributorsAcceptedDataAreCaughtAndFlagged() throws Exception {
        String datanet = datanet("owner-3", ReviewMode.AUTO);
        byte[] good = Files.readAllBytes(Path.of("../samples/good-recipes.jsonl"));
        assertEquals(Verdict.ACCEPTED, verdict(upload(datanet, "carol", "good.jsonl", good), 1).verdict());
        UploadValidated copy = verdict(upload(datanet, "mallory", "mine.jsonl", good), 1);
        assertEquals(Verdict.REJECTED, copy.verdict());
        assertEquals(5, copy.reasonCounts().get("duplicate.exact"));
        assertEquals(5, copy.reasonCounts().get("duplicate.cross-contributor"));
    }

    @Test
    void rewordingsOfAnotherContributorsAcceptedDataAreSemanticDuplicates() throws Exception {
        String datanet = datanet("owner-7", ReviewMode.AUTO);
        String stock = "To make a clear chicken stock, cover the bones with cold water, bring it slowly to a simmer and"
                + " skim the foam as it rises. Keep it below a boil for three hours so that the fat does not emulsify"
                + " into the liquid, and then strain it through a cloth into a clean pot before you let it cool.";
        String onions = "Caramelising onions takes patience: slice them evenly, cook them over a low heat with a pinch"
                + " of salt, and stir them every few minutes until they turn a deep amber colour. It can take forty"
                + " minutes or more, and if you turn up the heat to hurry them they will burn before they are sweet.";
        String carols = line(stock) + line(onions);
        String mallorys = line(stock.replace("chicken stock", "hen broth").replace("bones", "carcass")
                .replace("cold", "chilled").replace("slowly", "gently").replace("foam", "froth")
                .replace("fat", "grease").replace("cloth", "towel").replace("pot", "pan"))
                + line(onions.replace("patience", "forbearance").replace("slice", "cut").replace("evenly", "uniformly")
                .replace("pinch", "dash").replace("stir", "mix").replace("deep", "rich").replace("hurry", "rush"));
        String original = upload(datanet, "carol", "stock.jsonl", carols.getBytes(StandardCharsets.UTF_8));
        assertEquals(Verdict.ACCEPTED, verdict(original, 1).verdict());
        String copied = upload(datanet, "mallory", "broth.jsonl", mallorys.getBytes(StandardCharsets.UTF_8));
        UploadValidated copy = verdict(copied, 1);
        assertEquals(Verdict.REJECTED, copy.verdict(), copy.reasonCounts().toString());
        assertEquals(2, copy.reasonCounts().get("duplicate.semantic"), copy.reasonCounts().toString());
        assertEquals(2, copy.reasonCounts().get("duplicate.cross-contributor"));

        // Who copied whom: the report names each original, and the copies are listed for validators.
        given().auth().oauth2(TestTokens.validator("val")).get("/api/reports/" + copied).then().statusCode(200)
                .body("rejectedRecords.copyOf.uploadId", equalTo(List.of(original, original)))
                .body("rejectedRecords.copyOf.record", equalTo(List.of(1, 2)))
                .body("rejectedRecords.copyOf.contributorId", equalTo(List.of("carol", "carol")));
        given().auth().oauth2(TestTokens.validator("val")).queryParam("datanet", datanet).get("/api/copies")
                .then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].copierId", equalTo("mallory")).body("[0].authorId", equalTo("carol"))
                .body("[0].records", equalTo(2)).body("[0].uploads", equalTo(1))
                .body("[0].byKind.'duplicate.semantic'", equalTo(2));
        given().auth().oauth2(TestTokens.validator("val")).queryParam("datanet", datanet).queryParam("copier", "mallory")
                .get("/api/copies/records").then().statusCode(200)
                .body("copierUploadId", equalTo(List.of(copied, copied)))
                .body("authorUploadId", equalTo(List.of(original, original)))
                .body("kind", equalTo(List.of("duplicate.semantic", "duplicate.semantic")));
        given().auth().oauth2(TestTokens.validator("val")).queryParam("datanet", datanet).queryParam("copier", "carol")
                .get("/api/copies").then().statusCode(200).body("size()", equalTo(0));
        given().auth().oauth2(TestTokens.contributor("mallory")).get("/api/copies").then().statusCode(403);
        given().auth().oauth2(TestTokens.validator("val")).get("/api/copies/records").then().statusCode(400)
                .contentType("application/problem+json");
    }

    private static String line(String text) {
        return "{\"text\": \"" + text + "\"}\n";
    }

    @Test
    void corruptFilesAreRejectedAndPoisonEventsGoToTheDeadLetterTopic() throws Exception {
        String datanet = datanet("owner-4", ReviewMode.AUTO);
        String corrupt = upload(datanet, "dave", "data.txt", new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28, 0, 1});
        TestEvents.publishRaw(topics.physical(Topics.UPLOADS_RECEIVED), "dave", "{\"broken", new RecordHeaders());
        String missing = uploadBlob(datanet, "dave", "gone.jsonl", "sha256:" + "0".repeat(64), 10);
        String after = upload(datanet, "dave", "after.jsonl", CLEAN.getBytes(StandardCharsets.UTF_8));

        UploadValidated corruptVerdict = verdict(corrupt, 1);
        assertEquals(Verdict.REJECTED, corruptVerdict.verdict());
        assertEquals(1, corruptVerdict.reasonCounts().get("structure.invalid-utf8"));
        assertEquals(Verdict.ACCEPTED, verdict(after, 1).verdict(), "the consumer carried on past the poison");
        List<ConsumerRecord<String, String>> dead = TestEvents.await(
                topics.physical(Topics.deadLetter(Topics.UPLOADS_RECEIVED)), 2, Duration.ofSeconds(30));
        assertTrue(dead.stream().anyMatch(r -> r.value().contains(missing)), "missing blob parked");
        assertNotNull(TestEvents.header(dead.get(0), "dead-letter-reason"), "the reason travels in the headers");
        // And operators see it without reading the dead-letter topic: counted by topic and cause (and logged).
        String topic = "topic=\"" + topics.physical(Topics.UPLOADS_RECEIVED) + "\"";
        double nacked = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString()
                .lines().filter(l -> l.startsWith("datanet_events_nacked_total{") && l.contains(topic))
                .mapToDouble(MetricSamples::value).sum();
        assertEquals(2.0, nacked, "the broken event and the missing blob");
    }

    @Test
    void theUploadEventsRulesDecideEvenBeforeTheDatanetsDefinitionArrives() throws Exception {
        // The definition travels on another topic, with no ordering against uploads: the event's own rules count.
        String datanet = "d-undefined-" + UUID.randomUUID();
        byte[] content = CLEAN.replace("stock", "consomme").getBytes(StandardCharsets.UTF_8);
        StoredBlob blob = blobs.put(new ByteArrayInputStream(content), content.length);
        String id = "u-" + UUID.randomUUID();
        TestEvents.publish(topics.physical(Topics.UPLOADS_RECEIVED), CloudEvent.of("/test", id,
                new UploadReceived(id, datanet, "gina", "g.jsonl", "application/jsonl", content.length, blob.sha256(),
                        blob.address(), Instant.now(), ReviewMode.OWNER, 0.8, null)));
        assertEquals(Verdict.PENDING_REVIEW, verdict(id, 1).verdict());
    }

    @Test
    void aDatanetsOwnThresholdsApplyToItsUploads() throws Exception {
        // The clean records pass the service's thresholds (the test above); a datanet that wants 40 words per
        // record rejects them all for quality.word-count.
        byte[] content = CLEAN.replace("stock", "fumet").getBytes(StandardCharsets.UTF_8);
        StoredBlob blob = blobs.put(new ByteArrayInputStream(content), content.length);
        String id = "u-" + UUID.randomUUID();
        TestEvents.publish(topics.physical(Topics.UPLOADS_RECEIVED), CloudEvent.of("/test", id,
                new UploadReceived(id, "d-strict-" + UUID.randomUUID(), "hugo", "h.jsonl", "application/jsonl",
                        content.length, blob.sha256(), blob.address(), Instant.now(), ReviewMode.AUTO, 0.8,
                        java.util.Map.of("minWords", 40.0))));
        UploadValidated v = verdict(id, 1);
        assertEquals(Verdict.REJECTED, v.verdict());
        assertEquals(3, v.reasonCounts().get("quality.word-count"));
    }

    @Test
    void ownerReviewsAndValidatorOverridesBecomeNewVerdictVersions() throws Exception {
        String datanet = datanet("owner-5", ReviewMode.OWNER);
        String upload = upload(datanet, "erin", "e.jsonl", CLEAN.replace("stock", "broth").getBytes(StandardCharsets.UTF_8));
        assertEquals(Verdict.PENDING_REVIEW, verdict(upload, 1).verdict());

        TestEvents.publish(topics.physical(Topics.UPLOADS_REVIEWED), CloudEvent.of("/test", upload,
                new UploadReviewed(upload, datanet, "erin", "owner-5", ReviewDecision.APPROVE, "fine", Instant.now())));
        UploadValidated approved = verdict(upload, 2);
        assertEquals(Verdict.ACCEPTED, approved.verdict());
        assertEquals(VerdictSource.OWNER_REVIEW, approved.decidedBy());
        String uploaded = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(CLEAN.replace("stock", "broth").getBytes(StandardCharsets.UTF_8)));
        assertEquals(uploaded, verdict(upload, 1).sha256(), "every verdict names the file as uploaded");
        assertEquals(uploaded, approved.sha256(), "a review's verdict too");

        String override = "{\"verdict\":\"REJECTED\",\"comment\":\"copied from a paywalled book\"}";
        given().auth().oauth2(TestTokens.contributor("erin")).contentType(ContentType.JSON).body(override)
                .post("/api/reports/" + upload + "/review").then().statusCode(403);
        given().auth().oauth2(TestTokens.validator("val")).contentType(ContentType.JSON).body("{\"verdict\":\"REJECTED\"}")
                .post("/api/reports/" + upload + "/review").then().statusCode(422);
        given().auth().oauth2(TestTokens.validator("val")).contentType(ContentType.JSON).body(override)
                .post("/api/reports/" + upload + "/review").then().statusCode(200)
                .body("verdictVersion", equalTo(3)).body("history.size()", equalTo(3));
        UploadValidated overridden = verdict(upload, 3);
        assertEquals(Verdict.REJECTED, overridden.verdict());
        assertEquals("val", overridden.reviewerId());
        given().auth().oauth2(TestTokens.validator("val")).contentType(ContentType.JSON).body(override)
                .post("/api/reports/" + upload + "/review").then().statusCode(409);
    }
}
