package io.datanet.platform.concurrent;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/**
 * Runs blocking work (file I/O, CPU-heavy checks) on a Vert.x worker thread and resumes on the caller's
 * event-loop context. Hibernate Reactive sessions are bound to that context (error HR000069 when a session hops
 * threads), so: do the blocking part through here, outside any session, then open the transaction.
 */
public final class Offload {

    private Offload() {
    }

    public static <T> Uni<T> blocking(Callable<T> work) {
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            if (context == null) {
                throw new IllegalStateException("Offload.blocking must be called on a Vert.x context");
            }
            // ordered=false: independent pieces of work may run in parallel on the worker pool.
            return Uni.createFrom().completionStage(context.executeBlocking(work, false).toCompletionStage());
        });
    }
}
