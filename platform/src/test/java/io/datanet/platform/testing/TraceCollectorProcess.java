package io.datanet.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Zipkin, the trace collector of {@code ./datanet up}, as a test's own process on a free loopback port (the jar that
 * {@code deploy/local/zipkin.sh} resolves; spans in memory). Services given {@link #spansEndpoint()} as
 * {@code datanet.traces.zipkin-endpoint} export to it; {@link #trace(String)} reads a trace back through Zipkin's API.
 */
public final class TraceCollectorProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final Path log;
    private final Process process;

    private TraceCollectorProcess(int port, Path log, Process process) {
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts Zipkin and returns once it reports itself healthy. */
    public static TraceCollectorProcess start() {
        Path root = BrokerProcess.projectRoot();
        String jar = ChildProcesses.scriptOutput(root.resolve("deploy/local/zipkin.sh"), "jar");
        int port = ChildProcesses.freePort();
        Path log = Path.of("target", "zipkin", "zipkin-" + System.nanoTime() + ".log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            Process process = ChildProcesses.dieWithThisJvm(new ProcessBuilder(List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-Xms64m", "-Xmx256m", "-XX:+UseG1GC", "-jar", jar,
                            "--server.address=127.0.0.1", "--server.port=" + port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start());
            TraceCollectorProcess collector = new TraceCollectorProcess(port, log, process);
            collector.awaitHealthy();
            return collector;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where services send spans: Zipkin's v2 span API. */
    public String spansEndpoint() {
        return "http://127.0.0.1:" + port + "/api/v2/spans";
    }

    /** Zipkin's UI and API root. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The spans of trace {@code traceId} (32 hex digits) as Zipkin's v2 JSON array; empty while none arrived. */
    public JsonNode trace(String traceId) {
        HttpResponse<String> response = get("/api/v2/trace/" + traceId);
        if (response.statusCode() == 404) {
            return JSON.createArrayNode();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Zipkin answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy() {
        ChildProcesses.awaitReady("Zipkin", process, log, READY_TIMEOUT, () -> get("/health").statusCode() == 200,
                this::close);
    }

    private HttpResponse<String> get(String path) {
        return ChildProcesses.send(HttpRequest.newBuilder(URI.create(url() + path)).GET(), Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        process.destroy();
        ChildProcesses.awaitExit(process);
    }
}
