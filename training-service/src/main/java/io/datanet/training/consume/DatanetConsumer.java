package io.datanet.training.consume;

import io.datanet.events.DatanetDefined;
import io.datanet.events.Topics;
import io.datanet.platform.inbox.IncomingEvents;
import io.datanet.training.dataset.DatanetOwner;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.datanet.platform.db.TransientFailures;
import io.datanet.platform.tracing.ConsumerSpans;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Materialises datanets (owner, card fields); the latest definition wins, so replays and redeliveries are harmless. */
@ApplicationScoped
public class DatanetConsumer {

    @Inject
    ConsumerSpans spans;
    @Inject
    TransientFailures transientFailures;

    @Incoming(Topics.DATANETS_DEFINED)
    public Uni<Void> onDefinition(ConsumerRecord<String, String> record) {
        return spans.consuming("training-service.datanets", record, () -> define(record));
    }

    private Uni<Void> define(ConsumerRecord<String, String> record) {
        return Uni.createFrom().item(() -> IncomingEvents.decode(record, DatanetDefined.class).data())
                .flatMap(definition -> transientFailures.retried("training-service.datanets", () -> Panache.withTransaction(() -> DatanetOwner.<DatanetOwner>findById(definition.datanetId())
                        .flatMap(current -> {
                            if (current != null && definition.definedAt() != null
                                    && !definition.definedAt().isAfter(current.definedAt)) {
                                return Uni.createFrom().voidItem();
                            }
                            DatanetOwner datanet = current != null ? current : new DatanetOwner();
                            datanet.id = definition.datanetId();
                            datanet.ownerId = definition.ownerId();
                            datanet.name = definition.name() == null ? "" : definition.name();
                            datanet.description = definition.description() == null ? "" : definition.description();
                            datanet.license = definition.license();
                            datanet.tags = String.join(",", definition.tags());
                            datanet.definedAt = definition.definedAt() == null ? java.time.Instant.now() : definition.definedAt();
                            return current != null ? Uni.createFrom().voidItem() : datanet.persist().replaceWithVoid();
                        }))));
    }
}
