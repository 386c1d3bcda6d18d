package io.datanet.platform.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.EventCatalog;
import io.datanet.events.KafkaAccess;
import io.datanet.events.Topics;
import io.datanet.platform.testing.BrokerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
 * On a broker with production's listener security (SASL, an authorizer that denies what no ACL allows), each
 * principal granted its {@link KafkaAccess} can write exactly its topics, read exactly its topics and join exactly its
 * groups: a service cannot publish another's events (no pod can forge an {@code uploads.validated}), the console and
 * the downstream reader write nothing, and a wrong password does not connect.
 */
class KafkaAccessTest {

    private static final List<String> EVERY_TOPIC = new ArrayList<>();
    private static BrokerProcess broker;

    @BeforeAll
    static void startSecuredBrokerAndGrantEveryPrincipal() throws Exception {
        Topics.ALL.forEach(topic -> {
            EVERY_TOPIC.add(topic);
            EVERY_TOPIC.add(Topics.deadLetter(topic));
        });
        broker = BrokerProcess.startSecured("kafka-access");
        try (Admin admin = admin()) {
            admin.createTopics(EVERY_TOPIC.stream().map(t -> new NewTopic(t, 1, (short) 1)).toList()).all().get();
            for (KafkaAccess access : KafkaAccess.ALL) {
                KafkaAccessProvisioner.grant(admin, access, password(access.principal()), "");
            }
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void eachPrincipalWritesExactlyItsTopics() throws Exception {
        Map<String, List<String>> wrong = new TreeMap<>();
        for (KafkaAccess access : KafkaAccess.ALL) {
            for (String topic : EVERY_TOPIC) {
                boolean allowed = access.writes().contains(topic);
                boolean written = write(access.principal(), topic);
                if (written != allowed) {
                    wrong.computeIfAbsent(access.principal(), p -> new ArrayList<>())
                            .add(topic + (written ? " written" : " refused"));
                }
            }
        }
        assertTrue(wrong.isEmpty(), "writes that differ from KafkaAccess: " + wrong);
    }

    @Test
    void noServiceCanForgeAnotherServicesEvents() throws Exception {
        assertEquals("validation-service", EventCatalog.forTopic(Topics.UPLOADS_VALIDATED).producer());
        assertTrue(!write(KafkaAccess.UPLOAD_SERVICE, Topics.UPLOADS_VALIDATED), "upload-service published a verdict");
        assertTrue(write(KafkaAccess.UPLOAD_SERVICE, Topics.UPLOADS_RECEIVED), "upload-service publishes its own events");
        assertTrue(!write(KafkaAccess.TRAINING_SERVICE, Topics.REPUTATION_UPDATED),
                "training-service published a reputation change");
    }

    @Test
    void eachPrincipalReadsExactlyItsTopics() throws Exception {
        // every topic holds a record: its writers wrote one
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                withSerializers(adminProperties()), new StringSerializer(), new StringSerializer())) {
            for (String topic : EVERY_TOPIC) {
                producer.send(new ProducerRecord<>(topic, "k", "{}")).get(30, TimeUnit.SECONDS);
            }
        }
        Map<String, List<String>> wrong = new TreeMap<>();
        for (KafkaAccess access : KafkaAccess.ALL) {
            try (KafkaConsumer<String, String> consumer = consumer(access.principal(), null)) {
                for (String topic : EVERY_TOPIC) {
                    boolean allowed = access.reads().contains(topic);
                    boolean read = read(consumer, topic);
                    if (read != allowed) {
                        wrong.computeIfAbsent(access.principal(), p -> new ArrayList<>())
                                .add(topic + (read ? " read" : " refused"));
                    }
                }
            }
        }
        assertTrue(wrong.isEmpty(), "reads that differ from KafkaAccess: " + wrong);
    }

    @Test
    void eachServiceJoinsOnlyItsOwnConsumerGroups() {
        for (KafkaAccess access : KafkaAccess.ALL) {
            String topic = access.reads().get(0);
            for (String group : access.groups()) {
                try (KafkaConsumer<String, String> consumer = consumer(access.principal(), group)) {
                    consumer.subscribe(List.of(topic));
                    consumer.poll(Duration.ofSeconds(2));
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
        Properties properties = withSerializers(KafkaAccessProvisioner.clientProperties(broker.bootstrapServers(),
                KafkaAccess.VALIDATION_SERVICE, "not-the-password"));
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
            ExecutionException refused = assertThrows(ExecutionException.class, () -> producer.send(
                    new ProducerRecord<>(Topics.UPLOADS_VALIDATED, "k", "{}")).get(20, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, refused.getCause());
        } catch (SaslAuthenticationException refusedAtSend) {
            // the producer may fail the send itself rather than its future; refused either way
        }
    }

    /**
     * True when the record was acknowledged, false when the broker refused the topic to this principal. A producer of
     * its own each time: an idempotent producer refused once stays in an error state.
     */
    private static boolean write(String principal, String topic) throws Exception {
        try (KafkaProducer<String, String> producer = producer(principal)) {
            producer.send(new ProducerRecord<>(topic, "k", "{}")).get(30, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | KafkaException e) {
            // a principal that may write no topic at all cannot even get a producer id (idempotence), which the
            // producer reports from send() itself: refused as well
            if (refusal(e)) {
                return false;
            }
            throw e;
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

    /** True when a record of the topic was fetched, false when the broker refused the topic to this principal. */
    private static boolean read(KafkaConsumer<String, String> consumer, String topic) {
        consumer.assign(List.of(new TopicPartition(topic, 0)));
        consumer.seekToBeginning(consumer.assignment());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try {
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    return true;
                }
            }
            throw new AssertionError(topic + ": neither a record nor a refusal within 20 s");
        } catch (TopicAuthorizationException refused) {
            return false;
        }
    }

    private static KafkaProducer<String, String> producer(String principal) {
        Properties properties = withSerializers(KafkaAccessProvisioner.clientProperties(broker.bootstrapServers(),
                principal, password(principal)));
        // as the outbox relay produces
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return new KafkaProducer<>(properties);
    }

    private static KafkaConsumer<String, String> consumer(String principal, String group) {
        Properties properties = KafkaAccessProvisioner.clientProperties(broker.bootstrapServers(), principal,
                password(principal));
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (group != null) {
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(properties);
    }

    private static Properties withSerializers(Properties properties) {
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return properties;
    }

    private static Properties adminProperties() {
        Properties properties = new Properties();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.putAll(broker.adminSettings());
        return properties;
    }

    private static Admin admin() {
        return Admin.create(adminProperties());
    }

    private static String password(String principal) {
        return "secret-of-" + principal;
    }
}
