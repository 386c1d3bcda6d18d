package io.datanet.systemtests;

import io.datanet.events.Topics;
import io.datanet.platform.testing.TestEvents;
import io.datanet.platform.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The cross-service fault test (RELIABILITY.md, "Fault tests"). Under a steady upload load, each service in turn and
 * then the broker is killed with SIGKILL and started again; afterwards every upload that got a 202 has exactly one
 * verdict, one reputation effect and one place in the training dataset, no event was lost or applied twice, nothing
 * went to a dead-letter topic, and no request failed except while upload-service itself was down.
 *
 * <p>Everything runs as separate processes on loopback: a Kafka broker of the test's own (the shared one on 9092 is
 * never touched), the four services from their packaged jars, PostgreSQL's shared server with a database per
 * service. The counts go to stdout and {@code target/fault-report.md}.
 */
class PipelineFaultIT {

    /**
     * Four clients, one upload a second each: 4 uploads a second, steady. On two cores that leaves the pipeline room
     * to work off the backlog of an outage while the load goes on (at 8 a second a reputation-service outage took
     * a minute to catch up with).
     */
    static final int CLIENTS = 4;
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Duration WARM_UP = Duration.ofSeconds(8);
    /** Steady load between one recovery and the next crash. */
    static final Duration BETWEEN_CRASHES = Duration.ofSeconds(2);
    static final Duration BROKER_DOWN = Duration.ofSeconds(5);
    /** How long the pipeline may take to catch up after a crash, and to settle once the load stops. */
    static final Duration CATCH_UP_BOUND = Duration.ofSeconds(90);
    static final Duration SETTLE_BOUND = Duration.ofSeconds(120);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void crashingEachServiceAndTheBrokerUnderLoadLosesAndDoublesNothing() throws Exception {
        long began = System.nanoTime();
        FaultReport report = new FaultReport();
        try (Pipeline pipeline = Pipeline.start()) {
            report.count("start-up of the broker and the four services", seconds(began));
            String owner = "fault-owner";
            String datanet = createDatanet(pipeline, owner);
            UploadLoad load = new UploadLoad(pipeline.url(Service.UPLOAD), datanet, CLIENTS, INTERVAL);
            report.note(String.format("Load: %d clients, one upload each every %d ms, %d contributors; files of %d "
                            + "JSONL records, about 15%% leaking personal data and 15%% copies of another contributor's file.",
                    CLIENTS, INTERVAL.toMillis(), CLIENTS * UploadLoad.CONTRIBUTORS_PER_THREAD, DatasetFiles.RECORDS_PER_FILE));
            report.note("A request counts as during upload-service's outage if it was in flight at some moment between "
                    + "the SIGKILL and the restarted service's readiness; every request is in target/fault-requests.csv.");
            CatchUp catchUp = new CatchUp(pipeline);
            load.start();
            Thread.sleep(WARM_UP.toMillis());

            Outage uploadServiceOutage = null;
            for (Service service : List.of(Service.VALIDATION, Service.REPUTATION, Service.TRAINING, Service.UPLOAD)) {
                Outage outage = crash(service.module(), load, catchUp, () -> pipeline.service(service).kill(),
                        () -> pipeline.service(service).restart());
                report.outage(outage);
                if (service == Service.UPLOAD) {
                    uploadServiceOutage = outage;
                }
                Thread.sleep(BETWEEN_CRASHES.toMillis());
            }
            List<String> unready = new ArrayList<>();
            report.outage(crash("broker", load, catchUp, () -> pipeline.broker().kill(), () -> {
                unready.addAll(unreadyWhile(pipeline, BROKER_DOWN));
                pipeline.broker().restart();
            }));
            // Readiness is whether a replica can serve its API (PostgreSQL); a broker away must not empty every
            // Service of its endpoints at once.
            report.expectTrue("every service stays ready while the broker is away", "none unready",
                    unready.isEmpty() ? "none unready" : String.join(", ", unready), unready.isEmpty());
            Thread.sleep(BETWEEN_CRASHES.toMillis());
            load.stop();
            load.writeRequestLog(Path.of("target", "fault-requests.csv"));

            long stoppedAt = load.now();
            Set<String> acknowledged = load.acknowledged();
            AtomicReference<PipelineState> state = new AtomicReference<>();
            boolean settled = awaitSettled(pipeline, acknowledged, state);
            report.count("load duration", String.format(Locale.ROOT, "%.1f s", stoppedAt / 1000.0));
            report.count("settled after the load stopped", settled
                    ? String.format(Locale.ROOT, "%.1f s", (load.now() - stoppedAt) / 1000.0) : "not within " + SETTLE_BOUND);
            report.expectTrue("settled within " + SETTLE_BOUND.toSeconds() + " s after the load stopped", "yes",
                    settled ? "yes" : "no", settled);

            PipelineAudit audit = new PipelineAudit(state.get(), load.submitted(), load.attempts(), uploadServiceOutage,
                    report);
            audit.load();
            audit.uploadService();
            audit.uploadsReceived();
            audit.validation();
            audit.reputation();
            audit.training(snapshot(pipeline, datanet, owner));
            audit.deadLetters(deadLetters(pipeline));
            audit.expectedVerdicts();
        } finally {
            report.write(Path.of("target", "fault-report.md"), Duration.ofNanos(System.nanoTime() - began));
        }
        report.assertAllPassed();
    }

