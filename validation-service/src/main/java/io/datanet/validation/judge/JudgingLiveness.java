package io.datanet.validation.judge;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Not live while an upload has been judged for longer than {@code datanet.validation.judging.stuck-after}: extraction
 * keeps to its time budget wherever it can look at the clock, and this catches what cannot (a library spinning where
 * no check runs). The orchestrator then restarts the service, and {@link JudgingAttempts} rejects the upload after
 * its last attempt, so a hang ends the same way a crash does instead of stalling its partition for good.
 */
@Liveness
@ApplicationScoped
public class JudgingLiveness implements HealthCheck {

    private final Map<String, Instant> inFlight = new ConcurrentHashMap<>();
    private final Duration stuckAfter;

    JudgingLiveness(JudgingSettings settings) {
        this.stuckAfter = settings.stuckAfter();
    }

    void started(String uploadId) {
        inFlight.put(uploadId, Instant.now());
    }

    void ended(String uploadId) {
        inFlight.remove(uploadId);
    }

    @Override
    public HealthCheckResponse call() {
        Instant now = Instant.now();
        Duration longest = inFlight.values().stream().map(start -> Duration.between(start, now))
                .max(Duration::compareTo).orElse(Duration.ZERO);
        return HealthCheckResponse.named("judging")
                .status(longest.compareTo(stuckAfter) <= 0)
                .withData("inFlight", inFlight.size())
                .withData("longestSeconds", longest.toSeconds())
                .build();
    }
}
