package io.datanet.platform.inbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The idempotency record of consumers. Call {@link #firstDelivery} inside the transaction that applies the event:
 * the id is stored with the state change, so a redelivered event (after a crash or rebalance) is recognised and
 * skipped. {@code ON CONFLICT DO NOTHING} makes concurrent deliveries to two replicas safe: one inserts, the other
 * sees zero rows.
 */
@ApplicationScoped
public class ProcessedEvents {

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
