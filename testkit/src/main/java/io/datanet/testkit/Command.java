package io.datanet.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program for a test with no terminal of its own: stdin from /dev/null and its output in files. Inherited,
 * a child such as npm wrote into the test JVM's stdout, which Surefire reads as its channel, and set the shared
 * stdin non-blocking, so Surefire's command reader failed ("std/in stream corrupted") and killed the fork in a
 * fresh clone.
 */
public final class Command {
    private static final long TIMEOUT_MINUTES = 10;

    private Command() {
    }

    /** Runs {@code command} in {@code dir}; returns its stdout, or throws with the end of its stderr if it failed. */
    public static String run(Path dir, List<String> command) throws IOException {
        String what = String.join(" ", command);
        Path out = Files.createTempFile("datanet-command-", ".out");
        Path err = Files.createTempFile("datanet-command-", ".err");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(what + " did not finish in " + TIMEOUT_MINUTES + " minutes");
            }
            if (p.exitValue() != 0) {
                throw new IOException(what + " failed (exit " + p.exitValue() + "):\n" + tail(Files.readString(err)));
            }
            return Files.readString(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
    }
}
