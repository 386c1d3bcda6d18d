package io.datanet.upload.quota;

import io.datanet.events.Tier;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The upload limits of a contributor at a tier, and which one a new upload would break. Pure logic: the caller
 * supplies the usage it read under the contributor's and datanet's locks.
 */
public final class QuotaPolicy {

    /** Daily limits and the pending limit scale with reputation; the per-file size limit never does. */
    public static double multiplier(Tier tier) {
        return tier.multiplier();
    }

    public record Limits(Tier tier, long maxFileBytes, int filesPerDay, long bytesPerDay, long datanetBytesPerDay,
                         long datanetBytesPerContributorPerDay, int maxPending) {
    }

    /**
     * What counts against the limits today. The contributor's own files and bytes count every upload; the datanet's
     * bytes, and the contributor's part of them, count only uploads not REJECTED, so files that validation turned
     * down cannot fill a datanet for the others.
     */
    public record Usage(int filesToday, long bytesToday, long datanetBytesToday, long myDatanetBytesToday, int pending) {
    }

    /** A limit the upload would exceed: its name for clients and seconds until retrying can succeed. */
    public record Violation(String limit, String detail, long limitValue, long retryAfterSeconds) {
    }

    private QuotaPolicy() {
    }

    public static Limits limits(QuotaConfig config, Tier tier) {
        double m = multiplier(tier);
        long share = Math.max((long) Math.floor(config.datanetBytesPerDay() * config.datanetSharePerContributor()),
                Math.min(config.maxFileBytes(), config.datanetBytesPerDay()));
        return new Limits(tier, config.maxFileBytes(), Math.max(1, (int) Math.floor(config.filesPerDay() * m)),
                Math.max(1, (long) Math.floor(config.bytesPerDay() * m)), config.datanetBytesPerDay(), share,
                Math.max(1, (int) Math.floor(config.maxPending() * m)));
    }

    public static Optional<Violation> check(Limits limits, Usage usage, long fileBytes, Instant now) {
        long untilMidnight = secondsUntilNextUtcDay(now);
        if (usage.filesToday() + 1 > limits.filesPerDay()) {
            return Optional.of(new Violation("files-per-day", "at most " + limits.filesPerDay()
                    + " uploads per contributor per UTC day", limits.filesPerDay(), untilMidnight));
        }
        if (usage.bytesToday() + fileBytes > limits.bytesPerDay()) {
            return Optional.of(new Violation("bytes-per-day", "at most " + limits.bytesPerDay()
                    + " bytes per contributor per UTC day", limits.bytesPerDay(), untilMidnight));
        }
        if (usage.myDatanetBytesToday() + fileBytes > limits.datanetBytesPerContributorPerDay()) {
            return Optional.of(new Violation("datanet-bytes-per-contributor-per-day", "one contributor may fill at most "
                    + limits.datanetBytesPerContributorPerDay() + " of this datanet's " + limits.datanetBytesPerDay()
                    + " bytes per UTC day, so that no one can close it for the others; you have "
                    + usage.myDatanetBytesToday() + " bytes in it today (files rejected by validation do not count)",
                    limits.datanetBytesPerContributorPerDay(), untilMidnight));
        }
        if (usage.datanetBytesToday() + fileBytes > limits.datanetBytesPerDay()) {
            return Optional.of(new Violation("datanet-bytes-per-day", "the datanet takes at most "
                    + limits.datanetBytesPerDay() + " bytes per UTC day from all contributors together and has "
                    + Math.max(0, limits.datanetBytesPerDay() - usage.datanetBytesToday()) + " left today (files "
                    + "rejected by validation do not count; each contributor may fill at most "
                    + limits.datanetBytesPerContributorPerDay() + ")", limits.datanetBytesPerDay(), untilMidnight));
        }
        if (usage.pending() + 1 > limits.maxPending()) {
            // Validation usually settles an upload within seconds to minutes.
            return Optional.of(new Violation("pending-uploads", "at most " + limits.maxPending()
                    + " uploads waiting for validation", limits.maxPending(), 60));
        }
        return Optional.empty();
    }

    public static LocalDate utcDay(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate();
    }

    public static long secondsUntilNextUtcDay(Instant now) {
        Instant midnight = utcDay(now).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Math.max(1, Duration.between(now, midnight).toSeconds());
    }
}
