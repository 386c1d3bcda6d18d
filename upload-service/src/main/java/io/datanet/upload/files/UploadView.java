package io.datanet.upload.files;

import io.datanet.events.DatanetJson;
import io.datanet.upload.files.Upload;
import io.datanet.upload.files.UploadStatus;
import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Instant;
import java.util.Map;

/** An upload as clients see it; {@code withdrawnAt} once it was withdrawn (status WITHDRAWN). */
public record UploadView(String id, String datanetId, String contributorId, String fileName, String mediaType,
                         long size, String sha256, UploadStatus status, Double qualityScore,
                         Map<String, Integer> reasonCounts, Instant receivedAt, Instant decidedAt,
                         Instant withdrawnAt) {


    public static UploadView of(Upload u) {
        return new UploadView(u.id, u.datanetId, u.contributorId, u.fileName, u.mediaType, u.sizeBytes, u.sha256,
                u.status, u.qualityScore, reasons(u.reasonCounts), u.receivedAt, u.decidedAt, u.withdrawnAt);
    }

    private static Map<String, Integer> reasons(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        return DatanetJson.read(json, new TypeReference<Map<String, Integer>>() { });
    }

    public static String reasonsJson(Map<String, Integer> counts) {
        return DatanetJson.write(counts);
    }
}
