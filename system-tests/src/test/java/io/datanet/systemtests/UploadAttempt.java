package io.datanet.systemtests;

/**
 * One HTTP request of the load: when it started and ended (milliseconds since the load started), the status it got
 * ({@link #CONNECTION_FAILED} when no response arrived: refused, reset or timed out) and, for a 202, the upload id
 * and whether it was the replay of an earlier answer to the same Idempotency-Key (header Idempotency-Replayed).
 */
record UploadAttempt(String idempotencyKey, long startedAt, long endedAt, int status, String failure, String uploadId,
                     boolean replayed) {

    static final int CONNECTION_FAILED = -1;

    boolean connectionFailed() {
        return status == CONNECTION_FAILED;
    }

    boolean serverError() {
        return status >= 500;
    }

    /** Whether the request was in flight at some moment of [from, to]. */
    boolean overlaps(long from, long to) {
        return startedAt <= to && endedAt >= from;
    }
}
