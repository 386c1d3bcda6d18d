package io.datanet.training.limits;

import io.datanet.events.Hyperparameters;

/**
 * What a job asks of the worker, estimated when it is queued from what it asks for: the snapshot's records, the
 * epochs and the adapter's size. The unit is one record through one training pass of the frozen base model
 * (forward and input gradients); training-service/README.md, "Limits", derives the constants.
 */
public final class ComputeCost {

    /**
     * Rank units on one target module that add as much work per token as the frozen base model does. On the built-in
     * {@code sotu-byte-4x192} a token costs about 8.45 MFLOP in the base (BENCHMARKS.md: 9.26 GFLOP per 1,024-token
     * step at r 8 on all three modules, less the adapters' share) and each rank unit on a module about 24.6 kFLOP
     * (six products of 2 x (d_in + d_out), averaged over c_attn, c_proj, c_fc, times four layers): a ratio of 344.
     */
    static final double RANK_MODULES_PER_BASE = 344;

    private ComputeCost() {
    }

    /**
     * {@code ceil(records x (epochs + 1) x (1 + rank x targetModules / 344) x modelScale)}: an epoch is a pass over
     * every record; the extra pass stands for the evaluation of the base and the adapted model and the attribution
     * afterwards. {@code modelScale} is the base model's parameters over the built-in model's
     * ({@link io.datanet.training.basemodel.BaseModel#computeScale()}): work per token grows with them.
     */
    public static long of(long records, Hyperparameters hyperparameters, double modelScale) {
        double adapter = 1 + (double) hyperparameters.rank() * hyperparameters.targetModules().size()
                / RANK_MODULES_PER_BASE;
        return (long) Math.ceil(records * (hyperparameters.epochs() + 1.0) * adapter * modelScale);
    }
}
