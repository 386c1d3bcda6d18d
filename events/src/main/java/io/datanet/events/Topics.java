package io.datanet.events;

import java.util.List;

/**
 * Kafka topic names: versioned nouns in the past tense. Each has a dead-letter topic {@code <name>.dlq} where
 * consumers park what they cannot process, with the reason in the headers.
 */
public final class Topics {
    public static final String DATANETS_DEFINED = "datanet.datanets.defined.v1";
    public static final String UPLOADS_RECEIVED = "datanet.uploads.received.v1";
    public static final String UPLOADS_REVIEWED = "datanet.uploads.reviewed.v1";
    public static final String UPLOADS_VALIDATED = "datanet.uploads.validated.v1";
    public static final String UPLOADS_WITHDRAWN = "datanet.uploads.withdrawn.v1";
    public static final String REPUTATION_UPDATED = "datanet.reputation.updated.v1";
    public static final String TRAINING_JOBS = "datanet.training.jobs.v1";
    public static final String TRAINING_STATUS = "datanet.training.status.v1";
    public static final String ATTRIBUTION_COMPUTED = "datanet.attribution.computed.v1";
    public static final String EXPORTS_CREATED = "datanet.exports.created.v1";

    public static final String DLQ_SUFFIX = ".dlq";

    /** Every event topic, in pipeline order. */
    public static final List<String> ALL = List.of(DATANETS_DEFINED, UPLOADS_RECEIVED, UPLOADS_REVIEWED,
            UPLOADS_VALIDATED, UPLOADS_WITHDRAWN, REPUTATION_UPDATED, TRAINING_JOBS, TRAINING_STATUS, ATTRIBUTION_COMPUTED, EXPORTS_CREATED);

    private Topics() {
    }

    public static String deadLetter(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
