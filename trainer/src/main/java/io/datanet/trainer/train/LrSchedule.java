package io.datanet.trainer.train;

/**
 * Linear warm-up from 0 to peak over warmupSteps, then cosine decay to minLr at totalSteps:
 * lr(s) = peak·(s+1)/warmup for s &lt; warmup, else minLr + ½(peak−minLr)(1 + cos(π·(s−warmup)/(total−warmup))).
 */
public record LrSchedule(float peak, float minLr, int warmupSteps, int totalSteps) {
    public float at(int step) {
        if (step < warmupSteps) return peak * (step + 1) / warmupSteps;
        if (totalSteps <= warmupSteps) return peak;
        double progress = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
        return (float) (minLr + 0.5 * (peak - minLr) * (1 + Math.cos(Math.PI * progress)));
    }
}
