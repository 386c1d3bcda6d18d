package io.datanet.upload;

import static io.datanet.upload.UploadFixtures.createDatanet;
import static io.datanet.upload.UploadFixtures.newContributor;
import static io.datanet.upload.UploadFixtures.upload;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

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
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A datanet's daily bytes (10 MiB) cannot be exhausted by one contributor for everyone else: files validation
 * rejected do not count, and one contributor fills at most half of them.
 */
@QuarkusTest
@WithTestResource(DatanetTestResource.class)
class DatanetDailyCapTest {

    private static final int FIVE_MB = 5_000_000;

    @Inject
    TopicNames topics;

    @Test
    void rejectedFilesDoNotFillTheDatanetForOthers() {
        String datanet = createDatanet(newContributor(), "auto");
        String spammer = newContributor();
        for (char letter : new char[] {'x', 'y'}) {
            String id = upload(spammer, datanet, letter + ".txt", text(letter, FIVE_MB)).then().statusCode(202)
                    .extract().path("id");
            reject(id, datanet, spammer);
        }
        upload(newContributor(), datanet, "mine.txt", text('m', 1_000_000)).then().statusCode(202);
    }

    @Test
    void oneContributorFillsAtMostHerShareOfTheDatanet() {
        String datanet = createDatanet(newContributor(), "auto");
        String greedy = newContributor();
        upload(greedy, datanet, "one.txt", text('o', FIVE_MB)).then().statusCode(202);
        upload(greedy, datanet, "two.txt", text('t', FIVE_MB)).then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", notNullValue())
                .body("limit", equalTo("datanet-bytes-per-contributor-per-day"))
                .body("limitValue", equalTo(5 * 1024 * 1024))
                .body("detail", containsString("so that no one can close it for the others"));
        upload(newContributor(), datanet, "other.txt", text('p', FIVE_MB)).then().statusCode(202);
        // Now the datanet itself is nearly full, and the problem says how its cap is counted.
        upload(newContributor(), datanet, "late.txt", text('l', 1_000_000)).then().statusCode(429)
                .body("limit", equalTo("datanet-bytes-per-day"))
                .body("detail", containsString("files rejected by validation do not count"));
    }

    private void reject(String uploadId, String datanet, String contributor) {
        TestEvents.publish(topics.physical(Topics.UPLOADS_VALIDATED), CloudEvent.of("/test", uploadId,
                new UploadValidated(uploadId, datanet, contributor, 1, Verdict.REJECTED, VerdictSource.VALIDATION, 0.1,
                        2, 0, Map.of("quality.spam", 2), null, null, null, null, Instant.now())));
        await().atMost(Duration.ofSeconds(20)).until(() -> "REJECTED".equals(given().auth()
                .oauth2(TestTokens.contributor(contributor)).get("/api/uploads/" + uploadId).then().extract().path("status")));
    }

    private static byte[] text(char letter, int n) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, (byte) letter);
        return bytes;
    }
}
