package io.datanet.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON for event data. Unknown fields are ignored so consumers keep working when a producer adds an optional
 * field (a breaking change gets a new topic version instead).
 */
public final class EventJson {

    /**
     * Datanet's JSON ({@link DatanetJson}), and two rules of the events' contract: an optional property without a
     * value is left out rather than written as null (asyncapi.yaml types each property: a string is a string, and
     * readers take an absent property as null all the same), and a number the record needs may not be null.
     */
    private static final ObjectMapper MAPPER = DatanetJson.mapper().copy()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
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
