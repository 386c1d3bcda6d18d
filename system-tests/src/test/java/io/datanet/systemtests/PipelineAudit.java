package io.datanet.systemtests;

import io.datanet.events.ReputationUpdated;
import io.datanet.events.UploadReceived;
import io.datanet.events.UploadValidated;
import io.datanet.events.Verdict;
import io.datanet.systemtests.PipelineState.Consumers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Holds the settled pipeline against what the load was told: every upload that got a 202 has exactly one verdict,
 * applied exactly once by each consumer of verdicts, and nothing else happened. Every count and check goes into the
 * {@link FaultReport}.
 */
final class PipelineAudit {

    /** reputation-service names the upload a verdict was about at the start of its announcement's reason. */
    private static final Pattern UPLOAD_REASON = Pattern.compile("^upload (\\S+) ");

    /** The dataset snapshot a job queued after the load would train on: its uploads and record count. */
    record Snapshot(Set<String> uploads, long records) {
    }

    private final PipelineState state;
    private final List<SubmittedUpload> submitted;
    private final List<UploadAttempt> attempts;
    private final Outage uploadServiceOutage;
    private final FaultReport report;
    /** Upload id of every 202 → the upload the load offered. */
    private final Map<String, SubmittedUpload> acknowledged = new HashMap<>();
    /** Upload id → the verdict events on the topic (distinct event ids), and its latest one. */
    private final Map<String, Set<String>> verdictIds = new HashMap<>();
    private final Map<String, UploadValidated> finalVerdicts = new HashMap<>();

    PipelineAudit(PipelineState state, List<SubmittedUpload> submitted, List<UploadAttempt> attempts,
                  Outage uploadServiceOutage, FaultReport report) {
        this.state = state;
        this.submitted = submitted;
        this.attempts = attempts;
        this.uploadServiceOutage = uploadServiceOutage;
        this.report = report;
        submitted.stream().filter(SubmittedUpload::accepted202).forEach(u -> acknowledged.put(u.uploadId(), u));
        state.verdicts().byEventId().forEach((eventId, verdict) -> {
            verdictIds.computeIfAbsent(verdict.uploadId(), u -> new HashSet<>()).add(eventId);
            finalVerdicts.merge(verdict.uploadId(), verdict,
                    (a, b) -> a.verdictVersion() >= b.verdictVersion() ? a : b);
        });
    }

    void load() {
        report.count("uploads offered", submitted.size());
        for (SubmittedUpload.Kind kind : SubmittedUpload.Kind.values()) {
            report.count("uploads offered: " + kind, submitted.stream().filter(u -> u.kind() == kind).count());
        }
        report.count("HTTP requests", attempts.size());
        report.count("202 responses", attempts.stream().filter(a -> a.status() == 202).count());
        report.count("202 replayed for a retry whose first answer was lost (Idempotency-Key)",
                attempts.stream().filter(a -> a.status() == 202 && a.replayed()).count());
        report.count("uploads with a 202", acknowledged.size());
        report.count("connection failures while upload-service was down",
                attempts.stream().filter(a -> a.connectionFailed() && uploadServiceOutage.contains(a)).count());
        report.count("5xx while upload-service was down",
                attempts.stream().filter(a -> a.serverError() && uploadServiceOutage.contains(a)).count());
        report.count("other statuses", attempts.stream()
                .filter(a -> a.status() != 202 && !a.connectionFailed() && !a.serverError())
                .collect(Collectors.groupingBy(UploadAttempt::status, TreeMap::new, Collectors.counting())));

        report.expectNone("uploads that never got a 202 (4xx, or no answer for 2 minutes)", submitted.stream()
                .filter(u -> !u.accepted202()).map(SubmittedUpload::idempotencyKey).toList());
        report.expect("distinct upload ids among the uploads with a 202",
                submitted.stream().filter(SubmittedUpload::accepted202).count(), (long) acknowledged.size());
        Map<String, Set<String>> idsByKey = attempts.stream().filter(a -> a.uploadId() != null).collect(
                Collectors.groupingBy(UploadAttempt::idempotencyKey, Collectors.mapping(UploadAttempt::uploadId, Collectors.toSet())));
        report.expectNone("Idempotency-Keys answered with more than one upload id", idsByKey.entrySet().stream()
                .filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList());
        report.expectNone("5xx outside upload-service's outage", attempts.stream()
                .filter(a -> a.serverError() && !uploadServiceOutage.contains(a)).map(PipelineAudit::describe).toList());
        report.expectNone("connection failures outside upload-service's outage", attempts.stream()
                .filter(a -> a.connectionFailed() && !uploadServiceOutage.contains(a)).map(PipelineAudit::describe).toList());
    }

