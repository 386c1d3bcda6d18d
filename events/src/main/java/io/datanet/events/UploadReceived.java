package io.datanet.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * @param blobAddress         where the bytes are in the content-addressed blob store: {@code upload/sha256:<hex>}
 *                            ({@code sha256:<hex>} for uploads stored before namespaces)
 * @param reviewMode          the datanet's review mode when the upload was made: validation decides by it, so it
 *                            never depends on having consumed the datanet's definition first (another topic, no
 *                            ordering between them); null in events from before this field
 * @param acceptanceThreshold the datanet's acceptance threshold then, likewise
 * @param validationThresholds the datanet's own record thresholds then, by name (see {@link DatanetDefined})
 * @param datanetDescription  the datanet's description then: with its tags, the topic records' relevance is measured
 *                            against (null in events from before this field, and for a datanet without one)
 * @param datanetTags         the datanet's tags then (empty in events from before this field)
 */
public record UploadReceived(String uploadId, String datanetId, String contributorId, String fileName,
                             String mediaType, long sizeBytes, String sha256, String blobAddress,
                             Instant receivedAt, ReviewMode reviewMode, Double acceptanceThreshold,
                             Map<String, Double> validationThresholds, String datanetDescription,
                             List<String> datanetTags) {
    public UploadReceived {
        Require.text(uploadId, "uploadId");
        Require.text(datanetId, "datanetId");
        Require.text(contributorId, "contributorId");
        Require.text(blobAddress, "blobAddress");
        validationThresholds = validationThresholds == null ? Map.of() : Map.copyOf(validationThresholds);
        datanetTags = datanetTags == null ? List.of() : List.copyOf(datanetTags);
    }

    /** An upload to a datanet whose topic is not known (no description, no tags). */
    public UploadReceived(String uploadId, String datanetId, String contributorId, String fileName, String mediaType,
                          long sizeBytes, String sha256, String blobAddress, Instant receivedAt, ReviewMode reviewMode,
                          Double acceptanceThreshold, Map<String, Double> validationThresholds) {
        this(uploadId, datanetId, contributorId, fileName, mediaType, sizeBytes, sha256, blobAddress, receivedAt,
                reviewMode, acceptanceThreshold, validationThresholds, null, List.of());
    }
}
