package io.datanet.events;

import java.time.Instant;
import java.util.List;

/**
 * @param fileTypes           accepted file extensions without the dot, e.g. {@code jsonl}, {@code csv}
 * @param acceptanceThreshold share of records that must pass validation for an upload to be accepted, in [0,1]
 */
public record DatanetDefined(String datanetId, String name, String description, String ownerId, List<String> tags,
                             List<String> fileTypes, ReviewMode reviewMode, double acceptanceThreshold,
                             Instant definedAt) {
    public DatanetDefined {
        Require.text(datanetId, "datanetId");
        Require.text(ownerId, "ownerId");
        Require.present(reviewMode, "reviewMode");
        tags = tags == null ? List.of() : List.copyOf(tags);
        fileTypes = fileTypes == null ? List.of() : List.copyOf(fileTypes);
    }
}
