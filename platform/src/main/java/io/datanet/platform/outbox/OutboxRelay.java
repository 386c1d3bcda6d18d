package io.datanet.platform.outbox;

import io.datanet.events.CloudEvent;
import io.datanet.events.CloudEventBinding;
import io.datanet.events.EventCatalog;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.platform.tracing.TraceContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox: takes the oldest rows in sequence order, sends them through the idempotent
 * {@code acks=all} producer of the {@code datanet-outbox} channel, and deletes them in the same database
 * transaction once every send is acknowledged. A crash after the broker acknowledged but before the delete
 * committed re-sends those rows with the same {@code ce_id}; consumers are idempotent by that id, so the effect
 * is exactly once.
 *
 * <p>Only one replica relays at a time (a transaction-scoped advisory lock), which keeps per-key order across
 * replicas; the others find the lock taken and skip that round.
 *
 * <p>A round starts when PostgreSQL notifies a commit that added outbox rows (the {@code outbox_notify} trigger;
 * this relay LISTENs on {@code datanet_outbox} over a connection of its own), so an event leaves within a round
 * trip of its commit instead of waiting for a poll; commits notified during a round start the next one a linger
 * (10 ms) after it ends, which makes rounds as large as the load needs. The poll remains, seldom, for notifications
 * lost while the listening connection reconnected.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock key for "the outbox relay" within one service's database. */
    private static final long RELAY_LOCK = 0x0D47A7E7L;

    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @Inject
    TopicNames topics;
    @Inject
    @Channel("datanet-outbox")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
    MutinyEmitter<String> emitter;
    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "datanet.outbox.batch-size")
    int batchSize;
    @ConfigProperty(name = "datanet.outbox.poll-interval")
    Duration pollInterval;
    /** How long the relay waits before a round for commits notified while the previous round ran. */
    @ConfigProperty(name = "datanet.outbox.linger", defaultValue = "10ms")
    Duration linger;
    /** Off only in tests that need committed events to stay unpublished for a while. */
    @ConfigProperty(name = "datanet.outbox.listen", defaultValue = "true")
    boolean listen;
    /** Where the events' AsyncAPI document is published; each event then names its payload's schema there. */
    @ConfigProperty(name = "datanet.events.schema-url")
    Optional<String> schemaUrl;
    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String databaseUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String databaseUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    String databasePassword;

    /** PostgreSQL's channel the {@code outbox_notify} trigger notifies (migration V1_1). */
    static final String CHANNEL = "datanet_outbox";

    private final AtomicBoolean draining = new AtomicBoolean();
    /** A commit was notified (or a poll came) while a round ran: run another when it ends. */
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean stopped;
    private long timerId = -1;
    private PgSubscriber subscriber;
    private Counter published;

    void start(@Observes StartupEvent event) {
        published = registry.counter("datanet.outbox.published");
        timerId = vertx.setPeriodic(pollInterval.toMillis(), id -> tick());
        if (listen) {
            subscriber = PgSubscriber.subscriber(vertx, PgConnectOptions.fromUri(databaseUrl)
                            .setUser(databaseUser).setPassword(databasePassword))
                    .reconnectPolicy(retries -> 1000L);
            subscriber.channel(CHANNEL).handler(payload -> tick());
            // Connected, or reconnected after a loss: drain what committed while nobody listened.
            subscriber.channel(CHANNEL).subscribeHandler(this::tick);
            connect();
        }
    }

    /** The first connection; once made, the subscriber reconnects by itself (its reconnect policy). */
    private void connect() {
        subscriber.connect().subscribe().with(connected -> { }, failure -> {
            LOG.warnf("outbox relay cannot listen for commits yet (polling every %s meanwhile): %s", pollInterval,
                    failure.getMessage());
            if (!stopped) {
                vertx.setTimer(1000, id -> connect());
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
        // Drain what is committed so a clean shutdown leaves nothing for the next start to publish late.
        try {
            drainAll().await().atMost(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.warnf("outbox not fully drained at shutdown (published on next start): %s", e.getMessage());
        }
    }

    private void tick() {
        if (stopped) {
            return;
        }
        again.set(true);
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        again.set(false);
        drainAll().subscribe().with(n -> roundEnded(), failure -> {
            LOG.warnf("outbox relay round failed, retrying: %s", failure.getMessage());
            roundEnded();
        });
    }

    private void roundEnded() {
        if (again.get() && !stopped) {
            // Commits came during the round: the next one after a short linger (still "draining", so notifications
            // meanwhile only mark it due), so that under load a round takes what many commits added instead of
            // one round (five statements) per commit.
            vertx.setTimer(Math.max(1, linger.toMillis()), id -> {
                draining.set(false);
                tick();
            });
            return;
        }
        draining.set(false);
        if (again.get()) {
            tick();   // notified between the check above and the reset
        }
    }

    /** Publishes batches until the outbox is empty (or another replica holds the relay lock). */
    public Uni<Integer> drainAll() {
        return drainOnce().flatMap(n -> n >= batchSize ? drainAll().map(m -> n + m) : Uni.createFrom().item(n));
    }

    /** Publishes one batch; returns how many events were published. */
    public Uni<Integer> drainOnce() {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT pg_try_advisory_xact_lock($1)").execute(Tuple.of(RELAY_LOCK))
                .flatMap(lock -> lock.iterator().next().getBoolean(0)
                        ? publishBatch(connection)
                        : Uni.createFrom().item(0)));
    }

    private Uni<Integer> publishBatch(SqlConnection connection) {
        return connection.preparedQuery("SELECT seq, event_id, topic, event_key, event_type, source, subject, "
                        + "event_time, payload, traceparent FROM outbox ORDER BY seq LIMIT $1")
                .execute(Tuple.of(batchSize))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    List<Long> sequences = new ArrayList<>(rows.size());
                    List<Uni<Void>> sends = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        sequences.add(row.getLong("seq"));
                        sends.add(emitter.sendMessage(toMessage(row)));
                    }
                    // Joined in list order: the producer receives the records in sequence order.
                    return Uni.join().all(sends).andFailFast()
                            .flatMap(acked -> connection.preparedQuery("DELETE FROM outbox WHERE seq = ANY($1)")
                                    .execute(Tuple.of(sequences.toArray(new Long[0]))))
                            .map(deleted -> {
                                published.increment(sequences.size());
                                return sequences.size();
                            });
                });
    }

    private Message<String> toMessage(Row row) {
        String type = row.getString("event_type");
        CloudEvent<String> event = new CloudEvent<>(row.getString("event_id"), type, row.getString("source"),
                row.getOffsetDateTime("event_time").toInstant(), row.getString("subject"), row.getString("payload"));
        String dataSchema = schemaUrl.flatMap(url -> EventCatalog.forType(type).map(kind -> kind.dataSchema(url)))
                .orElse(null);
        String traceparent = row.getString("traceparent");
        RecordHeaders headers = CloudEventBinding.headers(event, dataSchema, traceparent);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topics.physical(row.getString("topic")))
                .withKey(row.getString("event_key"))
                .withHeaders(headers)
                .build();
        Message<String> message = Message.of(event.data()).addMetadata(metadata);
        // The connector's publish span continues the trace that added the event, and its traceparent header names
        // that span; an event added outside any trace starts one of its own.
        return traceparent == null ? message
                : message.addMetadata(TracingMetadata.withCurrent(TraceContext.fromTraceparent(traceparent)));
    }

    /** Rows still waiting; for tests and the readiness of a drained shutdown. */
    public Uni<Long> pending() {
        return pool.query("SELECT count(*) FROM outbox").execute()
                .map((RowSet<Row> rows) -> rows.iterator().next().getLong(0));
    }

}
