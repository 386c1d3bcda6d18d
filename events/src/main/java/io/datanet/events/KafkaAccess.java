package io.datanet.events;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Who may do what on the broker: each Kafka principal (one per service, the console, and the read-only user downstream
 * consumers are given) with the topics it writes, the topics it reads and the consumer groups it joins. A service
 * writes the topics whose events it publishes ({@link EventDefinition#producer()}) and the dead-letter topics of what
 * it consumes (shared with the other consumers of the same topic), and nothing else, so no other pod can forge its
 * events. The Kubernetes {@code KafkaUser}s say the same and the services consume exactly these topics in these groups
 * (deploy's KafkaAccessManifestTest); KafkaAccessProvisioner grants this on a broker (platform's KafkaAccessTest).
 *
 * @param principal    the user name the principal authenticates as (SCRAM-SHA-512)
 * @param reads        topics it consumes (or replays)
 * @param groups       consumer groups it joins; an empty list for a principal that assigns partitions itself
 * @param deadLetters  whether it parks what it cannot process on the dead-letter topics of what it reads
 */
public record KafkaAccess(String principal, List<String> reads, List<String> groups, boolean deadLetters) {

    public static final String UPLOAD_SERVICE = "upload-service";
    public static final String VALIDATION_SERVICE = "validation-service";
    public static final String REPUTATION_SERVICE = "reputation-service";
    public static final String TRAINING_SERVICE = "training-service";
    public static final String CONSOLE = "console";
    /** The read-only user of downstream consumers (reward payout, dashboards, auditors): every event, no writes. */
    public static final String READER = "datanet-reader";

    /** Every principal, services first. */
    public static final List<KafkaAccess> ALL = List.of(
            new KafkaAccess(UPLOAD_SERVICE, List.of(Topics.UPLOADS_VALIDATED, Topics.REPUTATION_UPDATED),
                    List.of("upload-service"), true),
            new KafkaAccess(VALIDATION_SERVICE, List.of(Topics.UPLOADS_RECEIVED, Topics.DATANETS_DEFINED,
                    Topics.UPLOADS_WITHDRAWN, Topics.UPLOADS_REVIEWED), List.of("validation-service"), true),
            // its rebuild replays the same three topics by assignment, without a group
            new KafkaAccess(REPUTATION_SERVICE, List.of(Topics.UPLOADS_VALIDATED, Topics.UPLOADS_WITHDRAWN,
                    Topics.ATTRIBUTION_COMPUTED), List.of("reputation-service"), true),
            // the API replicas and the training workers (one group each) run the same image under one user
            new KafkaAccess(TRAINING_SERVICE, List.of(Topics.UPLOADS_VALIDATED, Topics.UPLOADS_WITHDRAWN,
                    Topics.DATANETS_DEFINED, Topics.REPUTATION_UPDATED, Topics.TRAINING_JOBS),
                    List.of("training-service", "training-worker"), true),
            // live events for the browser: each replica assigns itself every partition and commits nothing
            new KafkaAccess(CONSOLE, List.of(Topics.DATANETS_DEFINED, Topics.UPLOADS_RECEIVED, Topics.UPLOADS_REVIEWED,
                    Topics.UPLOADS_VALIDATED, Topics.REPUTATION_UPDATED, Topics.TRAINING_STATUS,
                    Topics.ATTRIBUTION_COMPUTED), List.of(), false),
            new KafkaAccess(READER, Topics.ALL, List.of(), false));

    public KafkaAccess {
        reads = List.copyOf(reads);
        groups = List.copyOf(groups);
    }

    public static Optional<KafkaAccess> of(String principal) {
        return ALL.stream().filter(a -> a.principal().equals(principal)).findFirst();
    }

    /** The event topics it publishes, then the dead-letter topics it parks records on; sorted, each once. */
    public List<String> writes() {
        TreeSet<String> writes = new TreeSet<>();
        EventCatalog.ALL.stream().filter(d -> d.producer().equals(principal)).map(EventDefinition::topic)
                .forEach(writes::add);
        if (deadLetters) {
            reads.forEach(topic -> writes.add(Topics.deadLetter(topic)));
        }
        return List.copyOf(writes);
    }
}
