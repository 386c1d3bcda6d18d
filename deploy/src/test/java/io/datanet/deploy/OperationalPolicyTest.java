package io.datanet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What running Datanet in production needs from the manifests: hardened and bounded pods, disruption budgets,
 * autoscaling for every service and the console, network isolation (each pod reaches what it needs and nothing
 * more), no public management endpoints, the console's session settings, and the durability settings of Kafka and
 * PostgreSQL.
 */
class OperationalPolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void servicePodsAreHardenedAndBounded(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        for (String service : ServiceConfiguration.DEPLOYABLES.keySet()) {
            ObjectNode deployment = rendered.get("Deployment", service);
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            assertFalse(deployment.path("spec").has("replicas"), service + ": the autoscaler owns replicas");
            assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), service + " needs no API token");
            assertEquals(service, pod.path("serviceAccountName").asText());
            assertTrue(rendered.find("ServiceAccount", service).isPresent());
            JsonNode podSecurity = pod.path("securityContext");
            assertTrue(podSecurity.path("runAsNonRoot").asBoolean(), service);
            assertTrue(podSecurity.path("runAsUser").asInt() > 0, service);
            assertEquals("RuntimeDefault", podSecurity.path("seccompProfile").path("type").asText(), service);

            JsonNode container = ManifestDriftTest.container(rendered, service);
            JsonNode security = container.path("securityContext");
            assertTrue(security.path("readOnlyRootFilesystem").asBoolean(), service + ": read-only root");
            assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true), service);
            assertEquals("[\"ALL\"]", security.path("capabilities").path("drop").toString(), service);
            for (String kind : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    assertFalse(container.path("resources").path(kind).path(resource).isMissingNode(),
                            service + " " + kind + "." + resource);
                }
            }
            assertTrue(hasWritableTmp(pod, container), service + ": /tmp is a writable emptyDir");
            assertFalse(container.path("image").asText().endsWith(":latest"), service + " image is pinned");
        }
        JsonNode training = ManifestDriftTest.container(rendered, "training-service").path("resources");
        assertTrue(memoryBytes(training.path("limits").path("memory").asText()) >= 2L << 30, "training needs >= 2 GiB");
        assertEquals("2", training.path("limits").path("cpu").asText(), "training gets 2 CPUs");
        String jdkOptions = ManifestDriftTest.environment(rendered, "training-service").get("JDK_JAVA_OPTIONS");
        assertTrue(jdkOptions.contains("--add-modules=jdk.incubator.vector"), "the trainer's Vector API kernels");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyServiceHasADisruptionBudgetAndOneAutoscaler(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        for (String service : ServiceConfiguration.DEPLOYABLES.keySet()) {
            JsonNode labels = rendered.get("Deployment", service).path("spec").path("template").path("metadata").path("labels");
            List<ObjectNode> budgets = rendered.where(o -> "PodDisruptionBudget".equals(o.path("kind").asText())
                    && selects(o.path("spec").path("selector"), labels));
            assertEquals(1, budgets.size(), service + " has one PodDisruptionBudget");
            assertEquals(1, budgets.get(0).path("spec").path("maxUnavailable").asInt(), service);

            long autoscalers = rendered.ofKind("HorizontalPodAutoscaler").stream()
                    .filter(h -> service.equals(h.path("spec").path("scaleTargetRef").path("name").asText())).count()
                    + rendered.ofKind("ScaledObject").stream()
                    .filter(s -> service.equals(s.path("spec").path("scaleTargetRef").path("name").asText())).count();
            assertEquals(1, autoscalers, service + " has exactly one autoscaler");
        }
        assertTrue(rendered.find("HorizontalPodAutoscaler", "upload-service").isPresent(), "upload-service: HPA on CPU");
        assertTrue(rendered.find("HorizontalPodAutoscaler", ServiceConfiguration.CONSOLE).isPresent(), "console: HPA on CPU");
        for (String worker : List.of("validation-service", "reputation-service", "training-service")) {
            assertTrue(rendered.find("ScaledObject", worker).isPresent(), worker + ": KEDA on Kafka lag");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void networkPoliciesIsolateTheNamespace(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        ObjectNode deny = rendered.get("NetworkPolicy", "default-deny-ingress");
        assertEquals(0, deny.path("spec").path("podSelector").size(), "selects every pod");
        assertFalse(deny.path("spec").has("ingress"), "allows nothing");
        for (String service : ServiceConfiguration.DEPLOYABLES.keySet()) {
            JsonNode labels = rendered.get("Deployment", service).path("spec").path("template").path("metadata").path("labels");
            List<ObjectNode> policies = rendered.where(o -> "NetworkPolicy".equals(o.path("kind").asText())
                    && selects(o.path("spec").path("podSelector"), labels));
            assertTrue(policies.stream().anyMatch(p -> types(p).contains("Egress")), service + " has its egress limited");
            for (ObjectNode policy : policies) {
                for (JsonNode rule : policy.path("spec").path("ingress")) {
                    for (JsonNode from : rule.path("from")) {
                        assertFalse(from.has("ipBlock"), service + ": no ingress from arbitrary addresses");
                    }
                }
            }
        }
        JsonNode postgres = rendered.get("NetworkPolicy", "postgres-ingress").path("spec");
        assertEquals("datanet-pg", postgres.path("podSelector").path("matchLabels").path("cnpg.io/cluster").asText());
        // Kafka: Strimzi generates the brokers' policy from the listeners' peers
        for (JsonNode listener : rendered.ofKind("Kafka").get(0).path("spec").path("kafka").path("listeners")) {
            assertTrue(listener.path("networkPolicyPeers").size() > 0, "listener " + listener.path("name") + " is open");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void postgresIsBackedUpContinuouslyToObjectStorageItCanReach(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        ObjectNode cluster = rendered.get("Cluster", "datanet-pg");
        String namespace = cluster.path("metadata").path("namespace").asText();
        JsonNode backup = cluster.path("spec").path("backup");
        JsonNode store = backup.path("barmanObjectStore");
        assertTrue(store.path("destinationPath").asText().startsWith("s3://"), overlay + ": " + backup);
        assertFalse(store.path("wal").isMissingNode(), overlay + ": WAL is archived (point-in-time recovery)");
        assertTrue(backup.path("retentionPolicy").asText().matches("[1-9][0-9]*[dwm]"), overlay + ": " + backup);
        for (String credential : List.of("accessKeyId", "secretAccessKey")) {
            String secret = store.path("s3Credentials").path(credential).path("name").asText();
            assertTrue(rendered.find("Secret", secret).isPresent() || secret.equals("datanet-pg-backup"),
                    overlay + ": the backup credentials " + secret + " are rendered or documented");
            assertFalse(secret.equals("datanet-s3") && overlay.equals("production"),
                    "production backups do not share the blob store's credentials");
        }
        List<ObjectNode> schedules = rendered.where(o -> "ScheduledBackup".equals(o.path("kind").asText())
                && "datanet-pg".equals(o.path("spec").path("cluster").path("name").asText()));
        assertEquals(1, schedules.size(), overlay + ": one ScheduledBackup of the cluster");
        JsonNode schedule = schedules.get(0).path("spec");
        assertEquals("barmanObjectStore", schedule.path("method").asText());
        assertTrue(schedule.path("immediate").asBoolean(), overlay + ": a base backup as soon as the cluster exists");
        assertEquals(6, schedule.path("schedule").asText().trim().split("\\s+").length,
                overlay + ": CloudNativePG's schedules have a seconds field");

        // the instances reach the object store: the in-cluster MinIO in dev, HTTPS outside the cluster in production
        Endpoint postgres = new Endpoint(namespace, Map.of("cnpg.io/cluster", "datanet-pg", "cnpg.io/instanceRole", "replica"));
        if (store.has("endpointURL")) {
            assertEquals("http://minio:9000", store.path("endpointURL").asText(), overlay);
            Endpoint minio = new Endpoint(namespace, Map.of("app.kubernetes.io/name", "minio"));
            assertTrue(reaches(rendered, namespace, postgres, minio, "s3", 9000), overlay + ": PostgreSQL reaches MinIO");
        } else {
            assertTrue(reaches(rendered, namespace, postgres, new Endpoint("elsewhere", Map.of()), null, 443),
                    overlay + ": PostgreSQL reaches S3");
        }
    }

    @Test
    void productionKeepsEveryAcknowledgedEventThroughTheLossOfABroker() {
        Overlays.Rendered rendered = Overlays.render("production");
        for (ObjectNode topic : rendered.ofKind("KafkaTopic")) {
            assertEquals(3, topic.path("spec").path("replicas").asInt(), Overlays.name(topic));
            assertEquals("2", topic.path("spec").path("config").path("min.insync.replicas").asText(), Overlays.name(topic));
        }
        JsonNode kafka = rendered.ofKind("Kafka").get(0).path("spec").path("kafka");
        assertEquals(3, kafka.path("config").path("default.replication.factor").asInt());
        assertEquals(2, kafka.path("config").path("min.insync.replicas").asInt());
        assertEquals(3, kafka.path("config").path("offsets.topic.replication.factor").asInt());
        assertFalse(kafka.path("config").path("auto.create.topics.enable").asBoolean(true));
        assertFalse(kafka.path("config").path("unclean.leader.election.enable").asBoolean(true));

        int brokers = 0;
        int controllers = 0;
        for (ObjectNode pool : rendered.ofKind("KafkaNodePool")) {
            String roles = pool.path("spec").path("roles").toString();
            int replicas = pool.path("spec").path("replicas").asInt();
            brokers += roles.contains("broker") ? replicas : 0;
            controllers += roles.contains("controller") ? replicas : 0;
            assertFalse(pool.path("spec").path("storage").toString().contains("ephemeral"), "persistent storage");
        }
        assertTrue(brokers >= 3, "at least 3 brokers for replication factor 3");
        assertTrue(controllers >= 3 && controllers % 2 == 1, "an odd KRaft quorum of 3 or more");

        JsonNode postgres = rendered.get("Cluster", "datanet-pg").path("spec");
        assertTrue(postgres.path("instances").asInt() >= 3, "a primary and two standbys");
        assertTrue(postgres.path("postgresql").path("synchronous").path("number").asInt() >= 1, "synchronous standby");

        for (String service : ServiceConfiguration.DEPLOYABLES.keySet()) {
            String image = ManifestDriftTest.container(rendered, service).path("image").asText();
            assertTrue(image.matches("[a-z0-9.-]+\\.[a-z]+(:[0-9]+)?/datanet/" + service + ":[0-9][^:@]*@sha256:[0-9a-f]{64}"),
                    "production pulls a versioned image from a registry, by digest: " + image);
        }
        assertTrue(rendered.ofKind("Secret").isEmpty(), "production Secrets are made outside git (deploy/README.md)");
        for (ObjectNode ingress : rendered.ofKind("Ingress")) {
            assertTrue(ingress.path("spec").path("tls").size() > 0, Overlays.id(ingress) + ": served over TLS");
        }
        // The console's session cookie must never travel in clear text, and nobody may mint tokens at will.
        ServiceConfiguration console = ServiceConfiguration.of(ServiceConfiguration.CONSOLE);
        Map<String, String> environment = ManifestDriftTest.environment(rendered, ServiceConfiguration.CONSOLE);
        assertEquals("true", console.resolve("datanet.console.session.secure-cookie", environment),
                "production's console cookie is Secure (SECURE_COOKIE)");
        assertEquals("false", console.resolve("datanet.console.dev-tokens.enabled", environment),
                "production's console has dev tokens off (DATANET_DEV_TOKENS)");
        String devKey = console.resolve("datanet.console.dev-tokens.private-key-location", environment);
        assertTrue(devKey == null || devKey.isBlank(), "no signing key for dev tokens in production: " + devKey);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void devTokensOnlyWithTheirKeyFromASecret(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        ServiceConfiguration console = ServiceConfiguration.of(ServiceConfiguration.CONSOLE);
        Map<String, String> environment = ManifestDriftTest.environment(rendered, ServiceConfiguration.CONSOLE);
        if (Boolean.parseBoolean(console.resolve("datanet.console.dev-tokens.enabled", environment))) {
            String key = console.resolve("datanet.console.dev-tokens.private-key-location", environment);
            assertTrue(key != null && ManifestDriftTest.mountedSecretFile(rendered, ServiceConfiguration.CONSOLE,
                    key.replaceFirst("^file:", "")).isPresent(), overlay + ": dev tokens need their key mounted from a Secret");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void managementEndpointsAreNotPublic(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        List<ManifestDriftTest.Route> routes = ManifestDriftTest.routes(rendered);
        Set<String> hosts = new HashSet<>();
        routes.forEach(r -> hosts.add(r.host()));
        for (String service : ServiceConfiguration.DEPLOYABLES.keySet()) {
            ServiceConfiguration config = ServiceConfiguration.of(service);
            for (String path : List.of(config.get("quarkus.micrometer.export.prometheus.path"), config.healthPath("readiness"),
                    config.healthPath("liveness"), config.healthPath("startup"))) {
                for (String host : hosts) {
                    ManifestDriftTest.route(routes, host, path).ifPresent(route -> {
                        String denied = rendered.get("Ingress", route.ingress()).path("metadata").path("annotations")
                                .path("nginx.ingress.kubernetes.io/denylist-source-range").asText("");
                        assertTrue(List.of(denied.split("\\s*,\\s*")).containsAll(List.of("0.0.0.0/0", "::/0")),
                                overlay + ": " + host + path + " reaches " + route.backend() + " through "
                                        + route.ingress() + ", which lets clients in");
                    });
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void eachPodReachesWhatItNeedsAndNothingMore(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        String namespace = rendered.get("Deployment", ServiceConfiguration.CONSOLE).path("metadata").path("namespace").asText();
        Endpoint ingressController = new Endpoint("ingress-nginx", Map.of());
        Endpoint console = pod(rendered, namespace, ServiceConfiguration.CONSOLE);
        Endpoint stranger = new Endpoint(namespace, Map.of("app.kubernetes.io/name", "something-else"));
        Endpoint postgres = new Endpoint(namespace, Map.of("cnpg.io/cluster", "datanet-pg", "cnpg.io/instanceRole", "primary"));
        Endpoint outside = new Endpoint("elsewhere", Map.of());
        JsonNode kafka = rendered.ofKind("Kafka").get(0);
        Endpoint broker = new Endpoint(namespace, Map.of("strimzi.io/cluster", Overlays.name(kafka),
                "strimzi.io/kind", "Kafka", "strimzi.io/broker-role", "true"));
        int kafkaPort = Integer.parseInt(ManifestDriftTest.kafkaBootstrap(rendered).replaceAll(".*:", ""));

        // the public routes: the ingress controller reaches every backend of an Ingress
        for (ManifestDriftTest.Route route : ManifestDriftTest.routes(rendered)) {
            assertTrue(reaches(rendered, namespace, ingressController, pod(rendered, namespace, route.backend()), "http",
                    ServiceConfiguration.DEPLOYABLES.get(route.backend())),
                    overlay + ": the ingress controller cannot reach " + route.backend() + " for " + route.path());
        }
        // the console: every service's HTTP port and Kafka; not PostgreSQL, not the internet
        for (Map.Entry<String, Integer> service : ServiceConfiguration.SERVICES.entrySet()) {
            Endpoint target = pod(rendered, namespace, service.getKey());
            assertTrue(reaches(rendered, namespace, console, target, "http", service.getValue()),
                    overlay + ": the console cannot reach " + service.getKey());
            assertFalse(reaches(rendered, namespace, stranger, target, "http", service.getValue()),
                    overlay + ": any pod of the namespace reaches " + service.getKey());
            for (String other : ServiceConfiguration.SERVICES.keySet()) {
                if (!other.equals(service.getKey())) {
                    assertFalse(reaches(rendered, namespace, pod(rendered, namespace, other), target, "http",
                            service.getValue()), overlay + ": " + other + " reaches " + service.getKey()
                            + " (the services talk through Kafka only)");
                }
            }
        }
        assertTrue(allows(rendered, namespace, console, broker, "Egress", null, kafkaPort),
                overlay + ": the console's egress to the Kafka brokers");
        for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
            if (!listener.path("tls").asBoolean()) {
                boolean admitted = false;
                for (JsonNode peer : listener.path("networkPolicyPeers")) {
                    admitted |= peerMatches(peer, namespace, console);
                }
                assertTrue(admitted, overlay + ": the Kafka listener " + listener.path("name").asText()
                        + " (Strimzi's policy) admits the console");
            }
        }
        // DNS through a NodeLocal DNSCache, for the console and every service; the cloud's credential endpoints only
        // for the blob store's clients, and only where the blob store is outside the cluster
        Endpoint nodeLocalDns = Endpoint.at("169.254.20.10");
        Endpoint instanceMetadata = Endpoint.at("169.254.169.254");
        boolean cloudStore = rendered.where(o -> "Deployment".equals(o.path("kind").asText())
                && "minio".equals(Overlays.name(o))).isEmpty();
        for (String deployable : ServiceConfiguration.DEPLOYABLES.keySet()) {
            Endpoint pod = pod(rendered, namespace, deployable);
            assertTrue(allows(rendered, namespace, pod, nodeLocalDns, "Egress", null, 53),
                    overlay + ": " + deployable + " resolves names through NodeLocal DNSCache");
            boolean blobClient = "true".equals(pod.labels().get("datanet.io/blob-store-client"));
            assertEquals(blobClient && cloudStore, allows(rendered, namespace, pod, instanceMetadata, "Egress", null, 80),
                    overlay + ": " + deployable + " and the cloud's instance metadata (credentials)");
            assertFalse(allows(rendered, namespace, pod, Endpoint.at("169.254.169.254"), "Egress", null, 8080),
                    overlay + ": " + deployable + " reaches the metadata address on another port");
        }
        assertFalse(allows(rendered, namespace, console, postgres, "Egress", null, 5432),
                overlay + ": the console keeps no state and must not reach PostgreSQL");
        // the identity provider (its key set; for the console also sign-in), over HTTPS and nothing else
        for (String deployable : ServiceConfiguration.DEPLOYABLES.keySet()) {
            Endpoint pod = pod(rendered, namespace, deployable);
            assertTrue(allows(rendered, namespace, pod, outside, "Egress", null, 443),
                    overlay + ": " + deployable + " reaches the identity provider over HTTPS");
        }
        assertFalse(allows(rendered, namespace, console, outside, "Egress", null, 80),
                overlay + ": the console fetches nothing else outside the cluster");
        int consolePort = ServiceConfiguration.DEPLOYABLES.get(ServiceConfiguration.CONSOLE);
        assertFalse(reaches(rendered, namespace, stranger, console, "http", consolePort),
                overlay + ": any pod of the namespace reaches the console");
    }

    @Test
    void productionConnectionsFitPostgres() {
        Overlays.Rendered rendered = Overlays.render("production");
        long connections = 0;
        for (String service : ServiceConfiguration.SERVICES.keySet()) {
            int pool = Integer.parseInt(ManifestDriftTest.environment(rendered, service).get("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE"));
            connections += (long) maxReplicas(rendered, service) * (pool + 1); // + Flyway's JDBC connection at start
        }
        int max = rendered.get("Cluster", "datanet-pg").path("spec").path("postgresql").path("parameters")
                .path("max_connections").asInt();
        assertTrue(connections + 10 <= max, connections + " connections at full scale against max_connections " + max);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everythingReferencedIsRenderedOrDocumentedAsMadeOutside(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        // made by the operator (deploy/README.md) or, for the TLS certificate, by cert-manager
        Set<String> external = Set.of("datanet-jwt", "datanet-api-tls", "datanet-db-upload", "datanet-db-validation",
                "datanet-db-reputation", "datanet-db-training", "datanet-s3", "datanet-pg-backup", "datanet-kafka-keda",
                "datanet-oidc-console");
        Set<String> secrets = new HashSet<>();
        Set<String> configMaps = new HashSet<>();
        for (ObjectNode object : rendered.objects()) {
            collectReferences(object, secrets, configMaps);
        }
        for (String configMap : configMaps) {
            assertTrue(rendered.find("ConfigMap", configMap).isPresent(), overlay + ": ConfigMap " + configMap);
        }
        for (String secret : secrets) {
            // Strimzi's User Operator writes each KafkaUser's credentials to a Secret of the user's name
            boolean ofKafkaUser = rendered.find("KafkaUser", secret).isPresent();
            assertTrue(rendered.find("Secret", secret).isPresent() || external.contains(secret) || ofKafkaUser,
                    overlay + ": Secret " + secret + " is neither rendered nor documented");
        }
    }

    // ---- helpers

    /**
     * A pod (or, with no labels known, any pod) in a namespace, as NetworkPolicy peers select it; or, with an
     * {@code address}, an IPv4 address that is no pod's (a node-local or link-local service).
     */
    record Endpoint(String namespace, Map<String, String> labels, String address) {
        Endpoint(String namespace, Map<String, String> labels) {
            this(namespace, labels, null);
        }

        static Endpoint at(String address) {
            return new Endpoint("", Map.of(), address);
        }
    }

    private static Endpoint pod(Overlays.Rendered rendered, String namespace, String deployment) {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        rendered.get("Deployment", deployment).path("spec").path("template").path("metadata").path("labels").fields()
                .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new Endpoint(namespace, labels);
    }

    /** Whether the policies let {@code from} open a TCP connection to {@code to}'s port (by name or number). */
    private static boolean reaches(Overlays.Rendered rendered, String namespace, Endpoint from, Endpoint to,
                                   String portName, int port) {
        return allows(rendered, namespace, from, to, "Egress", portName, port)
                && allows(rendered, namespace, to, from, "Ingress", portName, port);
    }

    /**
     * Whether the namespace's policies let {@code subject} send ("Egress") to, or take ("Ingress") from, {@code peer}
     * on a TCP port. A pod no policy of that direction selects is not isolated in it. Only the Datanet namespace's
     * pods are subjects here.
     */
    private static boolean allows(Overlays.Rendered rendered, String namespace, Endpoint subject, Endpoint peer,
                                  String direction, String portName, int port) {
        if (!subject.namespace().equals(namespace)) {
            return true; // other namespaces' policies are not ours
        }
        JsonNode subjectLabels = JSON.valueToTree(subject.labels());
        boolean isolated = false;
        for (ObjectNode policy : rendered.ofKind("NetworkPolicy")) {
            JsonNode spec = policy.path("spec");
            if (!selects(spec.path("podSelector"), subjectLabels) || !types(policy).contains(direction)) {
                continue;
            }
            isolated = true;
            for (JsonNode rule : spec.path(direction.toLowerCase())) {
                JsonNode peers = rule.path("Egress".equals(direction) ? "to" : "from");
                boolean peerAllowed = peers.isMissingNode() || peers.isEmpty();
                for (JsonNode p : peers) {
                    peerAllowed |= peerMatches(p, namespace, peer);
                }
                if (peerAllowed && portAllowed(rule.path("ports"), portName, port)) {
                    return true;
                }
            }
        }
        return !isolated;
    }

    /** NetworkPolicy peer semantics: a bare podSelector means the policy's own namespace. */
    private static boolean peerMatches(JsonNode peer, String policyNamespace, Endpoint endpoint) {
        if (peer.has("ipBlock")) {
            if (endpoint.address() == null) {
                return true; // addresses: counted as reaching any pod or the outside (CNIs differ here)
            }
            boolean excepted = false;
            for (JsonNode except : peer.path("ipBlock").path("except")) {
                excepted |= inCidr(endpoint.address(), except.asText());
            }
            return inCidr(endpoint.address(), peer.path("ipBlock").path("cidr").asText()) && !excepted;
        }
        if (endpoint.address() != null) {
            return false; // selectors pick pods, and this address is none
        }
        boolean namespaceOk = peer.has("namespaceSelector")
                ? selects(peer.path("namespaceSelector"),
                        JSON.valueToTree(Map.of("kubernetes.io/metadata.name", endpoint.namespace())))
                : endpoint.namespace().equals(policyNamespace);
        boolean podOk = !peer.has("podSelector") || selects(peer.path("podSelector"), JSON.valueToTree(endpoint.labels()));
        return namespaceOk && podOk;
    }

    /** Whether an IPv4 address lies in a CIDR block (an IPv6 block holds no IPv4 address). */
    private static boolean inCidr(String address, String cidr) {
        if (cidr.contains(":")) {
            return false;
        }
        String[] block = cidr.split("/");
        int bits = block.length > 1 ? Integer.parseInt(block[1]) : 32;
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (ipv4(address) & mask) == (ipv4(block[0]) & mask);
    }

    private static long ipv4(String address) {
        long value = 0;
        for (String octet : address.split("\\.")) {
            value = value << 8 | Integer.parseInt(octet);
        }
        return value;
    }

    private static boolean portAllowed(JsonNode ports, String portName, int port) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode p : ports) {
            if (!"TCP".equals(p.path("protocol").asText("TCP"))) {
                continue;
            }
            JsonNode value = p.path("port");
            if (value.isMissingNode()
                    || (value.isInt() && (value.asInt() == port
                        || (p.has("endPort") && port >= value.asInt() && port <= p.path("endPort").asInt())))
                    || (value.isTextual() && value.asText().equals(portName))) {
                return true;
            }
        }
        return false;
    }

    private static int maxReplicas(Overlays.Rendered rendered, String service) {
        return rendered.find("HorizontalPodAutoscaler", service).map(h -> h.path("spec").path("maxReplicas").asInt())
                .orElseGet(() -> rendered.get("ScaledObject", service).path("spec").path("maxReplicaCount").asInt());
    }

    private static boolean hasWritableTmp(JsonNode pod, JsonNode container) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if ("/tmp".equals(mount.path("mountPath").asText()) && !mount.path("readOnly").asBoolean()) {
                for (JsonNode volume : pod.path("volumes")) {
                    if (volume.path("name").equals(mount.path("name")) && volume.has("emptyDir")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static boolean selects(JsonNode selector, JsonNode labels) {
        Iterator<Map.Entry<String, JsonNode>> required = selector.path("matchLabels").fields();
        while (required.hasNext()) {
            Map.Entry<String, JsonNode> e = required.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String value = labels.path(expression.path("key").asText()).asText(null);
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            boolean ok = switch (expression.path("operator").asText()) {
                case "In" -> values.contains(value);
                case "NotIn" -> !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> types(JsonNode policy) {
        Set<String> types = new HashSet<>();
        policy.path("spec").path("policyTypes").forEach(t -> types.add(t.asText()));
        return types;
    }

    private static void collectReferences(JsonNode node, Set<String> secrets, Set<String> configMaps) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                switch (e.getKey()) {
                    case "secretKeyRef", "secretRef", "passwordSecret" -> secrets.add(e.getValue().path("name").asText());
                    case "secret" -> {
                        if (e.getValue().has("secretName")) {
                            secrets.add(e.getValue().path("secretName").asText());
                        } else if (e.getValue().has("name")) {
                            secrets.add(e.getValue().path("name").asText());
                        }
                    }
                    case "configMapKeyRef", "configMapRef" -> configMaps.add(e.getValue().path("name").asText());
                    case "tls" -> e.getValue().forEach(t -> {
                        if (t.has("secretName")) {
                            secrets.add(t.path("secretName").asText());
                        }
                    });
                    default -> {
                    }
                }
                collectReferences(e.getValue(), secrets, configMaps);
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectReferences(child, secrets, configMaps));
        }
    }

    private static long memoryBytes(String quantity) {
        Map<String, Long> units = Map.of("Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30, "Ti", 1L << 40);
        for (Map.Entry<String, Long> unit : units.entrySet()) {
            if (quantity.endsWith(unit.getKey())) {
                return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * unit.getValue();
            }
        }
        return Long.parseLong(quantity);
    }
}
