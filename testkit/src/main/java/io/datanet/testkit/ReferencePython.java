package io.datanet.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference implementations the trainer is held against (PyTorch, transformers, PEFT, tokenizers), run as a
 * Python program in the project's interop environment. {@code deploy/local/python-env.sh} makes that environment
 * offline from the machine's wheels on first use, so a test never skips for want of it: it fails, with the reason.
 */
public final class ReferencePython {
    private static Path python;

    private ReferencePython() {
    }

    /**
     * Runs {@code script args...} in the working directory (relative paths mean what they mean to the test);
     * returns what it printed on stdout, or throws with its stderr if it failed.
     */
    public static String run(Path script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(python().toString(), script.toString()));
        command.addAll(List.of(args));
        return Command.run(Path.of("").toAbsolutePath(), command);
    }

    /** The environment's python, made by the project's script if it is not there yet. */
    public static synchronized Path python() throws IOException {
        if (python == null) {
            Path envScript = Checkout.root().resolve("deploy/local/python-env.sh");
            python = Path.of(Command.run(Checkout.root(), List.of("bash", envScript.toString())).strip());
        }
        return python;
    }
}
