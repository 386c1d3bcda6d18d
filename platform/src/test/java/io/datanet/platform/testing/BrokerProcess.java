package io.datanet.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * An Apache Kafka broker of a test's own, run as a separate process in KRaft combined mode (broker and controller in
 * one node) from the jars {@code deploy/local/kafka.sh} resolves, on free loopback ports, with its data under
 * {@code target/}. Tests that crash the broker ({@link #kill()}, SIGKILL) use it so the shared broker on 9092, which
 * other tests and people use at the same time, is never disturbed. {@link #restart()} starts it again on the same
 * ports with the same data, as a broker node that crashed and came back.
 */
public final class BrokerProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path root;
    private final String classpath;
    private final Path dataDir;
    private final Path config;
    private final Path log;
    private final int port;
    private Process process;
    private int starts;

    private BrokerProcess(Path root, String classpath, Path home, int port, int controllerPort) {
        this.root = root;
        this.classpath = classpath;
        this.dataDir = home.resolve("data");
        this.config = home.resolve("server.properties");
        this.log = home.resolve("broker.log");
        this.port = port;
        writeConfig(controllerPort);
    }

    /** Formats a new single-node cluster under {@code target/kafka/<name>-...} and starts it; returns once it answers. */
    public static BrokerProcess start(String name) {
        Path root = projectRoot();
        Path home = Path.of("target", "kafka", name + "-" + System.nanoTime()).toAbsolutePath();
        BrokerProcess broker = new BrokerProcess(root, kafkaClasspath(root), home, ChildProcesses.freePort(),
                ChildProcesses.freePort());
        broker.format();
        broker.launch();
        return broker;
    }

    /** The address clients use, {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** SIGKILL: no controlled shutdown, no flush; the next start recovers the logs as after a crash. */
    public void kill() {
        process.destroyForcibly();
        ChildProcesses.awaitExit(process);
    }

    /** Starts the broker again on the same ports with the same data, and waits until it answers. */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("still running; kill() first");
        }
        launch();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Kills the broker and deletes its data (the log stays, for reading after a failure). */
    @Override
    public void close() {
        if (alive()) {
            kill();
        }
        deleteRecursively(dataDir);
    }

    private void writeConfig(int controllerPort) {
        // The settings of the local broker of deploy/local/kafka.sh, on this broker's own ports and directory, without
        // its listener security: the tests that start their own broker crash it, and the shared one checks access.
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir,
                "num.partitions=3",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "");
        try {
            Files.createDirectories(dataDir);
            Files.writeString(config, properties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void format() {
        List<String> command = java("kafka.tools.StorageTool", "format", "-t", newClusterId(), "-c", config.toString(),
                "--ignore-formatted");
        try {
            Process formatting = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
            if (!formatting.waitFor(60, TimeUnit.SECONDS) || formatting.exitValue() != 0) {
                formatting.destroyForcibly();
                throw new IllegalStateException("formatting the broker's storage failed (" + command + "); log "
                        + log + " ends with:\n" + errorLines(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void launch() {
        try {
            process = ChildProcesses.dieWithThisJvm(new ProcessBuilder(java("kafka.Kafka", config.toString()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start());
            starts++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the broker", e);
        }
        awaitReady();
    }

    /** Ready when the broker answers a metadata request, not merely when its port is open. */
    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("broker exited with " + process.exitValue() + " (start " + starts
                        + "); log: " + log);
            }
            try (Admin client = Admin.create(admin)) {
                client.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (Exception notYet) {
                ChildProcesses.sleep(250);
            }
        }
        throw new IllegalStateException("broker not ready within " + READY_TIMEOUT + "; log: " + log);
    }

    private List<String> java(String mainClass, String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx512m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + root.resolve("deploy/local/kafka/log4j2.properties"),
                "-cp", classpath, mainClass));
        command.addAll(List.of(arguments));
        return command;
    }

    /**
     * The broker's classpath as {@code deploy/local/kafka.sh classpath} prints it; the script resolves Kafka's jars
     * from the Maven repositories the first time (./datanet test has usually done so already).
     */
    private static String kafkaClasspath(Path root) {
        return ChildProcesses.scriptOutput(root.resolve("deploy/local/kafka.sh"), "classpath");
    }

    /** The repository root: {@code -Ddatanet.root}, else the nearest directory upwards holding deploy/local/kafka.sh. */
    static Path projectRoot() {
        String configured = System.getProperty("datanet.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/local/kafka.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no deploy/local/kafka.sh above " + Path.of("").toAbsolutePath()
                + "; set -Ddatanet.root");
    }

    /**
     * Kafka's cluster ids are 16 random bytes in URL-safe base64 without padding. Like Kafka's own
     * Uuid.randomUuid(), never one starting with '-': the storage tool would parse it as an option.
     */
    static String newClusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    /** The log's unindented lines (Kafka prints its whole config indented first), last 20 of them. */
    private static String errorLines(Path log) {
        try (var lines = Files.lines(log)) {
            List<String> unindented = lines.filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0))).toList();
            return String.join("\n", unindented.subList(Math.max(0, unindented.size() - 20), unindented.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Leftover data under target/ only costs disk until the next clean.
        }
    }
}
