package io.datanet.training;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.CloudEvent;
import io.datanet.events.DatanetDefined;
import io.datanet.events.ReputationUpdated;
import io.datanet.events.ReviewMode;
import io.datanet.events.Tier;
import io.datanet.events.Topics;
import io.datanet.events.UploadValidated;
import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.platform.testing.DatanetTestResource;
import io.datanet.platform.testing.TestEvents;
import io.datanet.platform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The limits on jobs (README, "Limits"), at their defaults: 2 active jobs per datanet, 3 per requester, a daily
 * compute budget of 20,000 units at tier NEW. Without a worker, so queued jobs stay queued until a test ends them.
 */
@QuarkusTest
@TestProfile(WithoutWorker.class)
@WithTestResource(DatanetTestResource.class)
class JobLimitsTest {

    /** rank 64 on all three modules for 10 epochs: 1000 x 11 x (1 + 192/344) = 17,140 units, under NEW's 20,000. */
    static final String BIG = ",\"rank\":64,\"epochs\":10";

    @Inject
    TopicNames topics;
    @Inject
    Pool database;

    @Test
    void aDatanetHoldsTwoActiveJobsAndAnEndedJobFreesItsSlot() {
        String owner = "owner-" + UUID.randomUUID();
        String datanet = readyDatanet(owner, 5);
        String token = TestTokens.contributor(owner);
        String first = queued(submit(token, datanet, 1));
        String second = queued(submit(token, datanet, 2));
        limited(submit(token, datanet, 3), "active-jobs-per-datanet").header("Retry-After", nullValue());
        // Operators are held to a datanet's limit too.
        limited(submit(TestTokens.operator("ops-" + UUID.randomUUID()), datanet, 3), "active-jobs-per-datanet");
        assertEquals(2, jobsOf(datanet));

        given().auth().oauth2(token).post("/api/jobs/{id}/cancel", first).then().statusCode(200);
        String third = queued(submit(token, datanet, 3));
        // A running job holds its slot; one that ended (as the worker ends it) frees it.
        setStatus(third, "RUNNING");
        limited(submit(token, datanet, 4), "active-jobs-per-datanet");
        setStatus(second, "SUCCEEDED");
        queued(submit(token, datanet, 4));
        setStatus(third, "FAILED");
        queued(submit(token, datanet, 5));
        assertEquals(2, jobsOf(datanet));
    }

