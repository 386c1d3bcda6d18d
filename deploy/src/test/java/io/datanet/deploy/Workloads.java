package io.datanet.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a rendered overlay gives a deployable: its container, the environment it gets, the secrets it mounts, the
 * broker it is pointed at, and whether a selector picks it. Read by the drift, policy and Kafka-access tests alike.
 */
final class Workloads {

    private Workloads() {
    }

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
            JsonNode fromConfigMap = variable.path("valueFrom").path("configMapKeyRef");
            String value;
            if (variable.has("value")) {
                value = variable.path("value").asText();
            } else if (!fromConfigMap.isMissingNode()) {
                JsonNode data = rendered.get("ConfigMap", fromConfigMap.path("name").asText()).path("data");
                String key = fromConfigMap.path("key").asText();
                assertTrue(data.has(key) || fromConfigMap.path("optional").asBoolean(),
                        service + ": ConfigMap " + fromConfigMap.path("name").asText() + " has no key " + key);
                value = data.path(key).asText(null);
            } else {
                value = "<" + variable.path("valueFrom") + ">";
            }
            if (value != null) {
                environment.put(variable.path("name").asText(), value);
            }
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


    static String secretOf(Overlays.Rendered rendered, String service, String variable) {
        for (JsonNode v : container(rendered, service).path("env")) {
            if (variable.equals(v.path("name").asText())) {
                return v.path("valueFrom").path("secretKeyRef").path("name").asText();
            }
        }
        throw new AssertionError(service + " has no " + variable);
    }


    static Optional<String> mountedSecretFile(Overlays.Rendered rendered, String service, String file) {
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


    /** Whether a label selector (matchLabels and matchExpressions) selects these labels. */
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
}
