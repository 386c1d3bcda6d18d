package io.datanet.upload.datanet;

import io.datanet.events.ReviewMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

public record DatanetView(String id, String name, String description, String ownerId, List<String> tags,
                          List<String> fileTypes, ReviewMode reviewMode, double acceptanceThreshold,
                          Map<String, Double> validation, Instant createdAt) {

    static DatanetView of(Datanet d) {
        return new DatanetView(d.id, d.name, d.description, d.ownerId, d.tags, d.fileTypes, d.reviewMode,
                d.acceptanceThreshold, d.validationThresholds(), d.createdAt);
    }
}
