package io.datanet.platform.blob;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Removes the blobs of one namespace that nothing references: what a refused or abandoned request left behind. Only
 * the service that owns a namespace runs its sweeper, against its own tables ({@code referencesSql}), since no
 * service reads another's database; the shared area ({@code sha256:<hex>} addresses) is never swept.
 *
 * <p>Each round takes one page of the namespace (a cursor walks it across rounds and starts over at its end). A
 * blob is removed only when it was last written longer ago than the grace period and no row references it. That
 * check and the deletion happen in one transaction under the blob's advisory lock ({@link #BLOB_LOCKS}, keyed by
 * the address), which also records the deletion in the owner's {@code swept_blob} table. A request that is about to
 * reference a blob takes the same lock in the transaction that inserts its reference and looks for a
 * {@code swept_blob} row newer than the one it saw before it stored the blob ({@link #LATEST_SWEEP}): if there is one
 * the blob may have been deleted after it was stored, and it stores it again. So a blob cannot vanish under a
 * reference whatever the timing, with any number of replicas and on S3 (which has no conditional delete).
 *
 * <p>Only one replica sweeps a namespace at a time (a try-lock; the others skip the round). The one residual gap:
 * a sweeper that dies between its deletion and its commit loses the {@code swept_blob} row of that blob.
 *
 * <p>The owner's schema needs {@code CREATE TABLE swept_blob (seq BIGSERIAL PRIMARY KEY, address TEXT NOT NULL,
 * swept_at TIMESTAMPTZ NOT NULL)} with an index on {@code (address, seq)}, and an index on every referencing column.
 */
public final class BlobSweeper {

    /** Advisory lock namespace of one blob (two-key form with {@code hashtext(address)}). */
    public static final int BLOB_LOCKS = 0x424C4F42; // "BLOB"
    /** Advisory lock namespace of "the sweep of a blob namespace". */
    static final int SWEEP_LOCKS = 0x53574550; // "SWEP"

    private static final Logger LOG = Logger.getLogger(BlobSweeper.class);
    /** A sweep record is only needed while a request is between storing a blob and recording it (seconds). */
    private static final Duration KEEP_SWEEP_RECORDS = Duration.ofDays(1);

    private final BlobStore store;
    private final Pool pool;
    private final Vertx vertx;
    private final String namespace;
    private final String referencesSql;
    private final Duration grace;
    private final int pageSize;
    private final Counter removed;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile String cursor = "";
    private long timerId = -1;

    /**
     * @param referencesSql a SELECT of one text column: which of the addresses in {@code $1} (a text[]) are
     *                      referenced, e.g. {@code SELECT blob_address FROM upload WHERE blob_address = ANY($1)}
     */
    public BlobSweeper(BlobStore store, Pool pool, Vertx vertx, MeterRegistry registry, String namespace,
                       String referencesSql, Duration grace, int pageSize) {
        this.store = store;
        this.pool = pool;
        this.vertx = vertx;
        this.namespace = StoredBlob.checkedNamespace(namespace);
        this.referencesSql = referencesSql;
        this.grace = grace;
        this.pageSize = pageSize;
        this.removed = registry.counter("datanet.blobs.swept", "namespace", namespace);
    }

    /**
     * The newest sweep record of the address {@code ?1} (0: none), for a native select in the caller's session: read
     * before storing a blob, and again after taking {@link #BLOB_LOCKS} in the transaction that records a reference
     * to it; a larger value the second time means the blob may have been swept after it was stored.
     */
    public static final String LATEST_SWEEP = "SELECT coalesce(max(seq), 0) FROM swept_blob WHERE address = ?1";

    /** Sweeps a page every {@code interval}; a round still running is not overlapped. */
    public void start(Duration interval) {
        timerId = vertx.setPeriodic(interval.toMillis(), id -> {
            if (running.compareAndSet(false, true)) {
                sweepOnce().subscribe().with(n -> running.set(false), failure -> {
                    running.set(false);
                    LOG.warnf("blob sweep of %s failed, retrying next round: %s", namespace, failure.getMessage());
                });
            }
        });
    }

    public void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** One round: the next page of the namespace; returns how many blobs it removed (0 if another replica sweeps). */
    public Uni<Integer> sweepOnce() {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT pg_try_advisory_xact_lock($1, hashtext($2))")
                .execute(Tuple.of(SWEEP_LOCKS, namespace))
                .flatMap(lock -> lock.iterator().next().getBoolean(0)
                        ? sweepPage(connection)
                        : Uni.createFrom().item(0)));
    }

    private Uni<Integer> sweepPage(SqlConnection connection) {
        Instant cutoff = Instant.now().minus(grace);
        String after = cursor;
        return blocking(() -> store.list(namespace, after, pageSize)).flatMap(page -> {
            cursor = page.size() < pageSize ? "" : StoredBlob.digestOf(page.get(page.size() - 1).address());
            String[] old = page.stream().filter(b -> b.lastModified().isBefore(cutoff))
                    .map(BlobStore.Listed::address).toArray(String[]::new);
            if (old.length == 0) {
                return forgetOldSweeps(connection).replaceWith(0);
            }
            return connection.preparedQuery(referencesSql).execute(Tuple.of(old)).flatMap(rows -> {
                Set<String> referenced = new HashSet<>();
                for (Row row : rows) {
                    referenced.add(row.getString(0));
                }
                List<String> candidates = List.of(old).stream().filter(a -> !referenced.contains(a)).toList();
                return Multi.createFrom().iterable(candidates)
                        .onItem().transformToUniAndConcatenate(address -> removeIfUnreferenced(address, cutoff))
                        .collect().asList()
                        .map(done -> (int) done.stream().filter(Boolean::booleanValue).count());
            }).call(n -> forgetOldSweeps(connection));
        });
    }

    /**
     * Under the blob's lock: still unreferenced and still old, then recorded and deleted (recorded first, so a failed
     * record never leaves a deletion unrecorded; a failed deletion rolls the record back).
     */
    private Uni<Boolean> removeIfUnreferenced(String address, Instant cutoff) {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock($1, hashtext($2))) AS l")
                .execute(Tuple.of(BLOB_LOCKS, address))
                .flatMap(locked -> connection.preparedQuery(referencesSql)
                        .execute(Tuple.of((Object) new String[] {address})))
                .flatMap(rows -> rows.size() > 0 ? Uni.createFrom().item(false)
                        : blocking(() -> store.lastModified(address).map(t -> t.isBefore(cutoff)).orElse(false)))
                .flatMap(old -> !old ? Uni.createFrom().item(false) : connection
                        .preparedQuery("INSERT INTO swept_blob (address, swept_at) VALUES ($1, clock_timestamp())")
                        .execute(Tuple.of(address))
                        .flatMap(recorded -> blocking(() -> store.delete(address))))
                .invoke(deleted -> {
                    if (deleted) {
                        removed.increment();
                        LOG.debugf("swept unreferenced blob %s", address);
                    }
                }));
    }

    private Uni<Void> forgetOldSweeps(SqlConnection connection) {
        return connection.preparedQuery("DELETE FROM swept_blob WHERE swept_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) KEEP_SWEEP_RECORDS.toSeconds())).replaceWithVoid();
    }

    private interface Blocking<T> {
        T run() throws IOException;
    }

    private <T> Uni<T> blocking(Blocking<T> work) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try {
                return work.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), false);
    }
}
