package io.datanet.upload;

import static io.datanet.upload.UploadFixtures.createDatanet;
import static io.datanet.upload.UploadFixtures.jsonl;
import static io.datanet.upload.UploadFixtures.newContributor;
import static io.datanet.upload.UploadFixtures.upload;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.datanet.events.CloudEvent;
import io.datanet.events.EventJson;
import io.datanet.events.ReputationUpdated;
import io.datanet.events.ReviewDecision;
import io.datanet.events.Tier;
import io.datanet.events.Topics;
import io.datanet.events.UploadReviewed;
import io.datanet.events.UploadValidated;
import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
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
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** Status follows the verdicts and reviews that arrive over Kafka; tiers from reputation scale the quotas. */
@QuarkusTest
@WithTestResource(DatanetTestResource.class)
class UploadLifecycleTest {

    @Inject
    TopicNames topics;

    private void verdict(String upload, String datanet, String contributor, int version, Verdict verdict) {
        TestEvents.publish(topics.physical(Topics.UPLOADS_VALIDATED), CloudEvent.of("/test", upload,
                new UploadValidated(upload, datanet, contributor, version, verdict, VerdictSource.VALIDATION, 0.75, 4,
                        3, Map.of("pii.email", 1), null, null, null, null, Instant.now())));
    }

    private void awaitStatus(String contributor, String upload, String status) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestTokens.contributor(contributor))
                .get("/api/uploads/" + upload).then().statusCode(200).body("status", equalTo(status)));
    }

    @Test
    void theHighestVerdictVersionWinsAndRedeliveryChangesNothing() {
        String contributor = newContributor();
        String datanet = createDatanet(newContributor(), "auto");
        String upload = upload(contributor, datanet, "a.jsonl", jsonl("thyme")).then().statusCode(202).extract().path("id");

        verdict(upload, datanet, contributor, 2, Verdict.REJECTED);
        awaitStatus(contributor, upload, "REJECTED");
        given().auth().oauth2(TestTokens.contributor(contributor)).get("/api/uploads/" + upload)
                .then().body("qualityScore", equalTo(0.75f)).body("reasonCounts.'pii.email'", equalTo(1));

        verdict(upload, datanet, contributor, 1, Verdict.ACCEPTED);      // older version, arriving late
        verdict(upload, datanet, contributor, 3, Verdict.ACCEPTED);
        awaitStatus(contributor, upload, "ACCEPTED");

        // A RECEIVED upload no longer counts as pending once it has a verdict.
        given().auth().oauth2(TestTokens.contributor(contributor)).get("/api/quota")
                .then().body("usage.pending", equalTo(0));
    }

    @Test
    void aPoisonVerdictGoesToTheDeadLetterTopicAndTheConsumerCarriesOn() {
        String contributor = newContributor();
        String datanet = createDatanet(newContributor(), "auto");
        String upload = upload(contributor, datanet, "p.jsonl", jsonl("poison")).then().statusCode(202).extract().path("id");
        TestEvents.publishRaw(topics.physical(Topics.UPLOADS_VALIDATED), contributor, "{not json", new RecordHeaders());
        verdict(upload, datanet, contributor, 1, Verdict.ACCEPTED);
        awaitStatus(contributor, upload, "ACCEPTED");
        TestEvents.await(topics.physical(Topics.deadLetter(Topics.UPLOADS_VALIDATED)), 1, Duration.ofSeconds(20));
    }

    @Test
    void theDatanetOwnerReviewsPendingUploadsAndTheDecisionIsPublished() {
        String owner = newContributor();
        String contributor = newContributor();
        String datanet = createDatanet(owner, "owner");
        String upload = upload(contributor, datanet, "r.jsonl", jsonl("basil")).then().statusCode(202).extract().path("id");

        String body = "{\"decision\":\"APPROVE\",\"comment\":\"looks good\"}";
        given().auth().oauth2(TestTokens.contributor(owner)).contentType(ContentType.JSON).body(body)
                .post("/api/uploads/" + upload + "/review").then().statusCode(409)      // no verdict known here yet
                .header("Retry-After", "1").body("type", org.hamcrest.Matchers.endsWith("/verdict-not-yet-known"));

        verdict(upload, datanet, contributor, 1, Verdict.PENDING_REVIEW);
        awaitStatus(contributor, upload, "PENDING_REVIEW");

        given().auth().oauth2(TestTokens.contributor(contributor)).contentType(ContentType.JSON).body(body)
                .post("/api/uploads/" + upload + "/review").then().statusCode(403);     // uploader is not the owner
        given().auth().oauth2(TestTokens.contributor(newContributor())).contentType(ContentType.JSON).body(body)
                .post("/api/uploads/" + upload + "/review").then().statusCode(404);     // a stranger sees nothing
        given().auth().oauth2(TestTokens.contributor(owner)).contentType(ContentType.JSON).body("{\"comment\":\"x\"}")
                .post("/api/uploads/" + upload + "/review").then().statusCode(422);
        given().auth().oauth2(TestTokens.contributor(owner)).contentType(ContentType.JSON).body(body)
                .post("/api/uploads/" + upload + "/review").then().statusCode(202);
        given().auth().oauth2(TestTokens.contributor(owner)).contentType(ContentType.JSON).body(body)
                .post("/api/uploads/" + upload + "/review").then().statusCode(409)      // reviewed once
                .body("type", org.hamcrest.Matchers.endsWith("/already-reviewed"));

        // Other test classes publish reviews on the same topic: wait for this upload's.
        UploadReviewed reviewed = await().atMost(Duration.ofSeconds(20)).until(() -> TestEvents
                .readAll(topics.physical(Topics.UPLOADS_REVIEWED)).stream()
                .map(r -> EventJson.read(r.value(), UploadReviewed.class))
                .filter(r -> r.uploadId().equals(upload)).findFirst(), java.util.Optional::isPresent).orElseThrow();
        org.junit.jupiter.api.Assertions.assertEquals(ReviewDecision.APPROVE, reviewed.decision());
        org.junit.jupiter.api.Assertions.assertEquals(owner, reviewed.reviewerId());
    }

    @Test
    void reputationTiersScaleTheQuotasAndTheNewestAnnouncementWins() {
        String contributor = newContributor();
        Instant now = Instant.now();
        TestEvents.publish(topics.physical(Topics.REPUTATION_UPDATED), CloudEvent.of("/test", contributor,
                new ReputationUpdated(contributor, 0.9, 0.5, Tier.EXPERT, Tier.NEW, 10, 0, 0.2, "test", now, null, null)));
        TestEvents.publish(topics.physical(Topics.REPUTATION_UPDATED), CloudEvent.of("/test", contributor,
                new ReputationUpdated(contributor, 0.1, 0.5, Tier.RESTRICTED, Tier.NEW, 0, 9, 0, "stale", now.minusSeconds(60), null, null)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestTokens.contributor(contributor))
                .get("/api/quota").then().statusCode(200).body("tier", equalTo("EXPERT"))
                .body("limits.filesPerDay", equalTo(80)).body("limits.maxPending", equalTo(20))
                .body("limits.maxFileBytes", equalTo(5242880)));
    }
}
