package io.datanet.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** The Datanet checkout a test runs in, found from the working directory (a module's folder, under Maven). */
public final class Checkout {
    private Checkout() {
    }

    /** The nearest folder above the working directory that holds the {@code datanet} script and {@code deploy/}. */
    public static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("datanet")) && Files.isDirectory(p.resolve("deploy"))) return p;
        }
        throw new IllegalStateException("not inside a Datanet checkout: " + Path.of("").toAbsolutePath());
    }
}
