package io.datanet.platform.inbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.datanet.events.CloudEvent;
import io.smallrye.mutiny.Uni;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The idempotency record of consumers ({@link #applyOnce} is the whole of a consumer; {@link #firstDelivery} the
 * check alone, for consumers that do more around it). Call {@link #firstDelivery} inside the transaction that applies the event:
 * the id is stored with the state change, so a redelivered event (after a crash or rebalance) is recognised and
 * skipped. {@code ON CONFLICT DO NOTHING} makes concurrent deliveries to two replicas safe: one inserts, the other
 * sees zero rows.
 */
@ApplicationScoped
public class ProcessedEvents {

    /**
     * The whole of an idempotent consumer: decodes the record (a malformed one fails, and goes to the channel's
     * dead-letter topic) and applies the event in one transaction together with its id, unless this consumer has
     * applied that id before.
     */
    public <T> Uni<Void> applyOnce(String consumer, ConsumerRecord<String, String> record, Class<T> dataClass,
                                   Function<CloudEvent<T>, Uni<Void>> apply) {
        return Uni.createFrom().item(() -> IncomingEvents.decode(record, dataClass))
                .flatMap(event -> Panache.withTransaction(() -> firstDelivery(consumer, event.id())
                        .flatMap(first -> first ? apply.apply(event) : Uni.createFrom().voidItem())));
    }

    public Uni<Boolean> firstDelivery(String consumer, String eventId) {
        return Panache.getSession().flatMap(session -> session
                .createNativeMutationQuery("INSERT INTO processed_event (consumer, event_id) VALUES (?1, ?2) "
                        + "ON CONFLICT DO NOTHING")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
