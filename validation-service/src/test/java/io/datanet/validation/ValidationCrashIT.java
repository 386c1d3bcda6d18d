package io.datanet.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datanet.events.CloudEvent;
import io.datanet.events.CloudEventHeaders;
import io.datanet.events.EventJson;
import io.datanet.events.Topics;
import io.datanet.events.UploadReceived;
import io.datanet.events.UploadValidated;
import io.datanet.events.UploadWithdrawn;
import io.datanet.platform.blob.LocalBlobStore;
import io.datanet.platform.blob.StoredBlob;
import io.datanet.platform.testing.IsolatedEnvironment;
import io.datanet.platform.testing.ServiceProcess;
import io.datanet.platform.testing.TestEvents;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL in the middle of a batch of uploads, some of which are withdrawn meanwhile (on a topic of their own, so a
 * withdrawal may be read before or after its upload is judged): after a restart every upload still in has exactly one
 * automatic verdict (one event id for version 1), none is lost, and no withdrawn upload has a record left in the
 * duplicate index or more than one verdict.
 */
class ValidationCrashIT {

    @Test
    void killedMidBatchEveryUploadGetsExactlyOneVerdict() throws Exception {
        try (IsolatedEnvironment environment = IsolatedEnvironment.create()) {
            LocalBlobStore blobs = new LocalBlobStore(Path.of(environment.config().get("datanet.blob.dir")));
            int uploads = 60;
            Set<String> withdrawn = new HashSet<>();
            for (int i = 0; i < uploads; i++) {
                String text = "{\"text\":\"Upload number " + i + " explains how to braise vegetable number " + i
                        + " slowly in a covered pot with stock and herbs until tender.\"}\n";
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                StoredBlob blob = blobs.put(new ByteArrayInputStream(bytes), bytes.length);
                String id = "u-" + i;
                TestEvents.publish(environment.topic(Topics.UPLOADS_RECEIVED), CloudEvent.of("/test", id,
                        new UploadReceived(id, "d-crash", "c-" + (i % 7), "f.jsonl", "application/jsonl", bytes.length,
                                blob.sha256(), blob.address(), Instant.now(), null, null, null)));
                if (i % 6 == 1) {
                    withdrawn.add(id);
                    TestEvents.publish(environment.topic(Topics.UPLOADS_WITHDRAWN), CloudEvent.of("/test", id,
                            new UploadWithdrawn(id, "d-crash", "c-" + (i % 7), "c-" + (i % 7),
                                    UploadWithdrawn.Reason.WITHDRAWN, Instant.now())));
                }
            }
            try (ServiceProcess service = ServiceProcess.start("validation-service", environment.config())) {
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                        TestEvents.readAll(environment.topic(Topics.UPLOADS_VALIDATED)).size() >= 5);
                service.kill();  // mid-batch: some verdicts out, the rest not yet
                int before = TestEvents.readAll(environment.topic(Topics.UPLOADS_VALIDATED)).size();
                service.restart();
                Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> stillIn(verdicts(environment), withdrawn)
                        == uploads - withdrawn.size() && count(environment, "SELECT count(*) FROM withdrawn_upload")
                        == withdrawn.size());
                Thread.sleep(2000);
                Map<String, Set<String>> verdicts = verdicts(environment);
                assertEquals(uploads - withdrawn.size(), stillIn(verdicts, withdrawn),
                        "every upload still in has a verdict (" + before + " before the kill)");
                verdicts.forEach((upload, ids) -> assertEquals(1, ids.size(), "one automatic verdict for " + upload));
                assertEquals(0, count(environment, "SELECT count(*) FROM record_fingerprint WHERE upload_id IN ("
                        + String.join(",", withdrawn.stream().map(id -> "'" + id + "'").toList()) + ")"),
                        "no withdrawn upload's records in the duplicate index");
                assertEquals(0, count(environment, "SELECT count(*) FROM report r JOIN withdrawn_upload w "
                        + "ON w.upload_id = r.upload_id WHERE r.withdrawn_at IS NULL"), "every withdrawn report marked");
            }
        }
    }

    private static long stillIn(Map<String, Set<String>> verdicts, Set<String> withdrawn) {
        return verdicts.keySet().stream().filter(id -> !withdrawn.contains(id)).count();
    }

    private static long count(IsolatedEnvironment environment, String sql) throws Exception {
        try (java.sql.Connection db = environment.connect();
             java.sql.ResultSet rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Map<String, Set<String>> verdicts(IsolatedEnvironment environment) {
        List<ConsumerRecord<String, String>> records = TestEvents.readAll(environment.topic(Topics.UPLOADS_VALIDATED));
        Map<String, Set<String>> ids = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            UploadValidated verdict = EventJson.read(record.value(), UploadValidated.class);
            if (verdict.verdictVersion() == 1) {
                ids.computeIfAbsent(verdict.uploadId(), u -> new HashSet<>()).add(TestEvents.header(record, CloudEventHeaders.ID));
            }
        }
        return ids;
    }
}
