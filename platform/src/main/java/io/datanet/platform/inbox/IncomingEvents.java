package io.datanet.platform.inbox;

import io.datanet.events.CloudEvent;
import io.datanet.events.CloudEventHeaders;
import io.datanet.events.EventCatalog;
import io.datanet.events.EventJson;
import io.datanet.events.MalformedEventException;
import io.datanet.platform.kafka.HeaderText;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a CloudEvent in Kafka binary mode back from a consumed record. Anything that is not a well-formed event
 * of the expected type throws {@link MalformedEventException}, which the channel's dead-letter strategy parks on
 * {@code <topic>.dlq} with the reason, so it never blocks the partition.
 */
public final class IncomingEvents {

    private IncomingEvents() {
    }

    public static <T> CloudEvent<T> decode(ConsumerRecord<String, String> record, Class<T> dataClass) {
        String id = required(record, CloudEventHeaders.ID);
        String type = required(record, CloudEventHeaders.TYPE);
        String expectedType = EventCatalog.forDataClass(dataClass).type();
        if (!expectedType.equals(type)) {
            throw new MalformedEventException("unexpected event type " + type + ", expected " + expectedType);
        }
        String specVersion = required(record, CloudEventHeaders.SPEC_VERSION);
        if (!CloudEvent.SPEC_VERSION.equals(specVersion)) {
            throw new MalformedEventException("unsupported CloudEvents spec version " + specVersion);
        }
        Instant time;
        try {
            time = Instant.parse(required(record, CloudEventHeaders.TIME));
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("ce_time is not an RFC 3339 timestamp", e);
        }
        if (record.value() == null) {
            throw new MalformedEventException("event " + id + " has no data");
        }
        T data = EventJson.read(record.value(), dataClass);
        return new CloudEvent<>(id, type, required(record, CloudEventHeaders.SOURCE), time,
                HeaderText.of(record, CloudEventHeaders.SUBJECT), data);
    }

    private static String required(ConsumerRecord<String, String> record, String name) {
        String value = HeaderText.of(record, name);
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("missing CloudEvents header " + name);
        }
        return value;
    }
}
