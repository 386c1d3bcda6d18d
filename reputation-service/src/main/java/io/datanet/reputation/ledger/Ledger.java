package io.datanet.reputation.ledger;

import io.datanet.events.AttributionComputed;
import io.datanet.events.CloudEvent;
import io.datanet.events.ContributorInfluence;
import io.datanet.events.MalformedEventException;
import io.datanet.events.UploadValidated;
import io.datanet.events.UploadWithdrawn;
import io.datanet.events.Verdict;
import io.datanet.reputation.score.Decay;
import io.datanet.reputation.score.Sums;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The rules that turn events into reputation state, free of storage: the live consumers and the rebuild apply
 * exactly these, so both reach the same state. Every quantity is derived from the event alone (its data and its
 * {@code ce_time}), never from when it is processed.
 */
public final class Ledger {

    private final Decay decay;

    public Ledger(Decay decay) {
        this.decay = decay;
    }

    /** Rejects payloads that decode but cannot be counted; they go to the dead-letter topic. */
    public static void check(UploadValidated verdict) {
        double q = verdict.qualityScore();
        if (!(q >= 0 && q <= 1)) {
            throw new MalformedEventException("qualityScore " + q + " of upload " + verdict.uploadId() + " is outside [0,1]");
        }
    }

    public static void check(AttributionComputed attribution) {
        for (ContributorInfluence c : attribution.contributors()) {
            if (!(c.share() >= 0 && c.share() <= 1) || !Double.isFinite(c.influence())) {
                throw new MalformedEventException("attribution of job " + attribution.jobId() + " has share "
                        + c.share() + " / influence " + c.influence() + " for " + c.contributorId());
            }
        }
    }

    /**
     * A verdict on an upload whose current state is {@code current} (null if none): the change it makes, or null
     * when it changes nothing (its version is not newer than the one already counted).
     */
    public VerdictChange onVerdict(UploadState current, CloudEvent<UploadValidated> event) {
        UploadValidated v = event.data();
        if (current != null && v.verdictVersion() <= current.verdictVersion()) {
            return null;
        }
        Instant decidedAt = (v.validatedAt() != null ? v.validatedAt() : event.time()).truncatedTo(ChronoUnit.MICROS);
        UploadState next = new UploadState(v.uploadId(), v.contributorId(), v.datanetId(), v.verdictVersion(),
                v.verdict(), v.decidedBy(), v.qualityScore(), v.newInformationBytes(), decidedAt, event.id(),
                current == null ? null : current.withdrawnAt());
        SortedMap<ScopeKey, Sums> deltas = new TreeMap<>();
        if (current != null) {
            add(deltas, current.contributorId(), current.datanetId(), contribution(current).negate());
        }
        add(deltas, next.contributorId(), next.datanetId(), contribution(next));
        return new VerdictChange(current, next, deltas, kind(current, next), reason(current, next));
    }

    /**
     * An upload's withdrawal (or erasure): the change it makes, once; null if it was withdrawn already. Its verdict
     * stops counting if it accepted the upload (the records are gone); a rejection keeps counting, so that
     * withdrawing is never a way to wipe one out. Whichever of withdrawal and verdict is read first, the upload ends
     * in the same state.
     */
    public VerdictChange onWithdrawal(UploadState current, CloudEvent<UploadWithdrawn> event) {
        UploadWithdrawn w = event.data();
        if (current != null && current.withdrawn()) {
            return null;
        }
        Instant at = w.withdrawnAt().truncatedTo(ChronoUnit.MICROS);
        UploadState next = current != null ? current.withdrawnAt(at)
                : new UploadState(w.uploadId(), w.contributorId(), w.datanetId(), 0, null, null, 0, null, at,
                        event.id(), at);
        SortedMap<ScopeKey, Sums> deltas = new TreeMap<>();
        if (current != null) {
            add(deltas, current.contributorId(), current.datanetId(), contribution(current).negate());
        }
        add(deltas, next.contributorId(), next.datanetId(), contribution(next));
        String by = w.reason() == UploadWithdrawn.Reason.ERASED ? "erased on request by " + w.requestedBy()
                : "withdrawn by its contributor";
        String effect = current == null || current.verdict() == null ? "no verdict of it will count"
                : current.verdict() == Verdict.REJECTED ? "its rejection still counts"
                : current.verdict() == Verdict.ACCEPTED ? "its acceptance no longer counts" : "it will not count";
        return new VerdictChange(current, next, deltas, "WITHDRAWN", "upload " + w.uploadId() + " " + by + "; " + effect);
    }

    /**
     * What an upload in this state adds to its contributor's sums: nothing while it awaits review or a verdict, nor
     * once an accepted upload is withdrawn.
     */
    public Sums contribution(UploadState upload) {
        if (upload.verdict() == null || (upload.withdrawn() && upload.verdict() == Verdict.ACCEPTED)) {
            return Sums.ZERO;
        }
        Instant t = upload.validatedAt();
        return switch (upload.verdict()) {
            case ACCEPTED -> new Sums(1, 0, decay.anchor(upload.evidence(), t),
                    decay.anchor(upload.evidence() * upload.qualityScore(), t), BigDecimal.ZERO, BigDecimal.ZERO,
                    BigDecimal.ZERO, upload.newInformationBytes() == null ? 0 : upload.newInformationBytes());
            case REJECTED -> new Sums(0, 1, decay.anchor(upload.evidence(), t), BigDecimal.ZERO,
                    decay.anchor(upload.evidence(), t), BigDecimal.ZERO, BigDecimal.ZERO, 0);
            case PENDING_REVIEW -> Sums.ZERO;
        };
    }

