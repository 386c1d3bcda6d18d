package io.datanet.upload;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datanet.events.CloudEventHeaders;
import io.datanet.events.DatanetDefined;
import io.datanet.events.EventJson;
import io.datanet.events.ReviewMode;
import io.datanet.events.Topics;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.platform.testing.DatanetTestResource;
import io.datanet.platform.testing.TestEvents;
import io.datanet.platform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DatanetTestResource.class)
class DatanetResourceTest {

    @Inject
    TopicNames topics;

    @Test
    void creatingADatanetStoresItAndPublishesItsDefinition() {
        String id = given().auth().oauth2(TestTokens.contributor("alice"))
                .contentType(ContentType.JSON)
                .body("{\"name\":\"Cooking\",\"description\":\"recipes\",\"tags\":[\"Food\"],"
                        + "\"fileTypes\":[\".JSONL\",\"txt\"],\"reviewMode\":\"owner\","
                        + "\"validation\":{\"minWords\":8,\"maxTopBigramShare\":0.3},\"license\":\"CC-BY-4.0\"}")
                .when().post("/api/datanets")
                .then().statusCode(201)
                .body("license", equalTo("cc-by-4.0"))
                .header("Location", containsString("/api/datanets/"))
                .body("ownerId", equalTo("alice"))
                .body("reviewMode", equalTo("owner"))
                .body("fileTypes", equalTo(List.of("jsonl", "txt")))
                .body("tags", equalTo(List.of("food")))
                .body("validation.minWords", equalTo(8.0f))
                .extract().path("id");

        given().auth().oauth2(TestTokens.contributor("bob"))
                .when().get("/api/datanets/" + id)
                .then().statusCode(200).body("name", equalTo("Cooking")).body("acceptanceThreshold", equalTo(0.8f));

        // Other test classes share the topic (they create datanets too): this datanet's record, keyed by its id.
        ConsumerRecord<String, String> record = await().atMost(Duration.ofSeconds(20)).until(() -> TestEvents
                .readAll(topics.physical(Topics.DATANETS_DEFINED)).stream().filter(r -> id.equals(r.key())).findFirst(),
                Optional::isPresent).orElseThrow();
        assertEquals("io.datanet.datanet.defined.v1", TestEvents.header(record, CloudEventHeaders.TYPE));
        assertEquals("1.0", TestEvents.header(record, CloudEventHeaders.SPEC_VERSION));
        assertEquals("/datanet/upload-service", TestEvents.header(record, CloudEventHeaders.SOURCE));
        DatanetDefined event = EventJson.read(record.value(), DatanetDefined.class);
        assertEquals(ReviewMode.OWNER, event.reviewMode());
        assertEquals("alice", event.ownerId());
        assertEquals(java.util.Map.of("minWords", 8.0, "maxTopBigramShare", 0.3), event.validationThresholds());
        assertEquals("cc-by-4.0", event.license());
    }

    @Test
    void aDatanetThatNamesNoLicenceHasAnUnknownOne() {
        given().auth().oauth2(TestTokens.contributor("alice")).contentType(ContentType.JSON)
                .body("{\"name\":\"Unlicensed\"}")
                .when().post("/api/datanets")
                .then().statusCode(201).body("license", equalTo("unknown"));
    }

    @Test
    void anInvalidDefinitionIsA422ListingEveryProblem() {
        given().auth().oauth2(TestTokens.contributor("alice"))
                .contentType(ContentType.JSON)
                .body("{\"name\":\"\",\"fileTypes\":[\"exe\"],\"acceptanceThreshold\":2,"
                        + "\"validation\":{\"minWords\":8.5,\"loudness\":11},\"license\":\"do-what-you-like\"}")
                .when().post("/api/datanets")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/unprocessable-content"))
                .body("errors", hasKey("name"))
                .body("errors", hasKey("fileTypes"))
                .body("errors", hasKey("acceptanceThreshold"))
                .body("errors", hasKey("validation.minWords"))
                .body("errors", hasKey("validation.loudness"))
                .body("errors.license", containsString("cc-by-4.0"));
    }

    @Test
    void malformedJsonIsA400Problem() {
        given().auth().oauth2(TestTokens.contributor("alice"))
                .contentType(ContentType.JSON).body("{\"name\": ")
                .when().post("/api/datanets")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void requestsWithoutAValidTokenAre401Problems() {
        given().when().get("/api/datanets")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().auth().oauth2(TestTokens.expired("alice", "contributor")).when().get("/api/datanets")
                .then().statusCode(401);
        given().auth().oauth2("not.a.token").when().get("/api/datanets")
                .then().statusCode(401);
    }

    /** Signed tokens whose claims break the token rules (platform's TokenRules): 401 naming the rule, never 500. */
    @Test
    void aSignedTokenBreakingTheRulesIsA401NamingTheRule() {
        var tokens = io.datanet.platform.testing.HostileInputs.tokensBreakingTheRules("alice");
        given().header("Authorization", tokens.get("a token with an empty sub")).contentType(ContentType.JSON)
                .body("{\"name\":\"x\"}").post("/api/datanets")
                .then().statusCode(401).contentType("application/problem+json")
                .body("detail", equalTo("the bearer token is not accepted: the token's sub must not be empty"));
        given().header("Authorization", tokens.get("a token with groups [\"admin\"]")).get("/api/quota")
                .then().statusCode(401).body("detail", containsString("groups claim names none of the roles"));
        given().header("Authorization", tokens.get("a token issued a year from now")).get("/api/uploads")
                .then().statusCode(401).body("detail", containsString("iat is in the future"));
        given().header("Authorization", tokens.get("a token for another audience")).get("/api/uploads")
                .then().statusCode(401).body("detail", equalTo("a valid bearer token is required"));
    }

    @Test
    void unknownDatanetIsA404Problem() {
        given().auth().oauth2(TestTokens.contributor("alice"))
                .when().get("/api/datanets/nope")
                .then().statusCode(404).contentType("application/problem+json")
                .body("instance", equalTo("/api/datanets/nope"));
    }

    @Test
    void listsArePaginatedAndBadPageParametersAre400() {
        given().auth().oauth2(TestTokens.contributor("alice")).when().get("/api/datanets?page=0&size=5")
                .then().statusCode(200).body("page", equalTo(0)).body("size", equalTo(5));
        given().auth().oauth2(TestTokens.contributor("alice")).when().get("/api/datanets?size=1000")
                .then().statusCode(400).body("parameter", equalTo("size"));
    }
}
