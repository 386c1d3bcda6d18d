package io.datanet.systemtests;

import io.datanet.events.CloudEventHeaders;
import io.datanet.events.EventJson;
import io.datanet.platform.testing.TestEvents;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Everything on one topic, read from the beginning with a plain consumer, by CloudEvent id. Delivery is at least
 * once, so the same event may be on the wire more than once (a relay killed after the broker's ack and before its
 * delete commits sends it again); those copies share their id, and {@link #duplicates()} counts them.
 */
record TopicContents<T>(String topic, int records, Map<String, T> byEventId) {

    static <T> TopicContents<T> read(String bootstrapServers, String topic, Class<T> dataClass) {
        List<ConsumerRecord<String, String>> records = TestEvents.readAll(bootstrapServers, topic);
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
