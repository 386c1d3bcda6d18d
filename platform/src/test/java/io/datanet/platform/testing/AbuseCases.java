package io.datanet.platform.testing;

import static io.datanet.platform.testing.RawHttp.abbreviated;
import static io.datanet.platform.testing.RawHttp.socket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.datanet.platform.testing.RawHttp.Answer;
import io.restassured.RestAssured;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * A table of hostile requests against a running service (its {@code AbuseTest}), and the hostile inputs they are
 * made of. Every case must be answered with the expected 4xx as RFC 9457 problem JSON whose {@code status} is the
 * HTTP status, within 30 s, and must leave the stored state as it found it (the test's own {@code state} probe,
 * made of follow-up GETs); {@link #finish} then checks the service is still ready and reports how many cases ran.
 *
 * <p>Requests go out through the JDK's HTTP client (bytes exactly as given) or, for what no client sends (broken
 * percent-encoding, oversized request lines), through a plain socket.
 */
public final class AbuseCases {

    public static final String PROBLEM_JSON = "application/problem+json";

    /** One request, sent when its case runs. */
    @FunctionalInterface
    public interface Request {
        Answer send() throws Exception;
    }

    /** An endpoint called with a given {@code Authorization} header (null: none). */
    @FunctionalInterface
    public interface Endpoint {
        Answer send(String authorization) throws Exception;
    }

    /** A check of a case that is not a plain refusal: null when it holds, else what went wrong. */
    @FunctionalInterface
    public interface Check {
        String run() throws Exception;
    }

    private final String service;
    private final Supplier<String> state;
    /** Every case tried, in order, with what went wrong (null when it held). */
    private final List<Outcome> outcomes = new ArrayList<>();
    private String lastState;

    private record Outcome(String name, long millis, String failure) {
    }

    /**
     * @param service what {@link #finish} prints, e.g. "upload-service"
     * @param state   what no refused request may change, as text (counts from follow-up GETs)
     */
    public AbuseCases(String service, Supplier<String> state) {
        this.service = service;
        this.state = state;
    }

    /** A hostile request: {@code status} as problem JSON, and the state unchanged. */
    public void expect(String name, int status, Request request) {
        String before = lastState != null ? lastState : state.get();
        Answer answer;
        long start = System.nanoTime();
        try {
            answer = request.send();
        } catch (Exception e) {
            lastState = null;
            record(name, start, "no answer: " + e);
            return;
        }
        long end = System.nanoTime();
        List<String> wrong = new ArrayList<>(problemsWith(answer, status));
        String after = state.get();
        lastState = after;
        if (!before.equals(after)) {
            wrong.add("stored state changed from [" + before + "] to [" + after + "]");
        }
        outcomes.add(new Outcome(name, (end - start) / 1_000_000, wrong.isEmpty() ? null
                : String.join(", ", wrong) + " — " + abbreviated(answer.body())));
    }

    private void record(String name, long start, String failure) {
        outcomes.add(new Outcome(name, (System.nanoTime() - start) / 1_000_000, failure));
    }

    /** The same refusal for each of the given endpoints (e.g. every /api endpoint with a forged token). */
    public void expectEach(int status, Map<String, String> authorizations, Map<String, Endpoint> endpoints) {
        authorizations.forEach((tokenName, authorization) -> endpoints.forEach((endpointName, endpoint) ->
                expect(endpointName + " with " + tokenName, status, () -> endpoint.send(authorization))));
    }

    /** A case judged by the caller (an accepted request, a transport-level answer): counted, failed if it says so. */
    public void check(String name, Check check) {
        lastState = null;
        long start = System.nanoTime();
        String wrong;
        try {
            wrong = check.run();
        } catch (Exception | AssertionError e) {
            wrong = e.toString();
        }
        record(name, start, wrong);
    }

