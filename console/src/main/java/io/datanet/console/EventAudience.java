package io.datanet.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.function.Function;

/**
 * Who may see an event on the live stream. The services' APIs are the rule book: an upload's progress is its
 * contributor's, its datanet owner's (who reviews it) and validators' and operators'; definitions, the leaderboard,
 * training jobs and attribution are readable by anyone signed in, so their events are too.
 */
final class EventAudience {

    static final Set<String> UPLOAD_EVENTS = Set.of("io.datanet.upload.received.v1",
            "io.datanet.upload.reviewed.v1", "io.datanet.upload.validated.v1");

    private EventAudience() {
    }

    /**
     * @param ownerOf the owner of a datanet by id, from the datanet definitions seen so far (null if unknown)
     */
    static boolean visible(Viewer viewer, String type, JsonNode data, Function<String, String> ownerOf) {
        if (!UPLOAD_EVENTS.contains(type)) {
            return true;
        }
        if (viewer.seesAllUploads() || viewer.subject().equals(data.path("contributorId").asText(null))) {
            return true;
        }
        String datanetId = data.path("datanetId").asText(null);
        return datanetId != null && viewer.subject().equals(ownerOf.apply(datanetId));
    }
}
