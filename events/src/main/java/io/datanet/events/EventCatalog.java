package io.datanet.events;

import java.util.List;
import java.util.Optional;

/** The one list of every event the platform publishes. asyncapi.yaml documents exactly these (a test checks). */
public final class EventCatalog {

    public static final List<EventDefinition<?>> ALL = List.of(
            new EventDefinition<>(Topics.DATANETS_DEFINED, "io.datanet.datanet.defined.v1", DatanetDefined.class,
                    "datanetId", true, "upload-service", "A datanet was created or changed; compacted, so the latest definition per datanet is the state."),
            new EventDefinition<>(Topics.UPLOADS_RECEIVED, "io.datanet.upload.received.v1", UploadReceived.class,
                    "contributorId", false, "upload-service", "A contributor's file was stored in the blob store and awaits validation."),
            new EventDefinition<>(Topics.UPLOADS_REVIEWED, "io.datanet.upload.reviewed.v1", UploadReviewed.class,
                    "contributorId", false, "upload-service", "A datanet owner approved or rejected an upload awaiting review."),
            new EventDefinition<>(Topics.UPLOADS_VALIDATED, "io.datanet.upload.validated.v1", UploadValidated.class,
                    "contributorId", false, "validation-service", "A verdict on an upload; a later verdictVersion of the same upload supersedes earlier ones."),
            new EventDefinition<>(Topics.UPLOADS_WITHDRAWN, "io.datanet.upload.withdrawn.v1", UploadWithdrawn.class,
                    "contributorId", false, "upload-service", "An upload was withdrawn by its contributor or erased on request; every service undoes its effect once."),
            new EventDefinition<>(Topics.REPUTATION_UPDATED, "io.datanet.reputation.updated.v1", ReputationUpdated.class,
                    "contributorId", false, "reputation-service", "A contributor's reputation score or tier changed."),
            new EventDefinition<>(Topics.TRAINING_JOBS, "io.datanet.training.job.requested.v1", TrainingJobRequested.class,
                    "jobId", false, "training-service", "A fine-tuning job to run; the work queue training workers consume as one group."),
            new EventDefinition<>(Topics.TRAINING_STATUS, "io.datanet.training.status.changed.v1", TrainingStatusChanged.class,
                    "jobId", false, "training-service", "Progress and state changes of a training job."),
            new EventDefinition<>(Topics.ATTRIBUTION_COMPUTED, "io.datanet.attribution.computed.v1", AttributionComputed.class,
                    "jobId", false, "training-service", "How much each contributor's data influenced a trained adapter."),
            new EventDefinition<>(Topics.EXPORTS_CREATED, "io.datanet.export.created.v1", ExportCreated.class,
                    "datanetId", false, "training-service", "A datanet's accepted data was exported: the snapshot, who asked, and every file with its digest."));

    private EventCatalog() {
    }

    public static EventDefinition<?> forTopic(String topic) {
        return ALL.stream().filter(d -> d.topic().equals(topic)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown topic " + topic));
    }

    public static Optional<EventDefinition<?>> forType(String type) {
        return ALL.stream().filter(d -> d.type().equals(type)).findFirst();
    }

    @SuppressWarnings("unchecked")
    public static <T> EventDefinition<T> forDataClass(Class<T> dataClass) {
        return (EventDefinition<T>) ALL.stream().filter(d -> d.dataClass().equals(dataClass)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no event carries " + dataClass.getName()));
    }
}