    /**
     * Requests the HTTP codec refuses before any route sees them, sent to {@code path}: a request target with broken
     * percent-encoding (400), a 10 KB request line (414), a 64 KB header (431). They get the codec's bare answer, not
     * problem JSON; what is checked is the status, and that nothing changed.
     */
    public void expectRefusedByTheHttpLayer(String path, String authorization) {
        Map<String, Integer> statuses = new LinkedHashMap<>();
        statuses.put("broken percent-encoding", 400);
        statuses.put("a 10 KB request line", 414);
        statuses.put("a 64 KB header", 431);
        statuses.forEach((what, status) -> check(path + " with " + what, () -> {
            String before = state.get();
            Answer answer = switch (what) {
                case "broken percent-encoding" -> socket("GET", path + "/%ZZ%", authorization, List.of());
                case "a 10 KB request line" -> socket("GET", path + "/" + "a".repeat(10 * 1024), authorization, List.of());
                default -> socket("GET", path, authorization, List.of("X-Padding: " + "p".repeat(64 * 1024)));
            };
            String after = state.get();
            return answer.status() != status ? "status " + answer.status() + " instead of " + status
                    : before.equals(after) ? null : "stored state changed from [" + before + "] to [" + after + "]";
        }));
    }

    /** Forget the remembered state: the test changed it on purpose between cases. */
    public void stateChanged() {
        lastState = null;
    }

    public int cases() {
        return outcomes.size();
    }

    /**
     * The table's report: one test per case, named for it, that fails with what went wrong; then that the service is
     * still ready, and that the table has the size the test declares (RELIABILITY.md reports it). Prints
     * "{service} abuse: N cases" and the slowest. The cases ran as the table was built, in order (each one's state
     * probe compares with the one before); these tests report them one by one.
     */
    public Stream<DynamicTest> finish(int expectedCases) {
        System.out.println(service + " abuse: " + outcomes.size() + " cases");
        System.out.println(service + " abuse: slowest " + outcomes.stream()
                .sorted(Comparator.comparingLong(Outcome::millis).reversed()).limit(8)
                .map(outcome -> printable(outcome.name()) + " " + outcome.millis() + " ms").toList());
        Stream<DynamicTest> each = outcomes.stream().map(outcome -> DynamicTest.dynamicTest(printable(outcome.name()),
                () -> {
                    if (outcome.failure() != null) {
                        fail(printable(outcome.name()) + ": " + outcome.failure());   // the report names the case
                    }
                }));
        Stream<DynamicTest> after = Stream.of(
                DynamicTest.dynamicTest(service + " is still ready",
                        () -> RestAssured.given().get("/q/health/ready").then().statusCode(200)),
                DynamicTest.dynamicTest("the table has " + expectedCases + " cases",
                        () -> assertEquals(expectedCases, outcomes.size(), "cases tried")));
        return Stream.concat(each, after);
    }

    /** What is wrong with {@code answer} as the refusal {@code status}: nothing when the list is empty. */
    public static List<String> problemsWith(Answer answer, int status) {
        List<String> wrong = new ArrayList<>();
        if (answer.status() != status) {
            wrong.add("status " + answer.status() + " instead of " + status);
        }
        // RFC 9110 15.5.6: a 405 names the methods the resource does support.
        if (answer.status() == 405 && !answer.header("Allow").filter(allow -> allow.matches(
                "(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)(, ?(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS))*")).isPresent()) {
            wrong.add("a 405 without an Allow header naming the resource's methods: " + answer.header("Allow"));
        }
        if (answer.contentType() == null || !answer.contentType().startsWith(PROBLEM_JSON)) {
            wrong.add("content type " + answer.contentType());
        } else {
            try {
                JsonNode problem = answer.json();
                if (problem.path("status").asInt() != answer.status()) {
                    wrong.add("problem status " + problem.path("status") + " on a " + answer.status());
                }
            } catch (IOException e) {
                wrong.add("body is not JSON");
            }
        }
        return wrong;
    }

    /** {@code s} with control and format characters escaped, cut at 60 characters: for case names. */
    public static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(60).forEach(c -> out.append(c < 0x20 || c == 0x7F || Character.getType(c) == Character.FORMAT
                ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
        return "'" + out + (s.length() > 60 ? "…' (" + s.length() + " chars)" : "'");
    }
}
