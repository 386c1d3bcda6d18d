package io.datanet.upload;

import static io.datanet.upload.UploadFixtures.createDatanet;
import static io.datanet.upload.UploadFixtures.jsonl;
import static io.datanet.upload.UploadFixtures.newContributor;
import static io.datanet.upload.UploadFixtures.upload;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.DatanetDefined;
import io.datanet.events.EventJson;
import io.datanet.events.ReviewMode;
import io.datanet.events.Topics;
import io.datanet.events.UploadReceived;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.platform.testing.DatanetTestResource;
import io.datanet.platform.testing.TestEvents;
import io.datanet.platform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A datanet's definition changes (issue 17): its owner or an operator edits it or archives it, each change a new
 * version announced on the compacted definitions topic; uploads carry the definition they arrived under, and an
 * archived datanet takes none.
 */
@QuarkusTest
@WithTestResource(DatanetTestResource.class)
class DatanetLifecycleTest {

    private static final String EDITED = "{\"name\":\"Recipes, edited\",\"description\":\"Weeknight dinners\","
            + "\"tags\":[\"food\",\"dinner\"],\"fileTypes\":[\"jsonl\"],\"reviewMode\":\"owner\","
            + "\"acceptanceThreshold\":0.6,\"validation\":{\"minWords\":5}}";

    @Inject
    TopicNames topics;

    @Test
    void theOwnerEditsADatanetAndEachChangeIsANewVersionOnTheTopic() {
        String owner = newContributor();
        String id = createDatanet(owner, "auto");
        String contributor = newContributor();
        String before = upload(contributor, id, "before.jsonl", jsonl("before")).then().statusCode(202)
                .extract().path("id");

        given().auth().oauth2(TestTokens.contributor(owner)).contentType(ContentType.JSON).body(EDITED)
                .when().put("/api/datanets/" + id)
                .then().statusCode(200).header("ETag", "\"2\"")
                .body("version", equalTo(2)).body("name", equalTo("Recipes, edited"))
                .body("reviewMode", equalTo("owner")).body("acceptanceThreshold", equalTo(0.6f))
                .body("fileTypes", equalTo(List.of("jsonl"))).body("validation.minWords", equalTo(5.0f))
                .body("archivedAt", nullValue());
        given().auth().oauth2(TestTokens.contributor("anyone")).get("/api/datanets/" + id)
                .then().statusCode(200).header("ETag", "\"2\"").body("description", equalTo("Weeknight dinners"));
        String after = upload(contributor, id, "after.jsonl", jsonl("after")).then().statusCode(202)
                .extract().path("id");
        // The datanet no longer takes what it took before the change.
        upload(contributor, id, "notes.txt", "A plain note about stock.").then().statusCode(415);

        List<DatanetDefined> versions = definitions(id, 2);
        assertEquals(List.of(1, 2), versions.stream().map(DatanetDefined::version).toList());
        assertTrue(versions.get(1).definedAt().isAfter(versions.get(0).definedAt()), "later versions are later");
        assertEquals(ReviewMode.OWNER, versions.get(1).reviewMode());
        assertEquals(Map.of("minWords", 5.0), versions.get(1).validationThresholds());
        // Each upload carries the definition it arrived under.
        assertEquals(ReviewMode.AUTO, received(before).reviewMode());
        assertEquals(0.8, received(before).acceptanceThreshold());
        assertEquals(ReviewMode.OWNER, received(after).reviewMode());
        assertEquals(0.6, received(after).acceptanceThreshold());
        assertEquals(Map.of("minWords", 5.0), received(after).validationThresholds());
    }