    @Test
    void aRequesterHoldsThreeActiveJobsOverAllDatanetsAndOperatorsAreExempt() {
        String owner = "owner-" + UUID.randomUUID();
        String token = TestTokens.contributor(owner);
        List<String> datanets = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            datanets.add(readyDatanet(owner, 5));
        }
        String cancelled = null;
        for (int i = 0; i < 3; i++) {
            String job = queued(submit(token, datanets.get(i), 1));
            cancelled = cancelled == null ? job : cancelled;
        }
        limited(submit(token, datanets.get(3), 1), "active-jobs-per-requester").body("limitValue", equalTo(3));
        assertEquals(0, jobsOf(datanets.get(3)));
        // Refused, nothing was stored: not even the snapshot the job would have trained on.
        assertEquals(0, count("SELECT count(*) FROM dataset_snapshot WHERE datanet_id = $1", datanets.get(3)));
        // An operator has no per-requester limit: four jobs of one operator on four datanets.
        String operator = TestTokens.operator("ops-" + UUID.randomUUID());
        for (String datanet : datanets) {
            queued(submit(operator, datanet, 9));
        }
        given().auth().oauth2(token).post("/api/jobs/{id}/cancel", cancelled).then().statusCode(200);
        queued(submit(token, datanets.get(3), 1));
    }

    @Test
    void theDailyComputeBudgetScalesWithTheTierAnnounced() {
        String plain = "plain-" + UUID.randomUUID();
        String trusted = "trusted-" + UUID.randomUUID();
        announce(trusted, Tier.TRUSTED);
        List<String> plainDatanets = List.of(readyDatanet(plain, 1000), readyDatanet(plain, 1000));
        List<String> trustedDatanets = List.of(readyDatanet(trusted, 1000), readyDatanet(trusted, 1000));
        awaitTier(trusted, "TRUSTED");

        // 1,000 records also made each datanet due for an automatic job (20 in tests): it is charged to no one.
        // NEW (no announcement): 20,000 units a day, so one 17,140-unit job and not a second.
        String plainToken = TestTokens.contributor(plain);
        String first = queued(submit(plainToken, plainDatanets.get(0), 1, BIG));
        given().auth().oauth2(plainToken).get("/api/jobs/{id}", first).then().body("computeCost", equalTo(17140));
        Response refused = limited(submit(plainToken, plainDatanets.get(1), 1, BIG), "compute-per-day")
                .body("limitValue", equalTo(20000)).body("cost", equalTo(17140)).body("spentToday", equalTo(17140))
                .body("tier", equalTo("NEW")).header("Retry-After", notNullValue()).extract().response();
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 86_400, "Retry-After " + retryAfter + " is not until midnight UTC");
        // Twenty epochs (32,721 units) do not fit in any day at NEW: 422, not a wait.
        given().auth().oauth2(plainToken).contentType(ContentType.JSON)
                .body("{\"datanetId\":\"" + plainDatanets.get(1) + "\",\"rank\":64,\"epochs\":20}").post("/api/jobs")
                .then().statusCode(422).contentType("application/problem+json").body("limit", equalTo("compute-per-day"))
                .body("cost", equalTo(32721));
        // A job cancelled before it started used nothing: its units come back.
        given().auth().oauth2(plainToken).post("/api/jobs/{id}/cancel", first).then().statusCode(200);
        queued(submit(plainToken, plainDatanets.get(1), 1, BIG));

        // TRUSTED: twice the budget, so both jobs.
        String trustedToken = TestTokens.contributor(trusted);
        queued(submit(trustedToken, trustedDatanets.get(0), 1, BIG));
        queued(submit(trustedToken, trustedDatanets.get(1), 1, BIG));
    }

    @Test
    void theNewestTierAnnouncementWinsAndEachIsAppliedOnce() {
        String contributor = "c-" + UUID.randomUUID();
        CloudEvent<ReputationUpdated> expert = event(contributor, Tier.EXPERT, Instant.now());
        TestEvents.publish(topics.physical(Topics.REPUTATION_UPDATED), expert);
        TestEvents.publish(topics.physical(Topics.REPUTATION_UPDATED), expert);   // redelivered
        CloudEvent<ReputationUpdated> older = event(contributor, Tier.RESTRICTED, Instant.now().minusSeconds(3600));
        TestEvents.publish(topics.physical(Topics.REPUTATION_UPDATED), older);    // late
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM processed_event "
                + "WHERE consumer = 'training-service.tiers' AND event_id = ANY($1)",
                new String[] {expert.id(), older.id()}) == 2);
        awaitTier(contributor, "EXPERT");
    }

    @Test
    void concurrentRequestsNeverExceedTheLimits() throws Exception {
        // One requester, 16 requests at once over 4 datanets: exactly 3 queued, never more than 2 on a datanet.
        String owner = "owner-" + UUID.randomUUID();
        String token = TestTokens.contributor(owner);
        List<String> datanets = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            datanets.add(readyDatanet(owner, 5));
        }
        List<Integer> statuses = race(16, n -> submit(token, datanets.get(n % 4), n).statusCode());
        assertEquals(3, statuses.stream().filter(s -> s == 202).count(), "statuses " + statuses);
        assertEquals(13, statuses.stream().filter(s -> s == 429).count(), "statuses " + statuses);
        for (String datanet : datanets) {
            assertTrue(jobsOf(datanet) <= 2, datanet + " has " + jobsOf(datanet) + " jobs");
        }
        // Operators (no per-requester limit) racing on one datanet: exactly its 2.
        String datanet = readyDatanet(owner, 5);
        List<Integer> operators = race(8, n -> submit(TestTokens.operator("ops-" + n), datanet, n).statusCode());
        assertEquals(2, operators.stream().filter(s -> s == 202).count(), "statuses " + operators);
        assertEquals(6, operators.stream().filter(s -> s == 429).count(), "statuses " + operators);
        assertEquals(2, jobsOf(datanet));
    }

    @Test
    void theSameJobRequestedFourTimesAtOnceIsQueuedOnce() throws Exception {
        // One queued, three told it exists. Before the datanet lock, requests that froze the same new snapshot at
        // once collided on its primary key: 500s.
        String fresh = readyDatanet("owner-" + UUID.randomUUID(), 5);
        String operator = TestTokens.operator("ops-" + UUID.randomUUID());
        List<Integer> same = race(4, n -> submit(operator, fresh, 7).statusCode());
        assertEquals(List.of(202, 409, 409, 409), same.stream().sorted().toList());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    interface Attempt {
        int send(int n) throws Exception;
    }

    private static List<Integer> race(int requests, Attempt attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                int n = i;
                futures.add(pool.submit(() -> attempt.send(n)));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : futures) {
                statuses.add(f.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Response submit(String token, String datanet, long seed) {
        return submit(token, datanet, seed, "");
    }

    private static Response submit(String token, String datanet, long seed, String more) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"datanetId\":\"" + datanet + "\",\"seed\":" + seed + more + "}").post("/api/jobs");
    }

    private static String queued(Response response) {
        assertEquals(202, response.statusCode(), response.asString());
        return response.path("id");
    }

    private static io.restassured.response.ValidatableResponse limited(Response response, String limit) {
        return response.then().statusCode(429).contentType("application/problem+json").body("status", equalTo(429))
                .body("limit", equalTo(limit));
    }

    /** A datanet of {@code owner} with one accepted upload of {@code records} records, once both have arrived. */
    private String readyDatanet(String owner, int records) {
        String id = "d-" + UUID.randomUUID();
        TestEvents.publish(topics.physical(Topics.DATANETS_DEFINED), CloudEvent.of("/test", id, new DatanetDefined(id,
                "Cooking", "", owner, List.of(), List.of("jsonl"), ReviewMode.AUTO, 0.8, Instant.now(), null)));
        String upload = "u-" + UUID.randomUUID();
        TestEvents.publish(topics.physical(Topics.UPLOADS_VALIDATED), CloudEvent.of("/test", upload,
                new UploadValidated(upload, id, "alice", 1, Verdict.ACCEPTED, VerdictSource.VALIDATION, 0.9, records,
                        records, Map.of(), "sha256:" + "ab".repeat(32), "ab".repeat(32), null, null, Instant.now())));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM datanet WHERE id = $1", id) == 1
                && count("SELECT count(*) FROM dataset_upload WHERE datanet_id = $1 AND active", id) == 1);
        return id;
    }

    private static CloudEvent<ReputationUpdated> event(String contributor, Tier tier, Instant at) {
        return CloudEvent.of("/test", contributor, new ReputationUpdated(contributor, 0.5, 0.5, tier, Tier.NEW, 1, 0,
                0, "test", at, null, null));
    }

    private void announce(String contributor, Tier tier) {
        TestEvents.publish(topics.physical(Topics.REPUTATION_UPDATED), event(contributor, tier, Instant.now()));
    }

    private void awaitTier(String contributor, String tier) {
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM contributor_tier "
                + "WHERE contributor_id = $1 AND tier = '" + tier + "'", contributor) == 1);
    }

    /** What the worker does when a job starts or ends (TrainingWorkerTest runs the real worker). */
    private void setStatus(String job, String status) {
        database.preparedQuery("UPDATE training_job SET status = $2, started_at = coalesce(started_at, now()), "
                + "finished_at = CASE WHEN $2 IN ('SUCCEEDED', 'FAILED') THEN now() END WHERE id = $1")
                .execute(Tuple.of(job, status)).await().atMost(Duration.ofSeconds(10));
    }

    private long jobsOf(String datanet) {
        return count("SELECT count(*) FROM training_job WHERE datanet_id = $1 AND status IN ('QUEUED', 'RUNNING')",
                datanet);
    }

    private long count(String query, Object parameter) {
        return database.preparedQuery(query).execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }
}
