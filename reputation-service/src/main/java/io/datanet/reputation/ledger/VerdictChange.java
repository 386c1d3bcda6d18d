package io.datanet.reputation.ledger;

import io.datanet.reputation.score.Sums;
import java.util.SortedMap;

/**
 * The effect of a verdict that supersedes what was known of an upload: the upload's new state and the change of
 * every affected scope (the replaced verdict's contribution removed, the new one's added).
 *
 * @param previous the state it replaces; null for the upload's first verdict
 * @param kind     VERDICT, OVERRIDE (the verdict changed) or PENDING (awaiting review, not counted)
 */
public record VerdictChange(UploadState previous, UploadState next, SortedMap<ScopeKey, Sums> deltas, String kind,
                            String reason) {
}
