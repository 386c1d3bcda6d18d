package io.datanet.trainer.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * A small fork/join pool sized to the machine (or {@code -Ddatanet.trainer.threads=N}) and a static-partition
 * parallel for-loop.
 *
 * <p>Every kernel that uses it partitions over <em>output</em> elements, never over a reduction axis, so each
 * output is computed by exactly one thread in a fixed order: results are bit-identical for any thread count.
 */
public final class Parallel {

    /** Body of a parallel loop over the half-open range [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static final int THREADS = Integer.getInteger("datanet.trainer.threads",
            Runtime.getRuntime().availableProcessors());
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS,
            pool -> {
                var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                t.setName("datanet-trainer-" + t.getPoolIndex());
                t.setDaemon(true);
                return t;
            }, null, false) : null;

    private Parallel() {
    }

    public static int threads() {
        return THREADS;
    }

    /**
     * Runs body over [0, n) split into at most {@link #threads()} contiguous chunks whose boundaries are multiples
     * of {@code align}. Runs inline when the work is smaller than {@code minPerThread} items per thread.
     */
    public static void forRange(int n, int align, int minPerThread, RangeBody body) {
        int chunks = Math.min(THREADS, Math.max(1, n / Math.max(1, minPerThread)));
        if (chunks <= 1 || POOL == null) {
            if (n > 0) body.run(0, n);
            return;
        }
        int units = (n + align - 1) / align;
        chunks = Math.min(chunks, units);
        List<RecursiveAction> tasks = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            int from = Math.min(n, (int) ((long) units * c / chunks) * align);
            int to = Math.min(n, (int) ((long) units * (c + 1) / chunks) * align);
            if (from >= to) continue;
            tasks.add(new RecursiveAction() {
                @Override
                protected void compute() {
                    body.run(from, to);
                }
            });
        }
        if (ForkJoinTask.getPool() == POOL) { // already on one of our workers (not some other fork/join pool)
            ForkJoinTask.invokeAll(tasks);
        } else {
            POOL.invoke(new RecursiveAction() {
                @Override
                protected void compute() {
                    invokeAll(tasks);
                }
            });
        }
    }

    /** Convenience: one item per index, parallel when there are at least two items. */
    public static void forEach(int n, RangeBody body) {
        forRange(n, 1, 1, body);
    }
}
