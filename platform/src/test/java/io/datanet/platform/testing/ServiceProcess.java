package io.datanet.platform.testing;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service run as a real separate process from its packaged jar ({@code target/quarkus-app/quarkus-run.jar}),
 * so tests can {@link #kill()} it with SIGKILL at any moment and start it again: the crash tests the reliability
 * rules ask for. Used by failsafe integration tests ({@code *IT}), which run after {@code package}.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path jar;
    private final List<String> jvmOptions;
    private final Map<String, String> config;
    private final int port;
    private final Path log;
    private Process process;
    private int starts;

    private ServiceProcess(Path jar, List<String> jvmOptions, Map<String, String> config, int port, Path log) {
        this.jar = jar;
        this.jvmOptions = jvmOptions;
        this.config = config;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the module's packaged service with {@code config} (usually an {@link IsolatedEnvironment}'s) and waits
     * until ready. Extra JVM options come from the module's failsafe configuration, system property
     * {@code datanet.service.jvm-args} (training-service: the Vector API module).
     */
    public static ServiceProcess start(String name, Map<String, String> config) {
        List<String> jvmOptions = new ArrayList<>();
        for (String option : System.getProperty("datanet.service.jvm-args", "").split("\\s+")) {
            if (!option.isBlank()) {
                jvmOptions.add(option);
            }
        }
        return start(name, Path.of("target", "quarkus-app", "quarkus-run.jar"), config, jvmOptions);
    }

    /**
     * Starts the service packaged at {@code jar} (another module's, for tests that run several services) with these
     * extra JVM options and {@code config}, and waits until ready.
     */
    public static ServiceProcess start(String name, Path jar, Map<String, String> config, List<String> jvmOptions) {
        Path absoluteJar = jar.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absoluteJar)) {
            throw new IllegalStateException(absoluteJar + " missing: integration tests run after package (mvn verify)");
        }
        ServiceProcess service = new ServiceProcess(absoluteJar, List.copyOf(jvmOptions), new LinkedHashMap<>(config),
                ChildProcesses.freePort(), Path.of("target", "service-logs", name + "-" + System.nanoTime() + ".log").toAbsolutePath());
        service.launch();
        return service;
    }

    private void launch() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.addAll(jvmOptions);   // after the default heap, so a -Xmx here wins
        command.add("-Dquarkus.http.port=" + port);
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(log.getParent());
            File logFile = log.toFile();
            process = ChildProcesses.dieWithThisJvm(new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(starts == 0 ? ProcessBuilder.Redirect.to(logFile) : ProcessBuilder.Redirect.appendTo(logFile))
                    .start());
            starts++;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + jar, e);
        }
        awaitReady(Duration.ofSeconds(90));
    }

    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("service exited with " + process.exitValue() + "; log: " + log);
            }
            if (ready()) {
                return;
            }
            ChildProcesses.sleep(250);
        }
        throw new IllegalStateException("service not ready within " + timeout + "; log: " + log);
    }

    public boolean ready() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: no shutdown hooks, no draining; whatever was in flight is cut off. */
    public void kill() {
        process.destroyForcibly();
        ChildProcesses.awaitExit(process);
    }

    /** SIGTERM: the graceful shutdown path (drains in-flight work). */
    public void stop() {
        process.destroy();
        ChildProcesses.awaitExit(process);
    }

    /** Starts the same service again on the same port with the same configuration. */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("still running; kill() or stop() first");
        }
        launch();
    }

    /** Starts the service again with some settings changed (e.g. a relay paused in the first life). */
    public void restartWith(Map<String, String> overrides) {
        config.putAll(overrides);
        restart();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
