package io.datanet.training;

import static io.datanet.platform.testing.RawHttp.bearer;
import static io.datanet.platform.testing.HostileInputs.concat;
import static io.datanet.platform.testing.RawHttp.json;
import static io.datanet.platform.testing.HostileInputs.nestedArrays;
import static io.datanet.platform.testing.HostileInputs.nestedObjects;
import static io.datanet.platform.testing.AbuseCases.printable;
import static io.datanet.platform.testing.HostileInputs.randomBytes;
import static io.datanet.platform.testing.RawHttp.raw;
import static io.datanet.platform.testing.HostileInputs.utf8;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.datanet.events.CloudEvent;
import io.datanet.events.DatanetDefined;
import io.datanet.events.ReviewMode;
import io.datanet.events.Topics;
import io.datanet.events.UploadValidated;
import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.blob.StoredBlob;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.platform.testing.HostileInputs;
import io.datanet.platform.testing.RawHttp;
import io.datanet.platform.testing.AbuseCases;
import io.datanet.platform.testing.RawHttp.Answer;
import io.datanet.platform.testing.AbuseCases.Endpoint;
import io.datanet.platform.testing.DatanetTestResource;
import io.datanet.platform.testing.TestEvents;
import io.datanet.platform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile requests to every endpoint of training-service (jobs, cancellation, adapters, attribution, the loss
 * curve, exports and their files): malformed, oversized and mistyped bodies, hyperparameters out of every range,
 * odd ids, file names and ranges, forged, expired and misplaced tokens, another owner's datanet, job and export,
 * jobs past the limits on jobs (alone and concurrently). Each gets the right 4xx as problem JSON, no job is queued or
 * cancelled, no export made, and the service stays ready.
 * Without a worker, so the jobs queued to fill the limits stay queued.
 */
@QuarkusTest
@TestProfile(WithoutWorker.class)
@WithTestResource(DatanetTestResource.class)
class AbuseTest {

    /** The size of the table below; RELIABILITY.md reports it. */
    static final int CASES = 418;

    @Inject
    TopicNames topics;
    @Inject
    BlobStore blobs;

    @TestFactory
    Stream<DynamicTest> hostileRequestsAreRefusedAndQueueNothing() throws Exception {
        String owner = "owner-" + UUID.randomUUID();
        String attacker = "attacker-" + UUID.randomUUID();
        String datanet = datanet(owner);
        String empty = datanet(owner);
        String upload = "u-" + UUID.randomUUID();
        TestEvents.publish(topics.physical(Topics.UPLOADS_VALIDATED), CloudEvent.of("/test", upload, new UploadValidated(
                upload, datanet, "alice", 1, Verdict.ACCEPTED, VerdictSource.VALIDATION, 0.9, 5, 5, Map.of(),
                "sha256:" + "ab".repeat(32), "ab".repeat(32), null, null, Instant.now())));
        String ownerToken = TestTokens.contributor(owner);
        String job = queueWhenReady(ownerToken, "{\"datanetId\":\"" + datanet + "\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> json("POST", "/api/jobs", ownerToken,
                "{\"datanetId\":\"" + empty + "\"}").status() == 422);

        // The limits (README, "Limits"): the datanet gets its second active job, its limit; the owner a third on
        // another datanet, theirs; a spender's job of 17,140 units leaves 2,860 of a NEW contributor's 20,000 today.
        queueWhenReady(ownerToken, "{\"datanetId\":\"" + datanet + "\",\"seed\":11}");
        queueWhenReady(ownerToken, "{\"datanetId\":\"" + withData(owner, 5) + "\"}");
        String idle = withData(owner, 5);
        await().atMost(Duration.ofSeconds(30)).until(() -> json("POST", "/api/jobs", ownerToken,
                "{\"datanetId\":\"" + idle + "\"}").status() == 429);
        String spender = "spender-" + UUID.randomUUID();
        String spenderToken = TestTokens.contributor(spender);
        String big = ",\"rank\":64,\"epochs\":10}";
        queueWhenReady(spenderToken, "{\"datanetId\":\"" + withData(spender, 1000) + "\"" + big);
        String bigIdle = withData(spender, 1000);
        await().atMost(Duration.ofSeconds(30)).until(() -> json("POST", "/api/jobs", spenderToken,
                "{\"datanetId\":\"" + bigIdle + "\"" + big).status() == 429);

