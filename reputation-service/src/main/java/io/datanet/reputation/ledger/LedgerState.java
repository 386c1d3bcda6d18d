package io.datanet.reputation.ledger;

import io.datanet.reputation.score.Sums;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The whole reputation state in memory: what a rebuild replays the topics into, and what the live tables are
 * loaded into to compare with it.
 */
public final class LedgerState {

    private final Map<String, UploadState> uploads = new HashMap<>();
    private final Map<String, JobState> jobs = new HashMap<>();
    private final Map<String, Credit> credits = new HashMap<>();
    private final SortedMap<ScopeKey, Sums> sums = new TreeMap<>();

    /** A difference between two states, for the rebuild report. */
    public record Difference(String kind, String key, String live, String rebuilt) {
    }

    public UploadState upload(String uploadId) {
        return uploads.get(uploadId);
    }

    public boolean knowsJob(String jobId) {
        return jobs.containsKey(jobId);
    }

    public void apply(VerdictChange change) {
        uploads.put(change.next().uploadId(), change.next());
        change.deltas().forEach(this::add);
    }

    public void apply(AttributionChange change) {
        jobs.put(change.job().jobId(), change.job());
        change.credits().forEach(this::put);
        change.deltas().forEach(this::add);
    }

    public void put(UploadState upload) {
        uploads.put(upload.uploadId(), upload);
    }

    public void put(JobState job) {
        jobs.put(job.jobId(), job);
    }

    public void put(Credit credit) {
        credits.put(creditKey(credit), credit);
    }

    private static String creditKey(Credit credit) {
        return credit.jobId() + "\u0000" + credit.contributorId();
    }

    public void put(ScopeKey key, Sums value) {
        sums.put(key, value);
    }

    public void add(ScopeKey key, Sums delta) {
        sums.merge(key, delta, Sums::plus);
    }

    public Map<String, UploadState> uploads() {
        return Collections.unmodifiableMap(uploads);
    }

    public Map<String, JobState> jobs() {
        return Collections.unmodifiableMap(jobs);
    }

    public Map<String, Credit> credits() {
        return Collections.unmodifiableMap(credits);
    }

    public SortedMap<ScopeKey, Sums> sums() {
        return Collections.unmodifiableSortedMap(sums);
    }

    /** The sums of every contributor in one scope (overall or a datanet); all-zero sums (nothing counted) are left out. */
    public Map<String, Sums> scope(String scope) {
        Map<String, Sums> result = new HashMap<>();
        sums.forEach((key, value) -> {
            if (key.scope().equals(scope) && !value.isZero()) {
                result.put(key.contributorId(), value);
            }
        });
        return result;
    }

    /** Every difference between this (live) state and {@code rebuilt}; all of them, in a stable order. */
    public List<Difference> differences(LedgerState rebuilt) {
        List<Difference> out = new ArrayList<>();
        // A scope whose sums cancelled out to zero (its only upload moved on) is the same as no scope at all.
        compare("reputation", nonZero(sums), nonZero(rebuilt.sums), ScopeKey::toString, out);
        compare("upload", uploads, rebuilt.uploads, Function.identity(), out);
        compare("job", jobs, rebuilt.jobs, Function.identity(), out);
        compare("credit", credits, rebuilt.credits, k -> k.replace('\u0000', '/'), out);
        return out;
    }

    private static Map<ScopeKey, Sums> nonZero(Map<ScopeKey, Sums> all) {
        Map<ScopeKey, Sums> result = new TreeMap<>();
        all.forEach((key, value) -> {
            if (!value.isZero()) {
                result.put(key, value);
            }
        });
        return result;
    }

    /**
     * This state with, for each upload, the newer of its verdicts here and in {@code later}, and every job of either:
     * what a rebuild swaps in, so that events consumers applied after the replay read its topics are kept.
     */
    public LedgerState mergedWith(LedgerState later, Ledger ledger) {
        Map<String, UploadState> mergedUploads = new HashMap<>(uploads);
        later.uploads.forEach((id, upload) -> mergedUploads.merge(id, upload, (mine, theirs) -> {
            UploadState newer = theirs.verdictVersion() > mine.verdictVersion() ? theirs : mine;
            // A withdrawal known to either is kept: it is final.
            Instant withdrawn = mine.withdrawnAt() != null ? mine.withdrawnAt() : theirs.withdrawnAt();
            return withdrawn == null ? newer : newer.withdrawnAt(withdrawn);
        }));
        Map<String, JobState> mergedJobs = new HashMap<>(jobs);
        Map<String, Credit> mergedCredits = new HashMap<>(credits);
        later.jobs.forEach((id, job) -> {
            if (!mergedJobs.containsKey(id)) {
                mergedJobs.put(id, job);
                later.credits.values().stream().filter(c -> c.jobId().equals(id)).forEach(c -> mergedCredits.put(creditKey(c), c));
            }
        });
        return ledger.recompute(mergedUploads.values(), mergedJobs.values(), mergedCredits.values());
    }

    private static <K> void compare(String kind, Map<K, ?> live, Map<K, ?> rebuilt, Function<K, String> name,
                                    List<Difference> out) {
        TreeSet<K> keys = new TreeSet<>(live.keySet());
        keys.addAll(rebuilt.keySet());
        for (K key : keys) {
            Object a = live.get(key);
            Object b = rebuilt.get(key);
            if (!Objects.equals(a, b)) {
                out.add(new Difference(kind, name.apply(key), String.valueOf(a), String.valueOf(b)));
            }
        }
    }
}
