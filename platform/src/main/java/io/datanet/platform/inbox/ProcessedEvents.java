package io.datanet.platform.inbox;

import io.datanet.events.CloudEvent;
import io.datanet.platform.db.Database;
import io.datanet.platform.db.NativeSelect;
import io.datanet.platform.db.Sql;
import io.datanet.platform.db.TransientFailures;
import io.datanet.platform.tracing.ConsumerSpans;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The idempotency record of consumers ({@link #applyEachOnce} is the whole of a consumer; {@link #firstDelivery} the
 * check alone, for a consumer that does more around it).
 * The event's id is stored in the transaction that applies the event, so a redelivered event (after a crash or
 * rebalance) is recognised and skipped. {@code ON CONFLICT DO NOTHING} makes concurrent deliveries to two replicas
 * safe: one inserts, the other sees zero rows.
 */
@ApplicationScoped
public class ProcessedEvents {

    private static final Logger LOG = Logger.getLogger(ProcessedEvents.class);

    @Inject
    NackedEvents nacked;
    @Inject
    MeterRegistry registry;
    @Inject
    Database database;
    @Inject
    TransientFailures transientFailures;
    @Inject
    ConsumerSpans spans;

    /**
     * The whole of an idempotent consumer of a channel with {@code batch=true}: decodes every record of the batch
     * and applies the events, in the batch's order, in one transaction together with all their ids (one statement
     * records them and says which are new), then acknowledges each record. One event's transaction per batch instead
     * of one per event is what the consumers' throughput rests on (BENCHMARKS.md, "Pipeline").
     *
     * <p>Failures keep the meaning they have for single records: a record that is not a well-formed event is nacked
     * (the channel's dead-letter strategy parks it), and if the batch's transaction fails, nothing of it is kept and
     * each event is applied again in a transaction of its own, in order: the one that fails again is nacked and
     * parked, the others commit. SmallRye would park every record of a nacked batch, so the batch itself is never
     * nacked. A transaction that fails for a transient reason (a deadlock with another consumer, a lost connection:
     * {@link TransientFailures}) is tried again, batch or single, until it commits or fails for another reason: an
     * event is parked only for what it is, never for when it came.
     */
    public <T> Uni<Void> applyEachOnce(String consumer, Message<List<String>> batch, Class<T> dataClass,
                                       Function<CloudEvent<T>, Uni<Void>> apply) {
        return applyEachOnce(consumer, batch, dataClass, apply, applied -> Uni.createFrom().voidItem());
    }

    /**
     * {@link #applyEachOnce(String, Message, Class, Function)} with work done once per transaction after its events
     * are applied: {@code afterApplied} gets the events this transaction applied (not those seen before), in order,
     * and runs in the same transaction. What it does once for the batch it would otherwise do for every event (the
     * training trigger's look at a datanet's new records).
     */
    public <T> Uni<Void> applyEachOnce(String consumer, Message<List<String>> batch, Class<T> dataClass,
                                       Function<CloudEvent<T>, Uni<Void>> apply,
                                       Function<List<CloudEvent<T>>, Uni<Void>> afterApplied) {
        return consume(consumer, batch, dataClass, deliveries -> Panache.withTransaction(() -> applyAll(consumer, deliveries,
                ids -> NativeSelect.rows("WITH recorded AS (" + RECORD_NEW + ") SELECT event_id FROM recorded",
                        consumer, ids),
                apply, afterApplied)));
    }

    /** An event applied in a transaction of the SQL client. */
    @FunctionalInterface
    public interface SqlApply<T> {
        Uni<Void> apply(Sql transaction, CloudEvent<T> event);
    }

    /**
     * {@link #applyEachOnce(String, Message, Class, Function)} for a consumer that writes with the SQL client
     * ({@link Database}) instead of Hibernate Reactive: the batch's transaction is one of the client's, given to
     * {@code apply} with each event.
     */
    public <T> Uni<Void> applyEachOnce(String consumer, Message<List<String>> batch, Class<T> dataClass,
                                       SqlApply<T> apply) {
        return applyEachOnce(consumer, batch, dataClass, apply, (transaction, applied) -> Uni.createFrom().voidItem());
    }

    /** Work done once per transaction after its events are applied, in a transaction of the SQL client. */
    @FunctionalInterface
    public interface SqlAfterApplied<T> {
        Uni<Void> apply(Sql transaction, List<CloudEvent<T>> applied);
    }

    /**
     * {@link #applyEachOnce(String, Message, Class, SqlApply)} with {@code afterApplied} run in the same transaction
     * once its events are applied, given those it applied (not those seen before), in order.
     */
    public <T> Uni<Void> applyEachOnce(String consumer, Message<List<String>> batch, Class<T> dataClass,
                                       SqlApply<T> apply, SqlAfterApplied<T> afterApplied) {
        return consume(consumer, batch, dataClass, deliveries -> database.inTransaction(transaction -> applyAll(
                consumer, deliveries, ids -> transaction.rows(RECORD_NEW, consumer, ids),
                event -> apply.apply(transaction, event), applied -> afterApplied.apply(transaction, applied))));
    }

    /** Records a batch's event ids for a consumer; returns those not recorded before. */
    private static final String RECORD_NEW = "INSERT INTO processed_event (consumer, event_id) "
            + "SELECT ?1, id FROM unnest(CAST(?2 AS text[])) AS id ON CONFLICT DO NOTHING RETURNING event_id";

