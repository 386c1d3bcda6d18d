package io.datanet.console;

import io.datanet.events.KafkaAccess;
import io.datanet.events.Topics;
import io.datanet.platform.testing.LocalKafka;
import io.datanet.platform.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclBinding;

/**
 * The console under test: the shared local broker with topics of its own (a fresh prefix), the test key pair with
 * dev tokens on, and as its upstream "services" one small HTTP server that answers every request with what it
 * received (method, path, query, bearer token, body), so tests see exactly what the proxy forwards, and counts them
 * ({@link #COUNT_PATH}), so tests see that a refused request was forwarded nowhere.
 */
public class ConsoleTestResource implements QuarkusTestResourceLifecycleManager {

    static final String KAFKA = System.getProperty("datanet.test.kafka", "127.0.0.1:9092");
    /** Asked directly (not through the console), the echo server answers how many requests reached it. */
    static final String COUNT_PATH = "/requests-received";
    static volatile String topicPrefix;
    private Vertx vertx;
    private List<AclBinding> grants = List.of();

    @Override
    public Map<String, String> start() {
        topicPrefix = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + ".";
        createTopics();
        // the console reads as its own read-only principal, granted its access on these topics
        grants = LocalKafka.grant(KAFKA, KafkaAccess.CONSOLE, topicPrefix);
        int echoPort = startEchoServer();
        String publicKey = TestKeys.publicKeyPath().toString();
        String privateKey = TestKeys.publicKeyPath().resolveSibling("private.pem").toString();
        Map<String, String> config = new HashMap<>();
        LocalKafka.principalSettings(KafkaAccess.CONSOLE).forEach((key, value) -> config.put("kafka." + key, (String) value));
        config.putAll(Map.of(
                "kafka.bootstrap.servers", KAFKA,
                "datanet.kafka.topic-prefix", topicPrefix,
                "mp.jwt.verify.publickey.location", "file:" + publicKey,
                "datanet.console.dev-tokens.enabled", "true",
                "datanet.console.dev-tokens.private-key-location", privateKey,
                "datanet.console.services.upload", "http://127.0.0.1:" + echoPort + "/base",
                // Nothing listens on port 9: a service that is down.
                "datanet.console.services.training", "http://127.0.0.1:9"));
        return config;
    }

    /** The test's own clients: the shared broker's administrator. */
    static Properties adminClient() {
        Properties config = new Properties();
        config.putAll(LocalKafka.adminSettings());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        return config;
    }

    private void createTopics() {
        try (Admin admin = Admin.create(adminClient())) {
            List<NewTopic> topics = LiveEvents.STREAMED.stream()
                    .map(topic -> new NewTopic(topicPrefix + topic, 3, (short) 1)).toList();
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the console's test topics (is Kafka up?)", e);
        }
    }

    private int startEchoServer() {
        vertx = Vertx.vertx();
        try {
            AtomicInteger received = new AtomicInteger();
            HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
                if (request.path().equals(COUNT_PATH)) {
                    request.response().putHeader("Content-Type", "text/plain").end(String.valueOf(received.get()));
                    return;
                }
                received.incrementAndGet();
                JsonObject echo = new JsonObject()
                        .put("method", request.method().name())
                        .put("path", request.path())
                        .put("query", request.query())
                        .put("authorization", request.getHeader("Authorization"))
                        .put("cookie", request.getHeader("Cookie"))
                        .put("contentType", request.getHeader("Content-Type"))
                        .put("idempotencyKey", request.getHeader("Idempotency-Key"))
                        .put("ifMatch", request.getHeader("If-Match"))
                        .put("bodyLength", body.length());
                int status = request.path().endsWith("/missing") ? 404 : 200;
                request.response().setStatusCode(status)
                        .putHeader("Content-Type", status == 200 ? "application/json" : "application/problem+json")
                        .putHeader("Content-Disposition", "attachment; filename=\"echo.json\"")
                        .putHeader("X-Internal", "not for browsers")
                        .putHeader("ETag", "\"7\"")
                        .putHeader("Location", "http://upstream.internal:8081/api/uploads/u1?v=2")
                        .putHeader("X-Echo-Idempotency-Key", String.valueOf(request.getHeader("Idempotency-Key")))
                        .end(echo.encode());
            })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return server.actualPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
        LocalKafka.revoke(KAFKA, grants);
        try (Admin admin = Admin.create(adminClient())) {
            admin.deleteTopics(LiveEvents.STREAMED.stream().map(topic -> topicPrefix + topic).toList()).all()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // best effort: the topics are uniquely named and harmless if left behind
        }
    }
}
