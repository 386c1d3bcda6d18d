package io.datanet.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** What {@link ServiceProcess}, {@link BrokerProcess} and {@link TraceCollectorProcess} need to run a child JVM on loopback. */
final class ChildProcesses {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ChildProcesses() {
    }

    /** A port nothing listens on right now (the child binds it a moment later; collisions are vanishingly rare). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Kills {@code child} if this JVM dies first. A test JVM that is itself killed (a cancelled build, a CI
     * timeout) runs no shutdown hooks, and its brokers and services would keep their ports and files: a small
     * shell watches both and kills the child once this JVM is gone; it ends with the child.
     */
    static Process dieWithThisJvm(Process child) {
        return watch(child, String.valueOf(child.pid()));
    }

    /**
     * {@link #dieWithThisJvm(Process)} for a child started under {@code setsid}, whose own children (a launcher
     * script's JVM) share its process group: the whole group is killed.
     */
    static Process groupDiesWithThisJvm(Process leader) {
        return watch(leader, "-- -" + leader.pid());
    }

    private static Process watch(Process child, String killTarget) {
        long parent = ProcessHandle.current().pid();
        String watch = "while kill -0 " + parent + " 2>/dev/null && kill -0 " + child.pid() + " 2>/dev/null; do "
                + "sleep 1; done; kill -9 " + killTarget + " 2>/dev/null; exit 0";
        try {
            new ProcessBuilder("bash", "-c", watch).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not watch child process " + child.pid(), e);
        }
        return child;
    }

    /**
     * The last line {@code script argument} prints: what a deploy/local script resolves for the tests (a classpath, a
     * jar), fetching it from the Maven repositories the first time.
     */
    static String scriptOutput(Path script, String argument) {
        try {
            Path output = Files.createTempFile("script-output", ".txt");
            try {
                Process process = new ProcessBuilder("bash", script.toString(), argument)
                        .redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    throw new IllegalStateException(script.getFileName() + " " + argument + " failed");
                }
                List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
                return lines.get(lines.size() - 1).strip();
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Polls {@code ready} (an I/O failure counts as not yet) until it holds; throws, naming {@code log}, if
     * {@code process} dies first or {@code timeout} passes (then {@code onTimeout} runs first, to stop it).
     */
    static void awaitReady(String name, Process process, Path log, Duration timeout, BooleanSupplier ready,
                           Runnable onTimeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log: " + log);
            }
            try {
                if (ready.getAsBoolean()) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            sleep(250);
        }
        onTimeout.run();
        throw new IllegalStateException(name + " not ready within " + timeout + "; log: " + log);
    }

    /**
     * Sends {@code request} to a child (or a service) on loopback and reads the answer as text; an I/O failure is
     * unchecked (not listening yet, for {@link #awaitReady}).
     */
    static HttpResponse<String> send(HttpRequest.Builder request, Duration timeout) {
        try {
            return HTTP.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void awaitExit(Process process) {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
