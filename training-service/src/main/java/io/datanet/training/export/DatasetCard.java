package io.datanet.training.export;

import io.datanet.events.DatanetJson;
import io.datanet.training.dataset.SnapshotManifest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An export's {@code README.md}: a Hugging Face dataset card. Its YAML header is what {@code datasets} and the Hub
 * read (licence, tags, size category, and the configs with their exact data files, so {@code load_dataset} on the
 * folder finds them); its text says what the data is, where it came from (datanet, snapshot digest, export) and who
 * contributed what share of its records.
 */
public final class DatasetCard {

    /** What the card says about the datanet, as its definition stood when the export was made. */
    public record Datanet(String id, String name, String description, String license, List<String> tags) {
    }

    private DatasetCard() {
    }

    public static String render(Datanet datanet, String exportId, String requestedBy, Instant createdAt,
                                String snapshotDigest, SnapshotManifest manifest, List<ExportLayout.Shard> shards) {
        long records = shards.stream().mapToLong(ExportLayout.Shard::records).sum();
        StringBuilder card = new StringBuilder("---\n");
        card.append("license: ").append(datanet.license()).append('\n');
        card.append("pretty_name: ").append(quoted(datanet.name())).append('\n');
        if (!datanet.tags().isEmpty()) {
            card.append("tags:\n");
            datanet.tags().forEach(tag -> card.append("- ").append(quoted(tag)).append('\n'));
        }
        card.append("size_categories:\n- ").append(sizeCategory(records)).append('\n');
        card.append("configs:\n");
        boolean first = true;
        for (ExportLayout.Config config : ExportLayout.Config.values()) {
            List<ExportLayout.Shard> files = shards.stream().filter(s -> s.config() == config).toList();
            if (files.isEmpty()) {
                continue;
            }
            card.append("- config_name: ").append(config.id()).append('\n');
            if (first) {
                card.append("  default: true\n");
                first = false;
            }
            card.append("  data_files:\n  - split: train\n    path:\n");
            files.forEach(f -> card.append("    - ").append(quoted(f.path())).append('\n'));
        }
        card.append("---\n\n");

        card.append("# ").append(datanet.name()).append("\n\n");
        if (!datanet.description().isBlank()) {
            card.append(datanet.description().strip()).append("\n\n");
        }
        card.append("## The data\n\n")
                .append("Every record that Datanet's validation accepted into datanet `").append(datanet.id())
                .append("`, cleaned, as of snapshot `").append(snapshotDigest).append("`: ")
                .append(records).append(" records from ").append(manifest.uploads().size()).append(" uploads.\n\n")
                .append("| config | records | files | columns |\n|---|---:|---:|---|\n");
        for (ExportLayout.Config config : ExportLayout.Config.values()) {
            List<ExportLayout.Shard> files = shards.stream().filter(s -> s.config() == config).toList();
            if (!files.isEmpty()) {
                card.append("| `").append(config.id()).append("` | ")
                        .append(files.stream().mapToLong(ExportLayout.Shard::records).sum()).append(" | ")
                        .append(files.size()).append(" | ")
                        .append(config.columns())
                        .append(", `contributor_id`, `upload_id`, `record` |\n");
            }
        }
        card.append("\n`contributor_id` is who uploaded the record, `upload_id` the upload it came in and `record` its "
                + "number in that upload's file.\n\n");

        card.append("## Contributors\n\nShares of the records in this export.\n\n")
                .append("| contributor | records | share |\n|---|---:|---:|\n");
        Map<String, Long> byContributor = new TreeMap<>(manifest.uploads().stream().collect(Collectors.groupingBy(
                SnapshotManifest.Entry::contributorId, Collectors.summingLong(SnapshotManifest.Entry::records))));
        long total = byContributor.values().stream().mapToLong(Long::longValue).sum();
        byContributor.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> card.append("| ").append(cell(e.getKey())).append(" | ").append(e.getValue())
                        .append(" | ").append(String.format(Locale.ROOT, "%.2f%%", 100.0 * e.getValue() / total))
                        .append(" |\n"));

        card.append("\n## Provenance\n\n")
                .append("- Datanet: `").append(datanet.id()).append("`\n")
                .append("- Snapshot: `").append(snapshotDigest).append("` (SHA-256 of its uploads, their contributors "
                        + "and the content hashes of their cleaned files)\n")
                .append("- Export: `").append(exportId).append("`, made ").append(createdAt).append(" by ")
                .append(cell(requestedBy)).append('\n')
                .append("- Licence: ").append(datanet.license()).append('\n');
        return card.toString();
    }

    /** A YAML double-quoted scalar: a JSON string is one. */
    private static String quoted(String text) {
        return DatanetJson.write(text);
    }

    /** Text in a Markdown table cell: no pipe or line break may end the cell early. */
    private static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replaceAll("[\\r\\n]+", " ");
    }

    /** The Hub's size category of a dataset with this many rows. */
    static String sizeCategory(long rows) {
        String[] names = {"n<1K", "1K<n<10K", "10K<n<100K", "100K<n<1M", "1M<n<10M", "10M<n<100M", "100M<n<1B",
            "1B<n<10B", "10B<n<100B", "100B<n<1T"};
        long bound = 1000;
        for (String name : names) {
            if (rows < bound) {
                return name;
            }
            bound *= 10;
        }
        return "n>1T";
    }
}
