package io.datanet.reputation.consume;

import io.datanet.reputation.apply.ReputationUpdates;
import io.datanet.events.Topics;
import io.datanet.events.UploadWithdrawn;
import io.datanet.platform.inbox.ProcessedEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Withdrawals and erasures into reputation; each event id counted once, and each upload withdrawn once. */
@ApplicationScoped
public class WithdrawalConsumer {

    static final String CONSUMER = "reputation-service.withdrawals";

    @Inject
    ProcessedEvents processed;
    @Inject
    ReputationUpdates updates;

    @Incoming(Topics.UPLOADS_WITHDRAWN)
    public Uni<Void> onWithdrawal(Message<List<String>> batch) {
        return processed.applyEachOnce(CONSUMER, batch, UploadWithdrawn.class, updates::onWithdrawal);
    }
}
