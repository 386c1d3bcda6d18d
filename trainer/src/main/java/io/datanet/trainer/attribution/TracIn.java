package io.datanet.trainer.attribution;

import io.datanet.trainer.train.Checkpoint;
import io.datanet.trainer.train.LrSchedule;

import java.util.ArrayList;
import java.util.List;

/**
 * TracInCP's weighting (Pruthi et al. 2020): I(z) = Σ_c η_c · ⟨∇ℓ(z; θ_c), ∇L_val(θ_c)⟩ over the saved checkpoints
 * c, with η_c the sum of the learning rates of the steps c stands for. {@link Attribution#compute} forms the sum.
 */
final class TracIn {
    private TracIn() {
    }

    /**
     * The optimizer steps a saved checkpoint stands for in TracInCP: those after the previous saved checkpoint,
     * steps previousStep+1 .. checkpoint.step() counted as {@link Checkpoint#step()} counts (completed steps),
     * and the sum of their learning rates, the checkpoint's weight.
     */
    record CheckpointSpan(Checkpoint checkpoint, int previousStep, double lrSum) {
        int steps() {
            return checkpoint.step() - previousStep;
        }
    }

    /**
     * What each checkpoint stands for: the steps since the previous saved one, weighted by the sum of their
     * learning rates under the run's schedule. Refuses checkpoints out of step order or whose recorded learning
     * rate is not the schedule's (another config's checkpoints would be weighted wrongly).
     */
    static List<CheckpointSpan> spans(List<Checkpoint> checkpoints, LrSchedule schedule, int totalSteps) {
        List<CheckpointSpan> out = new ArrayList<>();
        int previous = 0;
        for (Checkpoint c : checkpoints) {
            if (c.step() <= previous || c.step() > totalSteps) {
                throw new IllegalArgumentException("checkpoint steps must increase within 1.." + totalSteps
                        + "; got " + c.step() + " after " + previous);
            }
            if (c.lr() != schedule.at(c.step() - 1)) {
                throw new IllegalArgumentException("checkpoint of step " + c.step() + " records lr " + c.lr()
                        + " but the config's schedule gives " + schedule.at(c.step() - 1));
            }
            double lrSum = 0;
            // schedule.at takes the 0-based index of a step: completed step k ran with schedule.at(k - 1)
            for (int s = previous; s < c.step(); s++) lrSum += schedule.at(s);
            out.add(new CheckpointSpan(c, previous, lrSum));
            previous = c.step();
        }
        return out;
    }
}
