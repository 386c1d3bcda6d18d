package io.datanet.training.export;

import io.datanet.events.DatanetJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.platform.blob.LocalBlobStore;
import io.datanet.platform.blob.StoredBlob;
import io.datanet.training.dataset.SnapshotManifest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The layout alone: rows written the same way always, and shards that cover each config's rows exactly once. */
class ExportLayoutTest {

    @Test
    void aRowIsWrittenByteForByteAsItAlwaysWas() throws Exception {
        // Shards are written again on every download and must match the digest fixed at export time: a change in
        // how a row is written (field order, escaping) would break every stored export. These bytes are the format.
        SnapshotManifest.Entry upload = new SnapshotManifest.Entry("u1", "ann", "sha256:00", "00", 2);
        var mapper = DatanetJson.mapper();
        assertEquals("{\"text\":\"Stir \\\"slowly\\\" ✓\\n\\u0007\",\"contributor_id\":\"ann\",\"upload_id\":\"u1\",\"record\":3}\n",
                new String(ExportLayout.row(mapper.readTree("{\"record\":3,\"text\":\"Stir \\\"slowly\\\" ✓\\n\\u0007\"}"),
                        upload), StandardCharsets.UTF_8));
        assertEquals("{\"prompt\":\"Why?\",\"completion\":\"Because.\",\"contributor_id\":\"ann\",\"upload_id\":\"u1\",\"record\":7}\n",
                new String(ExportLayout.row(mapper.readTree("{\"record\":7,\"prompt\":\"Why?\",\"completion\":\"Because.\"}"),
                        upload), StandardCharsets.UTF_8));
    }

