package io.datanet.reputation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.AttributionComputed;
import io.datanet.events.CloudEvent;
import io.datanet.events.ContributorInfluence;
import io.datanet.events.EventJson;
import io.datanet.events.ReputationCause;
import io.datanet.events.ReputationUpdated;
import io.datanet.events.Tier;
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
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Verdicts and attributions arrive as events on the real broker; the reputation is read over HTTP. */
@QuarkusTest
@WithTestResource(DatanetTestResource.class)
class ReputationFlowTest {

    @Inject
    TopicNames topics;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    static final String VIEWER = TestTokens.contributor("viewer");

    static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    CloudEvent<UploadValidated> verdict(String datanet, String upload, String contributor, int version,
                                        Verdict verdict, double quality) {
        CloudEvent<UploadValidated> event = CloudEvent.of("/test", upload, new UploadValidated(upload, datanet,
                contributor, version, verdict, version == 1 ? VerdictSource.VALIDATION : VerdictSource.VALIDATOR_REVIEW,
                quality, 10, verdict == Verdict.ACCEPTED ? 10 : 0, Map.of(), null, null, null, null, Instant.now()));
        publish(event);
        return event;
    }

    void publish(CloudEvent<UploadValidated> event) {
        TestEvents.publish(topics.physical(Topics.UPLOADS_VALIDATED), event);
    }

    static JsonPath contributor(String id) {
        return given().auth().oauth2(VIEWER).get("/api/contributors/{id}?size=100", id)
                .then().statusCode(200).extract().jsonPath();
    }

