package io.datanet.reputation.score;

import io.datanet.events.Verdict;

/**
 * How much evidence one verdict is: what the upload said, not that it was one more file. validation-service measures
 * each upload's new information, the bytes of DEFLATE output its text adds after its contributor's earlier text in
 * the datanet ({@code newInformationBytes}), which does not change when the same records are split over more files
 * and hardly grows with templated or repeated lines. One unit is {@link #BYTES_PER_UNIT} of it, about three
 * paragraphs of fresh prose.
 *
 * <ul>
 *   <li>An upload counts for at most {@link #MAX_UNITS_PER_UPLOAD}, so that no single upload dominates a standing.
 *   <li>A rejected upload counts for at least one unit: spam costs, whatever it holds (an empty or unreadable file
 *       says nothing new, yet must not be free to send).
 *   <li>A verdict without the measure (events from before it) counts one unit, as every upload did then.
 * </ul>
 */
public final class Evidence {

    public static final double BYTES_PER_UNIT = 1024;
    public static final double MAX_UNITS_PER_UPLOAD = 32;

    private Evidence() {
    }

    public static double units(Verdict verdict, Long newInformationBytes) {
        if (newInformationBytes == null) {
            return 1;
        }
        double units = Math.min(MAX_UNITS_PER_UPLOAD, newInformationBytes / BYTES_PER_UNIT);
        return verdict == Verdict.REJECTED ? Math.max(1, units) : units;
    }
}