    /**
     * One crash: SIGKILL, start again (the restart waits until ready), then wait until every upload acknowledged by
     * then has gone all the way through the pipeline.
     */
    private static Outage crash(String component, UploadLoad load, CatchUp catchUp, Runnable kill, Runnable restart)
            throws InterruptedException {
        long killedAt = load.now();
        kill.run();
        restart.run();
        long readyAt = load.now();
        Set<String> backlog = load.acknowledged();
        boolean caughtUp = catchUp.await(backlog, CATCH_UP_BOUND);
        return new Outage(component, killedAt, readyAt, caughtUp ? load.now() : -1, backlog.size());
    }

    /** Polls the whole pipeline state until it has settled (bounded); leaves the last state read in {@code state}. */
    private static boolean awaitSettled(Pipeline pipeline, Set<String> acknowledged, AtomicReference<PipelineState> state) {
        try {
            Awaitility.await().atMost(SETTLE_BOUND).pollInterval(Duration.ofSeconds(2)).until(() -> {
                state.set(PipelineState.read(pipeline));
                return state.get().settled(acknowledged);
            });
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    private static String createDatanet(Pipeline pipeline, String owner) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(pipeline.url(Service.UPLOAD) + "/api/datanets"))
                .header("Authorization", "Bearer " + TestTokens.contributor(owner))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Fault test\",\"fileTypes\":[\"jsonl\"]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("creating the datanet: " + response.statusCode() + " " + response.body());
        }
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /**
     * Freezes the datanet's dataset as a job would train on it: queues a job as the datanet's owner (once
     * training-service has learnt who that is) and reads back the snapshot the job names.
     */
    private static PipelineAudit.Snapshot snapshot(Pipeline pipeline, String datanet, String owner) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(pipeline.url(Service.TRAINING) + "/api/jobs"))
                .header("Authorization", "Bearer " + TestTokens.contributor(owner))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"datanetId\":\"" + datanet + "\",\"epochs\":1}"))
                .build();
        AtomicReference<HttpResponse<String>> queued = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            queued.set(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
            return queued.get().statusCode() != 404;
        });
        if (queued.get().statusCode() != 202) {
            throw new IllegalStateException("queueing a job: " + queued.get().statusCode() + " " + queued.get().body());
        }
        String location = queued.get().headers().firstValue("Location").orElseThrow();
        String job = location.substring(location.lastIndexOf('/') + 1);
        try (Connection db = pipeline.connect(Service.TRAINING)) {
            String digest = Sql.map(db, "SELECT id, snapshot_digest FROM training_job WHERE id = ?", job).get(job);
            Set<String> uploads = new HashSet<>(Sql.map(db,
                    "SELECT upload_id, records FROM snapshot_upload WHERE snapshot_digest = ?", digest).keySet());
            long records = Sql.count(db, "SELECT record_count FROM dataset_snapshot WHERE digest = ?", digest);
            return new PipelineAudit.Snapshot(uploads, records);
        }
    }

    /** Records on every dead-letter topic of the environment. */
    private static Map<String, Integer> deadLetters(Pipeline pipeline) {
        Map<String, Integer> records = new LinkedHashMap<>();
        for (String topic : Topics.ALL) {
            String deadLetter = pipeline.environment().topic(Topics.deadLetter(topic));
            records.put(Topics.deadLetter(topic), TestEvents.readAll(pipeline.environment().kafka(), deadLetter).size());
        }
        return records;
    }

    private static String seconds(long sinceNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - sinceNanos) / 1e9);
    }

    /** Polls every service's readiness for {@code duration}; the services found unready, with when. */
    private static List<String> unreadyWhile(Pipeline pipeline, Duration duration) {
        List<String> unready = new ArrayList<>();
        long start = System.nanoTime();
        while (System.nanoTime() - start < duration.toNanos()) {
            for (Service service : Service.values()) {
                if (!pipeline.service(service).ready()) {
                    unready.add(String.format(Locale.ROOT, "%s at %.1f s", service.module(),
                            (System.nanoTime() - start) / 1e9));
                }
            }
            sleep(Duration.ofMillis(500));
        }
        return unready;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
