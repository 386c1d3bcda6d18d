package io.datanet.upload.api;

import io.datanet.events.ReviewDecision;

/** Body of {@code POST /api/uploads/{id}/review}: the datanet owner's decision. */
public record ReviewRequest(ReviewDecision decision, String comment) {
}
