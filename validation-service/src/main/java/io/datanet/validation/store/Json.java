package io.datanet.validation.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datanet.validation.checks.UploadVerdict;
import java.util.List;
import java.util.Map;

/** JSON for the report columns that hold structures. */
public final class Json {
    public static final TypeReference<Map<String, Integer>> COUNTS = new TypeReference<>() { };
    public static final TypeReference<List<UploadVerdict.RecordResult>> RECORDS = new TypeReference<>() { };
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }
}
