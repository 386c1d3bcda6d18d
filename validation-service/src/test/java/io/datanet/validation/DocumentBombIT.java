package io.datanet.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.CloudEvent;
import io.datanet.events.EventJson;
import io.datanet.events.Topics;
import io.datanet.events.UploadReceived;
import io.datanet.events.UploadValidated;
import io.datanet.platform.blob.LocalBlobStore;
import io.datanet.platform.blob.StoredBlob;
import io.datanet.platform.testing.IsolatedEnvironment;
import io.datanet.platform.testing.ServiceProcess;
import io.datanet.platform.testing.TestEvents;
import io.datanet.validation.records.DocumentBombs;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Document bombs (and a record that once made a check backtrack for hours) against validation-service as production
 * runs it: its own JVM with a 512 MB heap. Each is rejected with its reason and the process never dies, and the upload
 * queued behind them on the same partition is judged.
 * Then a kill in the middle of judging one, twice: the third start rejects it unopened instead of judging it (and,
 * were it a bomb, dying) forever.
 */
class DocumentBombIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long MIB = 1024 * 1024;
    private static final List<String> PRODUCTION_HEAP = List.of("-Xmx512m");
    private static final String CLEAN = "{\"text\":\"To make a clear stock, cover the bones with cold water and bring it"
            + " slowly to a simmer, skimming the foam as it rises.\"}\n";

    @Test
    void bombsAreRejectedWithReasonsAndTheServiceNeverDies() throws Exception {
        try (IsolatedEnvironment environment = IsolatedEnvironment.create()) {
            Map<String, String> uploads = new LinkedHashMap<>();   // upload id -> the reason it must be rejected for
            String contributor = "bomber-" + UUID.randomUUID();    // one key: every upload on one partition, in order
            uploads.put(publish(environment, contributor, "text-bomb.pdf", DocumentBombs.pdfTextBomb(20 * MIB)),
                    "structure.document-too-large");
            uploads.put(publish(environment, contributor, "glyphs.pdf", DocumentBombs.pdfTextBomb(12 * MIB)),
                    "structure.document-too-large");
            uploads.put(publish(environment, contributor, "stream-bomb.pdf", DocumentBombs.pdfTextBomb(512 * MIB)),
                    "structure.document-too-large");
            uploads.put(publish(environment, contributor, "pages.pdf", DocumentBombs.pdfSharedContent(30_000, 2_000)),
                    "structure.document-too-large");
            uploads.put(publish(environment, contributor, "xml-bomb.docx", DocumentBombs.docxBomb(95 * MIB)),
                    "structure.document-too-large");
            uploads.put(publish(environment, contributor, "wide.csv",
                    ("text" + ",".repeat(1_000_000) + "\n").getBytes(StandardCharsets.UTF_8)), "structure.csv-too-wide");
            // One record the e-mail pattern once took hours over: it backtracked over the letters before the '@'
            // from every start (PiiDetector).
            uploads.put(publish(environment, contributor, "backtracking.jsonl",
                    ("{\"text\":\"" + "a".repeat(512 * 1024) + "@" + "b".repeat(512 * 1024) + "\"}\n")
                            .getBytes(StandardCharsets.UTF_8)), "length.too-long");
            String clean = publish(environment, contributor, "clean.jsonl", CLEAN.getBytes(StandardCharsets.UTF_8));

            try (ServiceProcess service = ServiceProcess.start("validation-service",
                    Path.of("target", "quarkus-app", "quarkus-run.jar"), environment.config(), PRODUCTION_HEAP)) {
                Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> !service.alive() || verdicts(environment).containsKey(clean));
                assertTrue(service.alive(), "validation-service died judging a bomb; see " + service.log());
                Map<String, UploadValidated> verdicts = verdicts(environment);
                uploads.forEach((upload, reason) -> {
                    UploadValidated verdict = verdicts.get(upload);
                    assertEquals("REJECTED", verdict.verdict().name(), upload);
                    assertTrue(verdict.reasonCounts().containsKey(reason), upload + ": " + verdict.reasonCounts());
                });
                assertEquals("ACCEPTED", verdicts.get(clean).verdict().name(), "the upload behind the bombs");
                assertTrue(service.ready(), "still ready");
            }
        }
    }

    @Test
    void killedTwiceWhileJudgingAnUploadTheThirdStartRejectsItUnopened() throws Exception {
        try (IsolatedEnvironment environment = IsolatedEnvironment.create()) {
            Map<String, String> config = new HashMap<>(environment.config());
            config.put("datanet.validation.judging.max-attempts", "2");
            config.put("datanet.validation.judging.stuck-after", "PT3S");
            // Limits lifted so that this document takes minutes to extract: a stand-in for any file that kills or
            // hangs the service while it is judged.
            config.put("datanet.validation.judging.documents.max-pages", "100000");
            config.put("datanet.validation.judging.documents.max-decoded-mib", "100000");
            config.put("datanet.validation.judging.documents.max-chars", "1000000000");
            config.put("datanet.validation.judging.documents.time-budget", "PT30M");
            String contributor = "slow-" + UUID.randomUUID();
            String slow = publish(environment, contributor, "slow.pdf", DocumentBombs.pdfSharedContent(30_000, 2_000));
            String clean = publish(environment, contributor, "clean.jsonl", CLEAN.getBytes(StandardCharsets.UTF_8));

            try (ServiceProcess service = ServiceProcess.start("validation-service",
                    Path.of("target", "quarkus-app", "quarkus-run.jar"), config, PRODUCTION_HEAP)) {
                for (int kill = 1; kill <= 2; kill++) {
                    int started = kill;
                    Awaitility.await().atMost(Duration.ofSeconds(90))
                            .until(() -> attempts(environment.config(), slow) == started);
                    // Judged for longer than stuck-after: not live, which on Kubernetes restarts it.
                    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> liveStatus(service) == 503);
                    assertTrue(verdicts(environment).isEmpty(), "no verdict yet: it is still being judged");
                    service.kill();
                    service.restart();
                }
                Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> verdicts(environment).containsKey(clean));
                UploadValidated verdict = verdicts(environment).get(slow);
                assertEquals("REJECTED", verdict.verdict().name());
                assertEquals(Map.of("structure.unjudgeable", 1), verdict.reasonCounts(), "the file's reason alone");
                assertEquals("ACCEPTED", verdicts(environment).get(clean).verdict().name(), "the upload behind it");
                assertEquals(-1, attempts(environment.config(), slow), "the attempts go with the verdict");
                assertEquals(200, liveStatus(service), "live again once nothing is stuck");
            }
        }
    }

    private static int liveStatus(ServiceProcess service) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + "/q/health/live")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String publish(IsolatedEnvironment environment, String contributor, String fileName, byte[] content)
            throws Exception {
        LocalBlobStore blobs = new LocalBlobStore(Path.of(environment.config().get("datanet.blob.dir")));
        StoredBlob blob = blobs.put(new ByteArrayInputStream(content), content.length);
        String id = "u-" + UUID.randomUUID();
        TestEvents.publish(environment.topic(Topics.UPLOADS_RECEIVED), CloudEvent.of("/test", id,
                new UploadReceived(id, "d-bombs", contributor, fileName, "application/octet-stream", content.length,
                        blob.sha256(), blob.address(), Instant.now(), null, null, null)));
        return id;
    }

    /** The newest verdict of each upload so far. */
    private static Map<String, UploadValidated> verdicts(IsolatedEnvironment environment) {
        Map<String, UploadValidated> verdicts = new HashMap<>();
        for (ConsumerRecord<String, String> record : TestEvents.readAll(environment.topic(Topics.UPLOADS_VALIDATED))) {
            UploadValidated verdict = EventJson.read(record.value(), UploadValidated.class);
            verdicts.put(verdict.uploadId(), verdict);
        }
        return verdicts;
    }

    /** The judging attempts counted for an upload, -1 when there is no row (none yet, or its verdict committed). */
    private static int attempts(Map<String, String> config, String upload) throws Exception {
        try (Connection db = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
             var query = db.prepareStatement("SELECT attempts FROM judging_attempt WHERE upload_id = ?")) {
            query.setString(1, upload);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getInt(1) : -1;
            }
        } catch (java.sql.SQLException e) {
            return -1;   // the service has not migrated its schema yet
        }
    }
}
