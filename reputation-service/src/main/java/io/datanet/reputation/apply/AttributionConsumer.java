package io.datanet.reputation.apply;

import io.datanet.events.AttributionComputed;
import io.datanet.events.Topics;
import io.datanet.platform.inbox.ProcessedEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Training attribution into reputation; each event id, and each job, counted once. */
@ApplicationScoped
public class AttributionConsumer {

    static final String CONSUMER = "reputation-service.attribution";

    @Inject
    ProcessedEvents processed;
    @Inject
    ReputationUpdates updates;

    @Incoming(Topics.ATTRIBUTION_COMPUTED)
    public Uni<Void> onAttribution(ConsumerRecord<String, String> record) {
        return processed.applyOnce(CONSUMER, record, AttributionComputed.class, updates::onAttribution);
    }
}
