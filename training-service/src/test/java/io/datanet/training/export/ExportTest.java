package io.datanet.training.export;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datanet.events.CloudEvent;
import io.datanet.events.DatanetDefined;
import io.datanet.events.EventJson;
import io.datanet.events.ExportCreated;
import io.datanet.events.ReviewMode;
import io.datanet.events.Topics;
import io.datanet.events.UploadValidated;
import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.blob.StoredBlob;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.platform.testing.DatanetTestResource;
import io.datanet.platform.testing.TestEvents;
import io.datanet.platform.testing.TestTokens;
import io.datanet.testkit.ReferencePython;
import io.datanet.training.WithoutWorker;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Exports (issue 17): a datanet's accepted records as the snapshot has them, laid out so Hugging Face {@code datasets}
 * loads them, downloadable in ranges, for the owner and operators only, each announced by {@code export.created}.
 * Shards are cut at 2 KB here ({@code %test.datanet.training.export.shard-bytes}), so a config has several.
 */
@QuarkusTest
@TestProfile(WithoutWorker.class)
@WithTestResource(DatanetTestResource.class)
class ExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TopicNames topics;
    @Inject
    Pool database;
    @Inject
    BlobStore blobs;

    /** A datanet and its uploads as validation-service would have announced them. */
    private record Planted(String datanet, String owner, List<Upload> uploads) {
        long records(String config) {
            return uploads.stream().flatMap(u -> u.rows().stream()).filter(r -> r.has(config.equals("text")
                    ? "text" : "prompt")).count();
        }
    }

    /** An accepted upload: its cleaned rows as validation-service wrote them. */
    private record Upload(String id, String contributor, List<JsonNode> rows) {
    }

    @Test
    void theOwnerExportsTheSnapshotAsADatasetThatDatasetsLoads() throws Exception {
        Planted planted = plant(List.of("ann", "ann", "bo"), 3);
        String token = TestTokens.contributor(planted.owner());

        Response created = given().auth().oauth2(token).contentType(ContentType.JSON).body("{}")
                .post("/api/datanets/" + planted.datanet() + "/exports");
        assertEquals(201, created.statusCode(), created.asString());
        String exportId = created.path("id");
        assertEquals("/api/exports/" + exportId, java.net.URI.create(created.header("Location")).getPath());
        JsonNode view = JSON.readTree(created.asString());
        long textRows = planted.records("text");
        long instructionRows = planted.records("instruction");
        assertEquals(textRows + instructionRows, view.get("records").asLong());

        // Every file downloads as the bytes its size and digest name; shards hold the snapshot's rows in its order.
        Path folder = Files.createTempDirectory("export-");
        Map<String, List<JsonNode>> rowsByConfig = new LinkedHashMap<>();
        List<String> paths = new ArrayList<>();
        for (JsonNode file : view.get("files")) {
            String path = file.get("path").asText();
            paths.add(path);
            byte[] bytes = given().auth().oauth2(token).get(file.get("href").asText())
                    .then().statusCode(200).header("Accept-Ranges", "bytes")
                    .header("ETag", "\"" + file.get("sha256").asText().substring(7) + "\"")
                    .extract().asByteArray();
            assertEquals(file.get("bytes").asLong(), bytes.length, path);
            assertEquals(file.get("sha256").asText(), sha256(bytes), path);
            Files.createDirectories(folder.resolve(path).getParent());
            Files.write(folder.resolve(path), bytes);
            if (!path.equals("README.md")) {
                List<JsonNode> rows = new ArrayList<>();
                for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                    rows.add(JSON.readTree(line));
                }
                assertEquals(file.get("records").asLong(), rows.size(), path);
                rowsByConfig.computeIfAbsent(path.substring(0, path.indexOf('/')), c -> new ArrayList<>()).addAll(rows);
            }
        }
        assertEquals("README.md", paths.get(0), "the card comes first");
        assertTrue(paths.stream().filter(p -> p.startsWith("text/")).count() > 1, "text rows fill several 2 KB shards");
        assertEquals(expectedRows(planted, "text").size(), rowsByConfig.get("text").size());
        assertEquals(expectedRows(planted, "text"), rowsByConfig.get("text"));
        assertEquals(expectedRows(planted, "instruction"), rowsByConfig.get("instruction"));

        String card = Files.readString(folder.resolve("README.md"));
        assertTrue(card.startsWith("---\nlicense: cc-by-sa-4.0\npretty_name: \"Kitchen \\\"notes\\\"\"\n"), card);
        assertTrue(card.contains("Recipes people cook on weeknights."), card);
        assertTrue(card.contains(view.get("snapshotDigest").asText()), "the card names the snapshot");
        long annRecords = planted.uploads().stream().filter(u -> u.contributor().equals("ann"))
                .mapToLong(u -> u.rows().size()).sum();
        String annShare = String.format(java.util.Locale.ROOT, "%.2f%%", 100.0 * annRecords / (textRows + instructionRows));
        assertTrue(card.contains("| ann | " + annRecords + " | " + annShare + " |"), card);

        // Hugging Face datasets loads the folder as it is: both configs, every row, text the default.
        JsonNode loaded = JSON.readTree(ReferencePython.run(Path.of("src/test/python/load_export.py"),
                folder.toString()));
        assertEquals("text", loaded.get("default").asText());
        assertEquals(textRows, loaded.at("/configs/text/rows").asLong());
        assertEquals(instructionRows, loaded.at("/configs/instruction/rows").asLong());
        assertEquals(List.of("text", "contributor_id", "upload_id", "record"),
                JSON.convertValue(loaded.at("/configs/text/columns"), List.class));
        assertEquals(rowsByConfig.get("text"), asList(loaded.at("/configs/text/data")));
        assertEquals(rowsByConfig.get("instruction"), asList(loaded.at("/configs/instruction/data")));

        // The export reads back as made, is listed, and its event names the same files.
        given().auth().oauth2(token).get("/api/exports/" + exportId).then().statusCode(200)
                .body("snapshotDigest", equalTo(view.get("snapshotDigest").asText()))
                .body("files.size()", equalTo(view.get("files").size()));
        given().auth().oauth2(token).get("/api/datanets/" + planted.datanet() + "/exports").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(exportId));
        ExportCreated event = await().atMost(Duration.ofSeconds(20)).until(() -> TestEvents
                .readAll(topics.physical(Topics.EXPORTS_CREATED)).stream()
                .map(r -> EventJson.read(r.value(), ExportCreated.class))
                .filter(e -> e.exportId().equals(exportId)).findFirst(), java.util.Optional::isPresent).orElseThrow();
        assertEquals(planted.owner(), event.requestedBy());
        assertEquals(view.get("records").asLong(), event.records());
        assertEquals(paths, event.files().stream().map(ExportCreated.File::path).toList());
    }

    @Test
    void aDownloadResumesWithARange() throws Exception {
        Planted planted = plant(List.of("cy"), 1);
        String token = TestTokens.contributor(planted.owner());
        JsonNode view = JSON.readTree(given().auth().oauth2(token).post("/api/datanets/" + planted.datanet()
                + "/exports").then().statusCode(201).extract().asString());
        JsonNode shard = view.get("files").get(1);
        String href = shard.get("href").asText();
        String etag = "\"" + shard.get("sha256").asText().substring(7) + "\"";
        byte[] whole = given().auth().oauth2(token).get(href).then().statusCode(200).extract().asByteArray();
        int length = whole.length;

        assertArrayEquals(Arrays.copyOfRange(whole, 100, length), given().auth().oauth2(token)
                .header("Range", "bytes=100-").get(href).then().statusCode(206)
                .header("Content-Range", "bytes 100-" + (length - 1) + "/" + length)
                .header("Content-Length", String.valueOf(length - 100)).extract().asByteArray());
        assertArrayEquals(Arrays.copyOfRange(whole, 10, 20), given().auth().oauth2(token)
                .header("Range", "bytes=10-19").header("If-Range", etag).get(href).then().statusCode(206)
                .extract().asByteArray());
        assertArrayEquals(Arrays.copyOfRange(whole, length - 7, length), given().auth().oauth2(token)
                .header("Range", "bytes=-7").get(href).then().statusCode(206).extract().asByteArray());
        // A changed file (another ETag) or several ranges at once: the whole file.
        assertArrayEquals(whole, given().auth().oauth2(token).header("Range", "bytes=10-19")
                .header("If-Range", "\"0000\"").get(href).then().statusCode(200).extract().asByteArray());
        assertArrayEquals(whole, given().auth().oauth2(token).header("Range", "bytes=0-1,5-6")
                .get(href).then().statusCode(200).extract().asByteArray());
        given().auth().oauth2(token).header("Range", "bytes=" + length + "-").get(href)
                .then().statusCode(416).contentType("application/problem+json")
                .header("Content-Range", "bytes */" + length);
        given().auth().oauth2(token).header("Range", "bytes=0-4").get(view.get("files").get(0).get("href").asText())
                .then().statusCode(206).body(equalTo("---\nl"));
    }

    @Test
    void onlyTheOwnerAndOperatorsExportAndReadExports() throws Exception {
        Planted planted = plant(List.of("dee"), 1);
        String exports = "/api/datanets/" + planted.datanet() + "/exports";
        String stranger = TestTokens.contributor("stranger-" + UUID.randomUUID());
        given().auth().oauth2(stranger).post(exports).then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(stranger).get(exports).then().statusCode(403);
        String id = given().auth().oauth2(TestTokens.operator("op")).post(exports).then().statusCode(201)
                .body("requestedBy", equalTo("op")).extract().path("id");
        given().auth().oauth2(stranger).get("/api/exports/" + id).then().statusCode(403);
        given().auth().oauth2(stranger).get("/api/exports/" + id + "/files/README.md").then().statusCode(403);
        given().auth().oauth2(TestTokens.contributor("dee")).get("/api/exports/" + id + "/files/README.md")
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.contributor(planted.owner())).get("/api/exports/" + id + "/files/README.md")
                .then().statusCode(200);
        given().get("/api/exports/" + id).then().statusCode(401);

        String owner = TestTokens.contributor(planted.owner());
        given().auth().oauth2(owner).get("/api/exports/" + id + "/files/text/train-00099-of-00100.jsonl")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(owner).get("/api/exports/nope").then().statusCode(404);
        given().auth().oauth2(owner).contentType(ContentType.JSON).body("{\"snapshotDigest\": ").post(exports)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(owner).post("/api/datanets/d-nope/exports").then().statusCode(404);
        given().auth().oauth2(owner).contentType(ContentType.JSON)
                .body("{\"snapshotDigest\":\"sha256:" + "00".repeat(32) + "\"}").post(exports).then().statusCode(404);

        String empty = datanet(planted.owner());
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(owner)
                .post("/api/datanets/" + empty + "/exports").statusCode() == 409);
    }

    @Test
    void anExportOfASnapshotHoldsThatSnapshotEvenAfterMoreDataArrives() throws Exception {
        Planted planted = plant(List.of("eve"), 1);
        String owner = TestTokens.contributor(planted.owner());
        String exports = "/api/datanets/" + planted.datanet() + "/exports";
        JsonNode first = JSON.readTree(given().auth().oauth2(owner).post(exports).then().statusCode(201)
                .extract().asString());
        upload(planted.datanet(), "fay", rows(new java.util.Random(7), 4));
        await().atMost(Duration.ofSeconds(20)).until(() -> activeUploads(planted.datanet()) == 2);

        JsonNode again = JSON.readTree(given().auth().oauth2(owner).contentType(ContentType.JSON)
                .body("{\"snapshotDigest\":\"" + first.get("snapshotDigest").asText() + "\"}").post(exports)
                .then().statusCode(201).extract().asString());
        assertEquals(first.get("records"), again.get("records"));
        for (int i = 1; i < first.get("files").size(); i++) {
            assertEquals(first.get("files").get(i).get("sha256"), again.get("files").get(i).get("sha256"));
        }
        JsonNode now = JSON.readTree(given().auth().oauth2(owner).post(exports).then().statusCode(201)
                .extract().asString());
        assertEquals(first.get("records").asLong() + 4, now.get("records").asLong());
    }

    // --- planting ---

    private Planted plant(List<String> contributors, int uploadsPerCall) throws Exception {
        String owner = "owner-" + UUID.randomUUID();
        String datanet = datanet(owner);
        java.util.Random random = new java.util.Random(contributors.hashCode());
        List<Upload> uploads = new ArrayList<>();
        for (String contributor : contributors) {
            for (int i = 0; i < uploadsPerCall; i++) {
                uploads.add(upload(datanet, contributor, rows(random, 12 + random.nextInt(10))));
            }
        }
        // A rejected upload is never part of the data.
        publish(new UploadValidated("u-" + UUID.randomUUID(), datanet, "zed", 1, Verdict.REJECTED,
                VerdictSource.VALIDATION, 0.1, 5, 0, Map.of(), null, null, null, null, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> activeUploads(datanet) == uploads.size()
                && count("SELECT count(*) FROM datanet WHERE id = $1", datanet) == 1);
        uploads.sort(java.util.Comparator.comparing(Upload::id));
        return new Planted(datanet, owner, uploads);
    }

    private String datanet(String owner) {
        String id = "d-" + UUID.randomUUID();
        TestEvents.publish(topics.physical(Topics.DATANETS_DEFINED), CloudEvent.of("/test", id, new DatanetDefined(id,
                "Kitchen \"notes\"", "Recipes people cook on weeknights.", owner, List.of("food", "recipes"),
                List.of("jsonl"), ReviewMode.AUTO, 0.8, Instant.now(), Map.of(), 1, null, "cc-by-sa-4.0")));
        return id;
    }

    /** Rows as validation-service writes them: text, or prompt and completion, numbered in the file. */
    private static List<JsonNode> rows(java.util.Random random, int count) {
        List<JsonNode> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var row = JSON.createObjectNode().put("record", 1 + 2 * i);
            String words = "Stir the stock \"slowly\" — until it thickens, " + random.nextInt(1_000_000) + " times";
            if (random.nextInt(3) == 0) {
                row.put("prompt", "How long? " + random.nextInt(100)).put("completion", words);
            } else {
                row.put("text", words + " ✓");
            }
            rows.add(row);
        }
        return rows;
    }

    private Upload upload(String datanet, String contributor, List<JsonNode> rows) throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (JsonNode row : rows) {
            jsonl.append(JSON.writeValueAsString(row)).append('\n');
        }
        byte[] bytes = jsonl.toString().getBytes(StandardCharsets.UTF_8);
        StoredBlob cleaned = blobs.put(new ByteArrayInputStream(bytes), bytes.length);
        String id = "u-" + UUID.randomUUID();
        publish(new UploadValidated(id, datanet, contributor, 1, Verdict.ACCEPTED, VerdictSource.VALIDATION, 1.0,
                rows.size(), rows.size(), Map.of(), cleaned.address(), cleaned.sha256(), null, null, Instant.now()));
        return new Upload(id, contributor, rows);
    }

    private void publish(UploadValidated verdict) {
        TestEvents.publish(topics.physical(Topics.UPLOADS_VALIDATED), CloudEvent.of("/test", verdict.uploadId(), verdict));
    }

    private long activeUploads(String datanet) {
        return count("SELECT count(*) FROM dataset_upload WHERE datanet_id = $1 AND active", datanet);
    }

    private long count(String sql, String datanet) {
        return database.preparedQuery(sql).execute(Tuple.of(datanet)).await().indefinitely().iterator().next().getLong(0);
    }

    /** The rows a config's shards must hold: the snapshot's uploads by id, each file's rows in order. */
    private static List<JsonNode> expectedRows(Planted planted, String config) {
        List<JsonNode> expected = new ArrayList<>();
        for (Upload upload : planted.uploads()) {
            for (JsonNode row : upload.rows()) {
                boolean text = row.has("text");
                if (text != config.equals("text")) {
                    continue;
                }
                var out = JSON.createObjectNode();
                if (text) {
                    out.put("text", row.get("text").asText());
                } else {
                    out.put("prompt", row.get("prompt").asText()).put("completion", row.get("completion").asText());
                }
                out.put("contributor_id", upload.contributor()).put("upload_id", upload.id())
                        .put("record", row.get("record").asInt());
                expected.add(out);
            }
        }
        return expected;
    }

    private static List<JsonNode> asList(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
