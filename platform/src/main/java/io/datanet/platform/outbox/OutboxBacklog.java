package io.datanet.platform.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What the outbox holds that is not published yet, as metrics to alert on: {@code datanet_outbox_backlog} (rows)
 * and {@code datanet_outbox_oldest_age_seconds} (how long the oldest has waited; 0 when empty). A backlog that
 * grows, or an oldest row older than a few seconds, means the relay cannot reach Kafka or cannot keep up: events
 * are committed and downstream services do not see them. Measured every {@code datanet.outbox.measure-interval}
 * (15 s) by one query on the service's own database (the relay deletes what it publishes, so the table is small
 * unless something is wrong), not on scrape: a scrape never waits for the database.
 */
@ApplicationScoped
public class OutboxBacklog {

    private static final Logger LOG = Logger.getLogger(OutboxBacklog.class);

    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "datanet.outbox.measure-interval", defaultValue = "15s")
    Duration interval;

    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong oldestMillis = new AtomicLong();
    private long timerId = -1;

    void start(@Observes StartupEvent event) {
        Gauge.builder("datanet.outbox.backlog", rows, AtomicLong::get)
                .description("Outbox rows committed and not yet published to Kafka").register(registry);
        Gauge.builder("datanet.outbox.oldest.age", oldestMillis, millis -> millis.get() / 1000.0)
                .baseUnit("seconds").description("How long the oldest unpublished outbox row has waited")
                .register(registry);
        measureInBackground();
        timerId = vertx.setPeriodic(interval.toMillis(), id -> measureInBackground());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void measureInBackground() {
        measure().subscribe().with(n -> { }, failure -> LOG.debugf("outbox backlog not measured: %s",
                failure.getMessage()));
    }

    /** Reads the backlog (each interval, or when a test asks); the gauges show it from then on. Its row count. */
    public Uni<Long> measure() {
        return pool.query("SELECT count(*), "
                        + "coalesce(floor(extract(epoch FROM clock_timestamp() - min(created_at)) * 1000), 0)::bigint "
                        + "FROM outbox").execute()
                .map(result -> {
                    Row row = result.iterator().next();
                    rows.set(row.getLong(0));
                    oldestMillis.set(Math.max(0, row.getLong(1)));
                    return rows.get();
                });
    }
}
