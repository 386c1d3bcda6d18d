package io.datanet.upload;

import static io.datanet.upload.UploadFixtures.createDatanet;
import static io.datanet.upload.UploadFixtures.jsonl;
import static io.datanet.upload.UploadFixtures.newContributor;
import static io.datanet.upload.UploadFixtures.upload;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.datanet.events.CloudEvent;
import io.datanet.events.Topics;
import io.datanet.events.UploadValidated;
import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.platform.testing.DatanetTestResource;
import io.datanet.platform.testing.TestEvents;
import io.datanet.platform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/datanets/{id}/uploads}: a datanet's uploads for its owner's review queue and for operators, newest
 * first, by status, paged; nobody else's to read.
 */
@QuarkusTest
@WithTestResource(DatanetTestResource.class)
class DatanetUploadListTest {

    @Inject
    TopicNames topics;

    @Test
    void theOwnerAndOperatorsListADatanetsUploadsNewestFirstByStatus() {
        String owner = newContributor();
        String alice = newContributor();
        String bob = newContributor();
        String datanet = createDatanet(owner, "owner");
        String elsewhere = createDatanet(owner, "owner");
        String first = uploaded(alice, datanet, "onions");
        String second = uploaded(bob, datanet, "leeks");
        String third = uploaded(alice, datanet, "garlic");
        uploaded(bob, elsewhere, "shallots");
        verdict(first, datanet, alice, Verdict.PENDING_REVIEW, "PENDING_REVIEW");
        verdict(second, datanet, bob, Verdict.REJECTED, "REJECTED");
        verdict(third, datanet, alice, Verdict.PENDING_REVIEW, "PENDING_REVIEW");
        String path = "/api/datanets/" + datanet + "/uploads";

        given().auth().oauth2(TestTokens.contributor(owner)).get(path).then().statusCode(200)
                .body("total", equalTo(3)).body("page", equalTo(0)).body("size", equalTo(20))
                .body("items.id", equalTo(List.of(third, second, first)))
                .body("items[1].contributorId", equalTo(bob)).body("items[1].status", equalTo("REJECTED"));
        // the owner's review queue; the status in any letter case, as GET /api/uploads takes it
        given().auth().oauth2(TestTokens.contributor(owner)).get(path + "?status=pending_review").then().statusCode(200)
                .body("total", equalTo(2)).body("items.id", equalTo(List.of(third, first)));
        given().auth().oauth2(TestTokens.contributor(owner)).get(path + "?status=ACCEPTED").then().statusCode(200)
                .body("total", equalTo(0)).body("items.size()", equalTo(0));
        given().auth().oauth2(TestTokens.contributor(owner)).get(path + "?size=2&page=1").then().statusCode(200)
                .body("total", equalTo(3)).body("page", equalTo(1)).body("size", equalTo(2))
                .body("items.id", equalTo(List.of(first)));
        given().auth().oauth2(TestTokens.operator("ops")).get(path + "?status=PENDING_REVIEW&size=1").then().statusCode(200)
                .body("total", equalTo(2)).body("items.id", equalTo(List.of(third)));
    }

    @Test
    void nobodyElseListsThemAndBadParametersAre400() {
        String owner = newContributor();
        String alice = newContributor();
        String datanet = createDatanet(owner, "owner");
        uploaded(alice, datanet, "carrots");
        String path = "/api/datanets/" + datanet + "/uploads";

        // Datanets are public, so refusing says nothing new: 403, not 404, for the uploader and for strangers.
        given().auth().oauth2(TestTokens.contributor(alice)).get(path).then().statusCode(403)
                .contentType("application/problem+json").body("status", equalTo(403));
        given().auth().oauth2(TestTokens.contributor(newContributor())).get(path).then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.validator(newContributor())).get(path).then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.contributor(owner)).get("/api/datanets/no-such-datanet/uploads")
                .then().statusCode(404).contentType("application/problem+json");
        given().get(path).then().statusCode(401);

        String ownerToken = TestTokens.contributor(owner);
        given().auth().oauth2(ownerToken).get(path + "?status=DELETED").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("status"));
        given().auth().oauth2(ownerToken).get(path + "?size=0").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("size"));
        given().auth().oauth2(ownerToken).get(path + "?size=101").then().statusCode(400)
                .body("parameter", equalTo("size"));
        given().auth().oauth2(ownerToken).get(path + "?page=-1").then().statusCode(400)
                .body("parameter", equalTo("page"));
        given().auth().oauth2(ownerToken).get(path + "?page=two").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(ownerToken).get(path).then().statusCode(200).body("total", equalTo(1));
    }

    private static String uploaded(String contributor, String datanet, String seed) {
        return upload(contributor, datanet, seed + ".jsonl", jsonl(seed)).then().statusCode(202).extract().path("id");
    }

    /** The verdict validation-service would publish, applied once the upload shows {@code status}. */
    private void verdict(String upload, String datanet, String contributor, Verdict verdict, String status) {
        TestEvents.publish(topics.physical(Topics.UPLOADS_VALIDATED), CloudEvent.of("/test", upload, new UploadValidated(
                upload, datanet, contributor, 1, verdict, VerdictSource.VALIDATION, 0.9, 2, verdict == Verdict.REJECTED ? 0 : 2, Map.of(), null, null,
                null, null, Instant.now())));
        await().atMost(Duration.ofSeconds(20)).until(() -> status.equals(given().auth()
                .oauth2(TestTokens.contributor(contributor)).get("/api/uploads/" + upload).then().extract().path("status")));
    }
}
