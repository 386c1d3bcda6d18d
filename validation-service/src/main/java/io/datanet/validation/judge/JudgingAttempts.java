package io.datanet.validation.judge;

import io.datanet.platform.db.Database;
import io.datanet.platform.db.Sql;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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

    @Inject
    Database database;

    /** Counts one more start of judging {@code uploadId}, in its own committed transaction; the count so far. */
    public Uni<Integer> begin(String uploadId) {
        return database.pool().first("INSERT INTO judging_attempt (upload_id, attempts, last_started_at) "
                        + "VALUES (?1, 1, now()) ON CONFLICT (upload_id) DO UPDATE SET "
                        + "attempts = judging_attempt.attempts + 1, last_started_at = now() RETURNING attempts", uploadId)
                .map(row -> ((Number) row[0]).intValue());
    }

    /** Forgets the attempts, inside the transaction that commits the verdict. */
    public Uni<Void> finish(Sql transaction, String uploadId) {
        return transaction.update("DELETE FROM judging_attempt WHERE upload_id = ?1", uploadId).replaceWithVoid();
    }
}
