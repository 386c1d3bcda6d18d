package io.datanet.training.worker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** application.properties {@code datanet.worker.*}: how a training worker holds and reports its job. */
@ConfigMapping(prefix = "datanet.worker")
public interface WorkerSettings {

    /** How long a job stays owned by a worker that stopped reporting: the wait before another one resumes it. */
    @WithDefault("PT30S")
    Duration lease();

    /** How often a running job renews its lease, checks for cancellation and publishes progress. */
    @WithDefault("PT2S")
    Duration heartbeat();

    /** Optimizer steps between checkpoints (and so the most work a crash can cost). */
    @WithDefault("20")
    int checkpointEvery();

    /** Tokens per training sequence. */
    @WithDefault("128")
    int seqLen();
}
