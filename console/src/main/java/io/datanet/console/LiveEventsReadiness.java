package io.datanet.console;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the live reader has found the platform's topics: before that, pages would miss updates silently. It
 * stays ready if the broker goes away later: sign-in and the services' APIs still work, live updates resume when the
 * reader reconnects, and a Kafka outage should not take the whole web app out of its Service.
 */
@Readiness
@ApplicationScoped
public class LiveEventsReadiness implements HealthCheck {

    private final LiveEvents liveEvents;

    LiveEventsReadiness(LiveEvents liveEvents) {
        this.liveEvents = liveEvents;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("live-events")
                .status(liveEvents.everAssigned())
                .withData("streaming", liveEvents.assigned())
                .withData("viewers", liveEvents.subscriberCount())
                .build();
    }
}
