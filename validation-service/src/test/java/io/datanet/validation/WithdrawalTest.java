package io.datanet.validation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.datanet.events.CloudEvent;
import io.datanet.events.DatanetDefined;
import io.datanet.events.EventJson;
import io.datanet.events.ReviewMode;
import io.datanet.events.Topics;
import io.datanet.events.UploadValidated;
import io.datanet.events.UploadWithdrawn;
import io.datanet.events.Verdict;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.platform.testing.DatanetTestResource;
import io.datanet.platform.testing.TestEvents;
import io.datanet.platform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Withdrawn and erased uploads leave validation (issue 17): their records leave the duplicate index, so the same
 * records from someone else are no longer copies; their report is marked, no review changes it and its records are
 * gone (410); an upload withdrawn before it was judged is never judged.
 */
@QuarkusTest
@WithTestResource(DatanetTestResource.class)
class WithdrawalTest {

    @Inject
    TopicNames topics;
    @Inject
    BlobStore blobs;
    @Inject
    Pool database;

    @Test
    void aWithdrawnUploadsRecordsLeaveTheDuplicateIndex() throws Exception {
        String datanet = datanet();
        byte[] good = Files.readAllBytes(Path.of("../samples/good-recipes.jsonl"));
        String carols = ReceivedUploads.publish(topics, blobs, datanet, "carol", "good.jsonl", good, ReviewMode.AUTO);
        assertEquals(Verdict.ACCEPTED, ReceivedUploads.verdicts(topics, List.of(carols)).get(carols).verdict());
        String operator = TestTokens.operator("ops");
        // Her records' band rows (near-duplicate and paraphrase keys), as the index filed them: they go with them.
        long bands = count("SELECT count(*) FROM lsh_band WHERE fingerprint_id IN "
                + "(SELECT id FROM record_fingerprint WHERE upload_id = $1)", carols);
        long records = count("SELECT count(*) FROM record_fingerprint WHERE upload_id = $1", carols);
        assertTrue(bands > 16 * records, bands + " band rows of " + records + " records");
        long allBands = count("SELECT count(*) FROM lsh_band WHERE datanet_id = $1", datanet);

        withdraw(datanet, carols, "carol", UploadWithdrawn.Reason.WITHDRAWN);
        withdraw(datanet, carols, "carol", UploadWithdrawn.Reason.WITHDRAWN);   // delivered again
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(operator)
                .get("/api/reports/" + carols).then().extract().path("withdrawnAt") != null);
        assertEquals(allBands - bands, count("SELECT count(*) FROM lsh_band WHERE datanet_id = $1", datanet),
                "the withdrawn records' band rows leave with them");

        // The same records from someone else are no longer copies of anything in the datanet.
        String mallorys = ReceivedUploads.publish(topics, blobs, datanet, "mallory", "same.jsonl", good, ReviewMode.AUTO);
        UploadValidated verdict = ReceivedUploads.verdicts(topics, List.of(mallorys)).get(mallorys);
        assertEquals(Verdict.ACCEPTED, verdict.verdict(), verdict.reasonCounts().toString());
        assertNull(verdict.reasonCounts().get("duplicate.exact"));
        assertEquals(0, count("SELECT count(*) FROM record_fingerprint WHERE upload_id = $1", carols));

        given().auth().oauth2(operator).get("/api/reports/" + carols + "/records").then().statusCode(410)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.validator("vera")).contentType(ContentType.JSON)
                .body("{\"verdict\":\"REJECTED\",\"comment\":\"too late\"}").post("/api/reports/" + carols + "/review")
                .then().statusCode(409).body("type", org.hamcrest.Matchers.endsWith("upload-withdrawn"));
        given().auth().oauth2(operator).get("/api/reports/" + carols).then().statusCode(200)
                .body("verdict", org.hamcrest.Matchers.equalTo("ACCEPTED")).body("withdrawnAt", notNullValue());
    }

    @Test
    void anUploadWithdrawnBeforeItIsJudgedIsNeverJudged() throws Exception {
        String datanet = datanet();
        String contributor = "dora-" + UUID.randomUUID();
        String early = "u-" + UUID.randomUUID();
        withdraw(datanet, early, contributor, UploadWithdrawn.Reason.ERASED);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM withdrawn_upload "
                + "WHERE upload_id = $1", early) == 1);
        byte[] good = Files.readAllBytes(Path.of("../samples/good-recipes.jsonl"));
        var blob = blobs.put(new java.io.ByteArrayInputStream(good), good.length);
        TestEvents.publish(topics.physical(Topics.UPLOADS_RECEIVED), CloudEvent.of("/test", early,
                new io.datanet.events.UploadReceived(early, datanet, contributor, "late.jsonl", "application/jsonl",
                        good.length, blob.sha256(), blob.address(), Instant.now(), ReviewMode.AUTO, 0.8, null)));
        // Another of her uploads, behind it on the same partition: once it has its verdict, the first was read.
        String marker = ReceivedUploads.publish(topics, blobs, datanet, contributor, "marker.jsonl",
                ("{\"text\":\"A marker about braising short ribs low and slow " + UUID.randomUUID() + ".\"}\n").getBytes(),
                ReviewMode.AUTO);
        ReceivedUploads.verdicts(topics, List.of(marker));
        assertFalse(TestEvents.readAll(topics.physical(Topics.UPLOADS_VALIDATED)).stream()
                .map(r -> EventJson.read(r.value(), UploadValidated.class)).anyMatch(v -> v.uploadId().equals(early)),
                "no verdict for an upload withdrawn before it was judged");
        given().auth().oauth2(TestTokens.operator("ops")).get("/api/reports/" + early).then().statusCode(404);
    }

    private String datanet() {
        String id = "d-" + UUID.randomUUID();
        TestEvents.publish(topics.physical(Topics.DATANETS_DEFINED), CloudEvent.of("/test", id,
                new DatanetDefined(id, "Cooking", "", "owner", List.of(), List.of("jsonl"), ReviewMode.AUTO, 0.8,
                        Instant.now(), Map.of())));
        return id;
    }

    private void withdraw(String datanet, String upload, String contributor, UploadWithdrawn.Reason reason) {
        TestEvents.publish(topics.physical(Topics.UPLOADS_WITHDRAWN), CloudEvent.of("/test", upload,
                new UploadWithdrawn(upload, datanet, contributor, contributor, reason, Instant.now())));
    }

    private long count(String sql, String id) {
        return database.preparedQuery(sql).execute(Tuple.of(id)).await().indefinitely().iterator().next().getLong(0);
    }
}
