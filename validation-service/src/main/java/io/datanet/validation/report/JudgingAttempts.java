package io.datanet.validation.report;

import io.datanet.platform.db.NativeSelect;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * How many times judging an upload has started without its verdict being committed. The count is committed before
 * the file is opened, so a service that dies while judging (out of memory, killed, a hang its orchestrator
 * restarts) leaves it raised, and the event read again after the restart sees it: past the limit the upload is
 * rejected without being opened again, instead of taking the service down on every restart while every upload
 * behind it on its partition waits (a poison message that never reaches the dead-letter topic, since it never
 * fails; it kills). The row goes with the verdict's commit.
 */
@ApplicationScoped
public class JudgingAttempts {

    /** Counts one more start of judging {@code uploadId}, in its own committed transaction; the count so far. */
    public Uni<Integer> begin(String uploadId) {
        return Panache.withTransaction(() -> NativeSelect.single("WITH counted AS ("
                        + "INSERT INTO judging_attempt (upload_id, attempts, last_started_at) VALUES (?1, 1, now()) "
                        + "ON CONFLICT (upload_id) DO UPDATE SET attempts = judging_attempt.attempts + 1, "
                        + "last_started_at = now() RETURNING attempts) SELECT attempts FROM counted",
                Integer.class, uploadId));
    }

    /** Forgets the attempts, inside the transaction that commits the verdict. */
    public Uni<Void> finish(String uploadId) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeMutationQuery("DELETE FROM judging_attempt WHERE upload_id = ?1")
                        .setParameter(1, uploadId)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
