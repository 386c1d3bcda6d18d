package io.datanet.events;

import java.time.Instant;
import java.util.Map;

/**
 * @param blobAddress         where the bytes are in the content-addressed blob store: {@code upload/sha256:<hex>}
 *                            ({@code sha256:<hex>} for uploads stored before namespaces)
 * @param reviewMode          the datanet's review mode when the upload was made: validation decides by it, so it
 *                            never depends on having consumed the datanet's definition first (another topic, no
 *                            ordering between them); null in events from before this field
 * @param acceptanceThreshold the datanet's acceptance threshold then, likewise
 * @param validationThresholds the datanet's own record thresholds then, by name (see {@link DatanetDefined})
 */
public record UploadReceived(String uploadId, String datanetId, String contributorId, String fileName,
                             String mediaType, long sizeBytes, String sha256, String blobAddress,
                             Instant receivedAt, ReviewMode reviewMode, Double acceptanceThreshold,
                             Map<String, Double> validationThresholds) {
    public UploadReceived {
        Require.text(uploadId, "uploadId");
        Require.text(datanetId, "datanetId");
        Require.text(contributorId, "contributorId");
        Require.text(blobAddress, "blobAddress");
        validationThresholds = validationThresholds == null ? Map.of() : Map.copyOf(validationThresholds);
    }
}
