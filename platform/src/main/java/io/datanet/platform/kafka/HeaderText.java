package io.datanet.platform.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads a Kafka record's headers as text. Event decoding, consumer spans and trace propagation all read headers;
 * this one reader lives below all three so none of them depends on another for it.
 */
public final class HeaderText {

    private HeaderText() {
    }

    /** The last value of header {@code name} as UTF-8 text, or null when the record has none. */
    public static String of(ConsumerRecord<?, ?> record, String name) {
        return of(record.headers(), name);
    }

    /** {@link #of(ConsumerRecord, String)} of a record's headers. */
    public static String of(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
