package io.datanet.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 18's restore test: the platform's state, backed up by {@code ./datanet backup} and restored by
 * {@code ./datanet restore} into a fresh PostgreSQL cluster, is the state that was backed up, table by table, and an
 * upload-service started on the restored database and blobs serves every upload with its verdict and its file.
 */
@ExtendWith(SharedPipeline.class)
@Order(2)   // right after RedTeamIT, whose platform it backs up (and ends: it stops the services)
class BackupRestoreIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> COOKING = RedTeam.paragraphs("red-team/cooking.txt");

    @Test
    void aBackupRestoredIntoAFreshClusterHoldsEveryUploadItsVerdictAndItsFile(SharedPipeline.Handover handover)
            throws Exception {
        // What the red team left (RedTeamIT runs first on the shared pipeline), else a pipeline and uploads of its own.
        RedTeam shared = handover.team();
        RedTeam team = shared != null ? shared : new RedTeam(Pipeline.start());
        try (Pipeline pipeline = team.pipeline()) {
            String kitchen = null;
            if (shared == null) {
                kitchen = team.datanet("owner", "Home cooking", "Step-by-step cooking instructions in plain English");
                team.upload(kitchen, "carol", "sauces.jsonl", COOKING.subList(0, 4));
                team.upload(kitchen, "dave", "breads.jsonl", COOKING.subList(4, 8));
                team.upload(kitchen, "carol", "soups.jsonl", COOKING.subList(8, 10));
                team.upload(kitchen, "ring-1", "copy.jsonl", COOKING.subList(0, 4));
            }
            Map<String, JsonNode> uploads = new LinkedHashMap<>();
            for (String id : team.uploads()) {
                uploads.put(id, team.decided(id));
            }
            assertTrue(uploads.values().stream().anyMatch(u -> u.path("status").asText().equals("ACCEPTED")));
            assertTrue(uploads.values().stream().anyMatch(u -> u.path("status").asText().equals("REJECTED")),
                    "a copy is rejected, so the backup holds both verdicts");
            if (kitchen != null) {
                // reputation has applied every verdict (the red team waits for its standings itself)
                team.standing(kitchen, "carol", 2);
                team.standing(kitchen, "dave", 1);
            }

            // The services stop before the backup so that what is restored can be compared row for row with what
            // was backed up (a backup of the running platform is the same pg_dump, consistent per database).
            for (Service service : Service.values()) {
                pipeline.service(service).stop();
            }
            String databases = String.join(",", Stream.of(Service.values())
                    .map(service -> pipeline.environment().database(service.module())).toList());
            Path blobs = Path.of(pipeline.environment().config().get("datanet.blob.dir"));
            Path backup = Path.of("target", "backups", UUID.randomUUID().toString()).toAbsolutePath();
            run("./datanet", "backup", "--to", backup.toString(), "--databases", databases, "--blobs", blobs.toString());
            JsonNode manifest = new ObjectMapper().readTree(backup.resolve("manifest.json").toFile());
            assertEquals(4, manifest.path("databases").size(), manifest.toString());
            // The uploads' files and validation's cleaned files; the copy shares its original's blob.
            assertEquals(blobCount(blobs), manifest.path("blobs").path("count").asInt(), manifest.toString());

            int port = freePort();
            Path cluster = Path.of("/tmp", "datanet-scratch-" + UUID.randomUUID());
            run("deploy/local/postgres.sh", "scratch-start", Integer.toString(port), cluster.toString());
            try {
                Path restoredBlobs = Path.of("target", "restored-blobs", UUID.randomUUID().toString()).toAbsolutePath();
                run("./datanet", "restore", "--from", backup.toString(), "--port", Integer.toString(port),
                        "--databases", databases, "--blobs", restoredBlobs.toString());

                for (Service service : Service.values()) {
                    String database = pipeline.environment().database(service.module());
                    Map<String, String> original = tableDigests(pipeline.connect(service));
                    Map<String, String> restored = tableDigests(DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:" + port + "/" + database, "datanet", "datanet"));
                    assertFalse(original.isEmpty(), service + " has tables");
                    assertEquals(original, restored, service + "'s tables, row for row");
                }

                // Restoring again over those databases needs --replace; a damaged archive is refused before anything
                // is touched.
                String[] again = {"./datanet", "restore", "--from", backup.toString(), "--port", Integer.toString(port),
                        "--databases", databases, "--blobs", restoredBlobs.toString()};
                assertTrue(output(1, again).contains("--replace"));
                byte[] dump = Files.readAllBytes(backup.resolve(manifest.path("databases").path(0).path("file").asText()));
                dump[dump.length / 2] ^= 1;
                Files.write(backup.resolve(manifest.path("databases").path(0).path("file").asText()), dump);
                String[] replacing = Arrays.copyOf(again, again.length + 1);
                replacing[again.length] = "--replace";
                assertTrue(output(1, replacing).contains("damaged"));

                // upload-service on the restored cluster and blobs: every upload as its contributor saw it, and its
                // file, whose bytes still hash to the upload's digest.
                String restoredDatabase = pipeline.environment().database(Service.UPLOAD.module());
                pipeline.service(Service.UPLOAD).restartWith(Map.of(
                        "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + port + "/" + restoredDatabase,
                        "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/" + restoredDatabase,
                        "datanet.blob.dir", restoredBlobs.toString()));
                for (Map.Entry<String, JsonNode> upload : uploads.entrySet()) {
                    JsonNode found = team.decided(upload.getKey());
                    assertEquals(upload.getValue(), found, "upload " + upload.getKey() + " as restored");
                    String sha256 = found.path("sha256").asText();
                    assertEquals(sha256, sha256Of(blobNamed(restoredBlobs, sha256)), "the restored file's bytes");
                }
            } finally {
                run("deploy/local/postgres.sh", "scratch-stop", cluster.toString());
            }
        }
    }

    /** Each table of the database's public schema: its row count and a digest of its rows in a fixed order. */
    private static Map<String, String> tableDigests(Connection connection) throws SQLException {
        try (connection) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = connection.createStatement().executeQuery(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            Map<String, String> digests = new TreeMap<>();
            for (String table : tables) {
                try (ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) || ' rows ' || "
                        + "md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM public.\"" + table + "\" t")) {
                    rows.next();
                    digests.put(table, rows.getString(1));
                }
            }
            return digests;
        }
    }

    private static long blobCount(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.getFileName().toString().matches("[0-9a-f]{64}")).count();
        }
    }

    private static Path blobNamed(Path root, String sha256) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.getFileName().toString().equals(sha256)).findFirst()
                    .orElseThrow(() -> new AssertionError("no blob " + sha256 + " under " + root));
        }
    }

    private static String sha256Of(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Runs one of the project's commands from the repository's root, expecting {@code exitCode}; its output. */
    private static String output(int exitCode, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(1, TimeUnit.MINUTES), String.join(" ", command) + " did not finish");
        assertEquals(exitCode, process.exitValue(), String.join(" ", command) + ": " + output);
        return output;
    }

    /** Runs one of the project's commands from the repository's root; its output goes to the test's log. */
    private static void run(String... command) throws Exception {
        System.out.print(output(0, command));
    }
}
