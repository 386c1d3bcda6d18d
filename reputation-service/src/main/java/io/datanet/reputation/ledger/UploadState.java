package io.datanet.reputation.ledger;

import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import java.time.Instant;

/** The latest verdict of one upload: what it currently contributes to its contributor's reputation. */
public record UploadState(String uploadId, String contributorId, String datanetId, int verdictVersion,
                          Verdict verdict, VerdictSource decidedBy, double qualityScore, Instant validatedAt,
                          String eventId) {
}