    /** The batch's events applied in one transaction by {@code inTransaction}, or else one by one; records acked. */
    private <T> Uni<Void> consume(String consumer, Message<List<String>> batch, Class<T> dataClass,
                                  Function<List<Delivery<T>>, Uni<Void>> inTransaction) {
        List<Delivery<T>> deliveries = new ArrayList<>();
        List<Uni<Void>> rejected = new ArrayList<>();
        for (Message<?> record : records(batch)) {
            try {
                deliveries.add(new Delivery<>(record, IncomingEvents.decode(consumerRecord(record), dataClass)));
            } catch (RuntimeException malformed) {
                rejected.add(nack(record, malformed));
            }
        }
        Uni<Void> parked = rejected.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(rejected).andCollectFailures().replaceWithVoid();
        if (deliveries.isEmpty()) {
            return parked;
        }
        registry.summary("datanet.events.batch.size", "consumer", consumer).record(deliveries.size());
        return parked.chain(() -> transientFailures.retried(consumer, () -> inTransaction.apply(deliveries))
                .replaceWith(true)
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf(failure, "%s: a batch of %d events failed; applying them one by one", consumer,
                            deliveries.size());
                    registry.counter("datanet.events.batch.split", "consumer", consumer).increment();
                    return false;
                }))
                .chain(committed -> committed ? ackAll(deliveries) : applyOneByOne(consumer, deliveries, inTransaction));
    }

    /** One record of a batch with the event read from it. */
    private record Delivery<T>(Message<?> record, CloudEvent<T> event) {
    }

    /**
     * The batch's records, each a message of its own that is acknowledged or nacked alone. (The method is given the
     * batch wrapped by the channel's interceptors, no longer a {@code KafkaRecordBatch}; its metadata has them.)
     */
    private static List<Message<?>> records(Message<List<String>> batch) {
        return batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .map(IncomingKafkaRecordBatchMetadata::getBatchedMessages)
                .orElseThrow(() -> new IllegalStateException("not a batch consumed from Kafka (batch=true): " + batch));
    }

    private <T> Uni<Void> applyAll(String consumer, List<Delivery<T>> deliveries,
                                   Function<String[], Uni<List<Object[]>>> recordNew,
                                   Function<CloudEvent<T>, Uni<Void>> apply,
                                   Function<List<CloudEvent<T>>, Uni<Void>> afterApplied) {
        String[] ids = deliveries.stream().map(d -> d.event().id()).toArray(String[]::new);
        return recordNew.apply(ids).chain(rows -> {
            // An id twice in one batch (the relay re-sent it after a crash) is applied at its first place.
            Set<Object> first = new HashSet<>();
            rows.forEach(row -> first.add(row[0]));
            List<Delivery<T>> applied = deliveries.stream().filter(d -> first.remove(d.event().id())).toList();
            List<CloudEvent<T>> events = applied.stream().map(Delivery::event).toList();
            // Each event in the span of its own trace, though they share the transaction.
            return Multi.createFrom().iterable(applied)
                    .onItem().transformToUniAndConcatenate(d -> spans.consuming(consumer, consumerRecord(d.record()),
                            () -> apply.apply(d.event())))
                    .collect().last()
                    .chain(() -> events.isEmpty() ? Uni.createFrom().voidItem() : afterApplied.apply(events));
        });
    }

    private <T> Uni<Void> applyOneByOne(String consumer, List<Delivery<T>> deliveries,
                                        Function<List<Delivery<T>>, Uni<Void>> inTransaction) {
        return Multi.createFrom().iterable(deliveries)
                .onItem().transformToUniAndConcatenate(d -> transientFailures.retried(consumer,
                                () -> inTransaction.apply(List.of(d)))
                        .map(applied -> (Throwable) null)
                        .onFailure().recoverWithItem(failure -> failure)
                        .chain(failure -> failure == null ? ack(d.record()) : nack(d.record(), failure)))
                .collect().last().replaceWithVoid();
    }

    private static <T> Uni<Void> ackAll(List<Delivery<T>> deliveries) {
        return Multi.createFrom().iterable(deliveries).onItem().transformToUniAndConcatenate(d -> ack(d.record()))
                .collect().last().replaceWithVoid();
    }

    private static Uni<Void> ack(Message<?> record) {
        return resumingHere(record::ack);
    }

    private Uni<Void> nack(Message<?> record, Throwable failure) {
        nacked.nacked(record, failure);
        return resumingHere(() -> record.nack(failure));
    }

    /**
     * An acknowledgement, continued on the Vert.x context it was asked from. A nack completes on the thread of the
     * dead-letter producer's send; the batch's next transaction must not start there (Hibernate Reactive refuses a
     * session outside the consumer's own context).
     */
    private static Uni<Void> resumingHere(Supplier<CompletionStage<Void>> acknowledgement) {
        Context context = Vertx.currentContext();
        Uni<Void> done = Uni.createFrom().completionStage(acknowledgement);
        return context == null ? done : done.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<String, String> consumerRecord(Message<?> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> (ConsumerRecord<String, String>) metadata.getRecord())
                .orElseThrow(() -> new IllegalStateException("not a record consumed from Kafka: " + record));
    }

    /**
     * The idempotency check alone, for a consumer that does more around it: records the event in {@code transaction},
     * the consumer's own; false if it was recorded before ("already applied, do nothing").
     */
    public Uni<Boolean> firstDelivery(Sql transaction, String consumer, String eventId) {
        return transaction.update("INSERT INTO processed_event (consumer, event_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                consumer, eventId).map(inserted -> inserted == 1);
    }
}
