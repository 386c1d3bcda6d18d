package io.datanet.platform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.smallrye.jwt.build.Jwt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
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
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Random RANDOM = new Random(20261125);

    /** An HTTP answer. */
    /** An answer: its status, content type, body and headers (names in lower case). */
    public record Answer(int status, String contentType, String body, Map<String, List<String>> headers) {

        public Answer(int status, String contentType, String body) {
            this(status, contentType, body, Map.of());
        }

        public Optional<String> header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()).stream().findFirst();
        }

        public JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + abbreviated(body);
        }
    }

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

    // ------------------------------------------------------------------------------------------------ requests

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /**
     * Reads state with a GET that must answer 200, outside REST Assured: the reads before and after each hostile
     * request are a test's probe, not its subject, and need no OpenAPI check each (thousands of identical ones).
     */
    public static JsonNode probe(String path, String token) {
        Answer answer;
        try {
            answer = json("GET", path, token, null);
        } catch (Exception e) {
            throw new IllegalStateException("reading " + path + ": " + e, e);
        }
        if (answer.status() != 200) {
            throw new IllegalStateException("reading " + path + " answered " + answer.status() + ": " + answer.body());
        }
        try {
            return answer.json();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path + ": not JSON", e);
        }
    }

    /** A JSON body (or none when null) sent with a bearer token (or none when null). */
    public static Answer json(String method, String path, String token, String body) throws Exception {
        return send(method, path, token == null ? null : bearer(token), body == null ? null : "application/json",
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** Any bytes with any content type. */
    public static Answer raw(String method, String path, String token, String contentType, byte[] body) throws Exception {
        return send(method, path, token == null ? null : bearer(token), contentType, body, Map.of());
    }

    public static Answer send(String method, String path, String authorization, String contentType, byte[] body,
                              Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    /**
     * A multipart/form-data body with one part {@code field} holding {@code content}, written by hand so the file
     * name goes out exactly as given (only '"' is escaped, as %22, the way browsers do).
     */
    public static Answer multipart(String path, String authorization, String field, String fileName, byte[] content,
                                   Map<String, String> headers) throws Exception {
        String boundary = "abuse" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + fileName.replace("\"", "%22") + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send("POST", path, authorization, "multipart/form-data; boundary=" + boundary, body.toByteArray(), headers);
    }

    /**
     * A multipart file part of {@code fileBytes} bytes, sent chunked (no Content-Length, so the size is only found
     * out while reading), with the answer read while the body is still being written. The answer must come, and the
     * connection must then be closed by the server: read to its end, or this waits out the timeout.
     */
    public static Answer chunkedMultipart(String path, String authorization, String field, int fileBytes) throws Exception {
        String boundary = "abusechunked";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field
                + "\"; filename=\"chunked.txt\"\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + authorization
                    + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            Thread writer = new Thread(() -> {
                try {
                    writeChunk(out, head);
                    byte[] chunk = filled(64 * 1024);
                    for (int sent = 0; sent < fileBytes; sent += chunk.length) {
                        writeChunk(out, sent + chunk.length <= fileBytes ? chunk : Arrays.copyOf(chunk, fileBytes - sent));
                    }
                    writeChunk(out, tail);
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException refused) {
                    // the server answered and closed before the whole body was written: as it should
                }
            });
            writer.start();
            Answer answer = parse(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            writer.join(TIMEOUT.toMillis());
            return answer;
        }
    }

    private static void writeChunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A request written to a socket as is (for what HTTP clients refuse to send), with {@code Host} and
     * {@code Connection: close} added; the answer is read until the server closes the connection.
     */
    public static Answer socket(String method, String target, String authorization, List<String> headers) throws IOException {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        headers.forEach(h -> head.append(h).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return parse(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The first response in {@code response}, raw HTTP/1.1 as read from a socket. */
    private static Answer parse(String response) {
        int end = response.indexOf("\r\n\r\n");
        String[] lines = (end < 0 ? response : response.substring(0, end)).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line : Arrays.asList(lines).subList(1, lines.length)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
        String contentType = headers.getOrDefault("content-type", List.of()).stream().findFirst().orElse(null);
        return new Answer(status, contentType, end < 0 ? "" : response.substring(end + 4), headers);
    }

    /**
     * Announces a body of {@code contentLength} bytes with {@code Expect: 100-continue} and sends none of it, as a
     * careful client does before a large upload: a service that refuses the size answers at once and closes. (Sending
     * the body regardless races that close: the client may see the connection reset before it reads the answer.)
     */
    public static Answer announced(String method, String path, String authorization, String contentType, long contentLength)
            throws IOException {
        return socket(method, path, authorization, List.of("Content-Type: " + contentType,
                "Content-Length: " + contentLength, "Expect: 100-continue"));
    }

    private static Answer send(HttpRequest request) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                response.body(), headers);
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + RestAssured.port + path);
    }

    // ------------------------------------------------------------------------------------------------ hostile inputs

    /**
     * Path segments that are not ids, percent-encoded as sent, and the answer a lookup by such an id gets: 400 for
     * control characters (NUL, CR LF: refused before any lookup), 404 for the rest (traversal through encoded
     * slashes, SQL, a right-to-left override and an emoji, an overlong UTF-8 '/', 3,000 characters).
     */
    public static Map<String, Integer> oddIds() {
        Map<String, Integer> ids = new LinkedHashMap<>();
        ids.put("%00", 400);
        ids.put("%0D%0AX-Injected:%201", 400);
        ids.put("..%2F..%2F..%2Fetc%2Fpasswd", 404);
        ids.put("x'%20OR%20'1'%3D'1", 404);
        ids.put("%E2%80%AE%F0%9F%92%A5", 404);
        ids.put("%C0%AF", 404);
        ids.put("a".repeat(3000), 404);
        return ids;
    }

    /**
     * {@code Authorization} headers that must not authenticate anyone: none, not a JWT, the Basic scheme, an
     * unsigned token (alg none), another key's signature, claims edited after signing, an expired token, another
     * issuer, and HS256 keyed with the service's public key (algorithm confusion). The forged ones claim
     * {@code subject} with every role.
     */
    public static Map<String, String> forgedAuthorizations(String subject) throws Exception {
        Set<String> allRoles = Set.of("contributor", "validator", "operator");
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("no token", null);
        tokens.put("a malformed token", "Bearer not.a.jwt");
        tokens.put("a Basic header", "Basic " + Base64.getEncoder().encodeToString((subject + ":secret")
                .getBytes(StandardCharsets.UTF_8)));
        long now = Instant.now().getEpochSecond();
        String claims = base64Url("{\"iss\":\"datanet\",\"aud\":\"datanet\",\"sub\":\"" + subject + "\",\"upn\":\"" + subject
                + "\",\"groups\":[\"contributor\",\"validator\",\"operator\"],\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}");
        tokens.put("an unsigned token (alg none)", "Bearer " + base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + claims + ".");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey stranger = generator.generateKeyPair().getPrivate();
        tokens.put("a token signed by another key", bearer(Jwt.issuer("datanet").audience(TestTokens.AUDIENCE).subject(subject).upn(subject)
                .groups(allRoles).expiresIn(Duration.ofHours(1)).sign(stranger)));
        String[] genuine = TestTokens.contributor(subject).split("\\.");
        tokens.put("a token whose claims were edited after signing", "Bearer " + genuine[0] + "." + claims + "." + genuine[2]);
        tokens.put("an expired token", bearer(TestTokens.expired(subject, "contributor", "validator", "operator")));
        tokens.put("a token from another issuer", bearer(Jwt.issuer("someone-else").audience(TestTokens.AUDIENCE).subject(subject).upn(subject)
                .groups(allRoles).expiresIn(Duration.ofHours(1)).sign(TestKeys.privateKey())));
        tokens.put("an HS256 token keyed with the public key", bearer(Jwt.issuer("datanet").audience(TestTokens.AUDIENCE).subject(subject).upn(subject)
                .groups(allRoles).expiresIn(Duration.ofHours(1)).signWithSecret(Files.readString(TestKeys.publicKeyPath()))));
        return tokens;
    }

    /**
     * {@code Authorization} headers with tokens signed by the right key and issuer whose claims break the platform's
     * token rules (platform's TokenRules and the smallrye-jwt settings beside it): no role, or an unknown one; no
     * audience or another one; a lifetime of 100 years or just over the 24 h bound; issued in the future, or with no
     * {@code iat}; a {@code sub} that is missing (only {@code upn}), empty, too long or not an id (NUL, CR LF, a
     * right-to-left override, a slash). Each must be 401, never 500, and store nothing.
     */
    public static Map<String, String> tokensBreakingTheRules(String subject) {
        long now = Instant.now().getEpochSecond();
        String roles = "\"groups\":[\"contributor\",\"validator\",\"operator\"]";
        String hour = "\"iat\":" + now + ",\"exp\":" + (now + 3600);
        String sub = "\"sub\":\"" + subject + "\"";
        String aud = "\"aud\":\"datanet\"";
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("a token without groups", signed(sub, aud, hour));
        tokens.put("a token with groups [\"admin\"]", signed(sub, aud, hour, "\"groups\":[\"admin\"]"));
        tokens.put("a token with groups []", signed(sub, aud, hour, "\"groups\":[]"));
        tokens.put("a token without aud", signed(sub, roles, hour));
        tokens.put("a token for another audience", signed(sub, roles, hour, "\"aud\":\"someone-else\""));
        tokens.put("a token living 100 years", signed(sub, aud, roles, "\"iat\":" + now + ",\"exp\":" + (now + 100L * 365 * 86400)));
        tokens.put("a token living 25 hours", signed(sub, aud, roles, "\"iat\":" + now + ",\"exp\":" + (now + 25 * 3600)));
        tokens.put("a token issued a year from now", signed(sub, aud, roles,
                "\"iat\":" + (now + 365 * 86400) + ",\"exp\":" + (now + 365 * 86400 + 3600)));
        tokens.put("a token without iat", signed(sub, aud, roles, "\"exp\":" + (now + 3600)));
        tokens.put("a token without sub (upn only)", signed("\"upn\":\"" + subject + "\"", aud, roles, hour));
        tokens.put("a token with an empty sub", signed("\"sub\":\"\"", aud, roles, hour));
        tokens.put("a token whose sub holds NUL", signed("\"sub\":\"" + subject + "\\u0000x\"", aud, roles, hour));
        tokens.put("a token whose sub holds CR LF", signed("\"sub\":\"" + subject + "\\r\\nX-Injected: 1\"", aud, roles, hour));
        tokens.put("a token whose sub holds U+202E", signed("\"sub\":\"\\u202e" + subject + "\"", aud, roles, hour));
        tokens.put("a token whose sub holds a slash", signed("\"sub\":\"../" + subject + "\"", aud, roles, hour));
        tokens.put("a token whose sub is 3,000 characters", signed("\"sub\":\"" + "s".repeat(3000) + "\"", aud, roles, hour));
        return tokens;
    }

    /** A bearer token of these JSON members (and the issuer "datanet"), signed RS256 with the test key. */
    private static String signed(String... members) {
        String header = base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        String claims = base64Url("{\"iss\":\"datanet\"," + String.join(",", members) + "}");
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(TestKeys.privateKey());
            rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return bearer(header + "." + claims + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Seeded random bytes starting with a NUL, so certainly not text. */
    public static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        synchronized (RANDOM) {
            RANDOM.nextBytes(bytes);
        }
        bytes[0] = 0;
        return bytes;
    }

    public static byte[] filled(int n) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, (byte) 'a');
        return bytes;
    }

    /** {@code depth} nested JSON arrays. */
    public static String nestedArrays(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    /** {@code depth} nested JSON objects. */
    public static String nestedObjects(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    /** Parses JSON text. */
    public static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** {@code s} with control and format characters escaped, cut at 60 characters: for case names. */
    public static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(60).forEach(c -> out.append(c < 0x20 || c == 0x7F || Character.getType(c) == Character.FORMAT
                ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
        return "'" + out + (s.length() > 60 ? "…' (" + s.length() + " chars)" : "'");
    }

    public static String abbreviated(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
