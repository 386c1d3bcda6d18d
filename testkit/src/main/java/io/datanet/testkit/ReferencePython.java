package io.datanet.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference implementations the trainer is held against (PyTorch, transformers, PEFT, tokenizers), run as a
 * Python program in the project's interop environment. {@code deploy/local/python-env.sh} makes that environment
 * offline from the machine's wheels on first use, so a test never skips for want of it: it fails, with the reason.
 */
public final class ReferencePython {
    private static final long TIMEOUT_MINUTES = 10;
    private static Path python;

    private ReferencePython() {
    }

    /** Runs {@code script args...}; returns what it printed on stdout, or throws with its stderr if it failed. */
    public static String run(Path script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(python().toString(), script.toString()));
        command.addAll(List.of(args));
        return exec(command, "python " + script.getFileName());
    }

    /** The environment's python, made by the project's script if it is not there yet. */
    public static synchronized Path python() throws IOException {
        if (python == null) {
            Path envScript = Checkout.root().resolve("deploy/local/python-env.sh");
            python = Path.of(exec(List.of("bash", envScript.toString()), "python-env.sh").strip());
        }
        return python;
    }

    /**
     * Runs a command with stdin from /dev/null and its output in files, not inherited: Surefire reads the test
     * JVM's stdout as its channel (see {@link NpmPackages}).
     */
    private static String exec(List<String> command, String what) throws IOException {
        Path out = Files.createTempFile("datanet-ref-", ".out");
        Path err = Files.createTempFile("datanet-ref-", ".err");
        try {
            Process p = new ProcessBuilder(command)
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
