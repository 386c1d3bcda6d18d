package io.datanet.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.CloudEvent;
import io.datanet.events.CloudEventBinding;
import io.datanet.events.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Events produced on the real broker reach exactly the browsers allowed to see them, as server-sent events. */
@QuarkusTest
@QuarkusTestResource(value = ConsoleTestResource.class, restrictToAnnotatedClass = true)
class LiveEventsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final List<Stream<String>> open = new CopyOnWriteArrayList<>();

    @TestHTTPResource("/console/events")
    URI events;

    @AfterEach
    void closeStreams() {
        open.forEach(Stream::close);
    }

    @Test
    void uploadEventsReachTheirContributorTheDatanetOwnerAndValidatorsOnly() throws Exception {
        String datanet = "dn-" + UUID.randomUUID();
        List<String> alice = watch(SessionAndProxyTest.devSignIn("alice", "contributor"));
        List<String> bob = watch(SessionAndProxyTest.devSignIn("bob", "contributor"));
        List<String> carol = watch(SessionAndProxyTest.devSignIn("carol", "contributor"));
        List<String> validator = watch(SessionAndProxyTest.devSignIn("vera", "validator"));

        publish(Topics.DATANETS_DEFINED, "io.datanet.datanet.defined.v1",
                "{\"datanetId\":\"" + datanet + "\",\"ownerId\":\"carol\",\"name\":\"poems\"}");
        publish(Topics.UPLOADS_VALIDATED, "io.datanet.upload.validated.v1",
                "{\"uploadId\":\"u-alice\",\"datanetId\":\"" + datanet + "\",\"contributorId\":\"alice\",\"verdict\":\"ACCEPTED\"}");
        publish(Topics.REPUTATION_UPDATED, "io.datanet.reputation.updated.v1",
                "{\"contributorId\":\"alice\",\"score\":0.5}");

        await().atMost(Duration.ofSeconds(20)).until(() -> validator.stream().anyMatch(l -> l.contains("reputation.updated")));
        await().atMost(Duration.ofSeconds(5)).until(() -> bob.stream().anyMatch(l -> l.contains("reputation.updated")));
        assertTrue(alice.stream().anyMatch(l -> l.contains("u-alice")), "the contributor sees her own verdict");
        assertTrue(carol.stream().anyMatch(l -> l.contains("u-alice")), "the datanet's owner sees uploads to it");
        assertTrue(validator.stream().anyMatch(l -> l.contains("u-alice")), "validators see every upload");
        assertTrue(bob.stream().noneMatch(l -> l.contains("u-alice")), "another contributor does not");
        assertTrue(bob.stream().anyMatch(l -> l.contains("datanet.defined")), "definitions are public");
    }

    @Test
    void eachEventIsOneServerSentEventWithTheCloudEventIdTypeAndEnvelope() throws Exception {
        List<String> lines = watch(SessionAndProxyTest.devSignIn("dora", "operator"));
        String id = publish(Topics.TRAINING_STATUS, "io.datanet.training.status.changed.v1",
                "{\"jobId\":\"j1\",\"status\":\"RUNNING\",\"step\":3,\"totalSteps\":10,\"metrics\":{\"loss\":1.5}}");
        await().atMost(Duration.ofSeconds(20)).until(() -> lines.contains("id: " + id));
        int at = lines.indexOf("id: " + id);
        assertEquals("event: io.datanet.training.status.changed.v1", lines.get(at + 1));
        String data = lines.get(at + 2);
        assertTrue(data.startsWith("data: {\"id\":\"" + id + "\",\"type\":\"io.datanet.training.status.changed.v1\""), data);
        assertTrue(data.contains("\"data\":{\"jobId\":\"j1\""), data);
        assertEquals("", lines.get(at + 3), "an event ends with a blank line");
    }

    @Test
    void theStreamNeedsASession() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(events).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
    }

    /** Opens a stream as the viewer of {@code cookie} and collects its lines in the background. */
    private List<String> watch(String cookie) throws Exception {
        HttpResponse<Stream<String>> response = HTTP.send(HttpRequest.newBuilder(events)
                .header("Cookie", Sessions.COOKIE + "=" + cookie).build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<String> lines = new CopyOnWriteArrayList<>();
        open.add(response.body());
        Thread reader = new Thread(() -> {
            try {
                response.body().forEach(lines::add);
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
        });
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains(": connected"));
        return lines;
    }

    private static String publish(String topic, String type, String json) throws Exception {
        Properties config = ConsoleTestResource.adminClient();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        String id = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            CloudEvent<String> event = new CloudEvent<>(id, type, "/datanet/console-test",
                    Instant.parse("2026-11-25T00:00:00Z"), null, json);
            ProducerRecord<String, String> record = new ProducerRecord<>(ConsoleTestResource.topicPrefix + topic, null,
                    id, json, CloudEventBinding.headers(event));
            producer.send(record).get();
        }
        return id;
    }
}
