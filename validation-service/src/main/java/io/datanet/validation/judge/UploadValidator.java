package io.datanet.validation.judge;

import io.datanet.events.DatanetJson;
import io.datanet.validation.judge.UploadRecords;
import io.datanet.validation.store.CopyEvidence;
import io.datanet.validation.store.DatanetSettings;
import io.datanet.validation.store.Report;
import io.datanet.validation.store.Verdicts;
import io.datanet.events.CloudEvent;
import io.datanet.events.ReviewMode;
import io.datanet.events.Topics;
import io.datanet.events.UploadReceived;
import io.datanet.events.UploadValidated;
import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.blob.StoredBlob;
import io.datanet.platform.concurrent.Offload;
import io.datanet.platform.db.Database;
import io.datanet.platform.db.Sql;
import io.datanet.platform.inbox.IncomingEvents;
import io.datanet.platform.inbox.ProcessedEvents;
import io.datanet.validation.checks.FileError;
import io.datanet.validation.checks.NewInformation;
import io.datanet.validation.checks.RecordAnalysis;
import io.datanet.validation.checks.Thresholds;
import io.datanet.validation.checks.TopicRelevance;
import io.datanet.validation.checks.UploadVerdict;
import io.datanet.validation.dedup.DuplicateIndex;
import io.datanet.validation.dedup.IndexChangedException;
import io.datanet.validation.dedup.IndexedRecord;
import io.datanet.validation.meaning.AcceptedTopic;
import io.datanet.validation.meaning.StaticEmbeddings;
import io.datanet.validation.records.DatasetRecord;
import io.datanet.validation.records.UnreadableFileException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.datanet.platform.db.TransientFailures;
import io.datanet.platform.tracing.ConsumerSpans;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Validates every received upload: reads the file from the blob store, checks each record, looks for duplicates
 * in the upload and among the datanet's accepted records, writes the cleaned accepted records back to the blob
 * store, and commits the report with its verdict event. A file that cannot be read as a dataset (binary, invalid
 * UTF-8, no usable columns) is REJECTED with the reason; an event whose blob does not exist cannot be processed
 * and goes to the dead-letter topic.
 */
@ApplicationScoped
public class UploadValidator {

    static final String CONSUMER = "validation-service.uploads";
    /** Judging again is cheap (the records are analysed once); this many commits in a row beating it is not real. */
    static final int JUDGE_ATTEMPTS = 50;

    @Inject
    ConsumerSpans spans;
    @Inject
    TransientFailures transientFailures;
    @Inject
    BlobStore blobs;
    @Inject
    Database database;
    @Inject
    Thresholds thresholds;
    @Inject
    DuplicateIndex index;
    @Inject
    Verdicts verdicts;
    @Inject
    ProcessedEvents processed;
    @Inject
    MeterRegistry registry;
    @Inject
    StaticEmbeddings embeddings;
    @Inject
    JudgingAttempts attempts;
    @Inject
    JudgingSettings judging;
    @Inject
    UploadRecords uploadRecords;
    @Inject
    @Liveness
    JudgingLiveness liveness;

    /** At start, so a service that never met an unjudgeable file shows 0 and an alert sees the first one. */
    void registerMeters(@Observes StartupEvent event) {
        registry.counter("datanet.validation.unjudgeable");
    }

    /** @param topic the datanet's description and tags embedded, or null when it has neither */
    private record Checked(List<RecordAnalysis> analyses, FileError fileError, float[] topic) {
    }

    @Incoming(Topics.UPLOADS_RECEIVED)
    public Uni<Void> onUploadReceived(ConsumerRecord<String, String> record) {
        return spans.consuming("validation-service.uploads", record, () -> judgeOnce(record));
    }

    private Uni<Void> judgeOnce(ConsumerRecord<String, String> record) {
        return Uni.createFrom().item(() -> IncomingEvents.decode(record, UploadReceived.class))
                // An upload with a report was judged already (a redelivery), and a withdrawn one is never judged:
                // no rules, nothing to do.
                .flatMap(event -> transientFailures.retried("validation-service.uploads", () -> database.pool().first("SELECT EXISTS (SELECT 1 FROM report WHERE upload_id = ?1) "
                                        + "OR EXISTS (SELECT 1 FROM withdrawn_upload WHERE upload_id = ?1), "
                                        + "s.review_mode, s.acceptance_threshold FROM (SELECT 1) AS one "
                                        + "LEFT JOIN datanet_settings s ON s.datanet_id = ?2",
                                event.data().uploadId(), event.data().datanetId()))
                        .map(row -> (Boolean) row[0] ? null : Rules.of(event.data(), settings(row), thresholds))
                        .flatMap(rules -> rules == null ? Uni.createFrom().voidItem() : validate(event, rules)));
    }

