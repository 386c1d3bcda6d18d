package io.datanet.platform.inbox;

import io.datanet.events.CloudEvent;
import io.datanet.events.CloudEventBinding;
import io.datanet.events.MalformedEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a CloudEvent back from a consumed record ({@link CloudEventBinding}). Anything that is not a well-formed event
 * of the expected type throws {@link MalformedEventException}, which the channel's dead-letter strategy parks on
 * {@code <topic>.dlq} with the reason, so it never blocks the partition.
 */
public final class IncomingEvents {

    private IncomingEvents() {
    }

    public static <T> CloudEvent<T> decode(ConsumerRecord<String, String> record, Class<T> dataClass) {
        return CloudEventBinding.decode(record.headers(), record.value(), dataClass);
    }
}
