package io.datanet.platform.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.EventCatalog;
import io.datanet.events.KafkaAccess;
import io.datanet.events.KafkaAccessProvisioner;
import io.datanet.events.Topics;
import io.datanet.platform.testing.IsolatedEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On the shared local broker, which has production's listener security (SASL, an authorizer that denies what no ACL
 * allows), each principal granted its {@link KafkaAccess} on this test's topics can write exactly its topics, read
 * exactly its topics and join exactly its groups: a service cannot publish another's events (no pod can forge an
 * {@code uploads.validated}), the console and the downstream reader write nothing, and a wrong password does not
 * connect.
 */
class KafkaAccessTest {

    private static final List<String> EVERY_TOPIC = new ArrayList<>();
    private static final Map<String, Map<String, Object>> SIGN_IN = new TreeMap<>();
    private static IsolatedEnvironment environment;

    @BeforeAll
    static void grantEveryPrincipal() {
        environment = IsolatedEnvironment.create();
        Topics.ALL.forEach(topic -> {
            EVERY_TOPIC.add(topic);
            EVERY_TOPIC.add(Topics.deadLetter(topic));
        });
        for (KafkaAccess access : KafkaAccess.ALL) {
            SIGN_IN.put(access.principal(), environment.kafkaClientSettings(access.principal()));
        }
    }

    @AfterAll
    static void dropEnvironment() {
        if (environment != null) {
            environment.close();
        }
    }

    @Test
    void eachPrincipalWritesExactlyItsTopics() throws Exception {
        Map<String, List<String>> wrong = new TreeMap<>();
        for (KafkaAccess access : KafkaAccess.ALL) {
            // not idempotent, so that one refusal does not end the producer: this checks ACLs, not the outbox
            try (KafkaProducer<String, String> producer = producer(access.principal(), false)) {
                for (String topic : EVERY_TOPIC) {
                    boolean allowed = access.writes().contains(topic);
                    boolean written = write(producer, topic);
                    if (written != allowed) {
                        wrong.computeIfAbsent(access.principal(), p -> new ArrayList<>())
                                .add(topic + (written ? " written" : " refused"));
                    }
                }
            }
        }
        assertTrue(wrong.isEmpty(), "writes that differ from KafkaAccess: " + wrong);
    }

    @Test
    void noServiceCanForgeAnotherServicesEvents() throws Exception {
        assertEquals("validation-service", EventCatalog.forTopic(Topics.UPLOADS_VALIDATED).producer());
        // idempotent, acks=all, as the outbox relay produces
        assertFalse(writeOnce(KafkaAccess.UPLOAD_SERVICE, Topics.UPLOADS_VALIDATED), "upload-service published a verdict");
        assertTrue(writeOnce(KafkaAccess.UPLOAD_SERVICE, Topics.UPLOADS_RECEIVED), "upload-service publishes its own events");
        assertFalse(writeOnce(KafkaAccess.TRAINING_SERVICE, Topics.REPUTATION_UPDATED),
                "training-service published a reputation change");
        assertFalse(writeOnce(KafkaAccess.CONSOLE, Topics.UPLOADS_VALIDATED), "the console published");
    }