    static void awaitCounts(String contributor, int accepted, int rejected) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            var response = given().auth().oauth2(VIEWER).get("/api/contributors/{id}", contributor);
            return response.statusCode() == 200
                    && response.jsonPath().getInt("overall.accepted") == accepted
                    && response.jsonPath().getInt("overall.rejected") == rejected;
        });
    }

    List<ReputationUpdated> updatesOf(String contributor) {
        return TestEvents.readAll(topics.physical(Topics.REPUTATION_UPDATED)).stream()
                .filter(r -> contributor.equals(r.key()))
                .map(r -> EventJson.read(r.value(), ReputationUpdated.class)).toList();
    }

    @Test
    void qualityOutranksQuantityAndSpamRanksBelowANewcomer() {
        String datanet = id("d");
        String careful = id("careful");
        String bulk = id("bulk");
        String spammer = id("spammer");
        for (int i = 0; i < 10; i++) {
            verdict(datanet, id("u"), careful, 1, Verdict.ACCEPTED, 0.95);
            verdict(datanet, id("u"), spammer, 1, Verdict.REJECTED, 0);
        }
        for (int i = 0; i < 100; i++) {
            verdict(datanet, id("u"), bulk, 1, i % 2 == 0 ? Verdict.ACCEPTED : Verdict.REJECTED, 0.95);
        }
        awaitCounts(careful, 10, 0);
        awaitCounts(bulk, 50, 50);
        awaitCounts(spammer, 0, 10);

        JsonPath board = given().auth().oauth2(VIEWER).get("/api/leaderboard?datanet={d}", datanet)
                .then().statusCode(200).body("total", equalTo(3)).extract().jsonPath();
        assertEquals(List.of(careful, bulk, spammer), board.getList("items.contributorId"));
        assertEquals(List.of(1, 2, 3), board.getList("items.rank"));
        assertEquals(0.5f, board.getFloat("items[1].acceptanceRate"));

        double spamScore = contributor(spammer).getDouble("overall.score");
        assertTrue(spamScore < 0.5, "below a newcomer's neutral 0.5: " + spamScore);
        assertEquals("RESTRICTED", contributor(spammer).getString("overall.tier"));
        // Every applied verdict was announced, in order, the last one with the current tier.
        await().atMost(Duration.ofSeconds(15)).until(() -> updatesOf(spammer).size() == 10);
        List<ReputationUpdated> updates = updatesOf(spammer);
        assertEquals(Tier.RESTRICTED, updates.get(updates.size() - 1).tier());
        assertEquals(Tier.NEW, updates.get(0).previousTier());
        assertEquals(10, contributor(spammer).getInt("history.total"));

        // Pagination: the second page of one.
        given().auth().oauth2(VIEWER).get("/api/leaderboard?datanet={d}&page=1&size=1", datanet)
                .then().statusCode(200).body("items[0].contributorId", equalTo(bulk)).body("items[0].rank", equalTo(2));
    }

    @Test
    void duplicateDeliveriesChangeNothing() {
        String datanet = id("d");
        String contributor = id("c");
        String upload = id("u");
        CloudEvent<UploadValidated> first = verdict(datanet, upload, contributor, 1, Verdict.ACCEPTED, 0.9);
        publish(first);   // the same event delivered again
        publish(first);
        // The same verdict version under another event id (a producer retry after a crash) is not newer.
        verdict(datanet, upload, contributor, 1, Verdict.ACCEPTED, 0.9);
        String marker = id("u");
        verdict(datanet, marker, contributor, 1, Verdict.REJECTED, 0);   // processed after the duplicates
        awaitCounts(contributor, 1, 1);
        JsonPath page = contributor(contributor);
        assertEquals(2, page.getInt("history.total"), "one history line per effective verdict");
        await().atMost(Duration.ofSeconds(15)).until(() -> updatesOf(contributor).size() == 2);
    }

    @Test
    void anOverrideFlipsTheEffectOfAnUploadExactlyOnce() {
        String datanet = id("d");
        String contributor = id("c");
        String upload = id("u");
        verdict(datanet, upload, contributor, 1, Verdict.ACCEPTED, 0.9);
        awaitCounts(contributor, 1, 0);
        double accepted = contributor(contributor).getDouble("overall.score");

        CloudEvent<UploadValidated> override = verdict(datanet, upload, contributor, 2, Verdict.REJECTED, 0);
        awaitCounts(contributor, 0, 1);
        publish(override);                                                   // redelivered override
        verdict(datanet, upload, contributor, 1, Verdict.ACCEPTED, 0.9);     // a stale first verdict, late
        verdict(datanet, id("u"), contributor, 1, Verdict.ACCEPTED, 0.9);    // a marker behind them
        awaitCounts(contributor, 1, 1);
        JsonPath page = contributor(contributor);
        assertTrue(page.getDouble("overall.score") < accepted);
        // History is newest first.
        assertEquals(List.of("VERDICT", "OVERRIDE", "VERDICT"), page.getList("history.items.kind"));
        assertEquals(List.of(1, -1, 1), page.<Integer>getList("history.items.acceptedDelta"));
        assertEquals(1, page.getList("datanets").size());

        // Downstream consumers read the cause as ids, and the standing in that datanet, on the event itself.
        await().atMost(Duration.ofSeconds(15)).until(() -> updatesOf(contributor).size() == 3);
        List<ReputationUpdated> updates = updatesOf(contributor);
        assertEquals(new ReputationCause("OVERRIDE", upload, null, datanet, override.id()), updates.get(1).cause());
        assertEquals("VERDICT", updates.get(2).cause().kind());
        assertEquals(page.getDouble("datanets[0].score"), updates.get(2).datanetScore(), 1e-3,
                "the event's datanet score is the contributor's standing there");
        assertTrue(updates.get(1).datanetScore() < updates.get(0).datanetScore(), "the override lowered it");
    }

    @Test
    void aWithdrawalUndoesAnAcceptanceOnceKeepsARejectionAndRebuildsTheSame() {
        String datanet = id("d");
        String contributor = id("c");
        String accepted = id("u");
        String rejected = id("u");
        verdict(datanet, accepted, contributor, 1, Verdict.ACCEPTED, 0.9);
        verdict(datanet, rejected, contributor, 1, Verdict.REJECTED, 0.1);
        awaitCounts(contributor, 1, 1);

        withdraw(datanet, accepted, contributor);
        withdraw(datanet, accepted, contributor);   // the same withdrawal again, under another event id
        withdraw(datanet, rejected, contributor);
        awaitCounts(contributor, 0, 1);
        verdict(datanet, accepted, contributor, 2, Verdict.ACCEPTED, 0.9);   // a late verdict: no way back
        verdict(datanet, id("u"), contributor, 1, Verdict.ACCEPTED, 0.5);    // a marker behind it
        awaitCounts(contributor, 1, 1);
        JsonPath page = contributor(contributor);
        // Newest first: the marker, the late verdict (recorded, not counted), the two withdrawals (each once), the
        // rejection and the acceptance.
        assertEquals(List.of("VERDICT", "VERDICT", "WITHDRAWN", "WITHDRAWN", "VERDICT", "VERDICT"),
                page.getList("history.items.kind"));
        assertEquals(List.of(1, 0, 0, -1, 0, 1), page.<Integer>getList("history.items.acceptedDelta"));
        assertEquals(List.of(0, 0, 0, 0, 1, 0), page.<Integer>getList("history.items.rejectedDelta"),
                "the rejection still counts");

        given().auth().oauth2(TestTokens.operator("ops")).post("/api/admin/rebuild").then().statusCode(200)
                .body("differenceCount", equalTo(0)).body("leaderboardsDiffering.size()", equalTo(0));
    }

    @Test
    void aVerdictAndAWithdrawalOfTheSameUploadReadAtOnceCountOnce() {
        // The two topics have consumers of their own, so an upload's verdict and its withdrawal may be applied at the
        // same moment, each starting from an upload nothing is known of. The one that commits second must build on
        // the first: both end counted once, and the withdrawal's repeat (another event id) changes nothing.
        String datanet = id("d");
        String contributor = id("c");
        List<String> uploads = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String upload = id("u");
            uploads.add(upload);
            verdict(datanet, upload, contributor, 1, Verdict.ACCEPTED, 0.8);
            withdraw(datanet, upload, contributor);
        }
        uploads.forEach(upload -> withdraw(datanet, upload, contributor));
        verdict(datanet, id("u"), contributor, 1, Verdict.REJECTED, 0.1);   // a marker behind them
        awaitCounts(contributor, 0, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> contributor(contributor).getInt("history.total") >= 81);
        await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
        JsonPath page = contributor(contributor);
        assertEquals(81, page.getInt("history.total"), "a verdict and a withdrawal per upload, and the marker");
        assertEquals(0, page.getInt("overall.accepted"));
        await().atMost(Duration.ofSeconds(15)).until(() -> updatesOf(contributor).size() >= 81);
        assertEquals(81, updatesOf(contributor).size(), "one announcement per applied event");
    }

    void withdraw(String datanet, String upload, String contributor) {
        TestEvents.publish(topics.physical(Topics.UPLOADS_WITHDRAWN), CloudEvent.of("/test", upload,
                new UploadWithdrawn(upload, datanet, contributor, contributor, UploadWithdrawn.Reason.WITHDRAWN,
                        Instant.now())));
    }

    @Test
    void attributionCountsOncePerJobAndRaisesTheScore() {
        String datanet = id("d");
        String helpful = id("helpful");
        String other = id("other");
        verdict(datanet, id("u"), helpful, 1, Verdict.ACCEPTED, 0.9);
        verdict(datanet, id("u"), other, 1, Verdict.ACCEPTED, 0.9);
        awaitCounts(helpful, 1, 0);
        awaitCounts(other, 1, 0);
        String job = id("job");
        CloudEvent<AttributionComputed> event = CloudEvent.of("/test", job, new AttributionComputed(job, datanet,
                "sha256:s", "sha256:a", "tracin", List.of(new ContributorInfluence(helpful, 0.4, 0.8),
                new ContributorInfluence(other, 0.1, 0.2)), List.of(), Instant.now()));
        String topic = topics.physical(Topics.ATTRIBUTION_COMPUTED);
        TestEvents.publish(topic, event);
        TestEvents.publish(topic, event);
        // The same job announced again under another event id: still counted once.
        TestEvents.publish(topic, CloudEvent.of("/test", job, event.data()));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                contributor(helpful).getDouble("overall.attributionEarned") > 0);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                Math.abs(contributor(helpful).getDouble("overall.attributionEarned") - 0.8) < 1e-9);
        JsonPath board = given().auth().oauth2(VIEWER).get("/api/leaderboard?datanet={d}", datanet)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(helpful, other), board.getList("items.contributorId"));
        assertEquals(2, contributor(helpful).getInt("history.total"));
        ReputationUpdated credited = updatesOf(helpful).stream()
                .filter(update -> "ATTRIBUTION".equals(update.cause().kind())).findFirst().orElseThrow();
        assertEquals(new ReputationCause("ATTRIBUTION", null, job, datanet, event.id()), credited.cause());
    }

    @Test
    void eventsThatCannotBeCountedGoToTheDeadLetterTopic() {
        String contributor = id("c");
        String upload = id("u");
        String bad = "{\"uploadId\":\"" + upload + "\",\"datanetId\":\"d\",\"contributorId\":\"" + contributor
                + "\",\"verdictVersion\":1,\"verdict\":\"ACCEPTED\",\"decidedBy\":\"VALIDATION\",\"qualityScore\":7}";
        RecordHeaders headers = TestEvents.headersOf(CloudEvent.of("/test", upload, new UploadValidated(upload, "d",
                contributor, 1, Verdict.ACCEPTED, VerdictSource.VALIDATION, 0.5, 1, 1, Map.of(), null, null, null,
                null, Instant.now())));
        TestEvents.publishRaw(topics.physical(Topics.UPLOADS_VALIDATED), upload, bad, headers);
        TestEvents.publishRaw(topics.physical(Topics.UPLOADS_VALIDATED), upload, "not json", headers);
        List<ConsumerRecord<String, String>> dead =
                TestEvents.await(topics.physical(Topics.UPLOADS_VALIDATED) + ".dlq", 2, Duration.ofSeconds(30));
        assertTrue(dead.stream().anyMatch(r -> r.value().equals("not json")));
        given().auth().oauth2(VIEWER).get("/api/contributors/{id}", contributor).then().statusCode(404)
                .body("status", equalTo(404));
    }

    @Test
    void rebuildingFromTheTopicsReproducesTheLiveStateAndRepairsIt() throws Exception {
        String datanet = id("d");
        String a = id("a");
        String b = id("b");
        for (int i = 0; i < 12; i++) {
            String upload = id("u");
            verdict(datanet, upload, i % 3 == 0 ? b : a, 1, Verdict.ACCEPTED, 0.5 + i / 30.0);
            if (i % 4 == 0) {
                verdict(datanet, upload, i % 3 == 0 ? b : a, 2, Verdict.REJECTED, 0);
            }
        }
        awaitCounts(a, 6, 2);
        awaitCounts(b, 3, 1);
        String operator = TestTokens.operator("ops");
        given().auth().oauth2(VIEWER).post("/api/admin/rebuild").then().statusCode(403);

        given().auth().oauth2(operator).post("/api/admin/rebuild").then().statusCode(200)
                .body("differenceCount", equalTo(0)).body("leaderboardsDiffering.size()", equalTo(0))
                .body("swapped", equalTo(false));
        String before = given().auth().oauth2(VIEWER).get("/api/leaderboard?datanet={d}", datanet)
                .then().extract().jsonPath().getList("items.contributorId").toString();

        // Damage the live state; the rebuild sees it and a swap repairs it.
        try (Connection db = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword)) {
            db.createStatement().executeUpdate("UPDATE reputation SET accepted = accepted + 40, quality = quality * 3 "
                    + "WHERE contributor_id = '" + b + "'");
        }
        given().auth().oauth2(operator).post("/api/admin/rebuild").then().statusCode(200)
                .body("differenceCount", equalTo(2)).body("leaderboardsDiffering", org.hamcrest.Matchers.hasItem(datanet));
        given().auth().oauth2(operator).post("/api/admin/rebuild?swap=true").then().statusCode(200)
                .body("swapped", equalTo(true));
        given().auth().oauth2(operator).post("/api/admin/rebuild").then().statusCode(200)
                .body("differenceCount", equalTo(0));
        awaitCounts(b, 3, 1);
        assertEquals(before, given().auth().oauth2(VIEWER).get("/api/leaderboard?datanet={d}", datanet)
                .then().extract().jsonPath().getList("items.contributorId").toString());
    }

    @Test
    void badRequestsGetProblems() {
        given().get("/api/leaderboard").then().statusCode(401);
        given().auth().oauth2(VIEWER).get("/api/leaderboard?size=1000").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(VIEWER).get("/api/contributors/{id}", id("nobody")).then().statusCode(404)
                .contentType("application/problem+json");
    }
}
