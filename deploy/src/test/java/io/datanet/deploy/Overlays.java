package io.datanet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The overlays under deploy/kubernetes/overlays, rendered with Kustomize itself: {@code kubectl kustomize} (kubectl
 * embeds Kustomize) or a standalone {@code kustomize build}, whichever is on the PATH ({@code DATANET_KUSTOMIZE}
 * may name another command that takes the directory as its last argument). Nothing is reimplemented here, so what
 * the tests see is exactly what {@code kubectl apply -k} would send.
 */
final class Overlays {

    static final List<String> NAMES = List.of("dev", "production");
    static final Path ROOT = Path.of(System.getProperty("datanet.root", "..")).toAbsolutePath().normalize();
    static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    private Overlays() {
    }

    static Rendered render(String overlay) {
        return CACHE.computeIfAbsent(overlay, Overlays::build);
    }

    private static Rendered build(String overlay) {
        Path directory = KUBERNETES.resolve("overlays").resolve(overlay);
        List<String> command = new ArrayList<>(kustomizeCommand());
        command.add(directory.toString());
        try {
            Path stderr = Files.createTempFile("kustomize", ".err");
            Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("kustomize failed for overlay " + overlay + ": "
                        + Files.readString(stderr));
            }
            Files.deleteIfExists(stderr);
            String yaml = new String(output, StandardCharsets.UTF_8);
            List<ObjectNode> objects = new ArrayList<>();
            try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
                while (documents.hasNext()) {
                    JsonNode document = documents.next();
                    if (document != null && document.isObject() && document.size() > 0) {
                        objects.add((ObjectNode) document);
                    }
                }
            }
            Path out = ROOT.resolve("deploy/target/rendered/" + overlay + ".yaml");
            Files.createDirectories(out.getParent());
            Files.writeString(out, yaml);
            return new Rendered(overlay, List.copyOf(objects));
        } catch (IOException e) {
            throw new IllegalStateException("cannot render overlay " + overlay, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<String> kustomizeCommand() {
        String configured = System.getenv("DATANET_KUSTOMIZE");
        if (configured != null && !configured.isBlank()) {
            return List.of(configured.trim().split("\\s+"));
        }
        if (onPath("kubectl")) {
            return List.of("kubectl", "kustomize");
        }
        if (onPath("kustomize")) {
            return List.of("kustomize", "build");
        }
        throw new IllegalStateException("rendering the manifests needs Kustomize: kubectl (which embeds it) or"
                + " kustomize on the PATH, or DATANET_KUSTOMIZE naming the command");
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    /** One overlay's objects, as Kustomize rendered them. */
    record Rendered(String overlay, List<ObjectNode> objects) {

        List<ObjectNode> ofKind(String kind) {
            return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
        }

        Optional<ObjectNode> find(String kind, String name) {
            return objects.stream().filter(o -> kind.equals(o.path("kind").asText())
                    && name.equals(o.path("metadata").path("name").asText())).findFirst();
        }

        ObjectNode get(String kind, String name) {
            return find(kind, name).orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " " + name));
        }

        List<ObjectNode> where(Predicate<ObjectNode> predicate) {
            return objects.stream().filter(predicate).toList();
        }

        boolean isProduction() {
            return "production".equals(overlay);
        }
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + name(object);
    }
}
