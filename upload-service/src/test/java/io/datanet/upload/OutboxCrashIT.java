package io.datanet.upload;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.CloudEventHeaders;
import io.datanet.events.EventJson;
import io.datanet.events.Topics;
import io.datanet.events.UploadReceived;
import io.datanet.platform.testing.IsolatedEnvironment;
import io.datanet.platform.testing.ServiceProcess;
import io.datanet.platform.testing.TestEvents;
import io.datanet.platform.testing.TestTokens;
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
 * and again in the middle of a steady upload load. After a restart every committed upload is announced, each by
 * exactly one event id, and no upload that got a 202 is lost.
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
        service = ServiceProcess.start("upload-service", config);
        String datanet = createDatanet();
        List<String> uploads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            uploads.add(upload("crash-" + i, datanet, "Committed before the crash, number " + i + "."));
        }
        assertEquals(9, count("SELECT count(*) FROM outbox"), "datanet definition + 8 uploads wait in the outbox");

        service.kill();
        service.restartWith(Map.of("datanet.outbox.poll-interval", "1s", "datanet.outbox.listen", "true"));

        Map<String, Set<String>> eventIds = announcedUploads(8);
        Thread.sleep(3000);  // anything published twice would have arrived by now
        eventIds = announcedUploads(8);
        assertEquals(new HashSet<>(uploads), eventIds.keySet());
        eventIds.forEach((upload, ids) -> assertEquals(1, ids.size(), "one event id for " + upload));
        assertEquals(0, count("SELECT count(*) FROM outbox"), "the outbox is drained");
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
