package io.datanet.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datanet.platform.testing.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * What the red-team players do, over the services' public HTTP APIs as any client would: create a datanet, upload
 * JSONL files, wait for their verdicts, read standings and the copy evidence.
 */
final class RedTeam {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration VERDICT_BOUND = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Pipeline pipeline;
    private final Map<String, String> uploaders = new LinkedHashMap<>();

    RedTeam(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    Pipeline pipeline() {
        return pipeline;
    }

    /** Every upload this team made, in order. */
    List<String> uploads() {
        return List.copyOf(uploaders.keySet());
    }

    /** A datanet of JSONL files judged automatically, about {@code description}; its id. */
    String datanet(String owner, String name, String description) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("description", description)
                .put("reviewMode", "auto");
        body.putArray("tags").add("cooking").add("recipes");
        body.putArray("fileTypes").add("jsonl");
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(pipeline.url(Service.UPLOAD)
                        + "/api/datanets")).header("Authorization", "Bearer " + TestTokens.contributor(owner))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("creating datanet " + name + ": " + response.statusCode() + " "
                    + response.body());
        }
        String id = JSON.readTree(response.body()).path("id").asText();
        Thread.sleep(1500);   // the definition reaches validation as an event; uploads carry their rules anyway
        return id;
    }

    /** Uploads the records as one JSONL file; the upload's id. */
    String upload(String datanet, String contributor, String fileName, List<String> records) throws Exception {
        return upload(datanet, contributor, fileName, records, Map.of());
    }

    /** {@link #upload(String, String, String, List)} with more request headers (a client's {@code traceparent}). */
    String upload(String datanet, String contributor, String fileName, List<String> records,
                  Map<String, String> headers) throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (String record : records) {
            jsonl.append(JSON.createObjectNode().put("text", record)).append('\n');
        }
        String boundary = "red-team-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(jsonl.toString().getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(pipeline.url(Service.UPLOAD)
                        + "/api/datanets/" + datanet + "/uploads"))
                .header("Authorization", "Bearer " + TestTokens.contributor(contributor))
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        headers.forEach(request::header);
        HttpResponse<String> response = send(request.build());
        if (response.statusCode() != 202) {
            throw new IllegalStateException(contributor + " uploading " + fileName + ": " + response.statusCode()
                    + " " + response.body());
        }
        String id = JSON.readTree(response.body()).path("id").asText();
        uploaders.put(id, contributor);
        return id;
    }

    /** The upload as upload-service shows it to its contributor, once validation has decided it. */
    JsonNode decided(String uploadId) {
        AtomicReference<JsonNode> view = new AtomicReference<>();
        Awaitility.await().atMost(VERDICT_BOUND).pollInterval(Duration.ofMillis(250)).until(() -> {
            view.set(get(pipeline.url(Service.UPLOAD) + "/api/uploads/" + uploadId,
                    TestTokens.contributor(uploaders.get(uploadId))));
            return !view.get().path("status").asText().equals("RECEIVED");
        });
        return view.get();
    }

    /** The contributor's line of the datanet's leaderboard, once reputation-service has applied that many verdicts. */
    JsonNode standing(String datanet, String contributor, int verdicts) {
        AtomicReference<JsonNode> line = new AtomicReference<>();
        Awaitility.await().atMost(VERDICT_BOUND).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonNode board = get(pipeline.url(Service.REPUTATION) + "/api/leaderboard?datanet=" + datanet
                    + "&size=100", TestTokens.contributor("red-team-reader"));
            for (JsonNode item : board.path("items")) {
                if (item.path("contributorId").asText().equals(contributor)
                        && item.path("accepted").asInt() + item.path("rejected").asInt() == verdicts) {
                    line.set(item);
                    return true;
                }
            }
            return false;
        });
        return line.get();
    }

    /** Who copied whom in the datanet, as validators see it. */
    JsonNode copies(String datanet) throws Exception {
        return get(pipeline.url(Service.VALIDATION) + "/api/copies?datanet=" + datanet,
                TestTokens.validator("red-team-validator"));
    }

    /** "REASON ×n, ..." of an upload's reason counts. */
    static String reasons(JsonNode upload) {
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = upload.path("reasonCounts").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> reason = it.next();
            parts.add("`" + reason.getKey() + "` ×" + reason.getValue().asInt());
        }
        return String.join(", ", parts);
    }

    /** The paragraphs of a text resource: blank-line separated, # lines are comments. */
    static List<String> paragraphs(String resource) {
        try (InputStream in = RedTeam.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            List<String> paragraphs = new ArrayList<>();
            for (String block : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\n\\s*\\n")) {
                String text = block.lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + " " + b).strip();
                if (!text.isEmpty()) {
                    paragraphs.add(text);
                }
            }
            return paragraphs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Words a copier swaps for others that mean the same, all at once (no swap is swapped again). */
    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("stock", "broth"), Map.entry("pot", "pan"), Map.entry("cold", "chilled"),
            Map.entry("bare", "faint"), Map.entry("skim", "spoon"), Map.entry("foam", "froth"),
            Map.entry("rises", "climbs"), Map.entry("leave", "let"), Map.entry("murmur", "bubble"),
            Map.entry("strain", "sieve"), Map.entry("cloth", "muslin"), Map.entry("fat", "grease"),
            Map.entry("wide", "broad"), Map.entry("patience", "forbearance"), Map.entry("constant", "continual"),
            Map.entry("stirring", "mixing"), Map.entry("toast", "fry"), Map.entry("edges", "rims"),
            Map.entry("glass", "cup"), Map.entry("hot", "warm"), Map.entry("ladle", "scoop"),
            Map.entry("grains", "kernels"), Map.entry("tender", "soft"), Map.entry("beat", "whip"),
            Map.entry("grated", "shredded"), Map.entry("ready", "prepared"), Map.entry("shaping", "forming"),
            Map.entry("floured", "dusted"), Map.entry("pressed", "pushed"), Map.entry("dent", "hollow"),
            Map.entry("springs", "bounces"), Map.entry("slowly", "gradually"), Map.entry("caramelised", "browned"),
            Map.entry("hurried", "rushed"), Map.entry("slice", "cut"), Map.entry("thinly", "finely"),
            Map.entry("heavy", "thick"), Map.entry("flame", "fire"), Map.entry("pinch", "dash"),
            Map.entry("stir", "mix"), Map.entry("collapse", "melt"), Map.entry("sweet", "sugary"),
            Map.entry("tangle", "mass"), Map.entry("lifts", "improves"), Map.entry("simple", "plain"),
            Map.entry("roast", "bake"), Map.entry("colour", "brown"), Map.entry("lower", "reduce"),
            Map.entry("rest", "settle"), Map.entry("board", "plank"), Map.entry("carving", "slicing"),
            Map.entry("juices", "liquids"), Map.entry("tin", "tray"), Map.entry("whisk", "beat"),
            Map.entry("holds", "stays"), Map.entry("thin", "fine"), Map.entry("stream", "trickle"),
            Map.entry("usual", "normal"), Map.entry("balance", "ratio"), Map.entry("taste", "try"),
            Map.entry("leaf", "sprig"), Map.entry("bitter", "sharp"), Map.entry("sharper", "stronger"),
            Map.entry("soft", "mild"), Map.entry("dressing", "seasoning"), Map.entry("quickly", "swiftly"));
    private static final Pattern SWAPPABLE = Pattern.compile("\\b(" + String.join("|", SYNONYMS.keySet()) + ")\\b",
            Pattern.CASE_INSENSITIVE);

    /** The text reworded: every word of {@link #SYNONYMS} swapped, capitals kept. */
    static String reworded(String text) {
        Matcher m = SWAPPABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String word = m.group(1);
            String synonym = SYNONYMS.get(word.toLowerCase(java.util.Locale.ROOT));
            if (Character.isUpperCase(word.charAt(0))) {
                synonym = Character.toUpperCase(synonym.charAt(0)) + synonym.substring(1);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(synonym));
        }
        m.appendTail(out);
        return out.toString();
    }

    private JsonNode get(String url, String token) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).GET().build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
