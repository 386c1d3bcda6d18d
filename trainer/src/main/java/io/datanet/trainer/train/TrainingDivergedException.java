package io.datanet.trainer.train;

/**
 * The loss or the gradient norm stopped being a finite number: the weights are ruined from here on, and a
 * retry with the same seed would diverge at the same step, so the run ends with a reason a person can act on.
 */
public final class TrainingDivergedException extends RuntimeException {
    private final int step;

    public TrainingDivergedException(int step, double loss, double gradNorm, float lr) {
        super(String.format(java.util.Locale.ROOT,
                "training diverged at step %d (loss %s, gradient norm %s, learning rate %.3g); "
                        + "lower the learning rate or the gradient clipping norm", step, loss, gradNorm, lr));
        this.step = step;
    }

    public int step() {
        return step;
    }
}
