package io.datanet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datanet.events.EventCatalog;
import io.datanet.events.EventDefinition;
import io.datanet.events.Topics;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
 * The manifests say what the services' and the console's own configuration says, so neither can change without the
 * other: topic names (events' Topics and EventCatalog), ports (quarkus.http.port), health and metrics paths, the
 * environment variables (each must be one the deployable's configuration reads), consumer groups of the
 * autoscalers, databases, the drain time against the termination grace period, the Kafka bootstrap address, the
 * token verification, and the console's routes to the services.
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
        for (String service : ServiceConfiguration.DEPLOYABLES.keySet()) {
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
        ServiceConfiguration.DEPLOYABLES.forEach((service, port) -> {
            ServiceConfiguration config = ServiceConfiguration.of(service);
            assertEquals(port, Integer.valueOf(config.get("quarkus.http.port")));
            JsonNode pod = rendered.get("Deployment", service).path("spec").path("template");
            JsonNode container = Workloads.container(rendered, service);
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
        for (ObjectNode ingress : rendered.ofKind("Ingress")) {
            // The public API's paths go to the services themselves, never through the console.
            Map<String, Integer> backends = "datanet-api".equals(Overlays.name(ingress))
                    ? ServiceConfiguration.SERVICES : ServiceConfiguration.DEPLOYABLES;
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    JsonNode backend = path.path("backend").path("service");
                    assertTrue(backends.containsKey(backend.path("name").asText()), Overlays.id(ingress) + " " + path);
                    assertEquals("http", backend.path("port").path("name").asText(), path.toString());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void theConsoleServesTheRootOfTheApiHostAndLeavesTheApiToTheServices(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        List<IngressRoutes.Route> routes = IngressRoutes.routes(rendered);
        Set<String> seen = new HashSet<>();
        for (IngressRoutes.Route route : routes) {
            // ingress-nginx keeps only one of two Ingresses that claim the same host and path
            assertTrue(seen.add(route.host() + " " + route.path()), overlay + ": " + route.host() + route.path()
                    + " is claimed twice");
        }
        Set<String> apiHosts = routes.stream().filter(r -> "datanet-api".equals(r.ingress()))
                .map(IngressRoutes.Route::host).collect(Collectors.toSet());
        assertFalse(apiHosts.isEmpty(), overlay + ": the API has a host");
        for (String host : apiHosts) {
            IngressRoutes.Route root = IngressRoutes.route(routes, host, "/").orElseThrow(() -> new AssertionError(host + "/ is not routed"));
            assertEquals(ServiceConfiguration.CONSOLE, root.backend(), host + "/ is the console's");
            assertEquals("/", root.path(), "the console takes everything the API does not");
            // every API path still reaches its service, the catch-all notwithstanding
            for (IngressRoutes.Route api : routes.stream().filter(r -> "datanet-api".equals(r.ingress()) && host.equals(r.host())).toList()) {
                assertEquals(api, IngressRoutes.route(routes, host, api.path() + "/x").orElseThrow(), api.path() + " is the API's");
            }
        }
        assertEquals(apiHosts, routes.stream().filter(r -> ServiceConfiguration.CONSOLE.equals(r.backend()))
                .map(IngressRoutes.Route::host).collect(Collectors.toSet()), "the console is on the API's host (same origin)");

        // The console Ingress: event streams unbuffered and long-lived; uploads through it as large as the API's.
        JsonNode console = rendered.get("Ingress", rootIngress(routes, apiHosts)).path("metadata").path("annotations");
        JsonNode api = rendered.get("Ingress", "datanet-api").path("metadata").path("annotations");
        assertEquals("off", console.path("nginx.ingress.kubernetes.io/proxy-buffering").asText(),
                "nginx must not buffer the console's event streams");
        assertTrue(console.path("nginx.ingress.kubernetes.io/proxy-read-timeout").asInt() >= 3600,
                "an event stream may be quiet between heartbeats and lives for hours: " + console);
        assertTrue(bytes(console.path("nginx.ingress.kubernetes.io/proxy-body-size").asText("1m"))
                        >= bytes(api.path("nginx.ingress.kubernetes.io/proxy-body-size").asText("1m")),
                "uploads through the console are as large as through the API");
    }




    private static String rootIngress(List<IngressRoutes.Route> routes, Set<String> hosts) {
        return IngressRoutes.route(routes, hosts.iterator().next(), "/").orElseThrow().ingress();
    }

    private static long bytes(String nginxSize) {
        String size = nginxSize.trim().toLowerCase();
        long unit = size.endsWith("k") ? 1L << 10 : size.endsWith("m") ? 1L << 20 : size.endsWith("g") ? 1L << 30 : 1;
        return Long.parseLong(unit == 1 ? size : size.substring(0, size.length() - 1)) * unit;
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
        Map<String, String> issuers = new LinkedHashMap<>();
        for (String service : ServiceConfiguration.DEPLOYABLES.keySet()) {
            ServiceConfiguration config = ServiceConfiguration.of(service);
            Map<String, String> environment = Workloads.environment(rendered, service);
            environment.keySet().stream().filter(v -> !config.understands(v))
                    .forEach(v -> unknown.add(service + ": " + v));

            // the values that wire every deployable to Kafka and to the token issuer
            assertEquals(Workloads.kafkaBootstrap(rendered), config.resolve("kafka.bootstrap.servers", environment), service);
            issuers.put(service, config.resolve("mp.jwt.verify.issuer", environment) + " for audience "
                    + config.resolve("mp.jwt.verify.audiences", environment) + ", lasting at most "
                    + config.resolve("smallrye.jwt.time-to-live", environment) + " s");
            if (ServiceConfiguration.SERVICES.containsKey(service)) {
                // and each service to its database
                assertEquals(config.database(), lastPathSegment(environment.get("QUARKUS_DATASOURCE_JDBC_URL")), service);
                assertEquals(config.database(), lastPathSegment(environment.get("QUARKUS_DATASOURCE_REACTIVE_URL")), service);
                assertTrue(environment.get("QUARKUS_DATASOURCE_REACTIVE_URL").startsWith("postgresql://datanet-pg-rw:5432/"));
                assertTrue(environment.get("QUARKUS_DATASOURCE_JDBC_URL").startsWith("jdbc:postgresql://datanet-pg-rw:5432/"));
                assertEquals("false", environment.get("DATANET_KAFKA_CREATE_TOPICS"), service + ": Strimzi owns the topics");
                assertTrue(environment.containsKey("DB_USER") && environment.containsKey("DB_PASSWORD"), service);
            }

            // the verification key: the issuer's key set (an OpenID Connect provider's JWKS, over HTTPS), or a key
            // file where the configuration reads it, on a volume of the datanet-jwt Secret
            String keyLocation = Optional.ofNullable(environment.get("JWT_PUBLIC_KEY_LOCATION"))
                    .orElse(config.placeholderVariables().get("JWT_PUBLIC_KEY_LOCATION"));
            String issuer = config.resolve("mp.jwt.verify.issuer", environment);
            if (keyLocation.startsWith("https://")) {
                assertTrue(keyLocation.startsWith(issuer + "/"), service + ": the key set " + keyLocation
                        + " is the issuer's (" + issuer + ")");
            } else {
                assertEquals(ServiceConfiguration.expandDefaults(config.get("mp.jwt.verify.publickey.location")),
                        keyLocation, service + ": the deployment points the key where the default says");
                assertTrue(Workloads.mountedSecretFile(rendered, service, keyLocation).equals(Optional.of("datanet-jwt")),
                        service + " mounts datanet-jwt at " + keyLocation);
            }
        }
        assertEquals(List.of(), unknown, overlay + ": variables no configuration reads (a rename would drift silently)");
        assertEquals(1, Set.copyOf(issuers.values()).size(),
                overlay + ": everyone verifies tokens of the same issuer, audience and lifetime (the console accepts none "
                        + "a service refuses): "
                        + issuers);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void theConsoleForwardsToEachServiceAtItsServicePort(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        ServiceConfiguration config = ServiceConfiguration.of(ServiceConfiguration.CONSOLE);
        Map<String, String> environment = Workloads.environment(rendered, ServiceConfiguration.CONSOLE);
        Map<String, String> targets = new LinkedHashMap<>();
        for (String property : config.properties.keySet()) {
            if (!property.startsWith("datanet.console.services.")) {
                continue;
            }
            URI url = URI.create(config.resolve(property, environment));
            String service = url.getHost();
            assertEquals("http", url.getScheme(), property);
            assertTrue(ServiceConfiguration.SERVICES.containsKey(service),
                    overlay + ": " + property + " = " + url + " is not one of the services' Services");
            JsonNode port = rendered.get("Service", service).path("spec").path("ports").get(0);
            assertEquals(port.path("port").asInt(), url.getPort(), overlay + ": " + property + " port");
            assertTrue(Workloads.selects(rendered.get("Service", service).path("spec").path("selector"),
                    rendered.get("Deployment", service).path("spec").path("template").path("metadata").path("labels")));
            // the short name of /svc/<name>/ is the service's
            assertEquals(service, property.substring("datanet.console.services.".length()) + "-service", property);
            targets.put(service, property);
        }
        assertEquals(ServiceConfiguration.SERVICES.keySet(), targets.keySet(), "the console reaches every service");
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
                assertEquals(Workloads.kafkaBootstrap(rendered), metadata.path("bootstrapServers").asText());
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
        // The console reads every partition itself, with no consumer group: it has no lag to scale on, and no
        // partition count bounds it. Should it ever consume in a group, this is where its bound would belong.
        assertEquals(Map.of(), ServiceConfiguration.of(ServiceConfiguration.CONSOLE).consumedTopics(),
                "the console consumes no channel of a consumer group");
        ObjectNode consoleHpa = rendered.get("HorizontalPodAutoscaler", ServiceConfiguration.CONSOLE);
        assertEquals("cpu", consoleHpa.path("spec").path("metrics").get(0).path("resource").path("name").asText(),
                "the console scales on CPU");
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
            String secret = Workloads.secretOf(rendered, service, "DB_USER");
            assertEquals(secret, Workloads.secretOf(rendered, service, "DB_PASSWORD"));
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
        for (String service : ServiceConfiguration.DEPLOYABLES.keySet()) {
            long drain = ServiceConfiguration.of(service).shutdownSeconds();
            // The services finish the messages in hand too; the console only its in-flight requests.
            long least = ServiceConfiguration.SERVICES.containsKey(service) ? 20 : 1;
            assertTrue(drain >= least, service + " drains " + drain + " s");
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






    private static String lastPathSegment(String url) {
        return url == null ? null : url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
    }

    private static String decode(String base64) {
        return new String(java.util.Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
    }
}
