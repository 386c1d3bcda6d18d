package io.datanet.events;

import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.extensions.DistributedTracingExtension;
import io.cloudevents.kafka.CloudEventSerializer;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Datanet's events on Kafka, through the CloudEvents SDK's Kafka protocol binding in binary content mode: the
 * attributes travel as {@code ce_*} headers (and {@code content-type}), the JSON data as the record's value, so
 * any CloudEvents consumer reads them and every producer here writes them the same way. The SDK checks what it
 * writes and reads (required attributes, spec version, URI and timestamp forms); Datanet adds what it always sets
 * ({@code time}) and the type a consumer expects.
 */
public final class CloudEventBinding {

    private static final CloudEventSerializer SERIALIZER = binarySerializer();

    private CloudEventBinding() {
    }

    /** The record headers of {@code event}. */
    public static RecordHeaders headers(CloudEvent<?> event) {
        return headers(event, null, null);
    }

    /**
     * The record headers of {@code event}, naming where its data's schema is ({@code dataschema}, may be null) and the
     * trace that made it (the distributed-tracing extension's {@code traceparent}, may be null).
     */
    public static RecordHeaders headers(CloudEvent<?> event, String dataSchema, String traceparent) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(event.id())
                .withType(event.type())
                .withSource(URI.create(event.source()))
                .withTime(event.time().atOffset(ZoneOffset.UTC))
                .withDataContentType(CloudEvent.DATA_CONTENT_TYPE);
        if (event.subject() != null) {
            builder.withSubject(event.subject());
        }
        if (dataSchema != null) {
            builder.withDataSchema(URI.create(dataSchema));
        }
        if (traceparent != null) {
            DistributedTracingExtension tracing = new DistributedTracingExtension();
            tracing.setTraceparent(traceparent);
            builder.withExtension(tracing);
        }
        RecordHeaders headers = new RecordHeaders();
        // The envelope without data: the serializer writes only its attributes, the caller sends the data as it is.
        SERIALIZER.serialize(null, headers, builder.build());
        return headers;
    }

    /**
     * The event a record carries, its data read as {@code dataClass}; anything that is not a well-formed event of
     * that type throws {@link MalformedEventException}.
     */
    public static <T> CloudEvent<T> decode(Headers headers, String value, Class<T> dataClass) {
        io.cloudevents.CloudEvent envelope = read(headers);
        if (envelope.getSpecVersion() != SpecVersion.V1) {
            throw new MalformedEventException("unsupported CloudEvents spec version " + envelope.getSpecVersion());
        }
        String expectedType = EventCatalog.forDataClass(dataClass).type();
        if (!expectedType.equals(envelope.getType())) {
            throw new MalformedEventException("unexpected event type " + envelope.getType() + ", expected "
                    + expectedType);
        }
        if (envelope.getTime() == null) {
            throw new MalformedEventException("missing CloudEvents attribute time");
        }
        if (value == null) {
            throw new MalformedEventException("event " + envelope.getId() + " has no data");
        }
        Instant time = envelope.getTime().toInstant();
        return new CloudEvent<>(envelope.getId(), envelope.getType(), envelope.getSource().toString(), time,
                envelope.getSubject(), EventJson.read(value, dataClass));
    }

    /**
     * The attributes a record's headers carry, whatever its type, without its data (callers read the value as it is,
     * so no copy of it is made for the SDK); {@link MalformedEventException} if they are no CloudEvent's.
     */
    public static io.cloudevents.CloudEvent read(Headers headers) {
        try {
            return KafkaMessageFactory.createReader(headers, null).toEvent();
        } catch (CloudEventRWException | IllegalStateException | IllegalArgumentException e) {
            throw new MalformedEventException("not a CloudEvent: " + e.getMessage(), e);
        }
    }

    private static CloudEventSerializer binarySerializer() {
        CloudEventSerializer serializer = new CloudEventSerializer();
        serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, "BINARY"), false);
        return serializer;
    }
}