    void uploadService() {
        compare("upload-service", state.uploadStatus().keySet());
        report.expectNone("uploads whose upload-service status is not their verdict", acknowledged.keySet().stream()
                .filter(id -> finalVerdicts.containsKey(id)
                        && !finalVerdicts.get(id).verdict().name().equals(state.uploadStatus().get(id)))
                .toList());
        report.expect("verdicts applied by upload-service (processed event ids)", (long) state.verdicts().distinct(),
                state.processedBy(Consumers.UPLOAD_VERDICTS));
        report.expect("reputation updates applied by upload-service (tiers)", (long) state.reputationUpdates().distinct(),
                state.processedBy(Consumers.UPLOAD_TIERS));
    }

    void uploadsReceived() {
        TopicContents<UploadReceived> received = state.received();
        Map<String, Set<String>> idsByUpload = eventIdsByUpload(received, UploadReceived::uploadId);
        topicCounts("uploads.received", received);
        compare("uploads.received", idsByUpload.keySet());
        report.expectNone("uploads announced under more than one event id", moreThanOne(idsByUpload));
    }

    void validation() {
        compare("validation-service reports", state.reports().keySet());
        report.expectNone("reports not at their first, automatic verdict (version 1)", state.reports().entrySet().stream()
                .filter(e -> !e.getValue().endsWith("/1")).map(Map.Entry::getKey).toList());
        report.expect("uploads applied by validation-service (processed event ids)", (long) state.received().distinct(),
                state.processedBy(Consumers.VALIDATION_UPLOADS));

        topicCounts("uploads.validated", state.verdicts());
        report.count("verdicts: ACCEPTED", countVerdicts(Verdict.ACCEPTED));
        report.count("verdicts: REJECTED", countVerdicts(Verdict.REJECTED));
        compare("uploads.validated", verdictIds.keySet());
        report.expectNone("uploads with more than one verdict event", moreThanOne(verdictIds));
        report.expectNone("uploads whose verdict on the topic differs from validation-service's report",
                finalVerdicts.entrySet().stream().filter(e -> !(e.getValue().verdict() + "/" + e.getValue().verdictVersion())
                        .equals(state.reports().get(e.getKey()))).map(Map.Entry::getKey).toList());
    }

