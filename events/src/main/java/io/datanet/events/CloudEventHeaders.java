package io.datanet.events;

/** Kafka header names of the CloudEvents Kafka protocol binding, binary content mode. */
public final class CloudEventHeaders {
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";
    /**
     * Where the data's schema is: the AsyncAPI document's schema of the event's payload
     * ({@link EventDefinition#dataSchema(String)}); only where the platform publishes that document.
     */
    public static final String DATA_SCHEMA = "ce_dataschema";
    /**
     * The distributed-tracing extension: the W3C trace context of the work that made the event (the request or the
     * consumed event it answers). The transport's own {@code traceparent} header names the span that published it.
     */
    public static final String TRACEPARENT = "ce_traceparent";

    private CloudEventHeaders() {
    }
}