    /** The datanet's settings as consumed (review mode, acceptance threshold), or null before its definition. */
    private static DatanetSettings settings(Object[] row) {
        if (row[1] == null) {
            return null;
        }
        DatanetSettings settings = new DatanetSettings();
        settings.reviewMode = ReviewMode.valueOf((String) row[1]);
        settings.acceptanceThreshold = ((Number) row[2]).doubleValue();
        return settings;
    }

    private Uni<Void> validate(CloudEvent<UploadReceived> event, Rules rules) {
        UploadReceived upload = event.data();
        return attempts.begin(upload.uploadId())
                .flatMap(attempt -> (attempt > judging.maxAttempts() ? Uni.createFrom().item(unjudgeable(attempt - 1))
                        : Offload.blocking(() -> check(upload, rules.thresholds())))
                        // Another upload of the datanet committed in between: judge again against the index as it
                        // is now (immediately: that commit is already done; the analysis is kept).
                        .flatMap(checked -> transientFailures.retried("validation-service.judging", () -> judgeAndCommit(event, rules, checked))
                                .onFailure(IndexChangedException.class)
                                .invoke(e -> registry.counter("datanet.validation.rejudged").increment())
                                .onFailure(IndexChangedException.class).retry().atMost(JUDGE_ATTEMPTS)))
                .onSubscription().invoke(() -> liveness.started(upload.uploadId()))
                .onTermination().invoke(() -> liveness.ended(upload.uploadId()));
    }

    /** The passing text becomes the context the contributor's next upload in the datanet is measured after. */
    private static Uni<Void> rememberPrior(Sql transaction, UploadReceived upload, Information information) {
        if (information.nextPrior() == null) {
            return Uni.createFrom().voidItem();
        }
        return transaction.update("INSERT INTO prior_text (datanet_id, contributor_id, tail) VALUES (?1, ?2, ?3) "
                        + "ON CONFLICT (datanet_id, contributor_id) DO UPDATE SET tail = EXCLUDED.tail",
                upload.datanetId(), upload.contributorId(), information.nextPrior()).replaceWithVoid();
    }

    private Checked unjudgeable(int startedBefore) {
        registry.counter("datanet.validation.unjudgeable").increment();
        return new Checked(List.of(), new FileError("structure.unjudgeable", "judging this file started " + startedBefore
                + " times and never finished (the service stopped each time); it is not opened again"), null);
    }

    /** Duplicates against the index as read at one version, the verdict, and its commit at that same version. */
    private Uni<Void> judgeAndCommit(CloudEvent<UploadReceived> event, Rules rules, Checked checked) {
        UploadReceived upload = event.data();
        // Each read on its own pooled connection, no transaction: the version, read first, is what the commit checks.
        Sql pool = database.pool();
        return index.version(pool, upload.datanetId())
                        .flatMap(version -> index.candidates(pool, upload.datanetId(), checked.analyses())
                                .flatMap(matches -> pool.first("SELECT tail FROM prior_text "
                                                + "WHERE datanet_id = ?1 AND contributor_id = ?2",
                                                upload.datanetId(), upload.contributorId())
                                        .flatMap(prior -> AcceptedTopic.mean(pool, upload.datanetId(),
                                                        TopicRelevance.MIN_ACCEPTED_RECORDS)
                                                .map(accepted -> new IndexRead(version, matches,
                                                        prior == null ? new byte[0] : (byte[]) prior[0], accepted)))))
                .flatMap(read -> {
                    TopicRelevance relevance = new TopicRelevance(checked.topic(),
                            read.accepted() == null ? null : read.accepted().direction(),
                            read.accepted() == null ? 0 : read.accepted().cohesion(), rules.thresholds().minRelevance());
                    UploadVerdict.Outcome outcome = UploadVerdict.decide(checked.analyses(), upload.contributorId(),
                            read.matches(), rules.acceptanceThreshold(), rules.thresholds(),
                            relevance);
                    return Offload.blocking(() -> new Written(cleanedFile(outcome), information(checked, outcome, read.prior())))
                            .flatMap(written -> commit(event, rules, checked, outcome, written, read));
                });
    }

