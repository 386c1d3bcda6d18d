package io.datanet.reputation.ledger;

import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.datanet.reputation.score.Evidence;
import java.time.Instant;

/**
 * The latest verdict of one upload: what it currently contributes to its contributor's reputation.
 *
 * @param newInformationBytes what the upload said that its contributor had not (validation-service's measure);
 *                            null for verdicts from before it
 */
public record UploadState(String uploadId, String contributorId, String datanetId, int verdictVersion,
                          Verdict verdict, VerdictSource decidedBy, double qualityScore, Long newInformationBytes,
                          Instant validatedAt, String eventId) {

    /** The units of evidence the verdict counts for. */
    public double evidence() {
        return Evidence.units(verdict, newInformationBytes);
    }
}
