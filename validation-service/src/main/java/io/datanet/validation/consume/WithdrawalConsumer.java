package io.datanet.validation.consume;

import io.datanet.events.Topics;
import io.datanet.events.UploadWithdrawn;
import io.datanet.platform.db.Database;
import io.datanet.platform.db.Sql;
import io.datanet.platform.inbox.IncomingEvents;
import io.datanet.validation.dedup.DuplicateIndex;
import io.datanet.platform.db.TransientFailures;
import io.datanet.platform.tracing.ConsumerSpans;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes a withdrawn or erased upload out of validation: its records leave the duplicate index, so no later upload is
 * judged a copy of them, and its report is marked withdrawn (no review changes it any more). An upload withdrawn
 * before it was judged is remembered, and never judged ({@link UploadValidator} looks, under the same lock). Erasure
 * also forgets the contributor's text kept to measure new information in the datanet. Idempotent by content: the
 * first delivery does it all, a later one finds the upload remembered and does nothing.
 */
@ApplicationScoped
public class WithdrawalConsumer {

    @Inject
    ConsumerSpans spans;
    @Inject
    TransientFailures transientFailures;

    private static final Logger LOG = Logger.getLogger(WithdrawalConsumer.class);

    @Inject
    Database database;
    @Inject
    DuplicateIndex index;

    @Incoming(Topics.UPLOADS_WITHDRAWN)
    public Uni<Void> onWithdrawal(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record) {
        return spans.consuming("validation-service.withdrawals", record, () -> withdraw(record));
    }

    private Uni<Void> withdraw(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record) {
        return Uni.createFrom().item(() -> IncomingEvents.decode(record, UploadWithdrawn.class).data())
                .chain(w -> transientFailures.retried("validation-service.withdrawals", () -> database.inTransaction(sql -> index.lockForChange(sql, w.datanetId())
                        .chain(() -> sql.update("INSERT INTO withdrawn_upload (upload_id, datanet_id, contributor_id, "
                                        + "reason, withdrawn_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
                                w.uploadId(), w.datanetId(), w.contributorId(), w.reason(), w.withdrawnAt()))
                        .chain(inserted -> inserted == 0 ? Uni.createFrom().voidItem() : takeOut(sql, w)))));
    }

    private Uni<Void> takeOut(Sql sql, UploadWithdrawn w) {
        return index.remove(sql, w.datanetId(), w.uploadId())
                .chain(fingerprints -> sql.update("DELETE FROM copy_evidence WHERE copier_upload_id = ?1", w.uploadId())
                        .chain(() -> sql.update("UPDATE report SET withdrawn_at = ?2 WHERE upload_id = ?1",
                                w.uploadId(), w.withdrawnAt()))
                        .chain(() -> w.reason() != UploadWithdrawn.Reason.ERASED ? Uni.createFrom().item(0)
                                : sql.update("DELETE FROM prior_text WHERE datanet_id = ?1 AND contributor_id = ?2",
                                        w.datanetId(), w.contributorId()))
                        .invoke(() -> LOG.infof("upload %s %s: %d records out of the duplicate index", w.uploadId(),
                                w.reason() == UploadWithdrawn.Reason.ERASED ? "erased" : "withdrawn", fingerprints)))
                .replaceWithVoid();
    }
}
