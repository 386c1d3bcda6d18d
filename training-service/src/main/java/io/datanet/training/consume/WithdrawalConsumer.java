package io.datanet.training.consume;

import io.datanet.events.Topics;
import io.datanet.events.UploadWithdrawn;
import io.datanet.platform.db.Database;
import io.datanet.platform.inbox.IncomingEvents;
import io.datanet.platform.db.TransientFailures;
import io.datanet.platform.tracing.ConsumerSpans;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Takes withdrawn and erased uploads out of their datanet's dataset, so no later snapshot holds them. One upsert on
 * the upload's row: it waits for a verdict being written to the same row at the same moment (and the verdict for
 * it), so either order ends with the row inactive. Idempotent by content: a redelivery finds it withdrawn already.
 */
@ApplicationScoped
public class WithdrawalConsumer {

    @Inject
    ConsumerSpans spans;
    @Inject
    TransientFailures transientFailures;

    @Inject
    Database database;

    @Incoming(Topics.UPLOADS_WITHDRAWN)
    public Uni<Void> onWithdrawal(ConsumerRecord<String, String> record) {
        return spans.consuming("training-service.withdrawals", record, () -> withdraw(record));
    }

    private Uni<Void> withdraw(ConsumerRecord<String, String> record) {
        return Uni.createFrom().item(() -> IncomingEvents.decode(record, UploadWithdrawn.class).data())
                .chain(w -> transientFailures.retried("training-service.withdrawals", () -> database.inTransaction(sql -> sql.update("INSERT INTO dataset_upload (upload_id, "
                                + "datanet_id, contributor_id, verdict_version, verdict, records_accepted, active, "
                                + "updated_at, withdrawn_at) VALUES (?1, ?2, ?3, 0, NULL, 0, false, ?4, ?5) "
                                + "ON CONFLICT (upload_id) DO UPDATE SET active = false, updated_at = EXCLUDED.updated_at, "
                                + "withdrawn_at = coalesce(dataset_upload.withdrawn_at, EXCLUDED.withdrawn_at)",
                        w.uploadId(), w.datanetId(), w.contributorId(), Instant.now(), w.withdrawnAt()))))
                .replaceWithVoid();
    }
}