    @Test
    void shardsCoverEveryRowOnceInOrderAndAreTheBytesTheirDigestsName() throws Exception {
        LocalBlobStore blobs = new LocalBlobStore(Files.createTempDirectory("layout-blobs"));
        Random random = new Random(11);
        List<SnapshotManifest.Entry> uploads = new ArrayList<>();
        StringBuilder allText = new StringBuilder();
        StringBuilder allInstructions = new StringBuilder();
        StringBuilder allConversations = new StringBuilder();
        for (int u = 0; u < 6; u++) {
            StringBuilder jsonl = new StringBuilder();
            int records = u == 3 ? 0 : 1 + random.nextInt(30);
            List<String> textRows = new ArrayList<>();
            List<String> instructionRows = new ArrayList<>();
            for (int r = 0; r < records; r++) {
                String words = "words " + random.nextInt(1000) + " and " + "more ".repeat(random.nextInt(20));
                int shape = random.nextInt(6);
                boolean text = shape > 1;
                jsonl.append(text ? "{\"record\":" + r + ",\"text\":\"" + words + "\"}\n"
                        : shape == 0 ? "{\"record\":" + r + ",\"prompt\":\"q" + r + "\",\"completion\":\"" + words + "\"}\n"
                        : "{\"record\":" + r + ",\"prompt\":\"q" + r + "\",\"completion\":\"" + words + "\",\"messages\":["
                                + "{\"role\":\"user\",\"content\":\"q" + r + "\"},{\"role\":\"assistant\",\"content\":\"" + words + "\"}]}\n");
                (text ? textRows : instructionRows).add(r + ":" + words);
            }
            byte[] bytes = jsonl.toString().getBytes(StandardCharsets.UTF_8);
            StoredBlob blob = blobs.put(new ByteArrayInputStream(bytes), bytes.length + 1);
            SnapshotManifest.Entry entry = new SnapshotManifest.Entry("u" + u, "c" + (u % 2), blob.address(),
                    blob.sha256(), records);
            uploads.add(entry);
            for (String line : jsonl.toString().split("\n")) {
                if (!line.isEmpty()) {
                    var node = DatanetJson.mapper().readTree(line);
                    (node.has("text") ? allText : node.has("messages") ? allConversations : allInstructions)
                            .append(new String(ExportLayout.row(node, entry), StandardCharsets.UTF_8));
                }
            }
        }
        SnapshotManifest manifest = new SnapshotManifest("d1", 0.2, uploads);

        for (long shardBytes : new long[] {1, 300, 1000, 1L << 30}) {
            List<ExportLayout.Shard> shards = ExportLayout.plan(manifest, blobs, shardBytes);
            StringBuilder text = new StringBuilder();
            StringBuilder instructions = new StringBuilder();
            StringBuilder conversations = new StringBuilder();
            for (ExportLayout.Shard shard : shards) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ExportLayout.write(shard, manifest, blobs, out);
                byte[] bytes = out.toByteArray();
                assertEquals(shard.bytes(), bytes.length, shard.path());
                assertEquals(shard.sha256(), "sha256:" + HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(bytes)), shard.path());
                assertEquals(shard.records(), new String(bytes, StandardCharsets.UTF_8).lines().count());
                (shard.config() == ExportLayout.Config.TEXT ? text
                        : shard.config() == ExportLayout.Config.CONVERSATION ? conversations : instructions)
                        .append(new String(bytes, StandardCharsets.UTF_8));
            }
            assertEquals(allText.toString(), text.toString(), "text shards at " + shardBytes);
            assertEquals(allInstructions.toString(), instructions.toString(), "instruction shards at " + shardBytes);
            assertEquals(allConversations.toString(), conversations.toString(), "conversation shards at " + shardBytes);
            assertTrue(allConversations.toString().contains("\"messages\":[{\"role\":\"user\",\"content\":\"q"),
                    "a conversation's row keeps its turns in order, role before content");
            for (ExportLayout.Config config : ExportLayout.Config.values()) {
                List<ExportLayout.Shard> ofConfig = shards.stream().filter(s -> s.config() == config).toList();
                for (int i = 0; i < ofConfig.size(); i++) {
                    assertEquals(ExportLayout.path(config, i, ofConfig.size()), ofConfig.get(i).path());
                    if (i < ofConfig.size() - 1) {
                        assertTrue(ofConfig.get(i).bytes() >= shardBytes, "only the last shard is short");
                    }
                }
            }
        }
        assertEquals(1, ExportLayout.plan(manifest, blobs, 1L << 30).stream()
                .filter(s -> s.config() == ExportLayout.Config.TEXT).count());
    }

    @Test
    void theCardNamesTheLicenceConfigsAndEachContributorsShare() throws Exception {
        SnapshotManifest manifest = new SnapshotManifest("d1", 0.2, List.of(
                new SnapshotManifest.Entry("u1", "ann|ie", "sha256:01", "01", 30),
                new SnapshotManifest.Entry("u2", "bo", "sha256:02", "02", 60),
                new SnapshotManifest.Entry("u3", "ann|ie", "sha256:03", "03", 10)));
        List<ExportLayout.Shard> shards = List.of(
                new ExportLayout.Shard(ExportLayout.Config.TEXT, "text/train-00000-of-00001.jsonl", 0, 0, 80, 9000, "sha256:aa"),
                new ExportLayout.Shard(ExportLayout.Config.CONVERSATION, "conversation/train-00000-of-00001.jsonl", 0, 0, 20,
                        3000, "sha256:bb"));
        String card = DatasetCard.render(new DatasetCard.Datanet("d1", "Soups", "Hearty ones.", "cc0-1.0",
                List.of("food")), "e1", "alice", Instant.parse("2026-12-04T10:00:00Z"), "sha256:ff", manifest, shards);
        assertTrue(card.startsWith("---\nlicense: cc0-1.0\npretty_name: \"Soups\"\ntags:\n- \"food\"\n"
                + "size_categories:\n- n<1K\nconfigs:\n- config_name: text\n  default: true\n  data_files:\n"
                + "  - split: train\n    path:\n    - \"text/train-00000-of-00001.jsonl\"\n- config_name: conversation\n"), card);
        assertTrue(card.contains("- config_name: conversation\n  data_files:\n  - split: train\n    path:\n"
                + "    - \"conversation/train-00000-of-00001.jsonl\"\n---\n"), card);
        assertTrue(card.contains("| `conversation` | 20 | 1 | `messages` (`role`, `content`), `contributor_id`"), card);
        assertTrue(card.contains("| bo | 60 | 60.00% |\n| ann\\|ie | 40 | 40.00% |\n"), card);
        assertTrue(card.contains("snapshot `sha256:ff`: 100 records from 3 uploads"), card);
        assertEquals("n<1K", DatasetCard.sizeCategory(999));
        assertEquals("1K<n<10K", DatasetCard.sizeCategory(1000));
        assertEquals("100M<n<1B", DatasetCard.sizeCategory(999_999_999));
    }
}
