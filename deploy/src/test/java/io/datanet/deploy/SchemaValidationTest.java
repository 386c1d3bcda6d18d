package io.datanet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rendered object of every overlay is valid against its API schema, offline:
 * <ol>
 *   <li>the JSON schemas of the Kubernetes API and of the Strimzi, CloudNativePG and KEDA CRDs, as compiled by the
 *   kubernetes-models packages (pinned in src/test/schema-validator/package.json, installed with {@code npm ci}
 *   into target/ the first time) — types, required fields, enumerations, formats such as quantities; an object
 *   whose apiVersion and kind have no schema fails;</li>
 *   <li>and, since those schemas (like Kubernetes' own) let unknown fields through, every Kubernetes and Strimzi
 *   object is also read into the fabric8 Kubernetes model and Strimzi's API model, and any field they do not
 *   know (a typo such as {@code livenessprobe}) fails.</li>
 * </ol>
 */
class SchemaValidationTest {

    private static final Path SOURCE = Overlays.ROOT.resolve("deploy/src/test/schema-validator");
    private static final Path INSTALLED = Overlays.ROOT.resolve("deploy/target/schema-validator");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The models that read each kind strictly. CloudNativePG, KEDA and the Prometheus Operator's kinds are checked
     * against their schemas only (no Java model of them is used here).
     */
    private static final Map<String, String> MODELS = Map.ofEntries(
            Map.entry("v1/ConfigMap", "io.fabric8.kubernetes.api.model.ConfigMap"),
            Map.entry("v1/Secret", "io.fabric8.kubernetes.api.model.Secret"),
            Map.entry("v1/Service", "io.fabric8.kubernetes.api.model.Service"),
            Map.entry("v1/ServiceAccount", "io.fabric8.kubernetes.api.model.ServiceAccount"),
            Map.entry("v1/Namespace", "io.fabric8.kubernetes.api.model.Namespace"),
            Map.entry("v1/PersistentVolumeClaim", "io.fabric8.kubernetes.api.model.PersistentVolumeClaim"),
            Map.entry("apps/v1/Deployment", "io.fabric8.kubernetes.api.model.apps.Deployment"),
            Map.entry("policy/v1/PodDisruptionBudget", "io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget"),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler",
                    "io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler"),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", "io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy"),
            Map.entry("networking.k8s.io/v1/Ingress", "io.fabric8.kubernetes.api.model.networking.v1.Ingress"),
            Map.entry("kafka.strimzi.io/v1/Kafka", "io.strimzi.api.kafka.model.kafka.Kafka"),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", "io.strimzi.api.kafka.model.nodepool.KafkaNodePool"),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", "io.strimzi.api.kafka.model.topic.KafkaTopic"),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", "io.strimzi.api.kafka.model.user.KafkaUser"));
    private static final Set<String> NO_JAVA_MODEL = Set.of("postgresql.cnpg.io/v1/Cluster",
            "postgresql.cnpg.io/v1/Database", "postgresql.cnpg.io/v1/ScheduledBackup", "keda.sh/v1alpha1/ScaledObject",
            "keda.sh/v1alpha1/TriggerAuthentication",
            "monitoring.coreos.com/v1/ServiceMonitor", "monitoring.coreos.com/v1/PrometheusRule");

    @BeforeAll
    static void installValidator() throws Exception {
        if (!Overlays.onPath("node") || !Overlays.onPath("npm")) {
            fail("schema validation needs Node.js and npm on the PATH (apt-get install nodejs npm)");
        }
        Files.createDirectories(INSTALLED);
        boolean fresh = true;
        for (String file : List.of("package.json", "package-lock.json", "validate.mjs")) {
            Path target = INSTALLED.resolve(file);
            fresh &= Files.exists(target) && Files.mismatch(SOURCE.resolve(file), target) == -1;
            Files.copy(SOURCE.resolve(file), target, StandardCopyOption.REPLACE_EXISTING);
        }
        if (!fresh || !Files.isDirectory(INSTALLED.resolve("node_modules/kubernetes-models"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), INSTALLED, 5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyObjectMatchesItsApiSchema(String overlay) throws Exception {
        Overlays.Rendered rendered = Overlays.render(overlay);
        assertTrue(rendered.objects().size() > 40, "rendered " + rendered.objects().size() + " objects");
        Path input = INSTALLED.resolve(overlay + ".json");
        JSON.writeValue(input.toFile(), rendered.objects());
        String report = run(List.of("node", "validate.mjs", input.getFileName().toString()), INSTALLED, 2);
        JsonNode results = JSON.readTree(report);
        assertEquals(rendered.objects().size(), results.size());
        List<String> invalid = new ArrayList<>();
        for (JsonNode result : results) {
            if (!result.path("valid").asBoolean()) {
                invalid.add(result.path("object").asText() + ": " + result.path("errors"));
            }
        }
        assertEquals(List.of(), invalid, overlay + ": objects failing their schema");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void noObjectHasFieldsItsApiDoesNotKnow(String overlay) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<String> unknown = new ArrayList<>();
        for (ObjectNode object : Overlays.render(overlay).objects()) {
            String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
            if (NO_JAVA_MODEL.contains(type)) {
                continue;
            }
            String model = MODELS.get(type);
            if (model == null) {
                fail(overlay + ": no strict model for " + type + " (" + Overlays.id(object) + "); add one to MODELS");
            }
            Object typed = mapper.treeToValue(object, Class.forName(model));
            collectUnknownFields(typed, Overlays.id(object), unknown);
        }
        assertEquals(List.of(), unknown, overlay + ": fields no API version knows");
    }

    /** The checks above do reject what they should (so a passing run means something). */
    @org.junit.jupiter.api.Test
    void theChecksRejectBrokenObjects() throws Exception {
        ObjectNode deployment = (ObjectNode) JSON.readTree("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"broken"},
                 "spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},
                 "spec":{"containers":[{"name":"c","image":"i","livenessprobe":{},
                 "resources":{"limits":{"memory":"lots"}},"ports":[{"containerPort":"8081"}]}]}}}}""");
        ObjectNode topic = (ObjectNode) JSON.readTree("""
                {"apiVersion":"kafka.strimzi.io/v1","kind":"KafkaTopic","metadata":{"name":"t"},
                 "spec":{"partitions":"12","replicas":3,"configs":{}}}""");
        ObjectNode scaledObject = (ObjectNode) JSON.readTree("""
                {"apiVersion":"keda.sh/v1alpha1","kind":"ScaledObject","metadata":{"name":"s"},
                 "spec":{"scaleTargetRef":{"name":"x"},"maxReplicaCount":"6","triggers":[{"type":"kafka"}]}}""");
        ObjectNode unknownKind = (ObjectNode) JSON.readTree("""
                {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"}}""");
        Path input = INSTALLED.resolve("broken.json");
        JSON.writeValue(input.toFile(), List.of(deployment, topic, scaledObject, unknownKind));
        JsonNode results = JSON.readTree(run(List.of("node", "validate.mjs", "broken.json"), INSTALLED, 2));
        for (JsonNode result : results) {
            assertTrue(!result.path("valid").asBoolean(), result.toString());
        }
        assertTrue(results.get(0).path("errors").toString().contains("containerPort"), results.get(0).toString());
        assertTrue(results.get(1).path("errors").toString().contains("partitions"), results.get(1).toString());

        List<String> unknown = new ArrayList<>();
        collectUnknownFields(JSON.treeToValue(deployment, Class.forName(MODELS.get("apps/v1/Deployment"))),
                "Deployment/broken", unknown);
        ((ObjectNode) topic.get("spec")).put("partitions", 12);
        collectUnknownFields(JSON.treeToValue(topic, Class.forName(MODELS.get("kafka.strimzi.io/v1/KafkaTopic"))),
                "KafkaTopic/t", unknown);
        assertEquals(2, unknown.size(), unknown.toString());
        assertTrue(unknown.get(0).contains("livenessprobe") && unknown.get(1).contains("configs"), unknown.toString());
    }

    /** Walks the model's getters; every object that kept fields it could not map reports them. */
    private static void collectUnknownFields(Object node, String path, List<String> unknown) throws Exception {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                collectUnknownFields(e.getValue(), path + "." + e.getKey(), unknown);
            }
            return;
        }
        String packageName = node.getClass().getPackageName();
        if (!packageName.startsWith("io.fabric8.kubernetes.api.model") && !packageName.startsWith("io.strimzi.api")) {
            return;
        }
        for (Method method : node.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers()) || method.isBridge()
                    || method.isSynthetic() || method.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = method.getName();
            if (name.equals("getAdditionalProperties")) {
                Object extra = invoke(method, node);
                if (extra instanceof Map<?, ?> map && !map.isEmpty()) {
                    unknown.add(path + ": " + map.keySet());
                }
            } else if (name.startsWith("get") && name.length() > 3 && !name.equals("getClass")) {
                Object value = invoke(method, node);
                if (value != null && !(value instanceof String) && !(value instanceof Number)
                        && !(value instanceof Boolean) && !(value instanceof Enum<?>)) {
                    collectUnknownFields(value, path + "." + Character.toLowerCase(name.charAt(3)) + name.substring(4),
                            unknown);
                }
            }
        }
    }

    private static Object invoke(Method method, Object target) throws IllegalAccessException {
        try {
            return method.invoke(target);
        } catch (InvocationTargetException e) {
            return null; // derived getters that do not apply to this object
        }
    }

    private static String run(List<String> command, Path directory, long minutes) throws IOException, InterruptedException {
        Path output = Files.createTempFile(directory, "out", ".txt");
        Path errors = Files.createTempFile(directory, "err", ".txt");
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
            if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in " + minutes + " min");
            }
            String stdout = Files.readString(output);
            if (process.exitValue() != 0 && !(command.get(0).equals("node") && stdout.startsWith("["))) {
                fail(String.join(" ", command) + " failed (" + process.exitValue() + "): " + Files.readString(errors));
            }
            return stdout;
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }
}
