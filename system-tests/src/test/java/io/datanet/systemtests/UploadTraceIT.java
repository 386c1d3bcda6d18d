package io.datanet.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One upload is one trace, from the client's request through every service its events reach: the client sends a W3C
 * {@code traceparent}, and the spans Zipkin collects from the four processes all belong to that trace and hang
 * together (each span's parent is in the trace, or is the client's own span). Across Kafka the chain goes through
 * the outbox: the request's span is stored with the event, the relay publishes the event as that span's child, and
 * each consumer's span is the publish span's child.
 *
 * <p>The printed tree is the one in deploy/README.md ("Traces").
 */
@ExtendWith(SharedPipeline.class)
@Order(0)   // before the red team, on the same pipeline; its upload is one more for BackupRestoreIT to restore
class UploadTraceIT {

    private static final List<String> COOKING = RedTeam.paragraphs("red-team/cooking.txt");
    private static final Set<String> SERVICES = Set.of("upload-service", "validation-service", "reputation-service",
            "training-service");

    @Test
    void anUploadsTraceSpansUploadValidationReputationAndTraining(RedTeam team) throws Exception {
        String datanet = team.datanet("trace-owner", "Traced kitchen", "Step-by-step cooking instructions");
        SecureRandom random = new SecureRandom();
        String traceId = HexFormat.of().formatHex(random.generateSeed(16));
        String clientSpan = HexFormat.of().formatHex(random.generateSeed(8));
        String upload = team.upload(datanet, "tracer", "traced.jsonl", COOKING.subList(10, 14),
                Map.of("traceparent", "00-" + traceId + "-" + clientSpan + "-01"));
        assertEquals("ACCEPTED", team.decided(upload).path("status").asText());

        // Complete once every service has processed its part: upload-service has applied its verdict and the tier
        // reputation-service announced, and training-service has the verdict in its dataset.
        AtomicReference<List<JsonNode>> spans = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            List<JsonNode> found = new ArrayList<>();
            team.pipeline().traces().trace(traceId).forEach(found::add);
            spans.set(found);
            return processes(found, "upload-service", "reputation.updated")
                    && processes(found, "validation-service", "uploads.received")
                    && processes(found, "reputation-service", "uploads.validated")
                    && processes(found, "training-service", "uploads.validated")
                    && processes(found, "upload-service", "uploads.validated");
        });
        List<JsonNode> trace = spans.get();
        System.out.println("Trace " + traceId + " of upload " + upload + " (" + trace.size() + " spans):\n"
                + tree(trace, clientSpan));

        assertEquals(SERVICES, trace.stream().map(UploadTraceIT::service).collect(Collectors.toSet()));
        Set<String> ids = trace.stream().map(span -> span.path("id").asText()).collect(Collectors.toSet());
        for (JsonNode span : trace) {
            String parent = span.path("parentId").asText();
            assertTrue(parent.equals(clientSpan) || ids.contains(parent), "a span outside the chain: " + span);
        }
        // The request is the root the client named; the first event is published as the request's descendant and
        // consumed as the publish span's child.
        JsonNode request = only(trace, span -> span.path("parentId").asText().equals(clientSpan));
        assertEquals("SERVER", request.path("kind").asText(), request.toString());
        assertEquals("upload-service", service(request));
        JsonNode published = only(trace, span -> span.path("kind").asText().equals("PRODUCER")
                && topic(span).endsWith("uploads.received.v1"));
        assertEquals("upload-service", service(published));
        assertTrue(descends(trace, published, request), "the publish span descends from the request: " + published);
        JsonNode judged = only(trace, span -> span.path("kind").asText().equals("CONSUMER")
                && service(span).equals("validation-service") && span.path("name").asText().endsWith("process"));
        assertEquals(published.path("id").asText(), judged.path("parentId").asText(), judged.toString());
        assertFalse(trace.stream().anyMatch(span -> span.path("tags").has("error")),
                "no span of a successful upload failed");
    }

    /** Whether {@code service} has a span for processing an event of {@code topic}. */
    private static boolean processes(List<JsonNode> spans, String service, String topic) {
        return spans.stream().anyMatch(span -> service(span).equals(service)
                && span.path("kind").asText().equals("CONSUMER") && span.path("name").asText().endsWith("process")
                && topic(span).contains(topic));
    }

    private static String service(JsonNode span) {
        return span.path("localEndpoint").path("serviceName").asText();
    }

    private static String topic(JsonNode span) {
        return span.path("tags").path("messaging.destination.name").asText();
    }

    private static JsonNode only(List<JsonNode> spans, java.util.function.Predicate<JsonNode> which) {
        List<JsonNode> matching = spans.stream().filter(which).toList();
        assertEquals(1, matching.size(), "expected one span, found " + matching);
        return matching.get(0);
    }

    private static boolean descends(List<JsonNode> spans, JsonNode span, JsonNode ancestor) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        spans.forEach(s -> byId.put(s.path("id").asText(), s));
        for (JsonNode at = span; at != null; at = byId.get(at.path("parentId").asText())) {
            if (at.path("id").asText().equals(ancestor.path("id").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The trace as an indented tree, children in start order: service, kind, name, duration. */
    private static String tree(List<JsonNode> spans, String root) {
        StringBuilder out = new StringBuilder();
        print(spans, root, 0, out);
        return out.toString();
    }

    private static void print(List<JsonNode> spans, String parent, int depth, StringBuilder out) {
        spans.stream().filter(span -> span.path("parentId").asText().equals(parent))
                .sorted((a, b) -> Long.compare(a.path("timestamp").asLong(), b.path("timestamp").asLong()))
                .forEach(span -> {
                    out.append("  ".repeat(depth)).append(String.format("%-19s %-8s %s  %.1f ms%n", service(span),
                            span.path("kind").asText("INTERNAL"), span.path("name").asText(),
                            span.path("duration").asLong() / 1000.0));
                    print(spans, span.path("id").asText(), depth + 1, out);
                });
    }
}
