package io.datanet.upload;

import static io.datanet.upload.UploadFixtures.createDatanet;
import static io.datanet.upload.UploadFixtures.jsonl;
import static io.datanet.upload.UploadFixtures.newContributor;
import static io.datanet.upload.UploadFixtures.upload;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datanet.events.CloudEvent;
import io.datanet.events.EventJson;
import io.datanet.events.Topics;
import io.datanet.events.UploadValidated;
import io.datanet.events.UploadWithdrawn;
import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Withdrawal (issue 17): a contributor takes her upload back, once, announced by {@code upload.withdrawn}; no one
 * else may; a later verdict leaves it withdrawn; it keeps its content refused. An operator erases all of a
 * contributor's uploads on request, with an audit line.
 */
@QuarkusTest
@WithTestResource(DatanetTestResource.class)
class WithdrawalTest {

    @Inject
    TopicNames topics;
    @Inject
    Pool database;

    @Test
    void aContributorWithdrawsHerUploadOnceAndItStaysWithdrawn() {
        String owner = newContributor();
        String datanet = createDatanet(owner, "auto");
        String contributor = newContributor();
        String content = jsonl("withdrawn " + UUID.randomUUID());
        String id = upload(contributor, datanet, "mine.jsonl", content).then().statusCode(202).extract().path("id");
        String token = TestTokens.contributor(contributor);

        given().auth().oauth2(token).post("/api/uploads/" + id + "/withdraw").then().statusCode(200)
                .body("status", equalTo("WITHDRAWN")).body("withdrawnAt", notNullValue());
        String first = given().auth().oauth2(token).get("/api/uploads/" + id).then().statusCode(200)
                .body("status", equalTo("WITHDRAWN")).extract().path("withdrawnAt");
        // Again: the same answer, and nothing more announced.
        given().auth().oauth2(token).post("/api/uploads/" + id + "/withdraw").then().statusCode(200)
                .body("withdrawnAt", equalTo(first));
        List<UploadWithdrawn> events = withdrawals(id, 1);
        assertEquals(UploadWithdrawn.Reason.WITHDRAWN, events.get(0).reason());
        assertEquals(contributor, events.get(0).requestedBy());
        assertEquals(datanet, events.get(0).datanetId());
        given().auth().oauth2(token).get("/api/uploads?status=withdrawn&datanet=" + datanet).then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(id));

        // Validation's verdict, judged before it learnt of the withdrawal, arrives late: recorded, still WITHDRAWN.
        TestEvents.publish(topics.physical(Topics.UPLOADS_VALIDATED), CloudEvent.of("/test", id, new UploadValidated(
                id, datanet, contributor, 1, Verdict.ACCEPTED, VerdictSource.VALIDATION, 0.9, 2, 2, Map.of(),
                null, null, null, null, Instant.now())));
        await().atMost(Duration.ofSeconds(20)).until(() -> verdictVersion(id) == 1);
        given().auth().oauth2(token).get("/api/uploads/" + id).then().body("status", equalTo("WITHDRAWN"));

