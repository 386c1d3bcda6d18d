package io.datanet.upload.quota;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The upload limits (application.properties {@code datanet.quota.*}). */
@ConfigMapping(prefix = "datanet.quota")
public interface QuotaConfig {
    long maxFileBytes();

    int filesPerDay();

    long bytesPerDay();

    long datanetBytesPerDay();

    /**
     * The part of a datanet's daily bytes one contributor may fill (0..1], so that no one can close a datanet for
     * everyone else for the day; never less than one file of the largest size.
     */
    @WithDefault("0.5")
    double datanetSharePerContributor();

    int maxPending();
}
