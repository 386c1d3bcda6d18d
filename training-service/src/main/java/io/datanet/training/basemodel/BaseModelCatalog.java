package io.datanet.training.basemodel;

import io.datanet.events.DatanetJson;
import com.fasterxml.jackson.databind.JsonNode;
import io.datanet.platform.api.TextInput;
import io.datanet.trainer.model.ModelSummary;
import io.datanet.trainer.tokenizer.ChatTemplate;
import io.datanet.trainer.train.BaseModels;
import io.datanet.training.JobSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The base models jobs may name: the built-in ones {@code datanet.training.base-models} allows (the first is the
 * default), then every folder of {@code datanet.training.model-directory} (a mounted volume) that holds a
 * config.json of a family the trainer runs, its weights and a tokenizer. Operators add a model by copying its
 * Hugging Face folder there; no restart is needed, the directory is looked at again after {@link #RESCAN}. A folder
 * that cannot be used is left out and logged once with the reason.
 */
@ApplicationScoped
public class BaseModelCatalog {

    private static final Logger LOG = Logger.getLogger(BaseModelCatalog.class);
    static final Duration RESCAN = Duration.ofSeconds(5);
    static final String BUILT_IN = "built-in";
    static final String DIRECTORY = "directory";

    @Inject
    JobSettings settings;

    private record Entry(BaseModel model, String reference, Optional<ChatTemplate> chatTemplate) {
    }

    private volatile Map<String, Entry> entries;
    private volatile Instant scannedAt = Instant.MIN;
    /** Folders already reported as unusable, with the reason, so the log says it once. */
    private final Map<Path, String> reported = new ConcurrentHashMap<>();

    /** Every usable model: the built-in ones first, then the directory's by name. */
    public List<BaseModel> list() {
        return current().values().stream().map(Entry::model).toList();
    }

    public Optional<BaseModel> find(String id) {
        return Optional.ofNullable(id == null ? null : current().get(id)).map(Entry::model);
    }

    /** The default: the first built-in model allowed. */
    public BaseModel defaultModel() {
        return find(settings.baseModels().get(0)).orElseThrow(() -> new IllegalStateException(
                "built-in base model " + settings.baseModels().get(0) + " is not in the trainer"));
    }

    /** What the trainer loads for {@code id} ({@link BaseModels}: builtin:NAME or a folder). */
    public Optional<String> reference(String id) {
        return Optional.ofNullable(id == null ? null : current().get(id)).map(Entry::reference);
    }

    /** The chat template conversations are laid out in for {@code id}, if the model has one rendered here. */
    public Optional<ChatTemplate> chatTemplate(String id) {
        return Optional.ofNullable(id == null ? null : current().get(id)).flatMap(Entry::chatTemplate);
    }

    private Map<String, Entry> current() {
        Instant now = Instant.now();
        if (entries == null || Duration.between(scannedAt, now).compareTo(RESCAN) >= 0) {
            synchronized (this) {
                if (entries == null || Duration.between(scannedAt, now).compareTo(RESCAN) >= 0) {
                    entries = scan();
                    scannedAt = now;
                }
            }
        }
        return entries;
    }

    private Map<String, Entry> scan() {
        Map<String, Entry> found = new LinkedHashMap<>();
        boolean first = true;
        for (String name : settings.baseModels()) {
            try (InputStream in = BaseModels.class.getResourceAsStream("/models/" + name + "/config.json")) {
                if (in == null) throw new IllegalStateException("built-in base model " + name + " is not in the trainer");
                found.put(name, new Entry(BaseModel.of(name, BUILT_IN, first, ModelSummary.of(DatanetJson.mapper().readTree(in)),
                        false, null), BaseModels.BUILTIN_PREFIX + name, Optional.empty()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            first = false;
        }
        Optional<String> directory = settings.modelDirectory().filter(d -> !d.isBlank());
        if (directory.isEmpty() || !Files.isDirectory(Path.of(directory.get()))) return found;
        List<Path> folders = new ArrayList<>();
        try (Stream<Path> children = Files.list(Path.of(directory.get()))) {
            children.filter(Files::isDirectory).sorted().forEach(folders::add);
        } catch (IOException e) {
            LOG.warnf("cannot list the model directory %s: %s", directory.get(), e.toString());
            return found;
        }
        for (Path folder : folders) {
            String id = folder.getFileName().toString();
            String problem = TextInput.whyNotAnId(id) != null ? "its name " + TextInput.whyNotAnId(id)
                    : found.containsKey(id) ? "a built-in model has its name" : null;
            try {
                if (problem == null) problem = unusable(folder);
                if (problem == null) {
                    ModelSummary summary = ModelSummary.of(DatanetJson.mapper().readTree(folder.resolve("config.json").toFile()));
                    Optional<ChatTemplate> template = Optional.empty();
                    String templateProblem = null;
                    try {
                        template = ChatTemplate.forModel(folder);
                    } catch (ChatTemplate.UnsupportedTemplateException e) {
                        templateProblem = e.getMessage();
                    }
                    found.put(id, new Entry(BaseModel.of(id, DIRECTORY, false, summary, template.isPresent(), templateProblem),
                            folder.toAbsolutePath().toString(), template));
                    String note = templateProblem == null ? null : "offered, but conversations are trained as prompt and "
                            + "reply on lines: " + templateProblem;
                    if (note == null) reported.remove(folder);
                    else if (!note.equals(reported.put(folder, note))) LOG.warnf("model folder %s: %s", folder, note);
                }
            } catch (IOException | RuntimeException e) {
                problem = e.getMessage();
            }
            if (problem != null && !problem.equals(reported.put(folder, problem))) {
                LOG.warnf("model folder %s is not offered as a base model: %s", folder, problem);
            }
        }
        return found;
    }

    /** Why a folder cannot be trained on (files missing), or null. */
    private static String unusable(Path folder) throws IOException {
        if (!Files.isRegularFile(folder.resolve("config.json"))) return "no config.json";
        if (!Files.isRegularFile(folder.resolve("model.safetensors"))
                && !Files.isRegularFile(folder.resolve("model.safetensors.index.json"))) {
            return "no model.safetensors (or model.safetensors.index.json)";
        }
        boolean tokenizer = Files.isRegularFile(folder.resolve("tokenizer.json"))
                || Files.isRegularFile(folder.resolve("vocab.json")) && Files.isRegularFile(folder.resolve("merges.txt"));
        JsonNode config = DatanetJson.mapper().readTree(folder.resolve("config.json").toFile());
        if (!tokenizer && !"byte".equals(config.path("datanet_tokenizer").asText())) {
            return "no tokenizer (tokenizer.json, or vocab.json and merges.txt)";
        }
        return null;
    }
}
