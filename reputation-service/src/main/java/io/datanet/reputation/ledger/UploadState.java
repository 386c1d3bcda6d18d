package io.datanet.reputation.ledger;

import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import java.time.Instant;

/**
 * The latest verdict of one upload: what it currently contributes to its contributor's reputation.
 *
 * @param evidence the units of evidence it counts for ({@link io.datanet.reputation.score.Evidence})
 */
public record UploadState(String uploadId, String contributorId, String datanetId, int verdictVersion,
                          Verdict verdict, VerdictSource decidedBy, double qualityScore, double evidence,
                          Instant validatedAt, String eventId) {
}
