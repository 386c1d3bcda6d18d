package io.datanet.upload.quota;

import io.datanet.events.Tier;
import io.datanet.platform.db.Sql;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads what a contributor has used, inside the caller's transaction. {@link #lock} serialises all uploads of one
 * contributor and of one datanet (transaction-scoped advisory locks, always taken in the same order), so a
 * usage read after it cannot be raced by a concurrent upload: the limits hold under any concurrency.
 */
@ApplicationScoped
public class QuotaLedger {

    @Inject
    QuotaConfig config;

    /** Advisory lock namespaces (the first key of the two-key form), so a contributor and a datanet never collide. */
    static final int CONTRIBUTOR_LOCKS = 0x55504C31; // "UPL1"
    static final int DATANET_LOCKS = 0x55504C32;     // "UPL2"

    public Uni<Void> lock(Sql transaction, String contributorId, String datanetId) {
        // Always contributor first, then datanet: every upload transaction takes them in this order (no deadlock).
        return transaction.lock(CONTRIBUTOR_LOCKS, contributorId)
                .chain(() -> transaction.lock(DATANET_LOCKS, datanetId));
    }

    /**
     * The datanet's lock alone, which every upload to it also takes: a change of the datanet's definition (an edit,
     * archiving) commits wholly before or after an upload is recorded, never while one is.
     */
    public Uni<Void> lockDatanet(Sql transaction, String datanetId) {
        return transaction.lock(DATANET_LOCKS, datanetId);
    }

    /** What a contributor may use (by their tier) and has used, today and in {@code datanetId}. */
    public record Standing(QuotaPolicy.Limits limits, QuotaPolicy.Usage usage) {
    }

    /**
     * The contributor's tier (NEW until reputation-service announced one) and their usage, in one statement: it is
     * read up to three times per upload (QuotaPolicy's checks before reading, before storing and under the locks).
     */
    public Uni<Standing> standing(Sql sql, String contributorId, String datanetId, Instant now) {
        LocalDate day = QuotaPolicy.utcDay(now);
        return sql.rows(
                        "SELECT (SELECT count(*) FROM upload WHERE contributor_id = ?1 AND received_day = ?3), "
                                + "(SELECT coalesce(sum(size_bytes), 0)::bigint FROM upload WHERE contributor_id = ?1 AND received_day = ?3), "
                                // A datanet's bytes count what validation did not reject (see QuotaPolicy.Usage).
                                + "(SELECT coalesce(sum(size_bytes), 0)::bigint FROM upload WHERE datanet_id = ?2 AND received_day = ?3 AND status <> 'REJECTED'), "
                                + "(SELECT coalesce(sum(size_bytes), 0)::bigint FROM upload WHERE datanet_id = ?2 AND received_day = ?3 AND status <> 'REJECTED' AND contributor_id = ?1), "
                                + "(SELECT count(*) FROM upload WHERE contributor_id = ?1 AND status = 'RECEIVED'), "
                                + "(SELECT tier FROM contributor_tier WHERE contributor_id = ?1)",
                        contributorId, datanetId == null ? "" : datanetId, day)
                .map(rows -> {
                    Object[] row = rows.get(0);
                    Tier tier = row[5] == null ? Tier.NEW : Tier.valueOf((String) row[5]);
                    return new Standing(QuotaPolicy.limits(config, tier), new QuotaPolicy.Usage(
                            ((Number) row[0]).intValue(), ((Number) row[1]).longValue(), ((Number) row[2]).longValue(),
                            ((Number) row[3]).longValue(), ((Number) row[4]).intValue()));
                });
    }
}
