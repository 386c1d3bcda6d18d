package io.datanet.validation.store;

import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.datanet.platform.db.Sql;
import io.datanet.platform.outbox.Outbox;
import io.datanet.validation.dedup.DuplicateIndex;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The one way a verdict changes after the automatic one: the next version is recorded in the report and its
 * history, the upload's records enter or leave the duplicate index, and the new {@code uploads.validated} event
 * goes to the outbox — all in the caller's transaction.
 */
@ApplicationScoped
public class Verdicts {

    @Inject
    Outbox outbox;
    @Inject
    DuplicateIndex index;

    public Uni<Report> supersede(Report report, Verdict verdict, VerdictSource source, String reviewerId, String comment) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        report.verdictVersion++;
        report.verdict = verdict;
        report.decidedBy = source;
        report.updatedAt = now;
        return record(report, reviewerId, comment, now)
                .flatMap(x -> index.setActive(report.datanetId, report.uploadId, verdict == Verdict.ACCEPTED))
                .replaceWith(report);
    }

    /** {@link #record(Report, String, String, Instant)} in a transaction of the SQL client (the judging path). */
    public Uni<Void> record(Sql transaction, Report report, String reviewerId, String comment, Instant at) {
        return transaction.update("INSERT INTO verdict_history (upload_id, version, verdict, decided_by, reviewer_id, "
                                + "comment, decided_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", report.uploadId,
                        report.verdictVersion, report.verdict, report.decidedBy, reviewerId, comment, at)
                .chain(() -> outbox.add(transaction, report.uploadId, report.toEvent(reviewerId, comment)))
                .replaceWithVoid();
    }

    /** Writes the report's current verdict to its history and announces it (in the Hibernate Reactive transaction). */
    public Uni<Void> record(Report report, String reviewerId, String comment, Instant at) {
        VerdictHistory entry = new VerdictHistory();
        entry.uploadId = report.uploadId;
        entry.version = report.verdictVersion;
        entry.verdict = report.verdict;
        entry.decidedBy = report.decidedBy;
        entry.reviewerId = reviewerId;
        entry.comment = comment;
        entry.decidedAt = at;
        return entry.persist().flatMap(x -> outbox.add(report.uploadId, report.toEvent(reviewerId, comment)))
                .replaceWithVoid();
    }
}
