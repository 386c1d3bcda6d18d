package io.datanet.systemtests;

import io.datanet.platform.testing.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A steady upload load on upload-service: {@code threads} clients, each sending one small JSONL file every
 * {@code interval} as one of its own contributors, and recording every request ({@link UploadAttempt}).
 *
 * <p>A client behaves as a careful real one: each upload has its own Idempotency-Key, and when no answer arrives
 * (connection refused or cut off, as while upload-service is down) or a 5xx does, it sends the same request again
 * with the same key until it gets an answer. So an upload that was committed just before a crash, whose 202 was
 * lost, is not sent twice: the retry gets the first answer. Every upload the service stored is then one the client
 * knows by its 202, which lets the test demand a verdict for every 202 and none for anything else.
 */
final class UploadLoad {

    static final int CONTRIBUTORS_PER_THREAD = 6;
    /** How long one upload is retried before the client gives up on it (longer than any outage in the test). */
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(120);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(250);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final URI endpoint;
    private final int threads;
    private final Duration interval;
    private final long origin = System.nanoTime();
    private final Queue<UploadAttempt> attempts = new ConcurrentLinkedQueue<>();
    private final Queue<SubmittedUpload> submitted = new ConcurrentLinkedQueue<>();
    /** Per client, its GOOD uploads not yet copied; client t copies from client t+1, so never its own contributors. */
    private final List<Queue<Original>> originals = new ArrayList<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final List<Thread> clients = new ArrayList<>();
    private volatile boolean running;

    private record Original(String uploadId, String content) {
    }

    UploadLoad(String uploadServiceUrl, String datanetId, int threads, Duration interval) {
        if (threads < 2) {
            throw new IllegalArgumentException("copies need at least two clients");
        }
        this.endpoint = URI.create(uploadServiceUrl + "/api/datanets/" + datanetId + "/uploads");
        this.threads = threads;
        this.interval = interval;
        for (int t = 0; t < threads; t++) {
            originals.add(new ConcurrentLinkedQueue<>());
        }
    }

    void start() {
        running = true;
        for (int t = 0; t < threads; t++) {
            int client = t;
            Thread thread = new Thread(() -> run(client), "upload-load-" + t);
            thread.setDaemon(true);
            clients.add(thread);
            thread.start();
        }
    }

    /** Stops offering new uploads; each client finishes (and if need be retries) the one it is sending. */
    void stop() throws InterruptedException {
        running = false;
        for (Thread client : clients) {
            client.join(GIVE_UP_AFTER.toMillis() + 30_000);
            if (client.isAlive()) {
                throw new IllegalStateException(client.getName() + " did not finish its last upload");
            }
        }
    }

    /** Milliseconds since the load was created: the clock of every attempt and of the test's timeline. */
    long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - origin);
    }

    List<UploadAttempt> attempts() {
        return List.copyOf(attempts);
    }

    List<SubmittedUpload> submitted() {
        return List.copyOf(submitted);
    }

    /** The ids of every upload that got a 202 so far. */
    Set<String> acknowledged() {
        return submitted.stream().filter(SubmittedUpload::accepted202).map(SubmittedUpload::uploadId)
                .collect(Collectors.toSet());
    }

    /** Every request as CSV (times in milliseconds since the load started), for reading after a failed run. */
    void writeRequestLog(Path file) throws IOException {
        StringBuilder csv = new StringBuilder("idempotency_key,started_ms,ended_ms,status,upload_id,replayed,failure\n");
        for (UploadAttempt a : attempts) {
            String failure = a.failure() == null ? "" : a.failure().replaceAll("[\\r\\n,\"]", " ");
            csv.append(String.join(",", a.idempotencyKey(), Long.toString(a.startedAt()), Long.toString(a.endedAt()),
                    a.connectionFailed() ? "no answer" : Integer.toString(a.status()),
                    a.uploadId() == null ? "" : a.uploadId(), Boolean.toString(a.replayed()), failure)).append('\n');
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, csv);
    }

    private void run(int client) {
        Random random = new Random(1000 + client);
        long next = System.nanoTime();
        for (int n = 0; running; n++) {
            String contributor = "fault-c" + client + "-" + (n % CONTRIBUTORS_PER_THREAD);
            String serial = client + "-" + n;
            String key = "fault-" + serial;
            int dice = random.nextInt(100);
            Original copied = dice >= 15 && dice < 30 ? originals.get((client + 1) % threads).poll() : null;
            SubmittedUpload.Kind kind = dice < 15 ? SubmittedUpload.Kind.PERSONAL_DATA
                    : copied != null ? SubmittedUpload.Kind.COPY : SubmittedUpload.Kind.GOOD;
            String content = switch (kind) {
                case PERSONAL_DATA -> DatasetFiles.personalData(random, serial);
                case COPY -> copied.content();
                case GOOD -> DatasetFiles.good(random, serial);
            };
            String uploadId = send(contributor, key, content);
            submitted.add(new SubmittedUpload(kind, contributor, key, uploadId, copied == null ? null : copied.uploadId()));
            if (kind == SubmittedUpload.Kind.GOOD && uploadId != null) {
                originals.get(client).add(new Original(uploadId, content));
            }
            // A steady rate: the next upload is due one interval after the previous one was due, not after it ended,
            // but a client that fell behind (retrying through an outage) does not burst to catch up.
            next = Math.max(next + interval.toNanos(), System.nanoTime());
            sleepUntil(next);
        }
    }

    /** Sends one upload, retrying with the same key until it gets an answer; returns the upload id of a 202. */
    private String send(String contributor, String key, String content) {
        long giveUp = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        String boundary = "datanet-fault-" + key;
        byte[] body = multipart(boundary, content);
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + tokens.computeIfAbsent(contributor, TestTokens::contributor))
                .header("Idempotency-Key", key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        while (true) {
            long startedAt = now();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                String uploadId = status == 202 ? idFromLocation(response) : null;
                boolean replayed = response.headers().firstValue("Idempotency-Replayed").isPresent();
                attempts.add(new UploadAttempt(key, startedAt, now(), status, status >= 400 ? response.body() : null,
                        uploadId, replayed));
                if (status < 500) {
                    return uploadId;
                }
            } catch (IOException e) {
                attempts.add(new UploadAttempt(key, startedAt, now(), UploadAttempt.CONNECTION_FAILED,
                        e.getClass().getSimpleName() + ": " + e.getMessage(), null, false));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (System.nanoTime() > giveUp) {
                return null;
            }
            sleepUntil(System.nanoTime() + RETRY_PAUSE.toNanos());
        }
    }

    private static String idFromLocation(HttpResponse<?> response) {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("202 without Location"));
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static byte[] multipart(String boundary, String content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"recipes.jsonl\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private static void sleepUntil(long nanoTime) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanoTime - System.nanoTime());
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