    void reputation() {
        report.expect("verdicts applied by reputation-service (processed event ids)", (long) state.verdicts().distinct(),
                state.processedBy(Consumers.REPUTATION_VERDICTS));
        compare("reputation-service's counted verdicts", state.reputationVerdicts().keySet());
        report.expectNone("uploads whose verdict reputation-service counts differs from the topic's",
                finalVerdicts.entrySet().stream().filter(e -> !(e.getValue().verdict() + "/" + e.getValue().verdictVersion())
                        .equals(state.reputationVerdicts().get(e.getKey()))).map(Map.Entry::getKey).toList());

        long effects = state.reputationEffects().values().stream().mapToLong(Long::longValue).sum();
        report.count("reputation effects (history lines of applied verdicts)", effects);
        Set<String> touched = new HashSet<>(acknowledged.keySet());
        touched.addAll(state.reputationEffects().keySet());
        report.expectNone("uploads without exactly one reputation effect", touched.stream()
                .filter(id -> state.reputationEffects().getOrDefault(id, 0L) != 1).toList());

        Map<String, long[]> expectedTotals = new HashMap<>();
        finalVerdicts.values().forEach(v -> {
            long[] totals = expectedTotals.computeIfAbsent(v.contributorId(), c -> new long[2]);
            totals[v.verdict() == Verdict.ACCEPTED ? 0 : 1]++;
        });
        report.count("contributors", expectedTotals.size());
        Set<String> contributors = new HashSet<>(expectedTotals.keySet());
        contributors.addAll(state.reputationTotals().keySet());
        report.expectNone("contributors whose accepted/rejected totals differ from their verdicts", contributors.stream()
                .filter(c -> !Arrays.equals(expectedTotals.getOrDefault(c, new long[2]),
                        state.reputationTotals().getOrDefault(c, new long[2])))
                .map(c -> c + " expected " + totals(expectedTotals.get(c)) + " found " + totals(state.reputationTotals().get(c)))
                .toList());

        TopicContents<ReputationUpdated> updates = state.reputationUpdates();
        topicCounts("reputation.updated", updates);
        Map<String, Set<String>> announcements = eventIdsByUpload(updates, PipelineAudit::uploadOfReason);
        announcements.remove(null);
        Set<String> announced = new HashSet<>(acknowledged.keySet());
        announced.addAll(announcements.keySet());
        report.expectNone("uploads whose verdict was announced on reputation.updated other than once", announced.stream()
                .filter(id -> announcements.getOrDefault(id, Set.of()).size() != 1).toList());
    }

    void training(Snapshot snapshot) {
        report.expect("verdicts applied by training-service (processed event ids)", (long) state.verdicts().distinct(),
                state.processedBy(Consumers.TRAINING_VERDICTS));
        compare("training-service's dataset table", state.dataset().keySet());
        Set<String> accepted = finalVerdicts.values().stream()
                .filter(v -> v.verdict() == Verdict.ACCEPTED && v.recordsAccepted() > 0)
                .map(UploadValidated::uploadId).collect(Collectors.toSet());
        Set<String> active = state.dataset().entrySet().stream().filter(e -> e.getValue().contains("/true/"))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        report.expectNone("accepted uploads missing from the dataset", difference(accepted, active));
        report.expectNone("uploads in the dataset that are not accepted", difference(active, accepted));
        report.count("uploads in the dataset snapshot", snapshot.uploads().size());
        report.count("records in the dataset snapshot", snapshot.records());
        report.expectNone("accepted uploads missing from the snapshot", difference(accepted, snapshot.uploads()));
        report.expectNone("uploads in the snapshot that are not accepted", difference(snapshot.uploads(), accepted));
        report.expect("records in the snapshot (each accepted upload's accepted records, once)",
                finalVerdicts.values().stream().filter(v -> accepted.contains(v.uploadId()))
                        .mapToLong(UploadValidated::recordsAccepted).sum(), snapshot.records());
    }

    void deadLetters(Map<String, Integer> deadLetters) {
        deadLetters.forEach((topic, records) -> {
            if (records > 0) {
                report.count("dead letters on " + topic, records);
            }
        });
        report.expect("messages on the " + deadLetters.size() + " dead-letter topics", 0,
                deadLetters.values().stream().mapToInt(Integer::intValue).sum());
    }

