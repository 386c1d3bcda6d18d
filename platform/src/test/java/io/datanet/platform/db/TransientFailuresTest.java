package io.datanet.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.MalformedEventException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TransientFailuresTest {

    private static PgException pg(String sqlState) {
        return new PgException("ERROR", "ERROR", sqlState, null);
    }

    @Test
    void deadlocksLostConnectionsAndShutdownsAreTransientWhereverTheyAreWrapped() {
        assertTrue(TransientFailures.isTransient(pg("40P01")), "deadlock");
        assertTrue(TransientFailures.isTransient(pg("40001")), "serialization failure");
        assertTrue(TransientFailures.isTransient(pg("08006")), "connection failure");
        assertTrue(TransientFailures.isTransient(pg("57P01")), "admin shutdown");
        assertTrue(TransientFailures.isTransient(new CompletionException(new RuntimeException(pg("40P01")))));
        assertTrue(TransientFailures.isTransient(ClosedConnectionException.INSTANCE));
    }

    @Test
    void whatTheEventOrRequestCausedIsNot() {
        assertFalse(TransientFailures.isTransient(pg("23505")), "unique violation");
        assertFalse(TransientFailures.isTransient(pg("23514")), "check violation");
        assertFalse(TransientFailures.isTransient(pg("22P02")), "invalid text representation");
        assertFalse(TransientFailures.isTransient(new MalformedEventException("not json")));
        assertFalse(TransientFailures.isTransient(new IllegalStateException("bug")));
    }

    @Test
    void aTransientFailureIsTriedAgainUntilItSucceedsAndCounted() {
        TransientFailures failures = failures();
        AtomicInteger calls = new AtomicInteger();
        String result = failures.retried("test", () -> calls.incrementAndGet() <= 3
                ? Uni.createFrom().<String>failure(pg("40P01")) : Uni.createFrom().item("committed"))
                .await().atMost(Duration.ofSeconds(10));
        assertEquals("committed", result);
        assertEquals(4, calls.get());
        assertEquals(3, failures.registry.counter("datanet.transient.retries", "what", "test").count());
    }

    @Test
    void anyOtherFailureEndsAtOnce() {
        TransientFailures failures = failures();
        AtomicInteger calls = new AtomicInteger();
        assertThrows(PgException.class, () -> failures.retried("test", () -> {
            calls.incrementAndGet();
            return Uni.createFrom().failure(pg("23505"));
        }).await().atMost(Duration.ofSeconds(10)));
        assertEquals(1, calls.get());
    }

    @Test
    void pausesGrowToACeilingWithJitter() {
        for (int tries = 0; tries < 40; tries++) {
            long ceiling = Math.min(5000, 50L << Math.min(tries, 16));
            long pause = TransientFailures.pause(tries).toMillis();
            assertTrue(pause >= ceiling / 2 && pause <= ceiling, tries + ": " + pause);
        }
    }

    private static TransientFailures failures() {
        TransientFailures failures = new TransientFailures();
        failures.registry = new SimpleMeterRegistry();
        return failures;
    }
}
