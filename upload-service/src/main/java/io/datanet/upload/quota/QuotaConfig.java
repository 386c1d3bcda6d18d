package io.datanet.upload.quota;

import io.smallrye.config.ConfigMapping;

/** The upload limits (application.properties {@code datanet.quota.*}). */
@ConfigMapping(prefix = "datanet.quota")
public interface QuotaConfig {
    long maxFileBytes();

    int filesPerDay();

    long bytesPerDay();

    long datanetBytesPerDay();

    int maxPending();
}
