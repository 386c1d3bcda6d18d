package io.datanet.upload.api;

import io.datanet.upload.datanet.Datanet;
import io.datanet.events.ReviewMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * @param version    1 as created, one more for each change; also the datanet's {@code ETag}, which {@code If-Match}
 *                   names to make a change conditional
 * @param definedAt  when the current version was made
 * @param archivedAt when it was archived (it takes no more uploads), null while open
 * @param license    the licence its data is offered under, a Hugging Face identifier ({@code unknown} if not named)
 */
public record DatanetView(String id, String name, String description, String ownerId, List<String> tags,
                          List<String> fileTypes, ReviewMode reviewMode, double acceptanceThreshold,
                          Map<String, Double> validation, Instant createdAt, int version, Instant definedAt,
                          Instant archivedAt, String license) {

    static DatanetView of(Datanet d) {
        return new DatanetView(d.id, d.name, d.description, d.ownerId, d.tags, d.fileTypes, d.reviewMode,
                d.acceptanceThreshold, d.validationThresholds(), d.createdAt, d.version, d.definedAt, d.archivedAt, d.license);
    }
}
