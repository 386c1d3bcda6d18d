package io.datanet.upload.datanet;

import io.datanet.events.ReviewMode;
import io.datanet.events.ValidationThresholds;
import io.datanet.platform.api.TextInput;
import io.datanet.platform.problem.ProblemException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Body of {@code POST /api/datanets}.
 *
 * @param fileTypes           extensions without the dot; default all supported types
 * @param reviewMode          {@code auto} (default) or {@code owner}
 * @param acceptanceThreshold share of records that must pass validation, default 0.8
 * @param validation          the datanet's own record thresholds by name ({@link ValidationThresholds}), optional
 * @param license             a Hugging Face licence identifier ({@link Licenses}); default {@code unknown}
 */
public record CreateDatanetRequest(String name, String description, List<String> tags, List<String> fileTypes,
                                   ReviewMode reviewMode, Double acceptanceThreshold, Map<String, Double> validation,
                                   String license) {

    public static final Set<String> SUPPORTED_FILE_TYPES = FileTypes.MEDIA_TYPES.keySet();
    public static final double DEFAULT_ACCEPTANCE_THRESHOLD = 0.8;
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    /** Checks every field and reports all problems at once as a 422 with an {@code errors} member. */
    public CreateDatanetRequest validated() {
        Map<String, String> errors = new LinkedHashMap<>();
        if (name == null || name.isBlank()) {
            errors.put("name", "is required");
        } else if (name.length() > 100) {
            errors.put("name", "must be at most 100 characters");
        } else if (TextInput.whyNotALine(name) != null) {
            errors.put("name", TextInput.whyNotALine(name));
        }
        if (description != null && description.length() > 2000) {
            errors.put("description", "must be at most 2000 characters");
        } else if (TextInput.whyNotText(description) != null) {
            errors.put("description", TextInput.whyNotText(description));
        }
        List<String> normalisedTags = new ArrayList<>();
        if (tags != null) {
            if (tags.size() > 10) {
                errors.put("tags", "at most 10 tags");
            }
            for (String tag : tags) {
                String t = tag == null ? "" : tag.trim().toLowerCase(Locale.ROOT);
                if (!TAG.matcher(t).matches()) {
                    errors.put("tags", "tags are 1-32 characters of a-z, 0-9 and '-': " + tag);
                } else if (!normalisedTags.contains(t)) {
                    normalisedTags.add(t);
                }
            }
        }
        List<String> types = new ArrayList<>();
        if (fileTypes == null || fileTypes.isEmpty()) {
            types.addAll(new java.util.TreeSet<>(SUPPORTED_FILE_TYPES));
        } else {
            for (String type : fileTypes) {
                String t = type == null ? "" : type.trim().toLowerCase(Locale.ROOT).replaceFirst("^\\.", "");
                if (!SUPPORTED_FILE_TYPES.contains(t)) {
                    errors.put("fileTypes", "unsupported file type '" + type + "'; supported: "
                            + String.join(", ", new java.util.TreeSet<>(SUPPORTED_FILE_TYPES)));
                } else if (!types.contains(t)) {
                    types.add(t);
                }
            }
        }
        double threshold = acceptanceThreshold == null ? DEFAULT_ACCEPTANCE_THRESHOLD : acceptanceThreshold;
        if (!(threshold >= 0 && threshold <= 1)) {
            errors.put("acceptanceThreshold", "must be between 0 and 1");
        }
        Map<String, Double> thresholds = validation == null ? Map.of() : validation;
        if (thresholds.size() > ValidationThresholds.KNOWN.size()) {
            errors.put("validation", "names at most " + ValidationThresholds.KNOWN.size() + " thresholds");
        } else {
            thresholds.forEach((key, value) -> {
                String why = ValidationThresholds.whyNot(key, value);
                if (why != null) {
                    errors.put("validation." + key, why);
                }
            });
        }
        String licence = license == null || license.isBlank() ? Licenses.UNKNOWN
                : license.trim().toLowerCase(Locale.ROOT);
        if (!Licenses.KNOWN.contains(licence)) {
            errors.put("license", "unknown licence '" + license + "'; one of: " + String.join(", ", Licenses.KNOWN));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.unprocessable("the datanet definition is invalid").with("errors", errors);
        }
        return new CreateDatanetRequest(name.trim(), description == null ? "" : description.trim(), normalisedTags,
                types, reviewMode == null ? ReviewMode.AUTO : reviewMode, threshold, new java.util.TreeMap<>(thresholds),
                licence);
    }
}