    @Test
    void onlyTheOwnerAndOperatorsChangeADatanetAndIfMatchGuardsAgainstLostUpdates() {
        String owner = newContributor();
        String id = createDatanet(owner, "auto");
        given().auth().oauth2(TestTokens.contributor("mallory")).contentType(ContentType.JSON).body(EDITED)
                .when().put("/api/datanets/" + id)
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.validator("vera")).when().post("/api/datanets/" + id + "/archive")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.contributor(owner)).contentType(ContentType.JSON).body(EDITED)
                .when().put("/api/datanets/no-such-datanet").then().statusCode(404);

        // Two editors read version 1; the second to write is told, and nothing of hers is written.
        given().auth().oauth2(TestTokens.operator("ops")).contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body(EDITED).when().put("/api/datanets/" + id).then().statusCode(200).body("version", equalTo(2));
        given().auth().oauth2(TestTokens.contributor(owner)).contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body("{\"name\":\"Lost\"}").when().put("/api/datanets/" + id)
                .then().statusCode(412).contentType("application/problem+json").body("version", equalTo(2));
        given().auth().oauth2(TestTokens.contributor(owner)).contentType(ContentType.JSON).header("If-Match", "W/\"2\"")
                .body("{\"name\":\"Kept\"}").when().put("/api/datanets/" + id)
                .then().statusCode(200).body("version", equalTo(3)).body("name", equalTo("Kept"));
        given().auth().oauth2(TestTokens.contributor(owner)).contentType(ContentType.JSON).header("If-Match", "*")
                .body("{\"name\":\"Kept\"}").when().put("/api/datanets/" + id)
                .then().statusCode(400).body("header", equalTo("If-Match"));

        // The same rules as creating one: every problem at once, nothing written.
        given().auth().oauth2(TestTokens.contributor(owner)).contentType(ContentType.JSON)
                .body("{\"name\":\"\",\"acceptanceThreshold\":2}").when().put("/api/datanets/" + id)
                .then().statusCode(422).body("errors", hasKey("name")).body("errors", hasKey("acceptanceThreshold"));
        given().auth().oauth2(TestTokens.contributor(owner)).get("/api/datanets/" + id)
                .then().body("version", equalTo(3)).body("name", equalTo("Kept"));
    }

    @Test
    void anArchivedDatanetTakesNoUploadsAndKeepsWhatItHas() {
        String owner = newContributor();
        String id = createDatanet(owner, "auto");
        String contributor = newContributor();
        String kept = upload(contributor, id, "kept.jsonl", jsonl("kept")).then().statusCode(202).extract().path("id");

        Instant archivedAt = Instant.parse(given().auth().oauth2(TestTokens.contributor(owner))
                .when().post("/api/datanets/" + id + "/archive")
                .then().statusCode(200).body("version", equalTo(2)).body("archivedAt", notNullValue())
                .extract().path("archivedAt"));
        // Archiving again changes nothing: no new version, no new event.
        given().auth().oauth2(TestTokens.operator("ops")).when().post("/api/datanets/" + id + "/archive")
                .then().statusCode(200).body("version", equalTo(2));

        upload(contributor, id, "late.jsonl", jsonl("late")).then().statusCode(409)
                .contentType("application/problem+json").body("type", org.hamcrest.Matchers.endsWith("datanet-archived"));
        given().auth().oauth2(TestTokens.contributor(owner)).contentType(ContentType.JSON).body(EDITED)
                .when().put("/api/datanets/" + id).then().statusCode(409);
        // Its uploads stay, for their contributor and for the owner.
        given().auth().oauth2(TestTokens.contributor(contributor)).get("/api/uploads/" + kept).then().statusCode(200);
        given().auth().oauth2(TestTokens.contributor(owner)).get("/api/datanets/" + id + "/uploads")
                .then().statusCode(200).body("total", equalTo(1));

        List<DatanetDefined> versions = definitions(id, 2);
        assertNull(versions.get(0).archivedAt());
        assertEquals(archivedAt, versions.get(1).archivedAt());
        assertEquals(versions.get(1).definedAt(), versions.get(1).archivedAt());
        assertNotNull(versions.get(1).name());
    }

    /** The datanet's definitions on the topic, in order, once there are {@code count}. */
    private List<DatanetDefined> definitions(String id, int count) {
        List<DatanetDefined> found = await().atMost(Duration.ofSeconds(20)).until(() -> TestEvents
                .readAll(topics.physical(Topics.DATANETS_DEFINED)).stream().filter(r -> id.equals(r.key()))
                .map(r -> EventJson.read(r.value(), DatanetDefined.class)).toList(), list -> list.size() >= count);
        // Give a third, unexpected version time to show up.
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        List<DatanetDefined> all = TestEvents.readAll(topics.physical(Topics.DATANETS_DEFINED)).stream()
                .filter(r -> id.equals(r.key())).map(r -> EventJson.read(r.value(), DatanetDefined.class)).toList();
        assertEquals(count, all.size(), "versions on the topic: " + all);
        return found;
    }

    private UploadReceived received(String uploadId) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> TestEvents
                        .readAll(topics.physical(Topics.UPLOADS_RECEIVED)).stream()
                        .map(r -> EventJson.read(r.value(), UploadReceived.class))
                        .filter(e -> uploadId.equals(e.uploadId())).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
    }
}
