package io.datanet.validation.consume;

import io.datanet.validation.store.DatanetSettings;
import io.datanet.events.DatanetDefined;
import io.datanet.events.Topics;
import io.datanet.platform.inbox.IncomingEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.datanet.platform.db.TransientFailures;
import io.datanet.platform.tracing.ConsumerSpans;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Materialises datanet definitions; the latest definition wins, so replays and redeliveries are harmless. */
@ApplicationScoped
public class DatanetConsumer {

    @Inject
    ConsumerSpans spans;
    @Inject
    TransientFailures transientFailures;

    @Incoming(Topics.DATANETS_DEFINED)
    public Uni<Void> onDefinition(ConsumerRecord<String, String> record) {
        return spans.consuming("validation-service.datanets", record, () -> define(record));
    }

    private Uni<Void> define(ConsumerRecord<String, String> record) {
        return Uni.createFrom().item(() -> IncomingEvents.decode(record, DatanetDefined.class).data())
                .flatMap(definition -> transientFailures.retried("validation-service.datanets", () -> Panache.withTransaction(() -> DatanetSettings.<DatanetSettings>findById(definition.datanetId())
                        .flatMap(current -> {
                            if (current != null && !definition.definedAt().isAfter(current.definedAt)) {
                                return Uni.createFrom().voidItem();
                            }
                            DatanetSettings settings = current != null ? current : new DatanetSettings();
                            settings.datanetId = definition.datanetId();
                            settings.ownerId = definition.ownerId();
                            settings.reviewMode = definition.reviewMode();
                            settings.acceptanceThreshold = definition.acceptanceThreshold();
                            settings.definedAt = definition.definedAt();
                            return current != null ? Uni.createFrom().voidItem() : settings.persist().replaceWithVoid();
                        }))));
    }
}
