package io.datanet.trainer.train;

/** Called after every optimizer step. Throwing from it aborts the run (a later call resumes from the store). */
@FunctionalInterface
public interface ProgressListener {
    /**
     * @param step      optimizer steps completed (1-based)
     * @param loss      mean training loss per token of this step
     * @param gradNorm  global gradient norm before clipping
     */
    record Progress(int step, int totalSteps, double loss, float lr, double gradNorm, long tokensSeen,
                    double tokensPerSecond) {
    }

    void onStep(Progress progress);

    ProgressListener NONE = p -> {
    };
}
