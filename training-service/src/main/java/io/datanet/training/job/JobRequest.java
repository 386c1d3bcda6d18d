package io.datanet.training.job;

import io.datanet.events.Hyperparameters;
import io.datanet.events.TrainingMethod;
import io.datanet.platform.api.TextInput;
import io.datanet.platform.problem.ProblemException;
import io.datanet.training.JobSettings;
import io.datanet.training.basemodel.BaseModel;
import io.datanet.training.basemodel.BaseModelCatalog;
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

    /** @param computeScale the base model's compute per token relative to the built-in one's (job costs scale by it) */
    public record Validated(String datanetId, String baseModel, double computeScale, TrainingMethod method,
                            Hyperparameters hyperparameters) {
    }

    /**
     * The request with the defaults filled in, against the catalog: the base model must be one of it, and the target
     * modules among its family's (GPT-2's c_attn, c_proj, c_fc; Llama's q_proj ... down_proj). Left out, they are the
     * configured ones on a GPT-2 and PEFT's defaults for the family (q_proj, v_proj) on others.
     */
    public Validated validated(JobSettings settings, BaseModelCatalog catalog) {
        if (datanetId == null || datanetId.isBlank()) {
            throw invalid("datanetId", "is required");
        }
        if (TextInput.whyNotALine(datanetId) != null) {
            throw invalid("datanetId", TextInput.whyNotALine(datanetId));
        }
        JobSettings.Auto d = settings.auto();
        BaseModel model = baseModel == null ? catalog.defaultModel() : catalog.find(baseModel).orElseThrow(() ->
                invalid("baseModel", "must be one of " + catalog.list().stream().map(BaseModel::id).toList()));
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
        List<String> targets = targetModules != null ? targetModules
                : model.family().equals("gpt2") ? d.targetModules() : model.defaultTargetModules();
        // null elements first: an immutable set throws on contains(null) instead of answering false
        if (targets.isEmpty() || targets.stream().anyMatch(Objects::isNull)
                || !Set.copyOf(model.targetModules()).containsAll(targets) || Set.copyOf(targets).size() != targets.size()) {
            throw invalid("targetModules", "must be distinct names among " + model.targetModules() + " (the "
                    + model.family() + " modules of " + model.id() + ")");
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
        return new Validated(datanetId, model.id(), model.computeScale(), m, new Hyperparameters(r, a, p, targets.stream().sorted().toList(), lr, e,
                b, s));
    }

    private static ProblemException invalid(String field, String why) {
        return ProblemException.unprocessable(field + " " + why).with("field", field);
    }
}
