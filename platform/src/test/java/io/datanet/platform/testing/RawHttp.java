package io.datanet.platform.testing;

import static io.datanet.platform.testing.HostileInputs.filled;

import com.fasterxml.jackson.databind.JsonNode;
import io.datanet.events.DatanetJson;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Requests to the service under test (on REST Assured's port) exactly as given, for tests that send what a
 * well-behaved client would not: the JDK's HTTP client for bytes as given, and a plain socket for what no client sends
 * (broken percent-encoding, oversized request lines, a body announced but not sent, a chunked body read back while
 * it is written). The answers come back as {@link Answer}s, unjudged.
 */
public final class RawHttp {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private RawHttp() {
    }

    /** An answer: its status, content type, body and headers (names in lower case). */
    public record Answer(int status, String contentType, String body, Map<String, List<String>> headers) {

        public Answer(int status, String contentType, String body) {
            this(status, contentType, body, Map.of());
        }

        public Optional<String> header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()).stream().findFirst();
        }

        public JsonNode json() throws IOException {
            return DatanetJson.mapper().readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + abbreviated(body);
        }
    }


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

    /** Parses JSON text. */
    public static JsonNode json(String text) throws IOException {
        return DatanetJson.mapper().readTree(text);
    }

    public static String abbreviated(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
