package io.datanet.validation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/reports}: recent reports for validators and operators, newest first, by verdict and datanet, paged;
 * refused to contributors, datanet owners included.
 */
@QuarkusTest
@WithTestResource(DatanetTestResource.class)
class ReportListTest {

    static final String STOCK = ValidationFlowTest.CLEAN;
    static final String BREAD = "{\"text\":\"Knead the dough for ten minutes until it is smooth and springs back when you press it with a finger.\"}\n"
            + "{\"text\":\"Toast whole spices in a dry pan over a medium heat until fragrant, then grind them while still warm.\"}\n";
    static final String BEANS = "{\"text\":\"Blanch green beans in salted boiling water for two minutes, then plunge them into iced water to keep their colour.\"}\n"
            + "{\"text\":\"Let a roast chicken rest for fifteen minutes before carving so that the breast meat stays moist and tender.\"}\n";

    @Inject
    TopicNames topics;
    @Inject
    BlobStore blobs;

    @Test
    void validatorsListRecentReportsByVerdictAndDatanet() throws Exception {
        String owner = "owner-" + UUID.randomUUID();
        String datanet = "d-" + UUID.randomUUID();
        TestEvents.publish(topics.physical(Topics.DATANETS_DEFINED), CloudEvent.of("/test", datanet, new DatanetDefined(
                datanet, "Cooking", "", owner, List.of(), List.of("jsonl", "txt"), ReviewMode.AUTO, 0.8, Instant.now(), null)));
        String stock = upload(datanet, "alice", "stock.jsonl", STOCK.getBytes(StandardCharsets.UTF_8), ReviewMode.AUTO);
        String bread = upload(datanet, "bob", "bread.jsonl", BREAD.getBytes(StandardCharsets.UTF_8), ReviewMode.AUTO);
        String garbage = upload(datanet, "bob", "garbage.txt", Files.readAllBytes(Path.of("../samples/garbage.txt")),
                ReviewMode.AUTO);
        // uploaded while the datanet was owner-reviewed (the event carries the rules): it waits for its owner
        String beans = upload(datanet, "carol", "beans.jsonl", BEANS.getBytes(StandardCharsets.UTF_8), ReviewMode.OWNER);
        String validator = TestTokens.validator("val-" + UUID.randomUUID());
        for (String id : List.of(stock, bread, garbage, beans)) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    given().auth().oauth2(validator).get("/api/reports/" + id).statusCode() == 200);
        }

        JsonPath all = list(validator, "?datanet=" + datanet);
        assertEquals(4, all.getInt("total"));
        List<String> newestFirst = all.getList("items.uploadId");
        assertEquals(Set.of(stock, bread, garbage, beans), Set.copyOf(newestFirst));
        assertNewestFirst(all);
        assertEquals(Set.of(stock, bread), sortedLike(newestFirst, list(validator, "?datanet=" + datanet + "&verdict=ACCEPTED")));
        assertEquals(List.of(beans), list(validator, "?datanet=" + datanet + "&verdict=PENDING_REVIEW").getList("items.uploadId"));

        // the summary of a rejected report: the verdict, who decided, the figures and reasons, no per-record detail
        given().auth().oauth2(validator).get("/api/reports?datanet={d}&verdict=rejected", datanet).then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].uploadId", equalTo(garbage))
                .body("items[0].datanetId", equalTo(datanet))
                .body("items[0].contributorId", equalTo("bob"))
                .body("items[0].fileName", equalTo("garbage.txt"))
                .body("items[0].verdict", equalTo("REJECTED"))
                .body("items[0].verdictVersion", equalTo(1))
                .body("items[0].decidedBy", equalTo("VALIDATION"))
                .body("items[0].recordsAccepted", equalTo(0))
                .body("items[0].recordsTotal", greaterThan(0))
                .body("items[0].reasonCounts.size()", greaterThan(0))
                .body("items[0].containsKey('rejectedRecords')", equalTo(false))
                .body("items[0].containsKey('history')", equalTo(false));

        // pages of the same order
        JsonPath second = list(validator, "?datanet=" + datanet + "&size=3&page=1");
        assertEquals(4, second.getInt("total"));
        assertEquals(1, second.getInt("page"));
        assertEquals(3, second.getInt("size"));
        assertEquals(List.of(newestFirst.get(3)), second.getList("items.uploadId"));
        assertEquals(newestFirst.subList(0, 3), list(validator, "?datanet=" + datanet + "&size=3").getList("items.uploadId"));

        // an override changes the verdict a report is listed under, not its place
        given().auth().oauth2(validator).contentType(ContentType.JSON)
                .body("{\"verdict\":\"REJECTED\",\"comment\":\"copied from a cookbook\"}")
                .post("/api/reports/" + stock + "/review").then().statusCode(200);
        JsonPath rejected = list(TestTokens.operator("ops"), "?datanet=" + datanet + "&verdict=REJECTED");
        assertEquals(Set.of(stock, garbage), sortedLike(newestFirst, rejected));
        int i = rejected.getList("items.uploadId").indexOf(stock);
        assertEquals(2, rejected.getInt("items[" + i + "].verdictVersion"));
        assertEquals("VALIDATOR_REVIEW", rejected.getString("items[" + i + "].decidedBy"));
        assertTrue(Instant.parse(rejected.getString("items[" + i + "].decidedAt"))
                .isAfter(Instant.parse(rejected.getString("items[" + i + "].validatedAt"))));
        assertEquals(newestFirst, list(validator, "?datanet=" + datanet).getList("items.uploadId"));

        // without filters: everyone's reports, newest first, one page of the default size
        JsonPath recent = list(validator, "");
        assertTrue(recent.getInt("total") >= 4);
        assertEquals(20, recent.getInt("size"));
        assertFalse(recent.getList("items").isEmpty());
        assertNewestFirst(recent);
    }

    @Test
    void contributorsAreRefusedAndBadParametersAre400() {
        String owner = "owner-" + UUID.randomUUID();
        String datanet = "d-" + UUID.randomUUID();
        TestEvents.publish(topics.physical(Topics.DATANETS_DEFINED), CloudEvent.of("/test", datanet, new DatanetDefined(
                datanet, "Cooking", "", owner, List.of(), List.of("jsonl"), ReviewMode.OWNER, 0.8, Instant.now(), null)));
        // owners list their datanets' uploads on upload-service; here even the owner is a contributor like any other
        for (String contributor : List.of(owner, "alice")) {
            given().auth().oauth2(TestTokens.contributor(contributor)).get("/api/reports?datanet={d}", datanet)
                    .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        }
        given().get("/api/reports").then().statusCode(401);

        String validator = TestTokens.validator("val");
        given().auth().oauth2(validator).get("/api/reports?verdict=MAYBE").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("verdict"));
        given().auth().oauth2(validator).get("/api/reports?size=0").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("size"));
        given().auth().oauth2(validator).get("/api/reports?size=101").then().statusCode(400)
                .body("parameter", equalTo("size"));
        given().auth().oauth2(validator).get("/api/reports?page=-1").then().statusCode(400)
                .body("parameter", equalTo("page"));
        given().auth().oauth2(validator).get("/api/reports?page=abc").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(validator).get("/api/reports?datanet={d}", datanet).then().statusCode(200)
                .body("total", equalTo(0)).body("items.size()", equalTo(0));
    }

    private String upload(String datanet, String contributor, String fileName, byte[] content, ReviewMode mode)
            throws Exception {
        return ReceivedUploads.publish(topics, blobs, datanet, contributor, fileName, content, mode);
    }

    private static JsonPath list(String token, String query) {
        return given().auth().oauth2(token).get("/api/reports" + query).then().statusCode(200)
                .contentType(ContentType.JSON).extract().jsonPath();
    }

    /** The upload ids of a filtered {@code page}, after checking they come in the order they have in {@code order}. */
    private static Set<String> sortedLike(List<String> order, JsonPath page) {
        List<String> ids = page.getList("items.uploadId");
        assertEquals(ids.size(), page.getInt("total"));
        List<String> byOrder = ids.stream().sorted(java.util.Comparator.comparingInt(order::indexOf)).toList();
        assertEquals(byOrder, ids, "a filtered list keeps the newest-first order");
        return Set.copyOf(ids);
    }

    private static void assertNewestFirst(JsonPath page) {
        List<String> times = page.getList("items.validatedAt");
        for (int i = 1; i < times.size(); i++) {
            assertFalse(Instant.parse(times.get(i)).isAfter(Instant.parse(times.get(i - 1))),
                    "newest first: " + times);
        }
    }
}
