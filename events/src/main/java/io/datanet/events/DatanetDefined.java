package io.datanet.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One version of a datanet's definition. Every change (an edit, archiving) is a new version; the topic is compacted by
 * datanet, so its latest definition is the datanet's state. Uploads carry the definition they arrived under
 * ({@link UploadReceived}), so a change applies to uploads that arrive after it.
 *
 * @param fileTypes           accepted file extensions without the dot, e.g. {@code jsonl}, {@code csv}
 * @param acceptanceThreshold share of records that must pass validation for an upload to be accepted, in [0,1]
 * @param definedAt           when this version was made; later versions of one datanet are always later
 * @param validationThresholds the datanet's own values of validation's record thresholds, by name (e.g.
 *                            {@code minWords}); the ones not named take validation-service's configuration
 * @param version             1 for the datanet as created, one more for each change (1 in events from before
 *                            versions were announced)
 * @param archivedAt          when the datanet was archived (it takes no more uploads; its data and history stay),
 *                            null while it is open
 */
public record DatanetDefined(String datanetId, String name, String description, String ownerId, List<String> tags,
                             List<String> fileTypes, ReviewMode reviewMode, double acceptanceThreshold,
                             Instant definedAt, Map<String, Double> validationThresholds, Integer version,
                             Instant archivedAt, String license) {
    public static final String UNKNOWN_LICENSE = "unknown";

    public DatanetDefined {
        Require.text(datanetId, "datanetId");
        Require.text(ownerId, "ownerId");
        Require.present(reviewMode, "reviewMode");
        tags = tags == null ? List.of() : List.copyOf(tags);
        fileTypes = fileTypes == null ? List.of() : List.copyOf(fileTypes);
        validationThresholds = validationThresholds == null ? Map.of() : Map.copyOf(validationThresholds);
        version = version == null ? 1 : Math.max(1, version);
        license = license == null || license.isBlank() ? UNKNOWN_LICENSE : license;
    }

    /** A version of a definition that names no licence. */
    public DatanetDefined(String datanetId, String name, String description, String ownerId, List<String> tags,
                          List<String> fileTypes, ReviewMode reviewMode, double acceptanceThreshold, Instant definedAt,
                          Map<String, Double> validationThresholds, Integer version, Instant archivedAt) {
        this(datanetId, name, description, ownerId, tags, fileTypes, reviewMode, acceptanceThreshold, definedAt,
                validationThresholds, version, archivedAt, null);
    }

    /** A datanet's first definition, open for uploads. */
    public DatanetDefined(String datanetId, String name, String description, String ownerId, List<String> tags,
                          List<String> fileTypes, ReviewMode reviewMode, double acceptanceThreshold, Instant definedAt,
                          Map<String, Double> validationThresholds) {
        this(datanetId, name, description, ownerId, tags, fileTypes, reviewMode, acceptanceThreshold, definedAt,
                validationThresholds, 1, null, null);
    }

    public boolean archived() {
        return archivedAt != null;
    }
}