    /** @param accepted what the datanet's accepted records are about, null while they are too few */
    private record IndexRead(long version, List<IndexedRecord> matches, byte[] prior, AcceptedTopic.Data accepted) {
    }

    /** What judging wrote: the cleaned file, and the upload's new information with the contributor's next context. */
    private record Written(StoredBlob cleaned, Information information) {
    }

    private record Information(long bytes, byte[] nextPrior) {
    }

    /**
     * Blocking: the new information of the records that passed (of a passing upload: they become the contributor's
     * context for the next one) or of every record read (of a rejected upload: what it cost the datanet to read).
     */
    private static Information information(Checked checked, UploadVerdict.Outcome outcome, byte[] prior) {
        List<DatasetRecord> counted = (outcome.passes() ? outcome.accepted() : checked.analyses()).stream()
                .map(RecordAnalysis::record).toList();
        byte[] text = NewInformation.text(counted);
        return new Information(NewInformation.bytes(prior, text),
                outcome.passes() ? NewInformation.priorAfter(prior, text) : null);
    }

    /** Blocking: read and analyse every record. A missing blob throws (the event goes to the dead-letter topic). */
    private Checked check(UploadReceived upload, Thresholds thresholds) throws Exception {
        try {
            List<DatasetRecord> records = uploadRecords.read(upload.blobAddress(), upload.fileName());
            List<RecordAnalysis> analyses = records.stream().map(r -> RecordAnalysis.of(r, thresholds)).toList();
            return new Checked(embedded(analyses), null, topic(upload));
        } catch (UnreadableFileException e) {
            return new Checked(List.of(), new FileError(e.reasonCode(), e.getMessage()), null);
        }
    }

    /** Blocking: every readable record's embedding, the whole upload in one pass. */
    private List<RecordAnalysis> embedded(List<RecordAnalysis> analyses) {
        List<RecordAnalysis> readable = analyses.stream().filter(RecordAnalysis::readable).toList();
        List<float[]> vectors = embeddings.embed(readable.stream().map(a -> a.record().text()).toList());
        Map<RecordAnalysis, float[]> byAnalysis = new java.util.IdentityHashMap<>();
        for (int i = 0; i < readable.size(); i++) {
            byAnalysis.put(readable.get(i), vectors.get(i));
        }
        return analyses.stream().map(a -> a.readable() ? a.withEmbedding(byAnalysis.get(a)) : a).toList();
    }

    private float[] topic(UploadReceived upload) {
        String text = TopicRelevance.topicText(upload.datanetDescription(), upload.datanetTags());
        return text == null ? null : embeddings.embed(text);
    }

    /** Blocking: the accepted records as JSONL, for training. */
    private StoredBlob cleanedFile(UploadVerdict.Outcome outcome) throws Exception {
        if (outcome.accepted().isEmpty()) {
            return null;
        }
        StringBuilder jsonl = new StringBuilder();
        for (RecordAnalysis analysis : outcome.accepted()) {
            DatasetRecord r = analysis.record();
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("record", r.index());
            if (r.isInstruction()) {
                line.put("prompt", r.prompt());
                line.put("completion", r.completion());
                // a conversation also keeps its turns, for training to lay out in its base model's chat template
                if (r.isConversation()) line.put("messages", r.messages());
            } else {
                line.put("text", r.text());
            }
            jsonl.append(DatanetJson.write(line)).append('\n');
        }
        byte[] bytes = jsonl.toString().getBytes(StandardCharsets.UTF_8);
        return blobs.put(UploadValidated.CLEANED_NAMESPACE, new ByteArrayInputStream(bytes), bytes.length);
    }

    /**
     * The datanet's rules an upload is judged by: those it was uploaded under (carried by the event), else the
     * datanet's definition as consumed (events from before the event carried them), else the defaults; record
     * thresholds are the service's with the datanet's own values over them.
     */
    record Rules(ReviewMode reviewMode, double acceptanceThreshold, Thresholds thresholds) {
        static Rules of(UploadReceived upload, DatanetSettings settings, Thresholds service) {
            ReviewMode mode = upload.reviewMode() != null ? upload.reviewMode()
                    : settings != null ? settings.reviewMode : ReviewMode.AUTO;
            double threshold = upload.acceptanceThreshold() != null ? upload.acceptanceThreshold()
                    : settings != null ? settings.acceptanceThreshold : DatanetSettings.DEFAULT_THRESHOLD;
            return new Rules(mode, threshold, service.overriddenBy(upload.validationThresholds()));
        }
    }