    /** The verdicts the files were made to get, which crashes must not change. */
    void expectedVerdicts() {
        Function<String, Verdict> verdictOf = id -> finalVerdicts.containsKey(id) ? finalVerdicts.get(id).verdict() : null;
        Set<String> copied = acknowledged.values().stream().map(SubmittedUpload::copyOf).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        List<String> personalDataNotRejected = new ArrayList<>();
        List<String> uncopiedGoodNotAccepted = new ArrayList<>();
        List<String> pairsNotOneAccepted = new ArrayList<>();
        for (SubmittedUpload upload : acknowledged.values()) {
            Verdict verdict = verdictOf.apply(upload.uploadId());
            switch (upload.kind()) {
                case PERSONAL_DATA -> {
                    if (verdict != Verdict.REJECTED) {
                        personalDataNotRejected.add(describe(upload.uploadId()));
                    }
                }
                case GOOD -> {
                    if (!copied.contains(upload.uploadId()) && verdict != Verdict.ACCEPTED) {
                        uncopiedGoodNotAccepted.add(describe(upload.uploadId()));
                    }
                }
                case COPY -> {
                    long acceptedOfPair = List.of(upload.uploadId(), upload.copyOf()).stream()
                            .filter(id -> verdictOf.apply(id) == Verdict.ACCEPTED).count();
                    if (acceptedOfPair != 1) {
                        pairsNotOneAccepted.add(describe(upload.copyOf()) + " copied by " + describe(upload.uploadId()));
                    }
                }
            }
        }
        report.expectNone("personal-data uploads not REJECTED", personalDataNotRejected);
        report.expectNone("good uploads nobody copied, not ACCEPTED", uncopiedGoodNotAccepted);
        report.expectNone("copied pairs (original, copy) without exactly one ACCEPTED", pairsNotOneAccepted);
        long acceptedCount = countVerdicts(Verdict.ACCEPTED);
        long rejectedCount = countVerdicts(Verdict.REJECTED);
        report.expectTrue("both verdicts occur", "ACCEPTED > 0, REJECTED > 0", acceptedCount + ", " + rejectedCount,
                acceptedCount > 0 && rejectedCount > 0);
    }

    /** Which uploads a service or topic knows, against the uploads that got a 202: none missing, none extra. */
    private void compare(String where, Set<String> known) {
        report.expectNone("202s missing from " + where, difference(acknowledged.keySet(), known));
        report.expectNone("uploads in " + where + " that never got a 202", difference(known, acknowledged.keySet()));
    }

    private void topicCounts(String topic, TopicContents<?> contents) {
        report.count(topic + ": records on the wire", contents.records());
        report.count(topic + ": distinct events", contents.distinct());
        report.count(topic + ": duplicates on the wire (same event id)", contents.duplicates());
    }

    private long countVerdicts(Verdict verdict) {
        return finalVerdicts.values().stream().filter(v -> v.verdict() == verdict).count();
    }

    private static <T> Map<String, Set<String>> eventIdsByUpload(TopicContents<T> contents, Function<T, String> uploadOf) {
        Map<String, Set<String>> ids = new HashMap<>();
        contents.byEventId().forEach((eventId, data) ->
                ids.computeIfAbsent(uploadOf.apply(data), u -> new HashSet<>()).add(eventId));
        return ids;
    }

    private static String uploadOfReason(ReputationUpdated update) {
        Matcher matcher = UPLOAD_REASON.matcher(update.reason() == null ? "" : update.reason());
        return matcher.find() ? matcher.group(1) : null;
    }

    /** An upload, its verdict and the reasons its records were rejected for. */
    private String describe(String uploadId) {
        UploadValidated verdict = finalVerdicts.get(uploadId);
        return uploadId + (verdict == null ? " without a verdict" : " " + verdict.verdict() + " " + verdict.reasonCounts());
    }

    private static List<String> moreThanOne(Map<String, Set<String>> idsByUpload) {
        return idsByUpload.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
    }

    private static List<String> difference(Set<String> a, Set<String> b) {
        return a.stream().filter(id -> !b.contains(id)).sorted(Comparator.naturalOrder()).toList();
    }

    private static String totals(long[] acceptedRejected) {
        return acceptedRejected == null ? "none" : acceptedRejected[0] + "/" + acceptedRejected[1];
    }

    private static String describe(UploadAttempt attempt) {
        String failure = attempt.failure() == null ? "" : " " + attempt.failure();
        return attempt.idempotencyKey() + " at " + attempt.startedAt() + " ms: "
                + (attempt.connectionFailed() ? "no answer" : attempt.status())
                + failure.substring(0, Math.min(failure.length(), 200));
    }
}
