package io.datanet.upload;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.CloudEventHeaders;
import io.datanet.events.EventJson;
import io.datanet.events.Topics;
import io.datanet.events.UploadReceived;
import io.datanet.events.UploadWithdrawn;
import io.datanet.platform.testing.IsolatedEnvironment;
import io.datanet.platform.testing.ServiceProcess;
import io.datanet.platform.testing.TestEvents;
import io.datanet.platform.testing.TestTokens;
import io.datanet.platform.testing.MetricSamples;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox under SIGKILL: the upload-service process is killed with events committed but not yet published,
 * and again in the middle of a steady upload load, and of withdrawals. After a restart every committed upload and
 * withdrawal is announced, each by exactly one event id, and none that got its answer is lost.
 */
class OutboxCrashIT {

    private IsolatedEnvironment environment;
    private ServiceProcess service;

    @BeforeEach
    void start() {
        environment = IsolatedEnvironment.create();
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        environment.close();
    }

    @Test
    void eventsCommittedButNotPublishedWhenKilledArePublishedOnceAfterRestart() throws Exception {
        Map<String, String> config = new HashMap<>(environment.config());
        // The relay never runs in this life (no poll, no listening for commits): a wide window
        config.put("datanet.outbox.poll-interval", "1h");
        config.put("datanet.outbox.listen", "false");
        config.put("datanet.outbox.measure-interval", "1s");
        service = ServiceProcess.start("upload-service", config);
        String datanet = createDatanet();
        List<String> uploads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            uploads.add(upload("crash-" + i, datanet, "Committed before the crash, number " + i + "."));
        }
        assertEquals(9, count("SELECT count(*) FROM outbox"), "datanet definition + 8 uploads wait in the outbox");
        // What operators alert on: the backlog, and how long its oldest row has waited.
        await().atMost(Duration.ofSeconds(20)).until(() -> metric("datanet_outbox_backlog") == 9.0
                && metric("datanet_outbox_oldest_age_seconds") >= 1.0);

        service.kill();
        service.restartWith(Map.of("datanet.outbox.poll-interval", "1s", "datanet.outbox.listen", "true"));

