package io.datanet.platform.kafka;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The settings every Datanet consumer shares, in one place: for each incoming channel that names a {@code topic},
 * it is a Kafka channel read from the earliest offset as JSON text, and a record it cannot process goes to the
 * topic's dead-letter topic {@code <topic>.dlq} (as text); its health counts for start-up and liveness, not for
 * readiness. A service's application.properties says only what is its
 * own (topic, consumer group, batching) and may still override any of these, which sit below every other source.
 *
 * <p>Per channel rather than connector-wide ({@code mp.messaging.connector.smallrye-kafka.*}), because connector
 * settings also reach the outbox's producer, whose Kafka client knows no deserializer, offset reset or failure
 * strategy.
 */
public class IncomingChannelDefaults implements ConfigSourceFactory {

    static final String PREFIX = "mp.messaging.incoming.";
    static final String TOPIC = ".topic";
    /** Below application.properties (250) and META-INF/microprofile-config.properties (100). */
    static final int ORDINAL = 50;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> defaults = new TreeMap<>();
        for (Iterator<String> names = context.iterateNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.startsWith(PREFIX) || !name.endsWith(TOPIC) || name.endsWith(".dead-letter-queue" + TOPIC)) {
                continue;
            }
            String channel = name.substring(0, name.length() - TOPIC.length()) + ".";
            ConfigValue topic = context.getValue(name);
            if (topic == null || topic.getRawValue() == null) continue;
            defaults.putAll(forChannel(channel, topic.getRawValue()));
        }
        return List.of(new PropertiesConfigSource(defaults, "datanet incoming channel defaults", ORDINAL));
    }

    /** The shared settings of one channel ({@code mp.messaging.incoming.<name>.}) reading {@code topic}. */
    static Map<String, String> forChannel(String channel, String topic) {
        return Map.of(
                channel + "connector", "smallrye-kafka",
                channel + "auto.offset.reset", "earliest",
                channel + "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
                channel + "failure-strategy", "dead-letter-queue",
                // the raw value, so that an expression in it (the tests' topic prefix) is expanded when read
                channel + "dead-letter-queue.topic", topic + ".dlq",
                channel + "dead-letter-queue.value.serializer", "org.apache.kafka.common.serialization.StringSerializer",
                // Readiness says whether this replica can serve HTTP, which needs PostgreSQL, not the broker: while
                // the broker is away the consumer waits and retries (lag grows, and is alerted on), and every
                // replica staying in its Service keeps the API up. Start-up still waits for the broker.
                channel + "health-readiness-enabled", "false");
    }
}
