package io.datanet.systemtests;

import io.datanet.events.ReputationUpdated;
import io.datanet.events.Topics;
import io.datanet.events.UploadReceived;
import io.datanet.events.UploadValidated;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the pipeline holds at one moment: the three topics of the upload → verdict → reputation path, read whole,
 * and what each service stored about the uploads. The databases are read before the topics, so an outbox found
 * empty means every event it held is on the topics read after.
 *
 * @param uploadStatus       upload-service: upload id → status
 * @param reports            validation-service: upload id → "verdict/version" of its report
 * @param reputationVerdicts reputation-service: upload id → "verdict/version" it counts
 * @param reputationEffects  reputation-service: upload id → history lines of verdicts applied to it
 * @param reputationTotals   reputation-service: contributor → {accepted, rejected} overall
 * @param dataset            training-service: upload id → its dataset row ("verdict/active/records")
 * @param processed          consumer name → event ids it applied (every service's processed_event)
 * @param outboxRows         events committed but not yet published, over the four services
 */
record PipelineState(TopicContents<UploadReceived> received, TopicContents<UploadValidated> verdicts,
                     TopicContents<ReputationUpdated> reputationUpdates, Map<String, String> uploadStatus,
                     Map<String, String> reports, Map<String, String> reputationVerdicts,
                     Map<String, Long> reputationEffects, Map<String, long[]> reputationTotals,
                     Map<String, String> dataset, Map<String, Long> processed, long outboxRows) {

    static PipelineState read(Pipeline pipeline) throws SQLException {
        Map<String, Long> processed = new HashMap<>();
        long outboxRows = 0;
        Map<String, String> uploadStatus;
        try (Connection db = pipeline.connect(Service.UPLOAD)) {
            uploadStatus = Sql.map(db, "SELECT id, status FROM upload");
            outboxRows += readBookkeeping(db, processed);
        }
        Map<String, String> reports;
        try (Connection db = pipeline.connect(Service.VALIDATION)) {
            reports = Sql.map(db, "SELECT upload_id, verdict || '/' || verdict_version FROM report");
            outboxRows += readBookkeeping(db, processed);
        }
        Map<String, String> reputationVerdicts;
        Map<String, Long> reputationEffects = new HashMap<>();
        Map<String, long[]> reputationTotals = new HashMap<>();
        try (Connection db = pipeline.connect(Service.REPUTATION)) {
            reputationVerdicts = Sql.map(db, "SELECT upload_id, verdict || '/' || verdict_version FROM upload_verdict");
            // Every applied verdict leaves one history line naming its upload (kind VERDICT, or OVERRIDE / PENDING).
            Sql.map(db, "SELECT subject, count(*) FROM reputation_change WHERE kind IN ('VERDICT', 'OVERRIDE', 'PENDING') "
                    + "GROUP BY subject").forEach((upload, lines) -> reputationEffects.put(upload, Long.parseLong(lines)));
            for (String[] row : Sql.rows(db, "SELECT contributor_id, accepted, rejected FROM reputation WHERE scope = ''")) {
                reputationTotals.put(row[0], new long[] {Long.parseLong(row[1]), Long.parseLong(row[2])});
            }
            outboxRows += readBookkeeping(db, processed);
        }
        Map<String, String> dataset;
        try (Connection db = pipeline.connect(Service.TRAINING)) {
            dataset = Sql.map(db, "SELECT upload_id, verdict || '/' || active || '/' || records_accepted FROM dataset_upload");
            outboxRows += readBookkeeping(db, processed);
        }
        String kafka = pipeline.environment().kafka();
        return new PipelineState(
                TopicContents.read(kafka, pipeline.environment().topic(Topics.UPLOADS_RECEIVED), UploadReceived.class),
                TopicContents.read(kafka, pipeline.environment().topic(Topics.UPLOADS_VALIDATED), UploadValidated.class),
                TopicContents.read(kafka, pipeline.environment().topic(Topics.REPUTATION_UPDATED), ReputationUpdated.class),
                uploadStatus, reports, reputationVerdicts, reputationEffects, reputationTotals, dataset, processed,
                outboxRows);
    }

    /** Adds the service's applied event ids per consumer to {@code processed}; returns its outbox rows. */
    private static long readBookkeeping(Connection db, Map<String, Long> processed) throws SQLException {
        Sql.map(db, "SELECT consumer, count(*) FROM processed_event GROUP BY consumer")
                .forEach((consumer, count) -> processed.put(consumer, Long.parseLong(count)));
        return Sql.count(db, "SELECT count(*) FROM outbox");
    }

    long processedBy(String consumer) {
        return processed.getOrDefault(consumer, 0L);
    }

    /**
     * Settled: every acknowledged upload has gone all the way through, every outbox is empty, and every consumer has
     * applied every distinct event on its topic.
     */
    boolean settled(Set<String> acknowledged) {
        return acknowledged.stream().allMatch(id -> uploadStatus.containsKey(id) && !"RECEIVED".equals(uploadStatus.get(id))
                        && reports.containsKey(id) && reputationVerdicts.containsKey(id) && dataset.containsKey(id))
                && outboxRows == 0
                && processedBy(Consumers.VALIDATION_UPLOADS) == received.distinct()
                && processedBy(Consumers.UPLOAD_VERDICTS) == verdicts.distinct()
                && processedBy(Consumers.REPUTATION_VERDICTS) == verdicts.distinct()
                && processedBy(Consumers.TRAINING_VERDICTS) == verdicts.distinct()
                && processedBy(Consumers.UPLOAD_TIERS) == reputationUpdates.distinct();
    }

    /** The names the services' idempotent consumers record applied event ids under (processed_event.consumer). */
    static final class Consumers {
        static final String VALIDATION_UPLOADS = "validation-service.uploads";
        static final String UPLOAD_VERDICTS = "upload-service.verdicts";
        static final String REPUTATION_VERDICTS = "reputation-service.verdicts";
        static final String TRAINING_VERDICTS = "training-service.verdicts";
        static final String UPLOAD_TIERS = "upload-service.tiers";

        private Consumers() {
        }
    }
}
