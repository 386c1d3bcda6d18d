package io.datanet.reputation;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** application.properties {@code datanet.reputation.*}. */
@ConfigMapping(prefix = "datanet.reputation")
public interface ReputationConfig {
    /** Half-life of the exponential decay of evidence (verdicts and attribution), by event time. */
    Duration halfLife();

    /** Decayed attribution credit at which the attribution part of the score reaches 1 − 1/e. */
    double attributionScale();

    /** How often tiers are re-derived for decay alone. */
    Duration tierSweepInterval();
}
