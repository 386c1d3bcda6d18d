package io.datanet.upload.datanet;

import io.datanet.events.ReviewMode;
import java.time.Instant;
import java.util.List;

public record DatanetView(String id, String name, String description, String ownerId, List<String> tags,
                          List<String> fileTypes, ReviewMode reviewMode, double acceptanceThreshold,
                          Instant createdAt) {

    static DatanetView of(Datanet d) {
        return new DatanetView(d.id, d.name, d.description, d.ownerId, d.tags, d.fileTypes, d.reviewMode,
                d.acceptanceThreshold, d.createdAt);
    }
}
