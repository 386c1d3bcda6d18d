package io.datanet.upload.files;

import io.datanet.upload.files.Upload;
import io.datanet.upload.files.UploadStatus;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;

/** An upload as clients see it; {@code withdrawnAt} once it was withdrawn (status WITHDRAWN). */
public record UploadView(String id, String datanetId, String contributorId, String fileName, String mediaType,
                         long size, String sha256, UploadStatus status, Double qualityScore,
                         Map<String, Integer> reasonCounts, Instant receivedAt, Instant decidedAt,
                         Instant withdrawnAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static UploadView of(Upload u) {
        return new UploadView(u.id, u.datanetId, u.contributorId, u.fileName, u.mediaType, u.sizeBytes, u.sha256,
                u.status, u.qualityScore, reasons(u.reasonCounts), u.receivedAt, u.decidedAt, u.withdrawnAt);
    }

    private static Map<String, Integer> reasons(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Integer>>() { });
        } catch (Exception e) {
            throw new IllegalStateException("stored reason counts are not JSON", e);
        }
    }

    public static String reasonsJson(Map<String, Integer> counts) {
        try {
            return JSON.writeValueAsString(counts);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