    /**
     * A job's attribution. The caller counts it only for the first event of a job (idempotent per job id).
     * A contributor named twice in one attribution gets the sum of the shares.
     */
    public AttributionChange onAttribution(CloudEvent<AttributionComputed> event) {
        AttributionComputed a = event.data();
        Instant at = (a.computedAt() != null ? a.computedAt() : event.time()).truncatedTo(ChronoUnit.MICROS);
        Map<String, double[]> merged = new TreeMap<>();
        for (ContributorInfluence c : a.contributors()) {
            double[] sum = merged.computeIfAbsent(c.contributorId(), id -> new double[2]);
            sum[0] += c.share();
            sum[1] += c.influence();
        }
        List<Credit> credits = new ArrayList<>();
        SortedMap<ScopeKey, Sums> deltas = new TreeMap<>();
        merged.forEach((contributor, sum) -> {
            Credit credit = new Credit(a.jobId(), contributor, a.datanetId(), sum[0], sum[1]);
            credits.add(credit);
            add(deltas, contributor, a.datanetId(), contribution(credit, at));
        });
        return new AttributionChange(new JobState(a.jobId(), a.datanetId(), at, event.id()), List.copyOf(credits), deltas);
    }

    /** What a job's credit adds to its contributor's sums; {@code at} is when the job's attribution was computed. */
    public Sums contribution(Credit credit, Instant at) {
        return new Sums(0, 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, decay.anchor(credit.share(), at),
                new BigDecimal(credit.share()), 0);
    }

    /**
     * Applies one event of either input topic to an in-memory state the way the consumers apply it to the tables:
     * what a rebuild replays the topics with.
     */
    @SuppressWarnings("unchecked")
    public void replay(LedgerState state, CloudEvent<?> event) {
        if (event.data() instanceof UploadValidated v) {
            check(v);
            VerdictChange change = onVerdict(state.upload(v.uploadId()), (CloudEvent<UploadValidated>) event);
            if (change != null) {
                state.apply(change);
            }
        } else if (event.data() instanceof UploadWithdrawn w) {
            VerdictChange change = onWithdrawal(state.upload(w.uploadId()), (CloudEvent<UploadWithdrawn>) event);
            if (change != null) {
                state.apply(change);
            }
        } else if (event.data() instanceof AttributionComputed a) {
            check(a);
            if (!state.knowsJob(a.jobId())) {
                state.apply(onAttribution((CloudEvent<AttributionComputed>) event));
            }
        } else {
            throw new IllegalArgumentException("not an input of reputation: " + event.type());
        }
    }

    /**
     * The state that follows from a set of latest verdicts and counted jobs: the sums are a function of those
     * alone (exact decimals, so the order of summing does not matter).
     */
    public LedgerState recompute(Iterable<UploadState> uploads, Iterable<JobState> jobs, Iterable<Credit> credits) {
        LedgerState state = new LedgerState();
        Map<String, JobState> jobsById = new TreeMap<>();
        jobs.forEach(job -> {
            jobsById.put(job.jobId(), job);
            state.put(job);
        });
        uploads.forEach(upload -> {
            state.put(upload);
            SortedMap<ScopeKey, Sums> deltas = new TreeMap<>();
            add(deltas, upload.contributorId(), upload.datanetId(), contribution(upload));
            deltas.forEach(state::add);
        });
        credits.forEach(credit -> {
            state.put(credit);
            SortedMap<ScopeKey, Sums> deltas = new TreeMap<>();
            add(deltas, credit.contributorId(), credit.datanetId(),
                    contribution(credit, jobsById.get(credit.jobId()).computedAt()));
            deltas.forEach(state::add);
        });
        return state;
    }

    private static void add(SortedMap<ScopeKey, Sums> deltas, String contributor, String datanet, Sums delta) {
        deltas.merge(ScopeKey.overall(contributor), delta, Sums::plus);
        deltas.merge(new ScopeKey(contributor, datanet), delta, Sums::plus);
    }

    private static String kind(UploadState previous, UploadState next) {
        if (next.verdict() == Verdict.PENDING_REVIEW) {
            return "PENDING";
        }
        return previous != null && previous.verdict() != null && previous.verdict() != next.verdict()
                ? "OVERRIDE" : "VERDICT";
    }

    private static String reason(UploadState previous, UploadState next) {
        if (next.withdrawn()) {
            return "upload " + next.uploadId() + " " + next.verdict() + " (version " + next.verdictVersion()
                    + ") after it was withdrawn: " + (next.verdict() == Verdict.REJECTED ? "the rejection counts"
                    : "not counted");
        }
        String by = String.format(Locale.ROOT, "version %d, decided by %s", next.verdictVersion(), next.decidedBy());
        if (next.verdict() == Verdict.PENDING_REVIEW) {
            return "upload " + next.uploadId() + (previous == null ? "" : " " + previous.verdict() + " →")
                    + " PENDING_REVIEW, not counted until decided (" + by + ")";
        }
        String quality = next.verdict() == Verdict.ACCEPTED
                ? String.format(Locale.ROOT, "quality %.2f, ", next.qualityScore()) : "";
        if (previous == null || previous.verdict() == next.verdict()) {
            return "upload " + next.uploadId() + " " + next.verdict() + (previous == null ? "" : " again") + " ("
                    + quality + by + ")";
        }
        return "upload " + next.uploadId() + " " + previous.verdict() + " → " + next.verdict() + " (" + quality + by
                + "); the earlier verdict's effect is removed";
    }
}
