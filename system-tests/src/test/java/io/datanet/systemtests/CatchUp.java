package io.datanet.systemtests;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;

/**
 * Whether the pipeline has caught up with a set of acknowledged uploads, from the services' databases alone (cheap
 * enough to poll while the load goes on): each has its verdict stored by validation-service, applied by
 * reputation-service, in training-service's dataset table, and its final status in upload-service.
 */
final class CatchUp {

    private final Pipeline pipeline;

    CatchUp(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** Polls until every upload in {@code uploadIds} went all the way through, at most {@code bound}; whether it did. */
    boolean await(Set<String> uploadIds, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (caughtUp(uploadIds)) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    private boolean caughtUp(Set<String> uploadIds) {
        String[] ids = uploadIds.toArray(String[]::new);
        try {
            return count(Service.VALIDATION, "SELECT count(*) FROM report WHERE upload_id = ANY(?)", ids) == ids.length
                    && count(Service.REPUTATION, "SELECT count(*) FROM upload_verdict WHERE upload_id = ANY(?)", ids) == ids.length
                    && count(Service.TRAINING, "SELECT count(*) FROM dataset_upload WHERE upload_id = ANY(?)", ids) == ids.length
                    && count(Service.UPLOAD, "SELECT count(*) FROM upload WHERE id = ANY(?) AND status <> 'RECEIVED'", ids)
                    == ids.length;
        } catch (SQLException e) {
            return false;   // PostgreSQL is not under test; a failed read just means "not yet"
        }
    }

    private long count(Service service, String sql, String[] ids) throws SQLException {
        try (Connection db = pipeline.connect(service)) {
            return Sql.count(db, sql, (Object) ids);
        }
    }
}
