package io.datanet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datanet.events.KafkaAccess;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The broker's security in the manifests is the one the code declares ({@link KafkaAccess}): every listener
 * authenticates and the cluster authorizes; each principal is a KafkaUser whose ACLs are exactly its grants; each
 * service consumes exactly the topics and groups its grants name; each Deployment signs in as its own user; KEDA's user
 * may describe exactly the groups and topics its triggers watch.
 */
class KafkaAccessManifestTest {

    private static final String KEDA = "keda";

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyListenerAuthenticatesAndTheClusterAuthorizes(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        JsonNode kafka = rendered.get("Kafka", "datanet").path("spec");
        assertEquals("simple", kafka.path("kafka").path("authorization").path("type").asText(), overlay);
        for (JsonNode listener : kafka.path("kafka").path("listeners")) {
            assertEquals("scram-sha-512", listener.path("authentication").path("type").asText(),
                    overlay + ": listener " + listener.path("name").asText());
        }
        assertTrue(kafka.path("entityOperator").has("userOperator"), "the User Operator turns KafkaUsers into users");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void eachPrincipalsKafkaUserGrantsExactlyItsAccess(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        Set<String> users = new TreeSet<>();
        for (ObjectNode user : rendered.ofKind("KafkaUser")) {
            users.add(Overlays.name(user));
            assertEquals("datanet", user.path("metadata").path("labels").path("strimzi.io/cluster").asText());
            assertEquals("scram-sha-512", user.path("spec").path("authentication").path("type").asText());
        }
        Set<String> expected = new TreeSet<>(Set.of(KEDA));
        KafkaAccess.ALL.forEach(access -> expected.add(access.principal()));
        assertEquals(expected, users, overlay + ": KafkaUsers vs KafkaAccess");

        for (KafkaAccess access : KafkaAccess.ALL) {
            Map<String, Set<String>> grants = new TreeMap<>();
            access.writes().forEach(topic -> grant(grants, "topic " + topic, "Write", "Describe"));
            access.reads().forEach(topic -> grant(grants, "topic " + topic, "Read", "Describe"));
            access.groups().forEach(group -> grant(grants, "group " + group, "Read"));
            assertEquals(grants, acls(rendered.get("KafkaUser", access.principal())), access.principal());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void eachServiceConsumesWhatItsAccessNamesAndSignsInAsItself(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        for (String service : ServiceConfiguration.DEPLOYABLES.keySet()) {
            KafkaAccess access = KafkaAccess.of(service).orElseThrow(() -> new AssertionError(service + " has no KafkaAccess"));
            if (!service.equals(ServiceConfiguration.CONSOLE)) {
                Map<String, String> consumed = ServiceConfiguration.of(service).consumedTopics();
                assertEquals(new TreeSet<>(access.reads()), new TreeSet<>(consumed.keySet()), service + " reads");
                assertEquals(new TreeSet<>(access.groups()), new TreeSet<>(consumed.values()), service + " groups");
            }
            Map<String, String> environment = Workloads.environment(rendered, service);
            assertEquals("SASL_PLAINTEXT", environment.get("KAFKA_SECURITY_PROTOCOL"), service);
            assertEquals("SCRAM-SHA-512", environment.get("KAFKA_SASL_MECHANISM"), service);
            JsonNode jaas = null;
            for (JsonNode variable : Workloads.container(rendered, service).path("env")) {
                if ("KAFKA_SASL_JAAS_CONFIG".equals(variable.path("name").asText())) {
                    jaas = variable.path("valueFrom").path("secretKeyRef");
                }
            }
            assertTrue(jaas != null, service + " has no KAFKA_SASL_JAAS_CONFIG");
            assertEquals(service, jaas.path("name").asText(), service + " must sign in as its own KafkaUser");
            assertEquals("sasl.jaas.config", jaas.path("key").asText(), service);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void kedaDescribesExactlyWhatItsTriggersWatch(String overlay) {
        Overlays.Rendered rendered = Overlays.render(overlay);
        Map<String, Set<String>> watched = new TreeMap<>();
        for (ObjectNode scaledObject : rendered.ofKind("ScaledObject")) {
            for (JsonNode trigger : scaledObject.path("spec").path("triggers")) {
                if (!"kafka".equals(trigger.path("type").asText())) {
                    continue;
                }
                String where = Overlays.name(scaledObject) + " trigger on " + trigger.path("metadata").path("topic").asText();
                assertEquals("datanet-kafka", trigger.path("authenticationRef").path("name").asText(), where);
                assertEquals("scram_sha512", trigger.path("metadata").path("sasl").asText(), where);
                assertEquals("disable", trigger.path("metadata").path("tls").asText(), where);
                watched.put("topic " + trigger.path("metadata").path("topic").asText(), Set.of("Describe"));
                watched.put("group " + trigger.path("metadata").path("consumerGroup").asText(), Set.of("Describe"));
            }
        }
        assertEquals(watched, acls(rendered.get("KafkaUser", KEDA)));
        JsonNode password = rendered.get("KafkaUser", KEDA).path("spec").path("authentication").path("password")
                .path("valueFrom").path("secretKeyRef");
        Set<String> secrets = new TreeSet<>();
        for (JsonNode reference : rendered.get("TriggerAuthentication", "datanet-kafka").path("spec").path("secretTargetRef")) {
            secrets.add(reference.path("parameter").asText() + " " + reference.path("name").asText() + "/"
                    + reference.path("key").asText());
        }
        assertEquals(Set.of("username " + password.path("name").asText() + "/username",
                "password " + password.path("name").asText() + "/" + password.path("key").asText()), secrets,
                "the scaler signs in with the password Strimzi gave the user keda");
    }

    private static void grant(Map<String, Set<String>> grants, String resource, String... operations) {
        grants.computeIfAbsent(resource, r -> new TreeSet<>()).addAll(Set.of(operations));
    }

    /** A KafkaUser's ACLs as "type name" → operations; literal patterns only, each resource once. */
    private static Map<String, Set<String>> acls(JsonNode user) {
        Map<String, Set<String>> acls = new TreeMap<>();
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            JsonNode resource = acl.path("resource");
            assertEquals("literal", resource.path("patternType").asText(), Overlays.name((ObjectNode) user));
            Set<String> operations = new TreeSet<>();
            acl.path("operations").forEach(operation -> operations.add(operation.asText()));
            String key = resource.path("type").asText() + " " + resource.path("name").asText();
            assertTrue(acls.put(key, operations) == null, Overlays.name((ObjectNode) user) + ": " + key + " twice");
        }
        return acls;
    }
}
