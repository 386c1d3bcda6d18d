package io.datanet.events;

import java.time.Instant;

/**
 * @param blobAddress where the bytes are: {@code sha256:<hex>} in the content-addressed blob store
 */
public record UploadReceived(String uploadId, String datanetId, String contributorId, String fileName,
                             String mediaType, long sizeBytes, String sha256, String blobAddress,
                             Instant receivedAt) {
    public UploadReceived {
        Require.text(uploadId, "uploadId");
        Require.text(datanetId, "datanetId");
        Require.text(contributorId, "contributorId");
        Require.text(blobAddress, "blobAddress");
    }
}
