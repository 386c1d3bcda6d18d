package io.datanet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datanet.events.EventCatalog;
import io.datanet.events.EventDefinition;
import io.datanet.events.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The manifests say what the services' own configuration says, so neither can change without the other:
 * topic names (events' Topics and EventCatalog), ports (quarkus.http.port), health and metrics paths, the
 * environment variables (each must be one the service's configuration reads), consumer groups of the autoscalers,
 * databases, the drain time against the termination grace period, and the Kafka bootstrap address.
 */
class ManifestDriftTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyTopicAndDeadLetterTopicIsAKafkaTopic(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        Map<String, ObjectNode> byTopic = new HashMap<>();
        for (ObjectNode topic : rendered.ofKind("KafkaTopic")) {
            String name = topic.path("spec").path("topicName").asText(Overlays.name(topic));
            assertEquals(Overlays.name(topic), name, "resource name and topic name differ");
            assertEquals("datanet", topic.path("metadata").path("labels").path("strimzi.io/cluster").asText(),
                    name + " must belong to the Kafka cluster datanet");
            assertTrue(byTopic.put(name, topic) == null, "duplicate KafkaTopic " + name);
        }
        Set<String> expected = new TreeSet<>(Topics.ALL);
        Topics.ALL.forEach(t -> expected.add(Topics.deadLetter(t)));
        assertEquals(expected, new TreeSet<>(byTopic.keySet()), overlay + ": KafkaTopics vs events' Topics");

        for (EventDefinition<?> definition : EventCatalog.ALL) {
            JsonNode config = byTopic.get(definition.topic()).path("spec").path("config");
            assertEquals(definition.compacted(), "compact".equals(config.path("cleanup.policy").asText()),
                    definition.topic() + ": compaction must follow the event catalogue");
        }
        for (String service : ServiceConfiguration.SERVICES.keySet()) {
            ServiceConfiguration config = ServiceConfiguration.of(service);
            for (String topic : config.consumedTopics().keySet()) {
                assertTrue(byTopic.containsKey(topic), service + " consumes " + topic + ", which has no KafkaTopic");
            }
            for (String topic : config.deadLetterTopics()) {
                assertTrue(byTopic.containsKey(topic), service + " dead-letters to " + topic + ", which has no KafkaTopic");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void portsProbesAndMetricsMatchEachService(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        ServiceConfiguration.SERVICES.forEach((service, port) -> {
            ServiceConfiguration config = ServiceConfiguration.of(service);
            assertEquals(port, Integer.valueOf(config.get("quarkus.http.port")));
            JsonNode pod = rendered.get("Deployment", service).path("spec").path("template");
            JsonNode container = container(rendered, service);
            assertEquals(port, container.path("ports").get(0).path("containerPort").asInt(), service + " container port");
            assertEquals("http", container.path("ports").get(0).path("name").asText());

            assertProbe(container, "startupProbe", config.healthPath("startup"), service);
            assertProbe(container, "readinessProbe", config.healthPath("readiness"), service);
            assertProbe(container, "livenessProbe", config.healthPath("liveness"), service);
            assertEquals("/q/health/ready", config.healthPath("readiness"), "the documented readiness path");

            JsonNode annotations = pod.path("metadata").path("annotations");
            assertEquals(String.valueOf(port), annotations.path("prometheus.io/port").asText(), service);
            assertEquals(config.get("quarkus.micrometer.export.prometheus.path"),
                    annotations.path("prometheus.io/path").asText(), service + " metrics path");

            JsonNode svc = rendered.get("Service", service).path("spec");
            assertEquals(port, svc.path("ports").get(0).path("port").asInt(), service + " Service port");
            assertEquals("http", svc.path("ports").get(0).path("targetPort").asText());
        });
        for (JsonNode rule : rendered.get("Ingress", "datanet-api").path("spec").path("rules")) {
            for (JsonNode path : rule.path("http").path("paths")) {
                JsonNode backend = path.path("backend").path("service");
                assertTrue(ServiceConfiguration.SERVICES.containsKey(backend.path("name").asText()), path.toString());
                assertEquals("http", backend.path("port").path("name").asText(), path.toString());
            }
        }
    }

    private static void assertProbe(JsonNode container, String probe, String path, String service) {
        JsonNode get = container.path(probe).path("httpGet");
        assertEquals(path, get.path("path").asText(), service + " " + probe);
        assertEquals("http", get.path("port").asText(), service + " " + probe + " port");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyEnvironmentVariableIsOneTheServiceReads(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        List<String> unknown = new ArrayList<>();
        for (String service : ServiceConfiguration.SERVICES.keySet()) {
            ServiceConfiguration config = ServiceConfiguration.of(service);
            Map<String, String> environment = environment(rendered, service);
            environment.keySet().stream().filter(v -> !config.understands(v))
                    .forEach(v -> unknown.add(service + ": " + v));

            // the values that wire the service to the platform
            assertEquals(config.database(), lastPathSegment(environment.get("QUARKUS_DATASOURCE_JDBC_URL")), service);
            assertEquals(config.database(), lastPathSegment(environment.get("QUARKUS_DATASOURCE_REACTIVE_URL")), service);
            assertTrue(environment.get("QUARKUS_DATASOURCE_REACTIVE_URL").startsWith("postgresql://datanet-pg-rw:5432/"));
            assertTrue(environment.get("QUARKUS_DATASOURCE_JDBC_URL").startsWith("jdbc:postgresql://datanet-pg-rw:5432/"));
            assertEquals(kafkaBootstrap(rendered), environment.get("KAFKA_BOOTSTRAP_SERVERS"), service);
            assertEquals("false", environment.get("DATANET_KAFKA_CREATE_TOPICS"), service + ": Strimzi owns the topics");
            assertTrue(environment.containsKey("DB_USER") && environment.containsKey("DB_PASSWORD"), service);

            // the JWT key file is where the configuration reads it, on a volume of the datanet-jwt Secret
            String keyLocation = Optional.ofNullable(environment.get("JWT_PUBLIC_KEY_LOCATION"))
                    .orElse(config.placeholderVariables().get("JWT_PUBLIC_KEY_LOCATION"));
            assertEquals(ServiceConfiguration.expandDefaults(config.get("mp.jwt.verify.publickey.location")), keyLocation,
                    service + ": the deployment points the key where the default says");
            assertTrue(mountedSecretFile(rendered, service, keyLocation).equals(Optional.of("datanet-jwt")),
                    service + " mounts datanet-jwt at " + keyLocation);
        }
        assertEquals(List.of(), unknown, overlay + ": variables no configuration reads (a rename would drift silently)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void autoscalersWatchTheTopicsAndGroupsTheServicesConsume(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        Map<String, Integer> partitions = rendered.ofKind("KafkaTopic").stream().collect(Collectors.toMap(
                t -> t.path("spec").path("topicName").asText(), t -> t.path("spec").path("partitions").asInt()));
        for (ObjectNode scaled : rendered.ofKind("ScaledObject")) {
            String service = scaled.path("spec").path("scaleTargetRef").path("name").asText();
            Map<String, String> consumed = ServiceConfiguration.of(service).consumedTopics();
            int max = scaled.path("spec").path("maxReplicaCount").asInt();
            int kafkaTriggers = 0;
            int primaryPartitions = 0;
            for (JsonNode trigger : scaled.path("spec").path("triggers")) {
                if (!"kafka".equals(trigger.path("type").asText())) {
                    continue;
                }
                kafkaTriggers++;
                JsonNode metadata = trigger.path("metadata");
                String topic = metadata.path("topic").asText();
                assertTrue(consumed.containsKey(topic), service + " does not consume " + topic);
                assertEquals(consumed.get(topic), metadata.path("consumerGroup").asText(),
                        service + ": consumer group of " + topic);
                assertEquals(kafkaBootstrap(rendered), metadata.path("bootstrapServers").asText());
                assertEquals("false", metadata.path("allowIdleConsumers").asText(),
                        "replicas beyond the partitions would idle");
                if (kafkaTriggers == 1) {
                    primaryPartitions = partitions.get(topic);
                }
            }
            assertTrue(kafkaTriggers > 0, service + " scales on Kafka lag");
            // the first Kafka trigger is the service's main work; beyond its partitions further replicas would idle
            assertTrue(max <= primaryPartitions, service + ": maxReplicaCount " + max + " exceeds the "
                    + primaryPartitions + " partitions of the topic it mainly works on");
        }
        ObjectNode hpa = rendered.get("HorizontalPodAutoscaler", "upload-service");
        int busiest = ServiceConfiguration.of("upload-service").consumedTopics().keySet().stream()
                .mapToInt(partitions::get).max().orElseThrow();
        assertTrue(hpa.path("spec").path("maxReplicas").asInt() <= busiest, "upload-service replicas beyond "
                + busiest + " partitions would idle as consumers");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void eachServiceHasItsDatabaseAndRole(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        JsonNode cluster = rendered.get("Cluster", "datanet-pg").path("spec");
        Map<String, String> roleSecrets = new LinkedHashMap<>();
        cluster.path("managed").path("roles").forEach(r -> roleSecrets.put(r.path("name").asText(),
                r.path("passwordSecret").path("name").asText()));
        Map<String, String> owners = new LinkedHashMap<>();
        for (ObjectNode database : rendered.ofKind("Database")) {
            assertEquals("datanet-pg", database.path("spec").path("cluster").path("name").asText());
            owners.put(database.path("spec").path("name").asText(), database.path("spec").path("owner").asText());
        }
        for (String service : ServiceConfiguration.SERVICES.keySet()) {
            String database = ServiceConfiguration.of(service).database();
            assertTrue(owners.containsKey(database), "no Database " + database + " for " + service);
            String role = owners.get(database);
            String secret = secretOf(rendered, service, "DB_USER");
            assertEquals(secret, secretOf(rendered, service, "DB_PASSWORD"));
            assertEquals(secret, roleSecrets.get(role), service + ": its credentials are its role's password secret");
            rendered.find("Secret", secret).ifPresent(s -> assertEquals(role,
                    decode(s.path("data").path("username").asText()), secret + " username"));
        }
        assertEquals(owners.size(), ServiceConfiguration.SERVICES.size(), "one database per service");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void terminationGraceOutlastsTheDrain(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        for (String service : ServiceConfiguration.SERVICES.keySet()) {
            long drain = ServiceConfiguration.of(service).shutdownSeconds();
            assertTrue(drain >= 20, service + " drains " + drain + " s");
            JsonNode pod = rendered.get("Deployment", service).path("spec").path("template").path("spec");
            long preStop = 0;
            JsonNode command = pod.path("containers").get(0).path("lifecycle").path("preStop").path("exec").path("command");
            if (command.size() == 2 && "sleep".equals(command.get(0).asText())) {
                preStop = Long.parseLong(command.get(1).asText());
            }
            long grace = pod.path("terminationGracePeriodSeconds").asLong();
            assertTrue(grace > preStop + drain, service + ": grace " + grace + " s must exceed the preStop pause "
                    + preStop + " s plus the drain " + drain + " s");
        }
    }

    // ---- helpers

    static JsonNode container(Overlays.Rendered rendered, String service) {
        JsonNode containers = rendered.get("Deployment", service).path("spec").path("template").path("spec").path("containers");
        for (JsonNode c : containers) {
            if (service.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no container " + service);
    }

    /** The environment a container gets: its ConfigMaps (envFrom, resolved in the rendered output) and env. */
    static Map<String, String> environment(Overlays.Rendered rendered, String service) {
        JsonNode container = container(rendered, service);
        Map<String, String> environment = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String name = from.path("configMapRef").path("name").asText();
            assertFalse(name.isEmpty(), service + ": only ConfigMaps are taken whole");
            ObjectNode configMap = rendered.get("ConfigMap", name);
            configMap.path("data").fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
        }
        for (JsonNode variable : container.path("env")) {
            environment.put(variable.path("name").asText(),
                    variable.has("value") ? variable.path("value").asText() : "<" + variable.path("valueFrom") + ">");
        }
        return environment;
    }

    static String kafkaBootstrap(Overlays.Rendered rendered) {
        ObjectNode kafka = rendered.ofKind("Kafka").get(0);
        for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
            if (!listener.path("tls").asBoolean()) {
                return Overlays.name(kafka) + "-kafka-bootstrap:" + listener.path("port").asInt();
            }
        }
        throw new AssertionError("no plain listener");
    }

    private static String secretOf(Overlays.Rendered rendered, String service, String variable) {
        for (JsonNode v : container(rendered, service).path("env")) {
            if (variable.equals(v.path("name").asText())) {
                return v.path("valueFrom").path("secretKeyRef").path("name").asText();
            }
        }
        throw new AssertionError(service + " has no " + variable);
    }

    private static Optional<String> mountedSecretFile(Overlays.Rendered rendered, String service, String file) {
        JsonNode pod = rendered.get("Deployment", service).path("spec").path("template").path("spec");
        for (JsonNode mount : container(rendered, service).path("volumeMounts")) {
            String mountPath = mount.path("mountPath").asText();
            if (file.startsWith(mountPath + "/")) {
                String key = file.substring(mountPath.length() + 1);
                for (JsonNode volume : pod.path("volumes")) {
                    if (volume.path("name").asText().equals(mount.path("name").asText()) && volume.has("secret")) {
                        for (JsonNode item : volume.path("secret").path("items")) {
                            if (item.path("path").asText().equals(key)) {
                                return Optional.of(volume.path("secret").path("secretName").asText());
                            }
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static String lastPathSegment(String url) {
        return url == null ? null : url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
    }

    private static String decode(String base64) {
        return new String(java.util.Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
    }
}