    private Uni<Void> commit(CloudEvent<UploadReceived> event, Rules rules, Checked checked,
                             UploadVerdict.Outcome outcome, Written written, IndexRead judgedAgainst) {
        UploadReceived upload = event.data();
        StoredBlob cleaned = written.cleaned();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UploadVerdict.Decision decision = UploadVerdict.verdict(outcome, checked.fileError(), rules.reviewMode());
        Verdict verdict = decision.verdict();
        Map<String, Integer> reasonCounts = decision.reasonCounts();
        Report report = new Report();
        report.uploadId = upload.uploadId();
        report.datanetId = upload.datanetId();
        report.contributorId = upload.contributorId();
        report.fileName = upload.fileName();
        report.blobAddress = upload.blobAddress();
        report.sha256 = upload.sha256();
        report.verdict = verdict;
        report.verdictVersion = 1;
        report.decidedBy = VerdictSource.VALIDATION;
        report.qualityScore = outcome.qualityScore();
        report.recordsTotal = outcome.recordsTotal();
        report.recordsAccepted = outcome.recordsAccepted();
        report.reasonCounts = DatanetJson.write(reasonCounts);
        report.rejectedRecords = DatanetJson.write(outcome.rejected());
        report.fileError = checked.fileError() == null ? null : checked.fileError().describe();
        report.cleanedBlobAddress = cleaned == null ? null : cleaned.address();
        report.cleanedSha256 = cleaned == null ? null : cleaned.sha256();
        report.newInformationBytes = written.information().bytes();
        report.validatedAt = now;
        report.updatedAt = now;
        boolean activeRecords = verdict == Verdict.ACCEPTED && !outcome.accepted().isEmpty();
        return database.inTransaction(sql -> processed.firstDelivery(sql, CONSUMER, event.id()).flatMap(first -> {
            if (!first) {
                return attempts.finish(sql, upload.uploadId()).replaceWith(false);
            }
            return index.lockUnchanged(sql, upload.datanetId(), judgedAgainst.version(), checked.analyses(),
                            judgedAgainst.matches(), activeRecords)
                    // Withdrawn while it was being judged: a withdrawal takes the same lock, so it is either seen
                    // here or comes after this commit and takes out what it adds.
                    .flatMap(x -> sql.first("SELECT 1 FROM withdrawn_upload WHERE upload_id = ?1", upload.uploadId()))
                    .flatMap(withdrawn -> withdrawn != null ? attempts.finish(sql, upload.uploadId()).replaceWith(false)
                            : record(sql, upload, outcome, written, report, verdict, now).replaceWith(true));
        })).invoke(recorded -> {
            if (recorded) {
                counted(verdict, reasonCounts);
            }
        }).replaceWithVoid();
    }

    /**
     * A committed verdict in the metrics operators watch: {@code datanet_validation_verdicts_total{verdict}} and
     * {@code datanet_validation_rejected_records_total{reason}} (reason codes are a fixed set; a file-level reason
     * counts its one file).
     */
    private void counted(Verdict verdict, Map<String, Integer> reasonCounts) {
        registry.counter("datanet.validation.verdicts", "verdict", verdict.name()).increment();
        reasonCounts.forEach((reason, records) -> registry.counter("datanet.validation.rejected.records",
                "reason", reason).increment(records));
    }

    /** The judgement's writes, under the index lock: report, copy evidence, index, topic, verdict, prior text. */
    private Uni<Void> record(Sql sql, UploadReceived upload, UploadVerdict.Outcome outcome, Written written,
                             Report report, Verdict verdict, Instant now) {
        return report.insert(sql)
                .flatMap(x -> CopyEvidence.record(sql, report, outcome.rejected()))
                .flatMap(x -> index.add(sql, upload.datanetId(), upload.uploadId(), upload.contributorId(),
                        outcome.accepted(), verdict == Verdict.ACCEPTED))
                // Under the version lock taken above: judges of the same datanet add one after another.
                .flatMap(x -> verdict == Verdict.ACCEPTED ? AcceptedTopic.add(sql, upload.datanetId(),
                        outcome.accepted().stream().map(RecordAnalysis::embedding).toList())
                        : Uni.createFrom().voidItem())
                .flatMap(x -> verdicts.record(sql, report, null, null, now))
                .flatMap(x -> rememberPrior(sql, upload, written.information()))
                .flatMap(x -> attempts.finish(sql, upload.uploadId()));
    }
}
