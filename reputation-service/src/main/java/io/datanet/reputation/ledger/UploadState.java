package io.datanet.reputation.ledger;

import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.datanet.reputation.score.Evidence;
import java.time.Instant;

/**
 * The latest verdict of one upload: what it currently contributes to its contributor's reputation.
 *
 * @param verdictVersion      0 (and {@code verdict}, {@code decidedBy} null) while only its withdrawal is known
 * @param newInformationBytes what the upload said that its contributor had not (validation-service's measure);
 *                            null for verdicts from before it
 * @param validatedAt         when its verdict was made (when it was withdrawn, while no verdict is known)
 * @param withdrawnAt         when its contributor withdrew it or it was erased; null while it is in
 */
public record UploadState(String uploadId, String contributorId, String datanetId, int verdictVersion,
                          Verdict verdict, VerdictSource decidedBy, double qualityScore, Long newInformationBytes,
                          Instant validatedAt, String eventId, Instant withdrawnAt) {

    /** The units of evidence the verdict counts for. */
    public boolean withdrawn() {
        return withdrawnAt != null;
    }

    public UploadState withdrawnAt(Instant at) {
        return new UploadState(uploadId, contributorId, datanetId, verdictVersion, verdict, decidedBy, qualityScore,
                newInformationBytes, validatedAt, eventId, at);
    }

    public double evidence() {
        return Evidence.units(verdict, newInformationBytes);
    }
}
