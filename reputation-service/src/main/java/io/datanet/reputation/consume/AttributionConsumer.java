package io.datanet.reputation.consume;

import io.datanet.reputation.apply.ReputationUpdates;
import io.datanet.events.AttributionComputed;
import io.datanet.events.Topics;
import io.datanet.platform.inbox.ProcessedEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Training attribution into reputation; each event id, and each job, counted once. */
@ApplicationScoped
public class AttributionConsumer {

    static final String CONSUMER = "reputation-service.attribution";

    @Inject
    ProcessedEvents processed;
    @Inject
    ReputationUpdates updates;

    @Incoming(Topics.ATTRIBUTION_COMPUTED)
    public Uni<Void> onAttribution(Message<List<String>> batch) {
        return processed.applyEachOnce(CONSUMER, batch, AttributionComputed.class, updates::onAttribution);
    }
}
