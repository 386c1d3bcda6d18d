package io.datanet.systemtests;

/**
 * One crash of the timeline, on the load's clock (milliseconds): when the component was killed with SIGKILL, when it
 * was ready again, and when the pipeline had caught up, i.e. every upload acknowledged by then had gone all the way
 * through (-1 if it did not within the bound). {@code backlog} is how many uploads that was.
 */
record Outage(String component, long killedAt, long readyAt, long settledAt, int backlog) {

    long downMillis() {
        return readyAt - killedAt;
    }

    boolean settled() {
        return settledAt >= 0;
    }

    long settleMillis() {
        return settledAt - killedAt;
    }

    boolean contains(UploadAttempt attempt) {
        return attempt.overlaps(killedAt, readyAt);
    }
}
