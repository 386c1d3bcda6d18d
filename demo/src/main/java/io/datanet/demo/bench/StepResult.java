package io.datanet.demo.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * What one offered load achieved. Rates of each stage are counted over the second half of the step, when the
 * pipeline is in its steady state (or, past saturation, working through a backlog at full speed): the first stage
 * whose rate falls behind the offered load is the one that saturates.
 */
record StepResult(int step, double offeredPerSecond, double seconds, Instant startedAt, Instant endedAt,
                  int posted, int accepted202, Map<String, Integer> failures, double uploadsPerSecond,
                  double mibPerSecond, double meanFileBytes, Percentiles postTo202, Percentiles postToReceived,
                  Percentiles postToValidated, Percentiles postToReputation, Map<String, Double> secondHalfPerSecond,
                  int backlogAtEnd, double drainSeconds, boolean drained, boolean keptUp, String why,
                  Map<String, Integer> verdicts, int unexpectedVerdicts, Map<String, Double> cpuSeconds,
                  double maxDispatchLagMs, int datanetsTotal, int contributorsTotal, int contributorsMintedUnderLoad,
                  int trainingJobsActive) {

    /** Below this share of the offered rate, a stage is not keeping up. */
    static final double KEEPING_UP = 0.9;
    /** More uploads in flight at a step's end than this many seconds of its load: a backlog is building. */
    static final double BACKLOG_SECONDS = 2;

    static StepResult of(LoadStep step, double perSecond, EventWatcher events, Clock clock,
                         Map<String, Double> cpuSeconds, long drainedAtNanos, boolean drained,
                         DatanetRotation datanets, ContributorPool contributors, int trainingJobsActive) {
        List<UploadTrace> traces = step.traces;
        List<UploadTrace> ok = traces.stream().filter(UploadTrace::accepted).toList();
        double seconds = (step.endNanos - step.startNanos) / 1e9;
        Map<String, Integer> failures = new TreeMap<>();
        traces.stream().filter(t -> !t.accepted())
                .forEach(t -> failures.merge(t.failure == null ? "status " + t.status : t.failure, 1, Integer::sum));
        long bytes = ok.stream().mapToLong(t -> t.file.bytes()).sum();

        Percentiles post = latencies(traces, t -> t.answeredNanos);
        Percentiles received = latencies(ok, t -> nanos(events.received(t.uploadId)));
        Percentiles validated = latencies(ok, t -> nanos(events.validated(t.uploadId)));
        Percentiles reputation = latencies(ok, t -> t.reputationNanos);

        long mid = step.startNanos + (step.endNanos - step.startNanos) / 2;
        Map<String, Double> rates = new java.util.LinkedHashMap<>();
        rates.put("posted", rate(ok, t -> t.answeredNanos, mid, step.endNanos));
        rates.put("received", rate(ok, t -> nanos(events.received(t.uploadId)), mid, step.endNanos));
        rates.put("validated", rate(ok, t -> nanos(events.validated(t.uploadId)), mid, step.endNanos));
        rates.put("reputation", rate(ok, t -> t.reputationNanos, mid, step.endNanos));

        int backlog = (int) ok.stream().filter(t -> t.reputationNanos < 0 || t.reputationNanos > step.endNanos).count();
        Map<String, Integer> verdicts = new TreeMap<>();
        int unexpected = 0;
        for (UploadTrace t : ok) {
            EventWatcher.Seen seen = events.validated(t.uploadId);
            String verdict = seen == null ? "none seen" : seen.verdict();
            verdicts.merge(verdict, 1, Integer::sum);
            if (seen != null && verdict.equals("ACCEPTED") == t.file.spam()) {
                unexpected++;
            }
        }

        String why = whyNotKeepingUp(perSecond, failures, rates, backlog);
        return new StepResult(step.step, perSecond, seconds,
                clock.instant(step.startNanos), clock.instant(step.endNanos), traces.size(), ok.size(), failures,
                ok.size() / seconds, bytes / seconds / (1 << 20), ok.isEmpty() ? 0 : (double) bytes / ok.size(),
                post, received, validated, reputation, rates, backlog, (drainedAtNanos - step.endNanos) / 1e9, drained,
                why == null, why, verdicts, unexpected, cpuSeconds, step.maxDispatchLagNanos / 1e6, datanets.count(),
                contributors.size(), contributors.mintedUnderLoad(), trainingJobsActive);
    }

    /**
     * Null when, in the second half of the step, upload-service answered at the offered rate, every later stage kept
     * pace with those answers, every POST was accepted, and no backlog was left at the end.
     */
    private static String whyNotKeepingUp(double offered, Map<String, Integer> failures, Map<String, Double> rates,
                                          int backlog) {
        List<String> reasons = new ArrayList<>();
        if (!failures.isEmpty()) {
            reasons.add(failures.values().stream().mapToInt(Integer::intValue).sum() + " POSTs not accepted");
        }
        double posted = rates.get("posted");
        if (posted < KEEPING_UP * offered) {
            reasons.add(String.format(java.util.Locale.ROOT, "202s at %.1f/s behind %.1f/s offered", posted, offered));
        }
        for (String stage : List.of("received", "validated", "reputation")) {
            if (rates.get(stage) < KEEPING_UP * posted) {
                reasons.add(String.format(java.util.Locale.ROOT, "%s at %.1f/s behind %.1f/s posted", stage,
                        rates.get(stage), posted));
                break;   // the first stage that falls behind holds every later one back too
            }
        }
        if (reasons.isEmpty() && backlog > BACKLOG_SECONDS * offered + 5) {
            reasons.add(String.format(java.util.Locale.ROOT, "%d uploads still in flight at the end, more than "
                    + "%.0f s of the offered load", backlog, BACKLOG_SECONDS));
        }
        return reasons.isEmpty() ? null : String.join("; ", reasons);
    }

    private static long nanos(EventWatcher.Seen seen) {
        return seen == null ? -1 : seen.nanos();
    }

    private static Percentiles latencies(List<UploadTrace> traces, ToLongFunction<UploadTrace> at) {
        return Percentiles.ofNanos(traces.stream().mapToLong(t -> {
            long when = at.applyAsLong(t);
            return when < 0 ? -1 : when - t.intendedNanos;
        }).filter(d -> d >= 0).toArray());
    }

    private static double rate(List<UploadTrace> traces, ToLongFunction<UploadTrace> at, long from, long to) {
        long n = traces.stream().mapToLong(at).filter(when -> when >= from && when < to).count();
        return n / ((to - from) / 1e9);
    }

    /** Converts this process's nanoTime to wall-clock instants (to cut profiles to a step's window). */
    record Clock(long nanos, Instant instant) {
        static Clock now() {
            return new Clock(System.nanoTime(), Instant.now());
        }

        Instant instant(long atNanos) {
            return instant.plusNanos(atNanos - nanos);
        }
    }
}
