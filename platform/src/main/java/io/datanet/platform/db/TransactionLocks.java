package io.datanet.platform.db;

import io.smallrye.mutiny.Uni;

/** PostgreSQL advisory locks held by the current Panache transaction, released at its commit or rollback. */
public final class TransactionLocks {

    private TransactionLocks() {
    }

    /**
     * Waits for and takes the lock on {@code key} in {@code namespace} (the first key of the two-key form, so each
     * kind of thing locked gets its own). hashtext collisions within a namespace only serialise two unrelated keys.
     */
    public static Uni<Void> lock(int namespace, String key) {
        // pg_advisory_xact_lock returns void; counting the one row it yields keeps the result mappable.
        return NativeSelect.single("SELECT count(*) FROM (" + LOCK + ") AS l", Long.class, namespace, key)
                .replaceWithVoid();
    }

    /** The lock's statement, for ?1 the namespace and ?2 the key ({@link Sql#lock} runs it with the SQL client). */
    static final String LOCK = "SELECT pg_advisory_xact_lock(?1, hashtext(?2))";
}