        Map<String, Set<String>> eventIds = announcedUploads(8);
        Thread.sleep(3000);  // anything published twice would have arrived by now
        eventIds = announcedUploads(8);
        assertEquals(new HashSet<>(uploads), eventIds.keySet());
        eventIds.forEach((upload, ids) -> assertEquals(1, ids.size(), "one event id for " + upload));
        assertEquals(0, count("SELECT count(*) FROM outbox"), "the outbox is drained");
        await().atMost(Duration.ofSeconds(30)).until(() -> metric("datanet_outbox_backlog") == 0.0
                && metric("datanet_outbox_oldest_age_seconds") == 0.0);
    }

    @Test
    void killedUnderSteadyLoadNothingIsLostOrAnnouncedTwice() throws Exception {
        service = ServiceProcess.start("upload-service", environment.config());
        String datanet = createDatanet();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            int n = 0;
            while (running.get()) {
                try {
                    acknowledged.add(upload("load-" + (n % 50), datanet, "Steady load upload number " + n + "."));
                } catch (AssertionError | RuntimeException e) {
                    // the service is down or the answer was cut off; keep offering load
                }
                n++;
            }
        });
        load.start();
        Thread.sleep(4000);
        service.kill();
        Thread.sleep(500);
        service.restart();
        Thread.sleep(4000);
        running.set(false);
        load.join();

        int committed = count("SELECT count(*) FROM upload");
        assertTrue(committed >= acknowledged.size() && acknowledged.size() > 10,
                "uploads acknowledged " + acknowledged.size() + ", committed " + committed);
        Map<String, Set<String>> eventIds = announcedUploads(committed);
        assertEquals(committed, eventIds.size(), "every committed upload is announced");
        assertTrue(eventIds.keySet().containsAll(acknowledged), "every 202 is announced");
        eventIds.forEach((upload, ids) -> assertEquals(1, ids.size(), "one event id for " + upload));
    }

    /**
     * Withdrawals while the service is killed: each contributor takes her upload back, and asks again whenever an
     * answer does not come (as a client would). After the restart every upload WITHDRAWN in the database is announced
     * by exactly one event, every withdrawal that got its 200 is among them, and no other upload is.
     */
    @Test
    void withdrawalsAcrossAKillAreEachAnnouncedOnce() throws Exception {
        service = ServiceProcess.start("upload-service", environment.config());
        String datanet = createDatanet();
        List<String[]> uploads = new ArrayList<>();   // {upload id, contributor}
        for (int i = 0; i < 40; i++) {
            String contributor = "withdrawing-" + i;
            uploads.add(new String[] {upload(contributor, datanet, "Taken back after a crash, number " + i + "."), contributor});
        }
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread withdrawing = new Thread(() -> {
            for (String[] upload : uploads) {
                while (running.get() && !acknowledged.contains(upload[0])) {
                    try {
                        given().baseUri(service.url()).auth().oauth2(TestTokens.contributor(upload[1]))
                                .post("/api/uploads/" + upload[0] + "/withdraw").then().statusCode(200)
                                .body("status", org.hamcrest.Matchers.equalTo("WITHDRAWN"));
                        acknowledged.add(upload[0]);
                    } catch (AssertionError | Exception e) {
                        // down, or the answer was cut off: ask again (REST Assured throws a refused connection's
                        // checked ConnectException undeclared, hence Exception)
                        pause(50);
                    }
                }
            }
        });
        withdrawing.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 10);
        service.kill();   // a third taken back, the rest to come (one of them, perhaps, committed but unanswered)
        Thread.sleep(500);
        service.restart();
        withdrawing.join(Duration.ofSeconds(120).toMillis());
        running.set(false);

        assertEquals(40, acknowledged.size(), "every withdrawal answered in the end");
        assertEquals(40, count("SELECT count(*) FROM upload WHERE status = 'WITHDRAWN'"));
        List<ConsumerRecord<String, String>> records = TestEvents.companion().consumeStrings()
                .fromTopics(environment.topic(Topics.UPLOADS_WITHDRAWN))
                .awaitRecords(40, Duration.ofSeconds(60)).getRecords();
        Thread.sleep(3000);  // anything published twice would have arrived by now
        records = TestEvents.companion().consumeStrings().fromTopics(environment.topic(Topics.UPLOADS_WITHDRAWN))
                .awaitRecords(40, Duration.ofSeconds(60)).getRecords();
        Map<String, Set<String>> eventIds = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            String upload = EventJson.read(record.value(), UploadWithdrawn.class).uploadId();
            eventIds.computeIfAbsent(upload, u -> new HashSet<>()).add(TestEvents.header(record, CloudEventHeaders.ID));
        }
        assertEquals(acknowledged, eventIds.keySet());
        eventIds.forEach((upload, ids) -> assertEquals(1, ids.size(), "one withdrawal event for " + upload));
    }

    /**
     * With no poll in this life, only the relay's LISTEN can publish: each commit's notification starts a round, so
     * every upload is announced at once (a relay that missed notifications would publish nothing for an hour).
     */
    @Test
    void committedEventsArePublishedOnTheCommitsNotificationWithoutAPoll() throws Exception {
        Map<String, String> config = new HashMap<>(environment.config());
        config.put("datanet.outbox.poll-interval", "1h");
        service = ServiceProcess.start("upload-service", config);
        String datanet = createDatanet();
        Set<String> uploads = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            uploads.add(upload("listen-" + i, datanet, "Published on its commit's notification, number " + i + "."));
            Thread.sleep(200);
        }
        assertEquals(uploads, announcedUploads(5).keySet());
        assertEquals(0, count("SELECT count(*) FROM outbox"), "the outbox is drained");
    }

    private Map<String, Set<String>> announcedUploads(int atLeast) {
        List<ConsumerRecord<String, String>> records = TestEvents.companion().consumeStrings()
                .fromTopics(environment.topic(Topics.UPLOADS_RECEIVED))
                .awaitRecords(atLeast, Duration.ofSeconds(60)).getRecords();
        Map<String, Set<String>> eventIds = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            String upload = EventJson.read(record.value(), UploadReceived.class).uploadId();
            eventIds.computeIfAbsent(upload, u -> new HashSet<>()).add(TestEvents.header(record, CloudEventHeaders.ID));
        }
        return eventIds;
    }

    /** A metric of the running service (its one unlabelled sample); -1 when absent. */
    private double metric(String name) {
        return given().baseUri(service.url()).get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith(name + " ")).mapToDouble(MetricSamples::value)
                .findFirst().orElse(-1);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String createDatanet() {
        return given().baseUri(service.url()).auth().oauth2(TestTokens.contributor("owner"))
                .contentType(ContentType.JSON).body("{\"name\":\"Crash\"}")
                .post("/api/datanets").then().statusCode(201).extract().path("id");
    }

    private String upload(String contributor, String datanet, String text) {
        return given().baseUri(service.url()).auth().oauth2(TestTokens.contributor(contributor))
                .multiPart("file", "f.txt", text.getBytes(StandardCharsets.UTF_8))
                .post("/api/datanets/" + datanet + "/uploads").then().statusCode(202).extract().path("id");
    }

    private int count(String sql) throws Exception {
        try (Connection connection = environment.connect(); ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
