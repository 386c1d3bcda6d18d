package io.datanet.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * JSON for event data. Unknown fields are ignored so consumers keep working when a producer adds an optional
 * field (a breaking change gets a new topic version instead).
 */
public final class EventJson {

    /**
     * An optional property without a value is left out rather than written as null: asyncapi.yaml types each
     * property (a string is a string), and readers take an absent property as null all the same.
     */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private EventJson() {
    }

    public static String write(Object data) {
        try {
            return MAPPER.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + data.getClass().getSimpleName(), e);
        }
    }

    /** Parses event data; a malformed payload throws {@link MalformedEventException} (a poison message). */
    public static <T> T read(String json, Class<T> type) {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new MalformedEventException("empty " + type.getSimpleName() + " payload");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("malformed " + type.getSimpleName() + " payload: " + e.getOriginalMessage(), e);
        }
    }
}
