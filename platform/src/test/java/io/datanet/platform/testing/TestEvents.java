package io.datanet.platform.testing;

import io.datanet.events.CloudEvent;
import io.datanet.events.CloudEventBinding;
import io.datanet.events.EventCatalog;
import io.datanet.events.EventDefinition;
import io.datanet.events.EventJson;
import io.datanet.platform.kafka.HeaderText;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Puts events on, and reads them from, the real test broker, in the same binary CloudEvents form services use. */
public final class TestEvents {

    private static final KafkaCompanion COMPANION = adminCompanion();

    private TestEvents() {
    }

    /** The shared local broker's clients, signed in as its administrator (tests write any service's input). */
    private static KafkaCompanion adminCompanion() {
        KafkaCompanion companion = new KafkaCompanion(IsolatedEnvironment.KAFKA);
        companion.setCommonClientConfig(new HashMap<>(LocalKafka.adminSettings()));
        return companion;
    }

    public static KafkaCompanion companion() {
        return COMPANION;
    }

    /** Publishes {@code event} to {@code physicalTopic} keyed as its catalogue entry says. */
    public static void publish(String physicalTopic, CloudEvent<?> event) {
        EventDefinition<?> definition = EventCatalog.forDataClass(event.data().getClass());
        publishRaw(physicalTopic, definition.keyOf(event.data()), EventJson.write(event.data()), headersOf(event));
    }

    public static void publishRaw(String physicalTopic, String key, String value, RecordHeaders headers) {
        COMPANION.produceStrings()
                .fromRecords(new ProducerRecord<>(physicalTopic, null, key, value, headers))
                .awaitCompletion(Duration.ofSeconds(30));
    }

    public static RecordHeaders headersOf(CloudEvent<?> event) {
        return CloudEventBinding.headers(event);
    }

    /** Waits for {@code count} records on {@code physicalTopic}, read from the beginning. */
    public static List<ConsumerRecord<String, String>> await(String physicalTopic, int count, Duration timeout) {
        return COMPANION.consumeStrings().fromTopics(physicalTopic, count).awaitCompletion(timeout).getRecords();
    }

    /** Everything on {@code physicalTopic} right now, from the beginning up to the current end offsets. */
    public static List<ConsumerRecord<String, String>> readAll(String physicalTopic) {
        Map<String, Object> admin = new HashMap<>(LocalKafka.adminSettings());
        admin.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, IsolatedEnvironment.KAFKA);
        return readAll(admin, physicalTopic);
    }

    /** Everything on {@code physicalTopic} of the plain broker at {@code bootstrapServers}, up to the end offsets. */
    public static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String physicalTopic) {
        return readAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), physicalTopic);
    }

    /** Everything on {@code physicalTopic}, read with {@code connection} (address, credentials), up to the end offsets. */
    public static List<ConsumerRecord<String, String>> readAll(Map<String, Object> connection, String physicalTopic) {
        Properties config = new Properties();
        config.putAll(connection);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(physicalTopic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + physicalTopic + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        return HeaderText.of(record, name);
    }
}
