package io.datanet.systemtests;

import io.datanet.events.CloudEventHeaders;
import io.datanet.events.EventJson;
import io.datanet.platform.testing.EventSchemas;
import io.datanet.platform.testing.TestEvents;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Everything on one topic, read from the beginning with a plain consumer, by CloudEvent id. Delivery is at least
 * once, so the same event may be on the wire more than once (a relay killed after the broker's ack and before its
 * delete commits sends it again); those copies share their id, and {@link #duplicates()} counts them. Every record
 * read is also held to events' asyncapi.yaml ({@link EventSchemas}): reading a topic whose events depart from the
 * document fails the test.
 */
record TopicContents<T>(String topic, int records, Map<String, T> byEventId) {

    /** Everything on {@code topic} of the plain broker at {@code bootstrapServers} (a fault test's own). */
    static <T> TopicContents<T> read(String bootstrapServers, String topic, Class<T> dataClass) {
        return of(topic, TestEvents.readAll(bootstrapServers, topic), dataClass);
    }

    /** Everything on {@code topic} of the shared broker, read as its administrator. */
    static <T> TopicContents<T> read(String topic, Class<T> dataClass) {
        return of(topic, TestEvents.readAll(topic), dataClass);
    }

    private static <T> TopicContents<T> of(String topic, List<ConsumerRecord<String, String>> records,
                                           Class<T> dataClass) {
        List<String> departures = records.stream().flatMap(record -> EventSchemas.departures(record).stream()).toList();
        if (!departures.isEmpty()) {
            throw new AssertionError(departures.size() + " departures from asyncapi.yaml on " + topic + ", e.g. "
                    + departures.subList(0, Math.min(5, departures.size())));
        }
        Map<String, T> byEventId = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            byEventId.put(TestEvents.header(record, CloudEventHeaders.ID), EventJson.read(record.value(), dataClass));
        }
        return new TopicContents<>(topic, records.size(), byEventId);
    }

    int distinct() {
        return byEventId.size();
    }

    int duplicates() {
        return records - byEventId.size();
    }
}
