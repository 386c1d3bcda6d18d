package io.datanet.training.dataset;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datanet.events.CloudEvent;
import io.datanet.events.DatanetDefined;
import io.datanet.events.ReviewMode;
import io.datanet.events.Topics;
import io.datanet.events.UploadValidated;
import io.datanet.events.UploadWithdrawn;
import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.blob.StoredBlob;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.platform.testing.DatanetTestResource;
import io.datanet.platform.testing.TestEvents;
import io.datanet.platform.testing.TestTokens;
import io.datanet.training.WithoutWorker;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Withdrawn and erased uploads leave their datanet's dataset for good (issue 17): no later snapshot holds them,
 * whether the withdrawal is read after the verdict or before it, and however often it is delivered; a snapshot made
 * before keeps what it held.
 */
@QuarkusTest
@TestProfile(WithoutWorker.class)
@WithTestResource(DatanetTestResource.class)
class WithdrawalTest {

    @Inject
    TopicNames topics;
    @Inject
    Pool database;
    @Inject
    BlobStore blobs;

    @Test
    void aWithdrawnUploadLeavesEveryLaterSnapshotAndAnEarlierOneKeepsIt() throws Exception {
        String owner = "owner-" + UUID.randomUUID();
        String datanet = datanet(owner);
        String kept = accepted(datanet, "ann", 5);
        String withdrawn = accepted(datanet, "bo", 7);
        await().atMost(Duration.ofSeconds(30)).until(() -> active(datanet) == 2 && known(datanet));
        String token = TestTokens.contributor(owner);
        String exports = "/api/datanets/" + datanet + "/exports";
        String before = given().auth().oauth2(token).post(exports).then().statusCode(201).extract().path("snapshotDigest");

        withdraw(datanet, withdrawn, "bo", UploadWithdrawn.Reason.WITHDRAWN);
        withdraw(datanet, withdrawn, "bo", UploadWithdrawn.Reason.WITHDRAWN); // delivered twice
        await().atMost(Duration.ofSeconds(30)).until(() -> active(datanet) == 1);

        given().auth().oauth2(token).post(exports).then().statusCode(201)
                .body("records", org.hamcrest.Matchers.equalTo(5))
                .body("files[1].records", org.hamcrest.Matchers.equalTo(5));
        // The earlier snapshot is what it was: an export of it still holds the withdrawn upload's records.
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"snapshotDigest\":\"" + before + "\"}")
                .post(exports).then().statusCode(201).body("records", org.hamcrest.Matchers.equalTo(12));
        assertEquals(List.of(kept), activeUploads(datanet));
    }

    @Test
    void aWithdrawalReadBeforeItsVerdictKeepsTheUploadOut() throws Exception {
        String datanet = datanet("owner-" + UUID.randomUUID());
        String upload = "u-" + UUID.randomUUID();
        withdraw(datanet, upload, "cy", UploadWithdrawn.Reason.ERASED);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(upload) == 1);
        publishAccepted(datanet, upload, "cy", 4, 1);
        publishAccepted(datanet, upload, "cy", 4, 2); // a later verdict version too
        await().atMost(Duration.ofSeconds(30)).until(() -> verdictVersion(upload) == 2);
        assertEquals(0, active(datanet), "withdrawn before its verdict: never part of the dataset");
    }

    private String datanet(String owner) {
        String id = "d-" + UUID.randomUUID();
        TestEvents.publish(topics.physical(Topics.DATANETS_DEFINED), CloudEvent.of("/test", id, new DatanetDefined(id,
                "Soups", "", owner, List.of(), List.of("jsonl"), ReviewMode.AUTO, 0.8, Instant.now(), null)));
        return id;
    }

    private String accepted(String datanet, String contributor, int records) throws Exception {
        String upload = "u-" + UUID.randomUUID();
        publishAccepted(datanet, upload, contributor, records, 1);
        return upload;
    }

    private void publishAccepted(String datanet, String upload, String contributor, int records, int version)
            throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < records; i++) {
            jsonl.append("{\"record\":").append(i + 1).append(",\"text\":\"Soup number ").append(i).append(' ')
                    .append(upload).append("\"}\n");
        }
        byte[] bytes = jsonl.toString().getBytes(StandardCharsets.UTF_8);
        StoredBlob cleaned = blobs.put(new ByteArrayInputStream(bytes), bytes.length);
        TestEvents.publish(topics.physical(Topics.UPLOADS_VALIDATED), CloudEvent.of("/test", upload,
                new UploadValidated(upload, datanet, contributor, version, Verdict.ACCEPTED, VerdictSource.VALIDATION,
                        1.0, records, records, Map.of(), cleaned.address(), cleaned.sha256(), null, null, Instant.now())));
    }

    private void withdraw(String datanet, String upload, String contributor, UploadWithdrawn.Reason reason) {
        TestEvents.publish(topics.physical(Topics.UPLOADS_WITHDRAWN), CloudEvent.of("/test", upload,
                new UploadWithdrawn(upload, datanet, contributor, contributor, reason, Instant.parse("2026-12-04T10:00:00Z"))));
    }

    private long active(String datanet) {
        return activeUploads(datanet).size();
    }

    private List<String> activeUploads(String datanet) {
        List<String> ids = new java.util.ArrayList<>();
        database.preparedQuery("SELECT upload_id FROM dataset_upload WHERE datanet_id = $1 AND active ORDER BY upload_id")
                .execute(Tuple.of(datanet)).await().indefinitely().forEach(r -> ids.add(r.getString(0)));
        return ids;
    }

    private boolean known(String datanet) {
        return database.preparedQuery("SELECT 1 FROM datanet WHERE id = $1").execute(Tuple.of(datanet))
                .await().indefinitely().size() == 1;
    }

    private long rows(String upload) {
        return database.preparedQuery("SELECT 1 FROM dataset_upload WHERE upload_id = $1").execute(Tuple.of(upload))
                .await().indefinitely().size();
    }

    private int verdictVersion(String upload) {
        var rows = database.preparedQuery("SELECT verdict_version FROM dataset_upload WHERE upload_id = $1")
                .execute(Tuple.of(upload)).await().indefinitely();
        return rows.size() == 0 ? -1 : rows.iterator().next().getInteger(0);
    }
}
