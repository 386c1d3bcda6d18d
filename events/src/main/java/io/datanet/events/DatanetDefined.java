package io.datanet.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * @param fileTypes           accepted file extensions without the dot, e.g. {@code jsonl}, {@code csv}
 * @param acceptanceThreshold share of records that must pass validation for an upload to be accepted, in [0,1]
 * @param validationThresholds the datanet's own values of validation's record thresholds, by name (e.g.
 *                            {@code minWords}); the ones not named take validation-service's configuration
 */
public record DatanetDefined(String datanetId, String name, String description, String ownerId, List<String> tags,
                             List<String> fileTypes, ReviewMode reviewMode, double acceptanceThreshold,
                             Instant definedAt, Map<String, Double> validationThresholds) {
    public DatanetDefined {
        Require.text(datanetId, "datanetId");
        Require.text(ownerId, "ownerId");
        Require.present(reviewMode, "reviewMode");
        tags = tags == null ? List.of() : List.copyOf(tags);
        fileTypes = fileTypes == null ? List.of() : List.copyOf(fileTypes);
        validationThresholds = validationThresholds == null ? Map.of() : Map.copyOf(validationThresholds);
    }
}
