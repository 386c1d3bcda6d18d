package io.datanet.demo.bench;

import io.datanet.demo.Api;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark contributor. Reputation updates are per contributor and carry the contributor's running count of
 * verdicts ({@code accepted + rejected}), not the upload they are about. With at most one upload in flight per
 * contributor, the contributor's n-th accepted POST is settled by the first update whose count reaches n: that
 * update is the reputation effect of exactly that upload.
 */
final class Contributor {

    final String id;
    final Api api;
    private int posts;
    private int accepted;
    private UploadTrace inFlight;
    /** Every update seen: {verdicts counted, nanoTime seen}; kept because one may arrive before the 202 does. */
    private final List<long[]> updates = new ArrayList<>();

    Contributor(String id, Api api) {
        this.id = id;
        this.api = api;
    }

    synchronized int posts() {
        return posts;
    }

    synchronized void start(UploadTrace trace) {
        if (inFlight != null) {
            throw new IllegalStateException(id + " already has an upload in flight");
        }
        inFlight = trace;
        posts++;
    }

    /** The POST was answered 202; true when its reputation update was already seen (the upload is settled). */
    synchronized boolean accepted(UploadTrace trace) {
        trace.ordinal = ++accepted;
        for (long[] update : updates) {
            if (update[0] >= trace.ordinal) {
                return settle(update[1]);
            }
        }
        return false;
    }

    /** A reputation update of this contributor; true when it settles the upload in flight. */
    synchronized boolean reputationUpdated(long verdicts, long seenNanos) {
        updates.add(new long[] {verdicts, seenNanos});
        if (inFlight != null && inFlight.ordinal > 0 && verdicts >= inFlight.ordinal) {
            return settle(seenNanos);
        }
        return false;
    }

    private boolean settle(long seenNanos) {
        inFlight.reputationNanos = seenNanos;
        inFlight = null;
        return true;
    }
}