    @Test
    void eachPrincipalReadsExactlyItsTopics() throws Exception {
        // every topic holds a record, written by the administrator to the partition read below
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(withSerializers(
                environment.kafkaClientSettings()))) {
            for (String topic : EVERY_TOPIC) {
                producer.send(new ProducerRecord<>(environment.topic(topic), 0, "k", "{}")).get(30, TimeUnit.SECONDS);
            }
        }
        Map<String, String> wrong = new TreeMap<>();
        for (KafkaAccess access : KafkaAccess.ALL) {
            try (KafkaConsumer<String, String> consumer = consumer(access.principal(), null)) {
                Set<String> fetched = readable(consumer);
                if (!fetched.equals(new TreeSet<>(access.reads()))) {
                    wrong.put(access.principal(), "fetched " + fetched);
                }
            }
        }
        assertTrue(wrong.isEmpty(), "reads that differ from KafkaAccess: " + wrong);
    }

    @Test
    void eachServiceJoinsOnlyItsOwnConsumerGroups() {
        for (KafkaAccess access : KafkaAccess.ALL) {
            String topic = environment.topic(access.reads().get(0));
            for (String group : access.groups()) {
                try (KafkaConsumer<String, String> consumer = consumer(access.principal(), group)) {
                    consumer.subscribe(List.of(topic));
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
                        consumer.poll(Duration.ofMillis(100));
                    }
                    assertFalse(consumer.assignment().isEmpty(), access.principal() + " did not join " + group);
                    consumer.commitSync();
                }
            }
            String someoneElses = access.principal().equals(KafkaAccess.UPLOAD_SERVICE) ? "reputation-service"
                    : "upload-service";
            try (KafkaConsumer<String, String> consumer = consumer(access.principal(), someoneElses)) {
                consumer.subscribe(List.of(topic));
                assertThrows(GroupAuthorizationException.class, () -> consumer.poll(Duration.ofSeconds(10)),
                        access.principal() + " joined " + someoneElses);
            }
        }
    }

    @Test
    void aWrongPasswordDoesNotConnect() {
        Map<String, Object> settings = new HashMap<>(environment.kafkaClientSettings(KafkaAccess.VALIDATION_SERVICE));
        settings.putAll(KafkaAccessProvisioner.clientSettings(KafkaAccess.VALIDATION_SERVICE, "not-the-password"));
        Properties properties = withSerializers(settings);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
            ExecutionException refused = assertThrows(ExecutionException.class, () -> producer.send(
                    new ProducerRecord<>(environment.topic(Topics.UPLOADS_VALIDATED), "k", "{}")).get(20, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, refused.getCause());
        } catch (SaslAuthenticationException refusedAtSend) {
            // the producer may fail the send itself rather than its future; refused either way
        }
    }

    /** True when the record was acknowledged, false when the broker refused the topic to this principal. */
    private static boolean write(KafkaProducer<String, String> producer, String topic) throws Exception {
        try {
            producer.send(new ProducerRecord<>(environment.topic(topic), "k", "{}")).get(30, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | KafkaException e) {
            if (refusal(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * {@link #write} with a producer of its own, idempotent like the outbox's. A principal that may write no topic at
     * all cannot even get a producer id, which the producer reports from send() itself: refused as well.
     */
    private static boolean writeOnce(String principal, String topic) throws Exception {
        try (KafkaProducer<String, String> producer = producer(principal, true)) {
            return write(producer, topic);
        }
    }

    private static boolean refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TopicAuthorizationException || cause instanceof ClusterAuthorizationException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The topics whose record this consumer fetches: it is assigned partition 0 of every topic at once; the broker
     * names the topics it refuses (they are dropped from the assignment), and the others are read until each has given
     * its record.
     */
    private static Set<String> readable(KafkaConsumer<String, String> consumer) {
        Map<TopicPartition, String> remaining = new HashMap<>();
        EVERY_TOPIC.forEach(topic -> remaining.put(new TopicPartition(environment.topic(topic), 0), topic));
        Set<String> fetched = new TreeSet<>();
        consumer.assign(remaining.keySet());
        consumer.seekToBeginning(remaining.keySet());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!remaining.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("neither a record nor a refusal within 30 s from " + remaining.values());
            }
            try {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    String topic = remaining.remove(new TopicPartition(record.topic(), record.partition()));
                    if (topic != null) {
                        fetched.add(topic);
                    }
                }
            } catch (TopicAuthorizationException refused) {
                remaining.keySet().removeIf(partition -> refused.unauthorizedTopics().contains(partition.topic()));
            }
            consumer.assign(remaining.keySet());
        }
        return fetched;
    }

    private static KafkaProducer<String, String> producer(String principal, boolean idempotent) {
        Properties properties = withSerializers(SIGN_IN.get(principal));
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent);
        properties.put(ProducerConfig.RETRIES_CONFIG, idempotent ? Integer.MAX_VALUE : 0);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return new KafkaProducer<>(properties);
    }

    private static KafkaConsumer<String, String> consumer(String principal, String group) {
        Properties properties = new Properties();
        properties.putAll(SIGN_IN.get(principal));
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (group != null) {
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, environment.prefix() + group);
        }
        return new KafkaConsumer<>(properties);
    }

    private static Properties withSerializers(Map<String, Object> settings) {
        Properties properties = new Properties();
        properties.putAll(settings);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return properties;
    }
}
