package io.datanet.training;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.CloudEvent;
import io.datanet.events.JobStatus;
import io.datanet.events.Topics;
import io.datanet.events.UploadValidated;
import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.platform.testing.DatanetTestResource;
import io.datanet.platform.testing.TestEvents;
import io.datanet.platform.testing.TestTokens;
import io.datanet.training.job.JobProgress;
import io.datanet.training.worker.JobLeases;
import io.datanet.training.worker.JobLeases.LeaseLostException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/jobs/{id}/progress}: the loss curve the worker's heartbeats record, driven here through the worker's
 * own lease operations (no worker runs in this profile): one point per heartbeat in step order, one per step when a
 * resumed attempt re-runs steps after its checkpoint, nothing from a superseded attempt; thinned past 1000 points.
 */
@QuarkusTest
@TestProfile(WithoutWorker.class)
@WithTestResource(DatanetTestResource.class)
class JobProgressTest {

    @Inject
    TopicNames topics;
    @Inject
    JobLeases leases;

    @Test
    void eachHeartbeatLeavesAPointAndAResumedAttemptReplacesTheStepsItReruns() throws Throwable {
        String job = queuedJob(1);
        String reader = TestTokens.contributor("reader-" + UUID.randomUUID());
        given().auth().oauth2(reader).get("/api/jobs/{id}/progress", job).then().statusCode(200)
                .body("jobId", equalTo(job)).body("total", equalTo(0)).body("points.size()", equalTo(0));

        int first = claim(job);
        beat(job, first, 5, 3.0);
        beat(job, first, 10, 2.8);
        run(() -> leases.checkpointed(job, first, 12, "sha256:" + "cd".repeat(32),
                "[{\"step\":12,\"address\":\"sha256:" + "cd".repeat(32) + "\"}]"));
        beat(job, first, 15, 2.6);
        beat(job, first, 20, 2.4);
        JsonPath before = progress(job);
        assertEquals(List.of(5, 10, 15, 20), before.getList("points.step"));
        assertEquals(List.of(3.0f, 2.8f, 2.6f, 2.4f), before.getList("points.loss"));
        assertEquals(100.0f, before.getFloat("points[0].tokensPerSecond"));
        assertNotNull(Instant.parse(before.getString("points[0].recordedAt")));

        // The first attempt's worker is taken for dead: the next attempt resumes from the checkpoint of step 12, so
        // the points after it are gone until it reports them again. (Claiming as the same worker stands in for a
        // restarted one whose predecessor's lease ran out.)
        int second = claim(job);
        assertEquals(first + 1, second);
        assertEquals(List.of(5, 10), progress(job).getList("points.step"));

        // The superseded attempt can no longer write, points included.
        assertThrows(LeaseLostException.class, () -> beat(job, first, 25, 2.2));
        assertEquals(List.of(5, 10), progress(job).getList("points.step"));

        beat(job, second, 14, 2.55);
        beat(job, second, 19, 2.45);
        beat(job, second, 19, 2.44);   // the same step again: its point is replaced, not repeated
        beat(job, second, 24, 2.3);
        JsonPath after = progress(job);
        assertEquals(5, after.getInt("total"));
        assertEquals(List.of(5, 10, 14, 19, 24), after.getList("points.step"));
        assertEquals(List.of(3.0f, 2.8f, 2.55f, 2.44f, 2.3f), after.getList("points.loss"));

        run(() -> leases.end(job, second, JobStatus.CANCELLED, "test over"));
        given().auth().oauth2(reader).get("/api/jobs/{id}/progress", "job-" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/jobs/{id}/progress", job).then().statusCode(401);
    }

    @Test
    void aLongCurveIsThinnedEvenlyKeepingItsEnds() throws Throwable {
        String job = queuedJob(2);
        int steps = 1234;
        // Written in one go rather than by 1,234 heartbeats: the heartbeat's writing is the test above.
        List<JobProgress> points = new ArrayList<>();
        for (int step = 1; step <= steps; step++) {
            JobProgress point = new JobProgress();
            point.jobId = job;
            point.step = step;
            point.loss = 4.0 - step / 1000.0;
            point.attempt = 1;
            point.recordedAt = Instant.now();
            points.add(point);
        }
        run(() -> Panache.withTransaction(() -> JobProgress.persist(points)));
        JsonPath curve = progress(job);
        assertEquals(steps, curve.getInt("total"));
        List<Integer> kept = curve.getList("points.step");
        assertEquals(1000, kept.size());
        assertEquals(1, kept.get(0));
        assertEquals(steps, kept.get(kept.size() - 1));
        for (int i = 1; i < kept.size(); i++) {
            int gap = kept.get(i) - kept.get(i - 1);
            // 1233 gaps shared by 999 intervals: every one is 1 or 2 steps wide, none wider
            assertTrue(gap == 1 || gap == 2, "gap of " + gap + " before step " + kept.get(i));
        }
        assertEquals(4.0 - 1234 / 1000.0, curve.getDouble("points[999].loss"), 1e-6);
    }

    /** A queued job on a datanet of its own with accepted data; {@code seed} keeps the settings of jobs apart. */
    private String queuedJob(int seed) {
        String owner = "owner-" + UUID.randomUUID();
        String datanet = TrainingData.datanet(topics::physical, owner);
        String upload = "u-" + UUID.randomUUID();
        TestEvents.publish(topics.physical(Topics.UPLOADS_VALIDATED), CloudEvent.of("/test", upload,
                new UploadValidated(upload, datanet, "alice", 1, Verdict.ACCEPTED, VerdictSource.VALIDATION, 0.9, 5, 5,
                        Map.of(), "sha256:" + "ab".repeat(32), "ab".repeat(32), null, null, Instant.now())));
        String body = "{\"datanetId\":\"" + datanet + "\",\"seed\":" + seed + "}";
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var response = given().auth().oauth2(TestTokens.contributor(owner)).contentType(ContentType.JSON)
                    .body(body).post("/api/jobs");
            id[0] = response.statusCode() == 202 ? response.path("id") : null;
            return id[0] != null;
        });
        return id[0];
    }

    private int claim(String job) throws Throwable {
        JobLeases.Claim claim = run(() -> leases.claim(job, "test-worker"));
        assertTrue(claim.run(), "claimed");
        return claim.job().attempt;
    }

    private void beat(String job, int attempt, int step, double loss) throws Throwable {
        boolean cancelled = run(() -> leases.heartbeat(job, attempt, j -> {
            j.step = step;
            j.totalSteps = 40;
            j.loss = loss;
            j.tokensPerSecond = 100.0;
        }, true));
        assertFalse(cancelled);
    }

    private static JsonPath progress(String job) {
        return given().auth().oauth2(TestTokens.contributor("reader")).get("/api/jobs/{id}/progress", job).then()
                .statusCode(200).contentType(ContentType.JSON).body("jobId", equalTo(job)).extract().jsonPath();
    }

    /** Runs a database step of the worker's, as the worker does, from this (non-event-loop) thread. */
    private static <T> T run(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(work);
    }
}
