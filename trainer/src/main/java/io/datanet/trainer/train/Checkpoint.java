package io.datanet.trainer.train;

import java.util.Map;

/**
 * Training state after {@code step} completed optimizer steps: everything a resumed run needs to continue
 * bit-identically. All randomness after initialisation is counter-based on (seed, step, micro-batch), so the
 * RNG state is {@code rngState} = the seed plus the step; it is recorded explicitly for audit.
 *
 * @param fingerprint SHA-256 of the config and the training data; a store never resumes another job's state
 * @param lr          learning rate used at the last completed step (attribution checks it against the schedule)
 * @param adamM       first moments by adapter tensor name; {@code adamV} second moments
 */
public record Checkpoint(int step, String fingerprint, long rngState, float lr, double trainLoss,
                         Map<String, float[]> adapter, Map<String, float[]> adamM, Map<String, float[]> adamV,
                         long adamStep) {
}
