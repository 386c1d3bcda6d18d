package io.datanet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
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

            JsonNode container = Workloads.container(rendered, service);
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
        JsonNode training = Workloads.container(rendered, "training-service").path("resources");
        assertTrue(memoryBytes(training.path("limits").path("memory").asText()) >= 2L << 30, "training needs >= 2 GiB");
        assertEquals("2", training.path("limits").path("cpu").asText(), "training gets 2 CPUs");
        String jdkOptions = Workloads.environment(rendered, "training-service").get("JDK_JAVA_OPTIONS");
        assertTrue(jdkOptions.contains("--add-modules=jdk.incubator.vector"), "the trainer's Vector API kernels");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyServiceHasADisruptionBudgetAndOneAutoscaler(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        for (String service : ServiceConfiguration.DEPLOYABLES.keySet()) {
            JsonNode labels = rendered.get("Deployment", service).path("spec").path("template").path("metadata").path("labels");
            List<ObjectNode> budgets = rendered.where(o -> "PodDisruptionBudget".equals(o.path("kind").asText())
                    && Workloads.selects(o.path("spec").path("selector"), labels));
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
                    && Workloads.selects(o.path("spec").path("podSelector"), labels));
            assertTrue(policies.stream().anyMatch(p -> NetworkPolicies.types(p).contains("Egress")), service + " has its egress limited");
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
        NetworkPolicies.Endpoint postgres = new NetworkPolicies.Endpoint(namespace, Map.of("cnpg.io/cluster", "datanet-pg", "cnpg.io/instanceRole", "replica"));
        if (store.has("endpointURL")) {
            assertEquals("http://minio:9000", store.path("endpointURL").asText(), overlay);
            NetworkPolicies.Endpoint minio = new NetworkPolicies.Endpoint(namespace, Map.of("app.kubernetes.io/name", "minio"));
            assertTrue(NetworkPolicies.reaches(rendered, namespace, postgres, minio, "s3", 9000), overlay + ": PostgreSQL reaches MinIO");
        } else {
            assertTrue(NetworkPolicies.reaches(rendered, namespace, postgres, new NetworkPolicies.Endpoint("elsewhere", Map.of()), null, 443),
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
            String image = Workloads.container(rendered, service).path("image").asText();
            assertTrue(image.matches("[a-z0-9.-]+\\.[a-z]+(:[0-9]+)?/datanet/" + service + ":[0-9][^:@]*@sha256:[0-9a-f]{64}"),
                    "production pulls a versioned image from a registry, by digest: " + image);
        }
        assertTrue(rendered.ofKind("Secret").isEmpty(), "production Secrets are made outside git (deploy/README.md)");
        for (ObjectNode ingress : rendered.ofKind("Ingress")) {
            assertTrue(ingress.path("spec").path("tls").size() > 0, Overlays.id(ingress) + ": served over TLS");
        }
        // The console's session cookie must never travel in clear text, and nobody may mint tokens at will.
        ServiceConfiguration console = ServiceConfiguration.of(ServiceConfiguration.CONSOLE);
        Map<String, String> environment = Workloads.environment(rendered, ServiceConfiguration.CONSOLE);
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
        Map<String, String> environment = Workloads.environment(rendered, ServiceConfiguration.CONSOLE);
        if (Boolean.parseBoolean(console.resolve("datanet.console.dev-tokens.enabled", environment))) {
            String key = console.resolve("datanet.console.dev-tokens.private-key-location", environment);
            assertTrue(key != null && Workloads.mountedSecretFile(rendered, ServiceConfiguration.CONSOLE,
                    key.replaceFirst("^file:", "")).isPresent(), overlay + ": dev tokens need their key mounted from a Secret");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void managementEndpointsAreNotPublic(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        List<IngressRoutes.Route> routes = IngressRoutes.routes(rendered);
        Set<String> hosts = new HashSet<>();
        routes.forEach(r -> hosts.add(r.host()));
        for (String service : ServiceConfiguration.DEPLOYABLES.keySet()) {
            ServiceConfiguration config = ServiceConfiguration.of(service);
            for (String path : List.of(config.get("quarkus.micrometer.export.prometheus.path"), config.healthPath("readiness"),
                    config.healthPath("liveness"), config.healthPath("startup"))) {
                for (String host : hosts) {
                    IngressRoutes.route(routes, host, path).ifPresent(route -> {
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
        NetworkPolicies.Endpoint ingressController = new NetworkPolicies.Endpoint("ingress-nginx", Map.of());
        NetworkPolicies.Endpoint console = NetworkPolicies.pod(rendered, namespace, ServiceConfiguration.CONSOLE);
        NetworkPolicies.Endpoint stranger = new NetworkPolicies.Endpoint(namespace, Map.of("app.kubernetes.io/name", "something-else"));
        NetworkPolicies.Endpoint postgres = new NetworkPolicies.Endpoint(namespace, Map.of("cnpg.io/cluster", "datanet-pg", "cnpg.io/instanceRole", "primary"));
        NetworkPolicies.Endpoint outside = new NetworkPolicies.Endpoint("elsewhere", Map.of());
        JsonNode kafka = rendered.ofKind("Kafka").get(0);
        NetworkPolicies.Endpoint broker = new NetworkPolicies.Endpoint(namespace, Map.of("strimzi.io/cluster", Overlays.name(kafka),
                "strimzi.io/kind", "Kafka", "strimzi.io/broker-role", "true"));
        int kafkaPort = Integer.parseInt(Workloads.kafkaBootstrap(rendered).replaceAll(".*:", ""));

        // the public routes: the ingress controller reaches every backend of an Ingress
        for (IngressRoutes.Route route : IngressRoutes.routes(rendered)) {
            assertTrue(NetworkPolicies.reaches(rendered, namespace, ingressController, NetworkPolicies.pod(rendered, namespace, route.backend()), "http",
                    ServiceConfiguration.DEPLOYABLES.get(route.backend())),
                    overlay + ": the ingress controller cannot reach " + route.backend() + " for " + route.path());
        }
        // the console: every service's HTTP port and Kafka; not PostgreSQL, not the internet
        for (Map.Entry<String, Integer> service : ServiceConfiguration.SERVICES.entrySet()) {
            NetworkPolicies.Endpoint target = NetworkPolicies.pod(rendered, namespace, service.getKey());
            assertTrue(NetworkPolicies.reaches(rendered, namespace, console, target, "http", service.getValue()),
                    overlay + ": the console cannot reach " + service.getKey());
            assertFalse(NetworkPolicies.reaches(rendered, namespace, stranger, target, "http", service.getValue()),
                    overlay + ": any pod of the namespace reaches " + service.getKey());
            for (String other : ServiceConfiguration.SERVICES.keySet()) {
                if (!other.equals(service.getKey())) {
                    assertFalse(NetworkPolicies.reaches(rendered, namespace, NetworkPolicies.pod(rendered, namespace, other), target, "http",
                            service.getValue()), overlay + ": " + other + " reaches " + service.getKey()
                            + " (the services talk through Kafka only)");
                }
            }
        }
        assertTrue(NetworkPolicies.allows(rendered, namespace, console, broker, "Egress", null, kafkaPort),
                overlay + ": the console's egress to the Kafka brokers");
        for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
            if (!listener.path("tls").asBoolean()) {
                boolean admitted = false;
                for (JsonNode peer : listener.path("networkPolicyPeers")) {
                    admitted |= NetworkPolicies.peerMatches(peer, namespace, console);
                }
                assertTrue(admitted, overlay + ": the Kafka listener " + listener.path("name").asText()
                        + " (Strimzi's policy) admits the console");
            }
        }
        // DNS through a NodeLocal DNSCache, for the console and every service; the cloud's credential endpoints only
        // for the blob store's clients, and only where the blob store is outside the cluster
        NetworkPolicies.Endpoint nodeLocalDns = NetworkPolicies.Endpoint.at("169.254.20.10");
        NetworkPolicies.Endpoint instanceMetadata = NetworkPolicies.Endpoint.at("169.254.169.254");
        boolean cloudStore = rendered.where(o -> "Deployment".equals(o.path("kind").asText())
                && "minio".equals(Overlays.name(o))).isEmpty();
        for (String deployable : ServiceConfiguration.DEPLOYABLES.keySet()) {
            NetworkPolicies.Endpoint pod = NetworkPolicies.pod(rendered, namespace, deployable);
            assertTrue(NetworkPolicies.allows(rendered, namespace, pod, nodeLocalDns, "Egress", null, 53),
                    overlay + ": " + deployable + " resolves names through NodeLocal DNSCache");
            boolean blobClient = "true".equals(pod.labels().get("datanet.io/blob-store-client"));
            assertEquals(blobClient && cloudStore, NetworkPolicies.allows(rendered, namespace, pod, instanceMetadata, "Egress", null, 80),
                    overlay + ": " + deployable + " and the cloud's instance metadata (credentials)");
            assertFalse(NetworkPolicies.allows(rendered, namespace, pod, NetworkPolicies.Endpoint.at("169.254.169.254"), "Egress", null, 8080),
                    overlay + ": " + deployable + " reaches the metadata address on another port");
        }
        assertFalse(NetworkPolicies.allows(rendered, namespace, console, postgres, "Egress", null, 5432),
                overlay + ": the console keeps no state and must not reach PostgreSQL");
        // the identity provider (its key set; for the console also sign-in), over HTTPS and nothing else
        for (String deployable : ServiceConfiguration.DEPLOYABLES.keySet()) {
            NetworkPolicies.Endpoint pod = NetworkPolicies.pod(rendered, namespace, deployable);
            assertTrue(NetworkPolicies.allows(rendered, namespace, pod, outside, "Egress", null, 443),
                    overlay + ": " + deployable + " reaches the identity provider over HTTPS");
        }
        assertFalse(NetworkPolicies.allows(rendered, namespace, console, outside, "Egress", null, 80),
                overlay + ": the console fetches nothing else outside the cluster");
        int consolePort = ServiceConfiguration.DEPLOYABLES.get(ServiceConfiguration.CONSOLE);
        assertFalse(NetworkPolicies.reaches(rendered, namespace, stranger, console, "http", consolePort),
                overlay + ": any pod of the namespace reaches the console");
    }

    @Test
    void productionConnectionsFitPostgres() {
        Overlays.Rendered rendered = Overlays.render("production");
        long connections = 0;
        for (String service : ServiceConfiguration.SERVICES.keySet()) {
            int pool = Integer.parseInt(Workloads.environment(rendered, service).get("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE"));
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
