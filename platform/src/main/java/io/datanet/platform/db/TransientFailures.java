package io.datanet.platform.db;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Database failures that say nothing about the event or request being handled: a deadlock or serialization failure
 * between two transactions, a lost or refused connection, a server shutting down. The same work done again later
 * succeeds, so a consumer must try it again rather than park its event as poison. ReputationCrashIT lost a
 * withdrawal that way: its transaction and a batch of verdicts locked the same upload and contributor rows in
 * opposite orders, PostgreSQL chose it as the deadlock's victim, and the consumer dead-lettered it.
 */
@ApplicationScoped
public class TransientFailures {

    private static final Logger LOG = Logger.getLogger(TransientFailures.class);
    static final Duration FIRST_PAUSE = Duration.ofMillis(50);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    @Inject
    MeterRegistry registry;

    /**
     * Whether {@code failure} (or any of its causes) is transient. SQLSTATE classes: 40 (transaction rollback:
     * serialization failure, deadlock), 08 (connection exception), 53 (insufficient resources), 57P01..57P03 (server
     * shutting down or starting), 55P03 (lock not available).
     */
    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                return state.startsWith("40") || state.startsWith("08") || state.startsWith("53")
                        || state.startsWith("57P0") || state.equals("55P03");
            }
            if (cause instanceof ClosedConnectionException || cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code attempt} until it succeeds or fails for a reason that is not transient, pausing between tries (from
     * 50 ms, doubling up to 5 s, with jitter so that two deadlocked consumers do not meet
     * again). There is no last try: while the database is away, the consumer waits for it (its lag grows and alerts)
     * instead of parking every event it reads. Each try starts on the Vert.x context the first was asked from, where
     * Hibernate Reactive requires its sessions to stay.
     *
     * @param what named in the log and in {@code datanet_transient_retries_total{what}}
     */
    public <T> Uni<T> retried(String what, Supplier<Uni<? extends T>> attempt) {
        return retried(what, attempt, 0);
    }

    private <T> Uni<T> retried(String what, Supplier<Uni<? extends T>> attempt, int tries) {
        return Uni.createFrom().<T>deferred(attempt).onFailure(TransientFailures::isTransient).recoverWithUni(failure -> {
            Duration pause = pause(tries);
            registry.counter("datanet.transient.retries", "what", what).increment();
            if (tries < 3) {
                LOG.debugf("%s failed for a transient reason (%s); trying again in %d ms", what, failure, pause.toMillis());
            } else {
                LOG.warnf("%s failed for a transient reason %d times in a row (%s); trying again in %d ms", what,
                        tries + 1, failure, pause.toMillis());
            }
            return sleep(pause).chain(() -> retried(what, attempt, tries + 1));
        });
    }

    static Duration pause(int tries) {
        long ceiling = Math.min(LONGEST_PAUSE.toMillis(), FIRST_PAUSE.toMillis() << Math.min(tries, 16));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    /** A pause that ends on the caller's Vert.x context (or on a timer thread when there is none). */
    private static Uni<Void> sleep(Duration pause) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().voidItem().onItem().delayIt().by(pause);
        }
        return Uni.createFrom().emitter(emitter -> context.owner().setTimer(Math.max(1, pause.toMillis()),
                timer -> context.runOnContext(ignored -> emitter.complete(null))));
    }
}
