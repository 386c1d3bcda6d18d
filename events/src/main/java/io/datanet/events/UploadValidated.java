package io.datanet.events;

import java.time.Instant;
import java.util.Map;

/**
 * A verdict on an upload. The validation-service is its only producer; each new decision on the same upload
 * (a validator's override, an owner's review) carries a higher {@code verdictVersion}, so consumers keep the
 * latest and can undo the effect of the one it replaces.
 *
 * @param qualityScore       in [0,1]
 * @param reasonCounts       rejected-record counts per stable reason code, e.g. {@code pii.email}
 * @param cleanedBlobAddress the accepted records as JSONL in the blob store (for training), in the namespace
 *                           {@link #CLEANED_NAMESPACE}; null when none
 * @param newInformationBytes what the upload says that its contributor had not said in the datanet: bytes of
 *                           DEFLATE output its text adds after the contributor's earlier passing records (the
 *                           passing records of a passing upload, all records of a rejected one); reputation's unit
 *                           of evidence. Null in events from before it was measured.
 * @param sha256             SHA-256 of the file as uploaded ({@link UploadReceived#sha256()}): what the verdict is
 *                           about, for auditors and payouts to match against the contributor's own copy. Null in
 *                           events from before it was carried.
 */
public record UploadValidated(String uploadId, String datanetId, String contributorId, int verdictVersion,
                              Verdict verdict, VerdictSource decidedBy, double qualityScore, int recordsTotal,
                              int recordsAccepted, Map<String, Integer> reasonCounts, String cleanedBlobAddress,
                              String cleanedSha256, String reviewerId, String comment, Instant validatedAt,
                              Long newInformationBytes, String sha256) {

    /**
     * The blob store namespace of cleaned files: validation-service writes them, training-service, their only reader,
     * sweeps them once no upload still in and no queued or running job needs them (a withdrawn upload's records do
     * not outlive it). Files from before the namespace stay in the shared area, never swept.
     */
    public static final String CLEANED_NAMESPACE = "cleaned";

    /** A verdict without the information measure (events from before it, and tests that do not need it). */
    public UploadValidated(String uploadId, String datanetId, String contributorId, int verdictVersion,
                           Verdict verdict, VerdictSource decidedBy, double qualityScore, int recordsTotal,
                           int recordsAccepted, Map<String, Integer> reasonCounts, String cleanedBlobAddress,
                           String cleanedSha256, String reviewerId, String comment, Instant validatedAt) {
        this(uploadId, datanetId, contributorId, verdictVersion, verdict, decidedBy, qualityScore, recordsTotal,
                recordsAccepted, reasonCounts, cleanedBlobAddress, cleanedSha256, reviewerId, comment, validatedAt, null);
    }

    /** A verdict without the uploaded file's digest (events from before it, and tests that do not need it). */
    public UploadValidated(String uploadId, String datanetId, String contributorId, int verdictVersion,
                           Verdict verdict, VerdictSource decidedBy, double qualityScore, int recordsTotal,
                           int recordsAccepted, Map<String, Integer> reasonCounts, String cleanedBlobAddress,
                           String cleanedSha256, String reviewerId, String comment, Instant validatedAt,
                           Long newInformationBytes) {
        this(uploadId, datanetId, contributorId, verdictVersion, verdict, decidedBy, qualityScore, recordsTotal,
                recordsAccepted, reasonCounts, cleanedBlobAddress, cleanedSha256, reviewerId, comment, validatedAt,
                newInformationBytes, null);
    }

    public UploadValidated {
        Require.text(uploadId, "uploadId");
        Require.text(datanetId, "datanetId");
        Require.text(contributorId, "contributorId");
        Require.present(verdict, "verdict");
        Require.present(decidedBy, "decidedBy");
        if (verdictVersion < 1) {
            throw new IllegalArgumentException("verdictVersion must be >= 1");
        }
        reasonCounts = reasonCounts == null ? Map.of() : Map.copyOf(reasonCounts);
        if (newInformationBytes != null && newInformationBytes < 0) {
            throw new IllegalArgumentException("newInformationBytes must be >= 0");
        }
    }
}
