package io.datanet.validation.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datanet.validation.checks.UploadVerdict;
import java.util.List;
import java.util.Map;

/** JSON for the report columns that hold structures. */
final class Json {
    static final TypeReference<Map<String, Integer>> COUNTS = new TypeReference<>() { };
    static final TypeReference<List<UploadVerdict.RecordResult>> RECORDS = new TypeReference<>() { };
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }
}
