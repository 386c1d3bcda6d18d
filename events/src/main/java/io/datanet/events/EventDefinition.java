package io.datanet.events;

/**
 * One kind of event: where it goes, its CloudEvents type, its payload record and how it is keyed.
 *
 * @param key        the payload field whose value is the Kafka key (keeps one entity's changes in order)
 * @param compacted  whether the topic is log-compacted (latest value per key is the state)
 * @param producer   the one service that publishes it (through its outbox); Kafka lets no other principal write it
 */
public record EventDefinition<T>(String topic, String type, Class<T> dataClass, String key, boolean compacted,
                                 String producer, String description) {

    /**
     * The CloudEvents {@code dataschema} of this kind of event: its payload's schema in the AsyncAPI document at
     * {@code documentUrl} ({@code #/components/schemas/<payload record's name>}, the name asyncapi.yaml uses).
     */
    public String dataSchema(String documentUrl) {
        return documentUrl + "#/components/schemas/" + dataClass.getSimpleName();
    }

    /** The Kafka key of an event of this kind: the value of the {@link #key()} component of the payload. */
    public String keyOf(Object data) {
        try {
            Object value = dataClass.getMethod(key).invoke(data);
            return value == null ? null : value.toString();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("payload " + dataClass.getSimpleName() + " has no key " + key, e);
        }
    }
}