        // A datanet whose cleaned file is in the blob store, exported once: the export its cases aim at.
        String exportable = withCleanedFile(owner);
        String exportsOf = "/api/datanets/" + exportable + "/exports";
        String[] made = new String[2];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Answer answer = json("POST", exportsOf, ownerToken, null);
            if (answer.status() == 201) {
                made[0] = answer.json().path("id").asText();
                made[1] = answer.json().path("files").path(1).path("href").asText();
            }
            return made[0] != null;
        });
        String export = "/api/exports/" + made[0];
        String shard = made[1];
        String otherSnapshot = given().auth().oauth2(ownerToken).get("/api/jobs/" + job).then().statusCode(200)
                .extract().path("snapshotDigest");

        String auditor = TestTokens.operator("auditor");
        AbuseCases cases = new AbuseCases("training-service", () -> state(job, auditor, exportsOf));
        String token = TestTokens.contributor(attacker);
        String jobs = "/api/jobs";
        String valid = "{\"datanetId\":\"" + datanet + "\",\"rank\":4";

        // POST /api/jobs: what is not a job request
        cases.expect("job: random bytes", 400, () -> raw("POST", jobs, ownerToken, "application/json", randomBytes(4096)));
        cases.expect("job: invalid UTF-8 in a string", 400, () -> raw("POST", jobs, ownerToken, "application/json",
                concat(utf8("{\"datanetId\":\""), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF}, utf8("\"}"))));
        cases.expect("job: a JSON array", 400, () -> json("POST", jobs, ownerToken, "[" + valid + "}]"));
        cases.expect("job: JSON null", 400, () -> json("POST", jobs, ownerToken, "null"));
        cases.expect("job: a JSON number", 400, () -> json("POST", jobs, ownerToken, "8"));
        cases.expect("job: a JSON string", 400, () -> json("POST", jobs, ownerToken, "\"" + datanet + "\""));
        cases.expect("job: no body", 400, () -> json("POST", jobs, ownerToken, ""));
        cases.expect("job: truncated JSON", 400, () -> json("POST", jobs, ownerToken, valid));
        cases.expect("job: 10,000 nested arrays", 400, () -> json("POST", jobs, ownerToken, valid + ",\"targetModules\":" + nestedArrays(10_000) + "}"));
        cases.expect("job: 10,000 nested objects in an unknown member", 400, () -> json("POST", jobs, ownerToken,
                valid + ",\"extra\":" + nestedObjects(10_000) + "}"));
        cases.expect("job: a 1 MB datanet id", 404, () -> json("POST", jobs, ownerToken, "{\"datanetId\":\"" + "d".repeat(1 << 20) + "\"}"));
        cases.expect("job: a 6 MB JSON body", 422, () -> json("POST", jobs, ownerToken, valid + ",\"baseModel\":\"" + "m".repeat(6 << 20) + "\"}"));
        cases.expect("job: NUL in the datanet id", 422, () -> json("POST", jobs, ownerToken, "{\"datanetId\":\"" + datanet + "\\u0000\"}"));
        cases.expect("job: a datanet id that is a path", 404, () -> json("POST", jobs, ownerToken, "{\"datanetId\":\"../../../etc/passwd\"}"));
        cases.expect("job: an object for the datanet id", 400, () -> json("POST", jobs, ownerToken, "{\"datanetId\":{\"$ne\":null}}"));
        cases.expect("job: an unknown method", 422, () -> json("POST", jobs, ownerToken, valid + ",\"method\":\"FULL\"}"));
        cases.expect("job: SQL as the method", 422, () -> json("POST", jobs, ownerToken, valid + ",\"method\":\"LORA'; DROP TABLE training_job;--\"}"));
        cases.expect("job: a base model that is a path", 422, () -> json("POST", jobs, ownerToken, valid + ",\"baseModel\":\"../../../../etc/passwd\"}"));
        cases.expect("job: a base model that is a URL", 422, () -> json("POST", jobs, ownerToken, valid + ",\"baseModel\":\"file:///etc/passwd\"}"));
        cases.expect("job: a word for the rank", 400, () -> json("POST", jobs, ownerToken, valid + ",\"rank\":\"eight\"}"));
        cases.expect("job: a rank past the int range", 400, () -> json("POST", jobs, ownerToken, "{\"datanetId\":\"" + datanet + "\",\"rank\":2147483648}"));
        cases.expect("job: rank -1", 422, () -> json("POST", jobs, ownerToken, "{\"datanetId\":\"" + datanet + "\",\"rank\":-1}"));
        cases.expect("job: alpha \"NaN\"", 422, () -> json("POST", jobs, ownerToken, valid + ",\"alpha\":\"NaN\"}"));
        cases.expect("job: alpha 1e999", 422, () -> json("POST", jobs, ownerToken, valid + ",\"alpha\":1e999}"));
        cases.expect("job: dropout 1", 422, () -> json("POST", jobs, ownerToken, valid + ",\"dropout\":1}"));
        cases.expect("job: a null target module", 422, () -> json("POST", jobs, ownerToken, valid + ",\"targetModules\":[null]}"));
        cases.expect("job: a target module twice", 422, () -> json("POST", jobs, ownerToken, valid + ",\"targetModules\":[\"c_attn\",\"c_attn\"]}"));
        cases.expect("job: no target modules", 422, () -> json("POST", jobs, ownerToken, valid + ",\"targetModules\":[]}"));
        cases.expect("job: 10,000 target modules", 422, () -> json("POST", jobs, ownerToken, valid + ",\"targetModules\":["
                + String.join(",", Collections.nCopies(10_000, "\"c_fc\"")) + "]}"));
        cases.expect("job: a string for the target modules", 400, () -> json("POST", jobs, ownerToken, valid + ",\"targetModules\":\"c_attn\"}"));
        cases.expect("job: learning rate 0", 422, () -> json("POST", jobs, ownerToken, valid + ",\"learningRate\":0}"));
        cases.expect("job: a million epochs", 422, () -> json("POST", jobs, ownerToken, valid + ",\"epochs\":1000000}"));
        cases.expect("job: batch size 0", 422, () -> json("POST", jobs, ownerToken, valid + ",\"batchSize\":0}"));
        cases.expect("job: a seed past the long range", 400, () -> json("POST", jobs, ownerToken, valid + ",\"seed\":1e30}"));
        cases.expect("job: text/plain", 415, () -> raw("POST", jobs, ownerToken, "text/plain", utf8(valid + "}")));
        cases.expect("job: application/xml", 415, () -> raw("POST", jobs, ownerToken, "application/xml", utf8("<job/>")));
        cases.expect("job: multipart", 415, () -> raw("POST", jobs, ownerToken, "multipart/form-data; boundary=b",
                utf8("--b\r\nContent-Disposition: form-data; name=\"datanetId\"\r\n\r\n" + datanet + "\r\n--b--\r\n")));
        cases.expect("job: on another owner's datanet", 403, () -> json("POST", jobs, token, "{\"datanetId\":\"" + datanet + "\",\"seed\":1}"));
        cases.expect("job: by a validator on another owner's datanet", 403, () -> json("POST", jobs, TestTokens.validator(attacker),
                "{\"datanetId\":\"" + datanet + "\",\"seed\":2}"));
        cases.expect("job: an unknown datanet", 404, () -> json("POST", jobs, ownerToken, "{\"datanetId\":\"d-" + UUID.randomUUID() + "\"}"));
        cases.expect("job: a datanet without accepted data", 422, () -> json("POST", jobs, ownerToken, "{\"datanetId\":\"" + empty + "\"}"));
        cases.expect("job: DELETE", 405, () -> json("DELETE", jobs, ownerToken, null));

        // POST /api/jobs past the limits on jobs: 429 naming the limit (422 for what no day's budget holds)
        cases.expect("job: a third active job on one datanet", 429, () -> json("POST", jobs, ownerToken,
                "{\"datanetId\":\"" + datanet + "\",\"seed\":12}"));
        cases.expect("job: an operator's third active job on one datanet", 429, () -> json("POST", jobs, auditor,
                "{\"datanetId\":\"" + datanet + "\",\"seed\":13}"));
        cases.expect("job: a fourth active job of one requester", 429, () -> json("POST", jobs, ownerToken,
                "{\"datanetId\":\"" + idle + "\"}"));
        cases.expect("job: a fourth active job, claiming to be the automatic trigger", 429, () -> json("POST", jobs,
                ownerToken, "{\"datanetId\":\"" + idle + "\",\"trigger\":\"AUTOMATIC\",\"requestedBy\":\"automatic\"}"));
        cases.expect("job: past the requester's daily compute budget", 429, () -> json("POST", jobs, spenderToken,
                "{\"datanetId\":\"" + bigIdle + "\"" + big));
        cases.expect("job: larger than a whole day's compute budget", 422, () -> json("POST", jobs, spenderToken,
                "{\"datanetId\":\"" + bigIdle + "\",\"rank\":64,\"epochs\":20}"));
        cases.check("job: eight concurrent requests past the limits", () -> {
            String before = state(job, auditor, exportsOf);
            List<java.util.concurrent.Future<Answer>> answers = new java.util.ArrayList<>();
            var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                for (int i = 0; i < 8; i++) {
                    String body = "{\"datanetId\":\"" + (i % 2 == 0 ? datanet : idle) + "\",\"seed\":" + (20 + i) + "}";
                    answers.add(pool.submit(() -> json("POST", jobs, ownerToken, body)));
                }
                for (var answer : answers) {
                    List<String> wrong = AbuseCases.problemsWith(answer.get(), 429);
                    if (!wrong.isEmpty()) {
                        return String.join(", ", wrong) + " — " + answer.get();
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            String after = state(job, auditor, exportsOf);
            return before.equals(after) ? null : "stored state changed from [" + before + "] to [" + after + "]";
        });

        // GET /api/jobs, /api/jobs/{id}: odd parameters
        cases.expect("jobs: page -1", 400, () -> json("GET", jobs + "?page=-1", token, null));
        cases.expect("jobs: size 0", 400, () -> json("GET", jobs + "?size=0", token, null));
        cases.expect("jobs: size 101", 400, () -> json("GET", jobs + "?size=101", token, null));
        cases.expect("jobs: page not a number", 400, () -> json("GET", jobs + "?page=one", token, null));
        cases.expect("jobs: a page whose offset overflows", 400, () -> json("GET", jobs + "?page=2147483647&size=100", token, null));
        cases.expect("jobs: a datanet filter with NUL", 400, () -> json("GET", jobs + "?datanet=%00", token, null));
        HostileInputs.oddIds().forEach((id, status) -> cases.expect("job id " + printable(id), status,
                () -> json("GET", jobs + "/" + id, token, null)));

        // POST /api/jobs/{id}/cancel: another owner's job, the wrong role, odd ids
        cases.expect("cancel: another owner's job", 403, () -> json("POST", jobs + "/" + job + "/cancel", token, null));
        cases.expect("cancel: by a validator", 403, () -> json("POST", jobs + "/" + job + "/cancel", TestTokens.validator(attacker), null));
        cases.expect("cancel: another owner's job, with a body", 403, () -> json("POST", jobs + "/" + job + "/cancel", token,
                "{\"force\":true,\"requestedBy\":\"" + owner + "\"}"));
        cases.expect("cancel: GET", 405, () -> json("GET", jobs + "/" + job + "/cancel", ownerToken, null));
        HostileInputs.oddIds().forEach((id, status) -> cases.expect("cancel of job id " + printable(id), status,
                () -> json("POST", jobs + "/" + id + "/cancel", ownerToken, null)));

        // GET /api/jobs/{id}/adapter/{file}, /api/jobs/{id}/attribution: odd files, nothing to download yet
        String adapter = jobs + "/" + job + "/adapter/";
        cases.expect("adapter: config of a queued job", 409, () -> json("GET", adapter + "adapter_config.json", token, null));
        cases.expect("adapter: weights of a queued job", 409, () -> json("GET", adapter + "adapter_model.safetensors", token, null));
        cases.expect("adapter: a traversal through encoded slashes", 404, () -> json("GET", adapter + "..%2F..%2F..%2Fetc%2Fpasswd", token, null));
        cases.expect("adapter: a traversal through encoded backslashes", 404, () -> json("GET", adapter + "..%5C..%5Capplication.properties", token, null));
        cases.expect("adapter: a file name with NUL", 400, () -> json("GET", adapter + "adapter_config.json%00.txt", token, null));
        cases.expect("adapter: a file name of 3,000 characters", 404, () -> json("GET", adapter + "f".repeat(3000), token, null));
        cases.expect("adapter: of an unknown job", 404, () -> json("GET", jobs + "/job-" + UUID.randomUUID() + "/adapter/adapter_config.json", token, null));
        cases.expect("attribution: of a queued job", 409, () -> json("GET", jobs + "/" + job + "/attribution", token, null));
        HostileInputs.oddIds().forEach((id, status) -> cases.expect("attribution of job id " + printable(id), status,
                () -> json("GET", jobs + "/" + id + "/attribution", token, null)));

        // GET /api/jobs/{id}/progress: odd ids, the wrong method
        cases.expect("progress: POST", 405, () -> json("POST", jobs + "/" + job + "/progress", ownerToken, "{\"step\":1,\"loss\":0}"));
        HostileInputs.oddIds().forEach((id, status) -> cases.expect("progress of job id " + printable(id), status,
                () -> json("GET", jobs + "/" + id + "/progress", token, null)));

        // POST /api/datanets/{id}/exports: another's datanet, what is not an export request, snapshots that are not
        // the datanet's
        cases.expect("export: another owner's datanet", 403, () -> json("POST", exportsOf, token, null));
        cases.expect("export: by a validator", 403, () -> json("POST", exportsOf, TestTokens.validator(attacker), null));
        cases.expect("export: another owner's datanet, claiming to be its owner", 403, () -> json("POST", exportsOf, token,
                "{\"requestedBy\":\"" + owner + "\"}"));
        cases.expect("export: an unknown datanet", 404, () -> json("POST", "/api/datanets/d-" + UUID.randomUUID() + "/exports", ownerToken, null));
        cases.expect("export: a datanet without accepted data", 409, () -> json("POST", "/api/datanets/" + empty + "/exports", ownerToken, null));
        cases.expect("export: random bytes", 400, () -> raw("POST", exportsOf, ownerToken, "application/json", randomBytes(4096)));
        cases.expect("export: truncated JSON", 400, () -> json("POST", exportsOf, ownerToken, "{\"snapshotDigest\":"));
        cases.expect("export: a JSON array", 400, () -> json("POST", exportsOf, ownerToken, "[]"));
        cases.expect("export: 10,000 nested objects in an unknown member", 400, () -> json("POST", exportsOf, ownerToken,
                "{\"extra\":" + nestedObjects(10_000) + "}"));
        cases.expect("export: a snapshot digest that is a path", 422, () -> json("POST", exportsOf, ownerToken,
                "{\"snapshotDigest\":\"../../../etc/passwd\"}"));
        cases.expect("export: NUL in the snapshot digest", 422, () -> json("POST", exportsOf, ownerToken,
                "{\"snapshotDigest\":\"sha256:" + "ab".repeat(31) + "\\u0000a\"}"));
        cases.expect("export: a 1 MB snapshot digest", 422, () -> json("POST", exportsOf, ownerToken,
                "{\"snapshotDigest\":\"sha256:" + "a".repeat(1 << 20) + "\"}"));
        cases.expect("export: an object for the snapshot digest", 400, () -> json("POST", exportsOf, ownerToken,
                "{\"snapshotDigest\":{\"$ne\":null}}"));
        cases.expect("export: an unknown snapshot", 404, () -> json("POST", exportsOf, ownerToken,
                "{\"snapshotDigest\":\"sha256:" + "0".repeat(64) + "\"}"));
        cases.expect("export: another datanet's snapshot", 404, () -> json("POST", exportsOf, ownerToken,
                "{\"snapshotDigest\":\"" + otherSnapshot + "\"}"));
        cases.expect("exports: another owner's list", 403, () -> json("GET", exportsOf, token, null));
        cases.expect("exports: page -1", 400, () -> json("GET", exportsOf + "?page=-1", ownerToken, null));
        cases.expect("exports: size 101", 400, () -> json("GET", exportsOf + "?size=101", ownerToken, null));
        cases.expect("exports: DELETE", 405, () -> json("DELETE", exportsOf, ownerToken, null));

        // GET /api/exports/{id} and its files: another's, odd ids and paths, ranges past the end
        cases.expect("export: another owner's", 403, () -> json("GET", export, token, null));
        cases.expect("export: DELETE", 405, () -> json("DELETE", export, ownerToken, null));
        cases.expect("export file: another owner's card", 403, () -> json("GET", export + "/files/README.md", token, null));
        cases.expect("export file: another owner's shard, by a validator", 403, () -> json("GET", shard, TestTokens.validator(attacker), null));
        cases.expect("export file: a traversal through encoded slashes", 404, () -> json("GET", export + "/files/..%2F..%2F..%2Fetc%2Fpasswd", ownerToken, null));
        cases.expect("export file: a traversal through dot segments", 404, () -> json("GET", export + "/files/text/../../../../etc/passwd", ownerToken, null));
        cases.expect("export file: an unknown shard", 404, () -> json("GET", export + "/files/text/train-00001-of-00001.jsonl", ownerToken, null));
        cases.expect("export file: a path with NUL", 400, () -> json("GET", export + "/files/README.md%00.txt", ownerToken, null));
        cases.expect("export file: a range past the end", 416, () -> RawHttp.send("GET", shard, bearer(ownerToken), null, null,
                Map.of("Range", "bytes=9223372036854775806-")));
        cases.expect("export file: a zero-length suffix range", 416, () -> RawHttp.send("GET", shard, bearer(ownerToken), null, null,
                Map.of("Range", "bytes=-0")));
        cases.expect("export file: PUT", 405, () -> json("PUT", export + "/files/README.md", ownerToken, "{}"));
        HostileInputs.oddIds().forEach((id, status) -> cases.expect("export id " + printable(id), status,
                () -> json("GET", "/api/exports/" + id, ownerToken, null)));
        HostileInputs.oddIds().forEach((id, status) -> cases.expect("files of export id " + printable(id), status,
                () -> json("GET", "/api/exports/" + id + "/files/README.md", ownerToken, null)));

        // Tokens, on every /api endpoint
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        endpoints.put("POST /api/jobs", auth -> RawHttp.send("POST", jobs, auth, "application/json",
                utf8("{\"datanetId\":\"" + datanet + "\",\"seed\":3}"), Map.of()));
        endpoints.put("GET /api/jobs", auth -> RawHttp.send("GET", jobs, auth, null, null, Map.of()));
        endpoints.put("GET /api/jobs/{id}", auth -> RawHttp.send("GET", jobs + "/" + job, auth, null, null, Map.of()));
        endpoints.put("POST /api/jobs/{id}/cancel", auth -> RawHttp.send("POST", jobs + "/" + job + "/cancel", auth, null, null, Map.of()));
        endpoints.put("GET /api/jobs/{id}/adapter/{file}", auth -> RawHttp.send("GET", adapter + "adapter_config.json", auth, null, null, Map.of()));
        endpoints.put("GET /api/jobs/{id}/progress", auth -> RawHttp.send("GET", jobs + "/" + job + "/progress", auth, null, null, Map.of()));
        endpoints.put("GET /api/jobs/{id}/attribution", auth -> RawHttp.send("GET", jobs + "/" + job + "/attribution", auth, null, null, Map.of()));
        endpoints.put("POST /api/datanets/{id}/exports", auth -> RawHttp.send("POST", exportsOf, auth, null, null, Map.of()));
        endpoints.put("GET /api/datanets/{id}/exports", auth -> RawHttp.send("GET", exportsOf, auth, null, null, Map.of()));
        endpoints.put("GET /api/exports/{id}", auth -> RawHttp.send("GET", export, auth, null, null, Map.of()));
        endpoints.put("GET /api/exports/{id}/files/{path}", auth -> RawHttp.send("GET", shard, auth, null, null, Map.of()));
        cases.expectEach(401, HostileInputs.forgedAuthorizations(owner), endpoints);
        cases.expectEach(401, HostileInputs.tokensBreakingTheRules(owner), endpoints);
        cases.expectRefusedByTheHttpLayer(jobs, bearer(token));
        return cases.finish(CASES);
    }

    private String datanet(String owner) {
        String id = "d-" + UUID.randomUUID();
        TestEvents.publish(topics.physical(Topics.DATANETS_DEFINED), CloudEvent.of("/test", id, new DatanetDefined(id,
                "Cooking", "", owner, List.of(), List.of("jsonl"), ReviewMode.AUTO, 0.8, Instant.now(), null)));
        return id;
    }

    /** A datanet of {@code owner} with {@code records} accepted records. */
    private String withData(String owner, int records) {
        String id = datanet(owner);
        String upload = "u-" + UUID.randomUUID();
        TestEvents.publish(topics.physical(Topics.UPLOADS_VALIDATED), CloudEvent.of("/test", upload, new UploadValidated(
                upload, id, "alice", 1, Verdict.ACCEPTED, VerdictSource.VALIDATION, 0.9, records, records, Map.of(),
                "sha256:" + "ab".repeat(32), "ab".repeat(32), null, null, Instant.now())));
        return id;
    }

    /** Queues a job once the datanet's definition and data have arrived. */
    private static String queueWhenReady(String token, String body) {
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Answer answer = json("POST", "/api/jobs", token, body);
            if (answer.status() == 202) {
                id[0] = answer.json().path("id").asText();
            }
            return id[0] != null;
        });
        return id[0];
    }

    /** What no refused request may change: how many jobs there are, and the one job's state. */
    /** A datanet of {@code owner} with one accepted upload whose cleaned file is in the blob store. */
    private String withCleanedFile(String owner) throws Exception {
        String id = datanet(owner);
        byte[] cleaned = utf8("{\"record\":1,\"text\":\"Simmer the stock for ten minutes.\"}\n");
        StoredBlob blob = blobs.put(new java.io.ByteArrayInputStream(cleaned), cleaned.length);
        String upload = "u-" + UUID.randomUUID();
        TestEvents.publish(topics.physical(Topics.UPLOADS_VALIDATED), CloudEvent.of("/test", upload, new UploadValidated(
                upload, id, "alice", 1, Verdict.ACCEPTED, VerdictSource.VALIDATION, 0.9, 1, 1, Map.of(),
                blob.address(), blob.sha256(), null, null, Instant.now())));
        return id;
    }

    private static String state(String job, String auditorToken, String exportsOf) {
        int exports = RawHttp.probe(exportsOf, auditorToken).path("total").asInt();
        return "exports=" + exports + " " + state(job, auditorToken);
    }

    private static String state(String job, String auditorToken) {
        var all = RawHttp.probe("/api/jobs?size=1", auditorToken);
        var one = RawHttp.probe("/api/jobs/" + job, auditorToken);
        return "jobs=" + all.path("total").asInt() + " " + one.path("status").asText() + " cancelRequested="
                + one.path("cancelRequested").asBoolean();
    }
}
