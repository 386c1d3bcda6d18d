package io.datanet.demo.bench;

/**
 * One upload of the benchmark and when each of its stages was seen. Times are {@link System#nanoTime()} of this
 * process; every latency is measured from {@code intendedNanos}, the moment the open-loop schedule meant to send
 * it, so a generator that falls behind cannot hide latency (no coordinated omission).
 */
final class UploadTrace {

    final int step;
    final long intendedNanos;
    final UploadFiles.UploadFile file;
    final String datanetId;
    final Contributor contributor;

    volatile long answeredNanos = -1;
    volatile int status;
    volatile String uploadId;
    /** Why the POST failed without a status (an exception), or null. */
    volatile String failure;
    /** This upload is its contributor's n-th accepted POST: the reputation update counting n verdicts is its own. */
    volatile int ordinal;
    volatile long reputationNanos = -1;

    UploadTrace(int step, long intendedNanos, UploadFiles.UploadFile file, String datanetId, Contributor contributor) {
        this.step = step;
        this.intendedNanos = intendedNanos;
        this.file = file;
        this.datanetId = datanetId;
        this.contributor = contributor;
    }

    boolean accepted() {
        return status == 202 && uploadId != null;
    }
}
