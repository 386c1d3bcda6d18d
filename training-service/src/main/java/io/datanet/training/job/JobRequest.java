package io.datanet.training.job;

import io.datanet.events.Hyperparameters;
import io.datanet.events.TrainingMethod;
import io.datanet.platform.api.TextInput;
import io.datanet.platform.problem.ProblemException;
import io.datanet.training.JobSettings;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code POST /api/jobs}: a datanet, a base model, LORA or QLORA and the hyperparameters; anything left out takes
 * the configured default. {@link #validated} answers 422 naming the first field that is out of range.
 */
public record JobRequest(String datanetId, String baseModel, String method, Integer rank, Double alpha,
                         Double dropout, List<String> targetModules, Double learningRate, Integer epochs,
                         Integer batchSize, Long seed) {

    /** The GPT-2 modules a LoRA adapter can attach to (PEFT names). */
    public static final Set<String> TARGETABLE = Set.of("c_attn", "c_proj", "c_fc");

    public record Validated(String datanetId, String baseModel, TrainingMethod method, Hyperparameters hyperparameters) {
    }

    public Validated validated(JobSettings settings) {
        if (datanetId == null || datanetId.isBlank()) {
            throw invalid("datanetId", "is required");
        }
        if (TextInput.whyNotALine(datanetId) != null) {
            throw invalid("datanetId", TextInput.whyNotALine(datanetId));
        }
        JobSettings.Auto d = settings.auto();
        String model = baseModel == null ? settings.baseModels().get(0) : baseModel;
        if (!settings.baseModels().contains(model)) {
            throw invalid("baseModel", "must be one of " + settings.baseModels());
        }
        TrainingMethod m;
        try {
            m = TrainingMethod.valueOf(method == null ? d.method() : method.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("method", "must be LORA or QLORA");
        }
        int r = rank == null ? d.rank() : rank;
        if (r < 1 || r > 64) {
            throw invalid("rank", "must be between 1 and 64");
        }
        double a = alpha == null ? d.alpha() : alpha;
        if (!(a > 0 && a <= 1024)) {
            throw invalid("alpha", "must be in (0, 1024]");
        }
        double p = dropout == null ? d.dropout() : dropout;
        if (!(p >= 0 && p < 1)) {
            throw invalid("dropout", "must be in [0, 1)");
        }
        List<String> targets = targetModules == null ? d.targetModules() : targetModules;
        // null elements first: TARGETABLE (an immutable set) throws on contains(null) instead of answering false
        if (targets.isEmpty() || targets.stream().anyMatch(Objects::isNull) || !TARGETABLE.containsAll(targets)
                || Set.copyOf(targets).size() != targets.size()) {
            throw invalid("targetModules", "must be distinct names among " + TARGETABLE);
        }
        double lr = learningRate == null ? d.learningRate() : learningRate;
        if (!(lr > 0 && lr <= 1)) {
            throw invalid("learningRate", "must be in (0, 1]");
        }
        int e = epochs == null ? d.epochs() : epochs;
        if (e < 1 || e > 20) {
            throw invalid("epochs", "must be between 1 and 20");
        }
        int b = batchSize == null ? d.batchSize() : batchSize;
        if (b < 1 || b > 64) {
            throw invalid("batchSize", "must be between 1 and 64");
        }
        long s = seed == null ? d.seed() : seed;
        return new Validated(datanetId, model, m, new Hyperparameters(r, a, p, targets.stream().sorted().toList(), lr, e,
                b, s));
    }

    private static ProblemException invalid(String field, String why) {
        return ProblemException.unprocessable(field + " " + why).with("field", field);
    }
}