        // Withdrawing buys no second try: the same content is still the duplicate of the withdrawn upload.
        upload(contributor, datanet, "again.jsonl", content).then().statusCode(409);
    }

    @Test
    void onlyItsContributorWithdrawsAnUpload() {
        String owner = newContributor();
        String datanet = createDatanet(owner, "auto");
        String contributor = newContributor();
        String id = upload(contributor, datanet, "mine.jsonl", jsonl("guarded " + UUID.randomUUID()))
                .then().statusCode(202).extract().path("id");
        String path = "/api/uploads/" + id + "/withdraw";
        given().auth().oauth2(TestTokens.contributor(newContributor())).post(path).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.contributor(owner)).post(path).then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.operator("op")).post(path).then().statusCode(403);
        given().post(path).then().statusCode(401);
        given().auth().oauth2(TestTokens.contributor(contributor)).post("/api/uploads/nope/withdraw")
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.contributor(contributor)).get("/api/uploads/" + id)
                .then().body("status", equalTo("RECEIVED"));
    }

    @Test
    void anOperatorErasesAContributorsUploadsOnRequestWithAnAuditLine() {
        String datanet = createDatanet(newContributor(), "auto");
        String contributor = newContributor();
        String token = TestTokens.contributor(contributor);
        String a = upload(contributor, datanet, "a.jsonl", jsonl("erase a " + UUID.randomUUID())).then().statusCode(202).extract().path("id");
        String b = upload(contributor, datanet, "b.jsonl", jsonl("erase b " + UUID.randomUUID())).then().statusCode(202).extract().path("id");
        String c = upload(contributor, datanet, "c.jsonl", jsonl("erase c " + UUID.randomUUID())).then().statusCode(202).extract().path("id");
        given().auth().oauth2(token).post("/api/uploads/" + a + "/withdraw").then().statusCode(200);
        String erasure = "/api/contributors/" + contributor + "/erasure";

        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"reference\":\"mine\"}").post(erasure)
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.operator("op")).contentType(ContentType.JSON).body("{}").post(erasure)
                .then().statusCode(422).body("field", equalTo("reference"));
        given().auth().oauth2(TestTokens.operator("op")).contentType(ContentType.JSON)
                .body("{\"reference\":\"line\\nbreak\"}").post(erasure).then().statusCode(422);
        given().auth().oauth2(TestTokens.operator("op")).contentType(ContentType.JSON)
                .body("{\"reference\":\"ticket 4711\"}").post(erasure)
                .then().statusCode(200).body("uploads", equalTo(2)).body("contributorId", equalTo(contributor))
                .body("requestedBy", equalTo("op")).body("reference", equalTo("ticket 4711"));

        for (String id : List.of(a, b, c)) {
            given().auth().oauth2(token).get("/api/uploads/" + id).then().body("status", equalTo("WITHDRAWN"));
        }
        assertEquals(UploadWithdrawn.Reason.WITHDRAWN, withdrawals(a, 1).get(0).reason(), "withdrawn before, not again");
        for (String id : List.of(b, c)) {
            UploadWithdrawn erased = withdrawals(id, 1).get(0);
            assertEquals(UploadWithdrawn.Reason.ERASED, erased.reason());
            assertEquals("op", erased.requestedBy());
        }
        var audit = database.preparedQuery("SELECT requested_by, reference, uploads FROM erasure WHERE contributor_id = $1")
                .execute(Tuple.of(contributor)).await().indefinitely().iterator().next();
        assertEquals(Set.of("op", "ticket 4711", 2), Set.of(audit.getString(0), audit.getString(1), audit.getInteger(2)));
        // Erasing again finds nothing more to erase, and says so in its own audit line.
        given().auth().oauth2(TestTokens.operator("op")).contentType(ContentType.JSON)
                .body("{\"reference\":\"ticket 4711, again\"}").post(erasure).then().statusCode(200).body("uploads", equalTo(0));
    }

    private List<UploadWithdrawn> withdrawals(String uploadId, int count) {
        List<UploadWithdrawn> found = await().atMost(Duration.ofSeconds(20)).until(() -> read(uploadId), l -> l.size() >= count);
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true); // time for an unexpected second one to show
        List<UploadWithdrawn> all = read(uploadId);
        assertEquals(count, all.size(), "withdrawals of " + uploadId + ": " + all);
        return found;
    }

    private List<UploadWithdrawn> read(String uploadId) {
        return TestEvents.readAll(topics.physical(Topics.UPLOADS_WITHDRAWN)).stream()
                .map(r -> EventJson.read(r.value(), UploadWithdrawn.class))
                .filter(e -> e.uploadId().equals(uploadId)).collect(Collectors.toList());
    }

    private int verdictVersion(String uploadId) {
        return database.preparedQuery("SELECT verdict_version FROM upload WHERE id = $1").execute(Tuple.of(uploadId))
                .await().indefinitely().iterator().next().getInteger(0);
    }
}
