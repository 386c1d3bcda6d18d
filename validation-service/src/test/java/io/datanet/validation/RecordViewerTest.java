package io.datanet.validation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.CloudEvent;
import io.datanet.events.DatanetDefined;
import io.datanet.events.ReviewMode;
import io.datanet.events.Topics;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.platform.testing.DatanetTestResource;
import io.datanet.platform.testing.TestEvents;
import io.datanet.platform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/reports/{uploadId}/records}: an upload's records as validation read them, with what failed and why,
 * for the uploader, the datanet's owner, validators and operators; no one else learns the upload exists.
 */
@QuarkusTest
@WithTestResource(DatanetTestResource.class)
class RecordViewerTest {

    /** Three clean records (the third an instruction pair), one near-empty, one that is not JSON. */
    static final String MIXED = ValidationFlowTest.CLEAN + "{\"text\":\"Yes.\"}\n" + "{\"text\": not json\n";

    @Inject
    TopicNames topics;
    @Inject
    BlobStore blobs;

    @Test
    void theDecidersReadAnUploadsRecordsWithTheirReasons() throws Exception {
        String owner = "owner-" + UUID.randomUUID();
        String datanet = "d-" + UUID.randomUUID();
        TestEvents.publish(topics.physical(Topics.DATANETS_DEFINED), CloudEvent.of("/test", datanet, new DatanetDefined(
                datanet, "Cooking", "", owner, List.of(), List.of("jsonl"), ReviewMode.OWNER, 0.5, Instant.now(), null)));
        String upload = ReceivedUploads.publish(topics, blobs, datanet, "alice", "mixed.jsonl",
                MIXED.getBytes(StandardCharsets.UTF_8), ReviewMode.OWNER);
        String alice = TestTokens.contributor("alice");
        // The owner is known from the datanet's definition, consumed on its own channel: it may arrive after the
        // upload is judged (the upload's event carries the rules it is judged by).
        await().atMost(Duration.ofSeconds(30)).until(() ->
                given().auth().oauth2(alice).get("/api/reports/" + upload).statusCode() == 200
                        && given().auth().oauth2(TestTokens.contributor(owner)).get("/api/reports/" + upload + "/records")
                                .statusCode() == 200);

        JsonPath all = records(alice, upload, "");
        assertEquals(5, all.getInt("total"));
        assertEquals(List.of(1, 2, 3, 4, 5), all.getList("items.record"));
        assertEquals(List.of(true, true, true, false, false), all.getList("items.passed"));
        assertTrue(all.getString("items[0].text").startsWith("To make a clear stock"));
        assertNull(all.get("items[2].text"), "an instruction pair comes as its prompt and completion");
        assertEquals("Why rest a steak after cooking?", all.getString("items[2].prompt"));
        assertTrue(all.getString("items[2].completion").startsWith("Resting lets the juices settle"));
        assertEquals(List.of(), all.getList("items[0].reasons"));
        assertTrue(all.getList("items[3].reasons").contains("length.too-short"), all.prettify());
        assertEquals(List.of("structure.malformed-json"), all.getList("items[4].reasons"));

        // the failing ones alone, the passing ones alone, and pages of the same order
        assertEquals(List.of(4, 5), records(alice, upload, "?verdict=failed").getList("items.record"));
        assertEquals(List.of(1, 2, 3), records(alice, upload, "?verdict=PASSED").getList("items.record"));
        // one reason's records: what a reviewer filters by
        assertEquals(List.of(5), records(alice, upload, "?reason=structure.malformed-json").getList("items.record"));
        assertEquals(List.of(5), records(alice, upload, "?verdict=failed&reason=structure.malformed-json")
                .getList("items.record"));
        assertEquals(List.of(), records(alice, upload, "?verdict=passed&reason=structure.malformed-json")
                .getList("items"));
        assertEquals(List.of(), records(alice, upload, "?reason=pii.email").getList("items"));
        JsonPath second = records(alice, upload, "?size=2&page=1");
        assertEquals(5, second.getInt("total"));
        assertEquals(List.of(3, 4), second.getList("items.record"));
        assertEquals(List.of(), records(alice, upload, "?size=2&page=3").getList("items"));

        // the owner deciding, validators and operators see the same; anyone else is told nothing exists
        for (String reader : List.of(TestTokens.contributor(owner), TestTokens.validator("val-" + UUID.randomUUID()),
                TestTokens.operator("ops"))) {
            assertEquals(all.getList("items"), records(reader, upload, "").getList("items"));
        }
        given().auth().oauth2(TestTokens.contributor("mallory")).get("/api/reports/{id}/records", upload)
                .then().statusCode(404).contentType("application/problem+json");
        given().get("/api/reports/{id}/records", upload).then().statusCode(401);
        given().auth().oauth2(alice).get("/api/reports/{id}/records", "no-such-upload").then().statusCode(404);
        given().auth().oauth2(alice).get("/api/reports/{id}/records?verdict=maybe", upload).then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("verdict"));
        given().auth().oauth2(alice).get("/api/reports/{id}/records?reason=PII", upload).then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("reason"));
        given().auth().oauth2(alice).get("/api/reports/{id}/records?size=101", upload).then().statusCode(400)
                .body("parameter", equalTo("size"));
    }

    @Test
    void aCopyNamesTheRecordItCopies() throws Exception {
        String datanet = "d-" + UUID.randomUUID();
        TestEvents.publish(topics.physical(Topics.DATANETS_DEFINED), CloudEvent.of("/test", datanet, new DatanetDefined(
                datanet, "Cooking", "", "owner-" + UUID.randomUUID(), List.of(), List.of("jsonl"), ReviewMode.AUTO, 0.8,
                Instant.now(), null)));
        byte[] content = ValidationFlowTest.CLEAN.getBytes(StandardCharsets.UTF_8);
        String original = ReceivedUploads.publish(topics, blobs, datanet, "alice", "stock.jsonl", content, ReviewMode.AUTO);
        String validator = TestTokens.validator("val-" + UUID.randomUUID());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                given().auth().oauth2(validator).get("/api/reports/" + original).statusCode() == 200);
        String copy = ReceivedUploads.publish(topics, blobs, datanet, "bob", "mine.jsonl", content, ReviewMode.AUTO);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                given().auth().oauth2(validator).get("/api/reports/" + copy).statusCode() == 200);

        JsonPath copied = records(validator, copy, "");
        assertEquals(3, copied.getInt("total"));
        for (int i = 0; i < 3; i++) {
            assertFalse(copied.getBoolean("items[" + i + "].passed"));
            assertTrue(copied.getList("items[" + i + "].reasons").contains("duplicate.cross-contributor"));
            Map<String, Object> of = copied.getMap("items[" + i + "].copyOf");
            assertEquals("alice", of.get("contributorId"), copied.prettify());
            assertEquals(original, of.get("uploadId"));
            assertEquals(i + 1, of.get("record"));
        }
    }

    private static JsonPath records(String token, String upload, String query) {
        return given().auth().oauth2(token).get("/api/reports/" + upload + "/records" + query).then().statusCode(200)
                .contentType(ContentType.JSON).extract().jsonPath();
    }
}
