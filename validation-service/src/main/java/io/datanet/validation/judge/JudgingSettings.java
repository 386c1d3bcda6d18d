package io.datanet.validation.judge;

import io.datanet.validation.records.DocumentLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** How uploads are judged beyond the record thresholds ({@code datanet.validation.judging.*}). */
@ConfigMapping(prefix = "datanet.validation.judging")
public interface JudgingSettings {

    /** Starts of judging one upload (each ended by the service dying) after which it is rejected unopened. */
    @WithDefault("3")
    int maxAttempts();

    /**
     * Judging one upload for longer than this makes the service not live (JudgingLiveness): ten times the document
     * time budget, far past any honest file.
     */
    @WithDefault("PT5M")
    Duration stuckAfter();

    Documents documents();

    /**
     * Operators' overrides of {@link DocumentLimits} ({@code datanet.validation.judging.documents.*}); each one left
     * unset keeps its default, which lives in {@link DocumentLimits#DEFAULTS} alone.
     */
    interface Documents {

        long MIB = 1024 * 1024;

        OptionalInt maxPages();

        OptionalLong maxStreamMib();

        OptionalLong maxDecodedMib();

        OptionalInt maxChars();

        OptionalInt maxPageChars();

        OptionalLong maxXmlMib();

        Optional<Duration> timeBudget();

        default DocumentLimits limits() {
            DocumentLimits d = DocumentLimits.DEFAULTS;
            return new DocumentLimits(maxPages().orElse(d.maxPages()),
                    maxStreamMib().orElse(d.maxStreamBytes() / MIB) * MIB,
                    maxDecodedMib().orElse(d.maxDecodedBytes() / MIB) * MIB,
                    maxChars().orElse(d.maxChars()),
                    maxPageChars().orElse(d.maxPageChars()),
                    maxXmlMib().orElse(d.maxXmlBytes() / MIB) * MIB,
                    timeBudget().orElse(d.timeBudget()));
        }
    }
}
