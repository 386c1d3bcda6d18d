package io.datanet.upload;

import static io.datanet.upload.UploadFixtures.createDatanet;
import static io.datanet.upload.UploadFixtures.jsonl;
import static io.datanet.upload.UploadFixtures.newContributor;
import static io.datanet.upload.UploadFixtures.upload;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.CloudEventHeaders;
import io.datanet.events.EventJson;
import io.datanet.events.Topics;
import io.datanet.events.UploadReceived;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.platform.testing.DatanetTestResource;
import io.datanet.platform.testing.IsolatedEnvironment;
import io.datanet.platform.testing.TestEvents;
import io.datanet.platform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DatanetTestResource.class)
class UploadResourceTest {

    @Inject
    TopicNames topics;
    @ConfigProperty(name = "datanet.blob.dir")
    Path blobDir;

    private long blobFiles() throws IOException {
        try (Stream<Path> files = Files.walk(blobDir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void anAcceptedUploadIsStoredAnnouncedAndVisibleToItsOwnerOnly() throws Exception {
        String owner = newContributor();
        String contributor = newContributor();
        String datanet = createDatanet(owner, "auto");
        String content = jsonl("onions");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(StandardCharsets.UTF_8)));

        String id = upload(contributor, datanet, "../../etc/notes.jsonl", content)
                .then().statusCode(202)
                .header("Location", containsString("/api/uploads/"))
                .body("status", equalTo("RECEIVED"))
                .body("sha256", equalTo(sha))
                .body("size", equalTo(content.getBytes(StandardCharsets.UTF_8).length))
                .body("fileName", equalTo("notes.jsonl"))
                .extract().path("id");

        given().auth().oauth2(TestTokens.contributor(contributor)).get("/api/uploads/" + id)
                .then().statusCode(200).body("datanetId", equalTo(datanet));
        given().auth().oauth2(TestTokens.contributor(owner)).get("/api/uploads/" + id).then().statusCode(200);
        given().auth().oauth2(TestTokens.operator("op")).get("/api/uploads/" + id).then().statusCode(200);
        given().auth().oauth2(TestTokens.contributor(newContributor())).get("/api/uploads/" + id)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.contributor(contributor)).get("/api/uploads?datanet=" + datanet)
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(id));

