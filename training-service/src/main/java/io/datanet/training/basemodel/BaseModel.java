package io.datanet.training.basemodel;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.datanet.trainer.model.ModelSummary;
import java.util.List;

/**
 * One base model jobs may fine-tune, as {@code GET /api/base-models} lists it.
 *
 * @param id              what a job names ({@code baseModel}): a built-in model's name or its folder's
 * @param source          {@code built-in} (shipped in the trainer) or {@code directory} (an operator's folder)
 * @param isDefault       the model of automatic jobs and of requests that name none
 * @param parameters      weights the model holds (a tied head once)
 * @param projections     the projections QLoRA quantises and LoRA may adapt
 * @param loraMemoryBytes   the frozen base weights in float32, as LoRA holds them (activations come on top)
 * @param qloraMemoryBytes  the same with every projection in NF4, as QLoRA holds them
 * @param computeScale    its compute per token relative to the built-in model's, which job costs scale by
 * @param chatTemplate    conversations ({@code messages} records) are trained in the model's own chat template;
 *                        otherwise as prompt and reply on lines
 * @param chatTemplateProblem why the folder's chat template is not used (it cannot be rendered here), or null
 */
public record BaseModel(String id, String source,
                        // Named once: Jackson would also write the accessor isDefault() as a second member "default".
                        @JsonProperty("isDefault") boolean isDefault, String family, long parameters,
                        int contextLength, int layers, int hiddenSize, int vocabSize, int projections,
                        List<String> targetModules, List<String> defaultTargetModules, long loraMemoryBytes,
                        long qloraMemoryBytes, double computeScale, boolean chatTemplate, String chatTemplateProblem) {

    /** Parameters of the built-in sotu-byte-4x192, the unit of {@link #computeScale} (BaseModelCatalogTest checks it). */
    static final long REFERENCE_PARAMETERS = 1_853_760;

    static BaseModel of(String id, String source, boolean isDefault, ModelSummary s, boolean chatTemplate,
                        String chatTemplateProblem) {
        return new BaseModel(id, source, isDefault, s.family(), s.parameters(), s.contextLength(), s.layers(),
                s.hiddenSize(), s.vocabSize(), s.projections(), s.targetModules(), s.defaultTargets(),
                s.loraBaseBytes(), s.qloraBaseBytes(), s.parameters() / (double) REFERENCE_PARAMETERS, chatTemplate,
                chatTemplateProblem);
    }
}
