package io.datanet.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 envelope. On Kafka it travels in binary mode: the attributes in {@code ce_*} headers, the
 * JSON data as the record value. {@link #id()} is the idempotency key every consumer records.
 *
 * @param subject the entity the event is about (upload, job, contributor id); optional in the spec, always set here
 */
public record CloudEvent<T>(String id, String type, String source, Instant time, String subject, T data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String DATA_CONTENT_TYPE = "application/json";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    /** A new event of the catalogued kind of {@code data}, with a fresh random id. */
    public static <T> CloudEvent<T> of(String source, String subject, T data) {
        EventDefinition<?> definition = EventCatalog.forDataClass(data.getClass());
        return new CloudEvent<>(UUID.randomUUID().toString(), definition.type(), source, Instant.now(), subject, data);
    }
}
