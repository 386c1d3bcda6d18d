package io.datanet.events;

import java.util.List;

/** Fine-tuning settings of a job, recorded so a run can be reproduced. */
public record Hyperparameters(int rank, double alpha, double dropout, List<String> targetModules,
                              double learningRate, int epochs, int batchSize, long seed) {
    public Hyperparameters {
        targetModules = targetModules == null ? List.of() : List.copyOf(targetModules);
    }
}