        List<ConsumerRecord<String, String>> records = TestEvents.companion().consumeStrings()
                .fromTopics(topics.physical(Topics.UPLOADS_RECEIVED))
                .awaitRecords(1, Duration.ofSeconds(20)).getRecords();
        ConsumerRecord<String, String> event = records.stream()
                .filter(r -> EventJson.read(r.value(), UploadReceived.class).uploadId().equals(id)).findFirst().orElseThrow();
        assertEquals(contributor, event.key(), "keyed by contributor so their changes stay in order");
        assertEquals("io.datanet.upload.received.v1", TestEvents.header(event, CloudEventHeaders.TYPE));
        UploadReceived received = EventJson.read(event.value(), UploadReceived.class);
        assertEquals("upload/sha256:" + sha, received.blobAddress(), "in upload-service's namespace of the blob store");
        assertEquals(datanet, received.datanetId());
    }

    /**
     * The event an upload announces continues the client's trace: {@code ce_traceparent} (CloudEvents' tracing
     * extension) names the request's span, a child of the client's, and the record's {@code traceparent} header the
     * relay's publish span, in the same trace. The system tests follow the trace through the other services.
     */
    @Test
    void theUploadsEventContinuesTheTraceOfItsRequest() {
        String contributor = newContributor();
        String datanet = createDatanet(newContributor(), "auto");
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String clientSpan = "00f067aa0ba902b7";
        String id = given().auth().oauth2(TestTokens.contributor(contributor))
                .header("traceparent", "00-" + traceId + "-" + clientSpan + "-01")
                .multiPart("file", "traced.jsonl", jsonl("fennel").getBytes(StandardCharsets.UTF_8),
                        "application/octet-stream")
                .when().post("/api/datanets/" + datanet + "/uploads")
                .then().statusCode(202).extract().path("id");

        ConsumerRecord<String, String> event = TestEvents.companion().consumeStrings()
                .fromTopics(topics.physical(Topics.UPLOADS_RECEIVED))
                .awaitRecords(1, Duration.ofSeconds(20)).getRecords().stream()
                .filter(r -> EventJson.read(r.value(), UploadReceived.class).uploadId().equals(id)).findFirst()
                .orElseThrow();
        String made = TestEvents.header(event, CloudEventHeaders.TRACEPARENT);
        String published = TestEvents.header(event, "traceparent");
        assertTrue(made != null && made.startsWith("00-" + traceId + "-"), "ce_traceparent " + made);
        assertNotEquals("00-" + traceId + "-" + clientSpan + "-01", made, "the server's span, not the client's");
        assertTrue(published != null && published.startsWith("00-" + traceId + "-"), "traceparent " + published);
        assertNotEquals(made, published, "the publish span is a span of its own");
        // and names its data's schema, in the AsyncAPI document where the services are told it is published
        assertEquals(IsolatedEnvironment.EVENTS_SCHEMA_URL + "#/components/schemas/UploadReceived",
                TestEvents.header(event, CloudEventHeaders.DATA_SCHEMA));
    }

    @Test
    void theSameContentTwiceIsAConflictNamingTheFirstUpload() {
        String contributor = newContributor();
        String datanet = createDatanet(newContributor(), "auto");
        String first = upload(contributor, datanet, "a.jsonl", jsonl("leeks")).then().statusCode(202).extract().path("id");
        upload(contributor, datanet, "b.jsonl", jsonl("leeks")).then().statusCode(409)
                .contentType("application/problem+json")
                .body("existingUploadId", equalTo(first));
        // Someone else may upload the same content (validation judges duplicates across contributors).
        upload(newContributor(), datanet, "c.jsonl", jsonl("leeks")).then().statusCode(202);
    }

    @Test
    void pdfAndDocxUploadsAreTakenForValidation() {
        String contributor = newContributor();
        String datanet = createDatanet(newContributor(), "auto");
        byte[] pdf = "%PDF-1.7\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n".getBytes(StandardCharsets.UTF_8);
        upload(contributor, datanet, "notes.pdf", pdf).then().statusCode(202).body("mediaType", equalTo("application/pdf"));
        byte[] docx = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};
        upload(contributor, datanet, "notes.docx", docx).then().statusCode(202);
    }

    @Test
    void unsupportedTypesAndBinaryContentAre415() {
        String contributor = newContributor();
        String datanet = createDatanet(newContributor(), "auto");
        upload(contributor, datanet, "tool.exe", "MZ...").then().statusCode(415)
                .contentType("application/problem+json");
        upload(contributor, datanet, "noextension", "text").then().statusCode(415);
        upload(contributor, datanet, "data.txt", new byte[] {'a', 0, 'b'}).then().statusCode(415)
                .body("detail", containsString("NUL"));
        upload(contributor, datanet, "data.txt", new byte[] {'a', (byte) 0xC3, (byte) 0x28}).then().statusCode(415)
                .body("detail", containsString("UTF-8"));
        // Documents are judged by their signature: text renamed to .pdf or .docx is refused.
        upload(contributor, datanet, "report.pdf", "just text").then().statusCode(415)
                .body("detail", containsString(".pdf document"));
        upload(contributor, datanet, "report.docx", "%PDF-1.7").then().statusCode(415);
        given().auth().oauth2(TestTokens.contributor(contributor)).contentType(ContentType.JSON).body("{}")
                .post("/api/datanets/" + datanet + "/uploads").then().statusCode(415)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.contributor(contributor)).get("/api/uploads")
                .then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void aFileOverTheLimitIs413AndNothingIsRecorded() {
        String contributor = newContributor();
        String datanet = createDatanet(newContributor(), "auto");
        byte[] big = new byte[5 * 1024 * 1024 + 10];
        java.util.Arrays.fill(big, (byte) 'a');
        upload(contributor, datanet, "big.txt", big).then().statusCode(413)
                .contentType("application/problem+json").body("type", equalTo("/problems/file-too-large"));
        given().auth().oauth2(TestTokens.contributor(contributor)).get("/api/uploads")
                .then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void aBodyOverTheHttpLimitIsStoppedEarlyWithTheSameProblem() {
        // Past quarkus.http.limits.max-body-size the HTTP layer itself answers: still problem JSON, nothing stored.
        String contributor = newContributor();
        String datanet = createDatanet(newContributor(), "auto");
        byte[] huge = new byte[8 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'a');
        upload(contributor, datanet, "huge.txt", huge).then().statusCode(413)
                .contentType("application/problem+json").body("type", equalTo("/problems/file-too-large"))
                .body("limitValue", equalTo(5 * 1024 * 1024));
        given().auth().oauth2(TestTokens.contributor(contributor)).get("/api/uploads")
                .then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void moreThanFivePendingUploadsIs429WithRetryAfter() {
        String contributor = newContributor();
        String datanet = createDatanet(newContributor(), "auto");
        for (int i = 0; i < 5; i++) {
            upload(contributor, datanet, "f" + i + ".jsonl", jsonl("pending " + i)).then().statusCode(202);
        }
        upload(contributor, datanet, "f5.jsonl", jsonl("pending 5")).then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("limit", equalTo("pending-uploads"));
        given().auth().oauth2(TestTokens.contributor(contributor)).get("/api/quota")
                .then().statusCode(200).body("tier", equalTo("NEW")).body("usage.pending", equalTo(5))
                .body("usage.filesToday", equalTo(5)).body("limits.filesPerDay", equalTo(20));
    }

    @Test
    void aRetriedPostWithTheSameIdempotencyKeyReturnsTheFirstResult() throws Exception {
        String contributor = newContributor();
        String datanet = createDatanet(newContributor(), "auto");
        byte[] content = jsonl("garlic").getBytes(StandardCharsets.UTF_8);
        String first = given().auth().oauth2(TestTokens.contributor(contributor)).header("Idempotency-Key", "k-1")
                .multiPart("file", "g.jsonl", content).post("/api/datanets/" + datanet + "/uploads")
                .then().statusCode(202).extract().path("id");
        String second = given().auth().oauth2(TestTokens.contributor(contributor)).header("Idempotency-Key", "k-1")
                .multiPart("file", "g.jsonl", content).post("/api/datanets/" + datanet + "/uploads")
                .then().statusCode(202).header("Idempotency-Replayed", "true").extract().path("id");
        assertEquals(first, second);
        long blobsBefore = blobFiles();
        given().auth().oauth2(TestTokens.contributor(contributor)).header("Idempotency-Key", "k-1")
                .multiPart("file", "h.jsonl", jsonl("other").getBytes(StandardCharsets.UTF_8))
                .post("/api/datanets/" + datanet + "/uploads").then().statusCode(422);
        given().auth().oauth2(TestTokens.contributor(contributor)).get("/api/uploads")
                .then().body("total", equalTo(1));
        assertEquals(blobsBefore, blobFiles(), "the refused file is not stored");
    }

    @Test
    void twoFilePartsAre400AndNeitherIsStored() throws Exception {
        String contributor = newContributor();
        String datanet = createDatanet(newContributor(), "auto");
        long blobsBefore = blobFiles();
        given().auth().oauth2(TestTokens.contributor(contributor))
                .multiPart("file", "a.jsonl", jsonl("first part").getBytes(StandardCharsets.UTF_8))
                .multiPart("file", "b.jsonl", jsonl("second part").getBytes(StandardCharsets.UTF_8))
                .post("/api/datanets/" + datanet + "/uploads").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("file"))
                .body("detail", containsString("exactly one file part"));
        given().auth().oauth2(TestTokens.contributor(contributor)).get("/api/uploads")
                .then().body("total", equalTo(0));
        assertEquals(blobsBefore, blobFiles(), "nothing stored");
    }

    @Test
    void uploadingToAnUnknownDatanetIs404AndWithoutAFileIs400() {
        upload(newContributor(), "no-such-datanet", "a.jsonl", jsonl("x")).then().statusCode(404);
        String datanet = createDatanet(newContributor(), "auto");
        given().auth().oauth2(TestTokens.contributor(newContributor())).multiPart("other", "x")
                .post("/api/datanets/" + datanet + "/uploads").then().statusCode(400).body("field", equalTo("file"));
        given().multiPart("file", "a.jsonl", jsonl("x").getBytes(StandardCharsets.UTF_8))
                .post("/api/datanets/" + datanet + "/uploads").then().statusCode(401);
        given().auth().oauth2(TestTokens.contributor(newContributor())).get("/api/uploads?status=NOPE")
                .then().statusCode(400);
    }
}
