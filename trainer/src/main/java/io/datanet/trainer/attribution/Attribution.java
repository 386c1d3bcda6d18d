package io.datanet.trainer.attribution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datanet.trainer.lora.Adapter;
import io.datanet.trainer.model.CausalLM;
import io.datanet.trainer.nn.Param;
import io.datanet.trainer.tokenizer.Tokenizer;
import io.datanet.trainer.train.BaseModels;
import io.datanet.trainer.train.Checkpoint;
import io.datanet.trainer.train.Example;
import io.datanet.trainer.train.Method;
import io.datanet.trainer.train.Sequences;
import io.datanet.trainer.train.Trainer;
import io.datanet.trainer.train.TrainingConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-training-example influence on the validation loss, from gradients with respect to the LoRA parameters,
 * summed per contributor and normalised into shares.
 *
 * <p>Sign convention: positive = helpful (training on the example lowers validation loss).
 * <ul>
 *   <li><b>TracIn</b> (Pruthi et al. 2020, TracInCP): I(z) = Σ_c η_c · ⟨∇θ ℓ(z; θ_c), ∇θ L_val(θ_c)⟩ over the saved
 *       checkpoints c, with η_c the sum of the learning rates of the steps c stands for: those after the previous
 *       saved checkpoint up to c (checkpoints are saved every k steps and at the end, so the last one may stand
 *       for fewer).</li>
 *   <li><b>DataInf</b> (Kwon et al. 2024; reference code ykwon0407/DataInf), at the last checkpoint: per layer l,
 *       where every lora_A and every lora_B matrix is a layer of its own, with d_l entries, per-example gradients
 *       g_li and validation gradient v_l, λ_l = 0.1 · mean_i (‖g_li‖² / d_l) (the mean squared gradient entry,
 *       over training examples, divided by ten), and
 *       I(z_k) = Σ_l 1/(n·λ_l) · Σ_i [ v_lᵀg_lk − (v_lᵀg_li)(g_liᵀg_lk)/(λ_l + ‖g_li‖²) ]
 *       (the closed-form approximation of v_lᵀ(G_l + λ_l I)⁻¹ g_lk; the paper's influence is its negation).</li>
 * </ul>
 * ℓ(z) is example z's part of the training objective: the sum of its token losses divided by N, the number of
 * target tokens in the training set, because training descends the mean token loss of its batches (an estimate
 * of the mean over all N tokens) and so weighs an example by its token count. L_val is the mean token loss over
 * all validation tokens.
 * <p>Shares: a contributor's influence is the sum over its examples; shares are max(0, influence) / Σ max(0, ·),
 * or an equal split when no contributor has positive influence. All sums run in a fixed order in double
 * precision and the kernels are deterministic, so the same inputs recompute the same bits.
 */
public final class Attribution {
    public enum Algorithm {
        TRACIN, DATAINF
    }

    public record ExampleInfluence(int index, String contributorId, double influence) {
    }

    public record ContributorShare(String contributorId, int examples, double influence, double share) {
    }

    /**
     * @param record the method and fingerprints of every input (config, base model, examples, checkpoints) and
     *               the outputs, as JSON — enough to recompute and compare bit for bit
     */
    public record Result(Algorithm algorithm, List<ExampleInfluence> examples, List<ContributorShare> contributors,
                         ObjectNode record) {
        public ContributorShare contributor(String id) {
            return contributors.stream().filter(c -> c.contributorId().equals(id)).findFirst().orElseThrow();
        }
    }

    /** The audit record's format: see {@link AttributionRecord}. */
    public static final String VERSION = "datanet-attribution/1";

    private Attribution() {
    }

    /**
     * Computes influences for the training examples of a fine-tuning run.
     *
     * @param cfg         the run's config (base model, LoRA shape, method, seqLen, seed)
     * @param checkpoints the run's saved checkpoints (TracIn uses all, DataInf the last)
     */
    public static Result compute(Algorithm algorithm, TrainingConfig cfg, List<Example> train,
                                 List<Example> validation, List<Checkpoint> checkpoints) {
        if (checkpoints.isEmpty()) throw new IllegalArgumentException("no checkpoints");
        if (validation.isEmpty()) throw new IllegalArgumentException("no validation examples");
        CausalLM model = BaseModels.load(cfg.baseModel());
        Tokenizer tok = BaseModels.tokenizer(cfg.baseModel());
        int T = Math.min(cfg.seqLen(), model.maxPositions());
        Adapter adapter = Adapter.attach(model, cfg.lora(), cfg.method() == Method.QLORA, cfg.seed());
        adapter.setTraining(false, 0);
        List<Param> params = adapter.params();
        List<Sequences.Window> trainW = Sequences.of(train, tok, T);
        int totalSteps = Trainer.totalSteps(cfg, trainW.size());
        List<TracIn.CheckpointSpan> spans = TracIn.spans(checkpoints, Trainer.schedule(cfg, totalSteps), totalSteps);
        List<Sequences.Window> valW = Sequences.of(validation, tok, T);
        List<List<Sequences.Window>> perExample = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) perExample.add(Sequences.of(i, train.get(i).text(), tok, T));
        // Training's loss is the mean token loss of each step's batch: within a step every token weighs the same,
        // so an example weighs by its token count and a 60-token example pulls the adapter as hard as six 10-token
        // ones. Dividing an example's summed token loss by its own token count (a mean per example) would shrink
        // a long example to a short one's weight. Dividing by the training set's token count N keeps training's
        // weighting and makes Σ_z ℓ(z) the mean token loss over the training set.
        int trainTokens = Gradients.targetCount(trainW);
        float exampleScale = 1f / trainTokens;
        float validationScale = 1f / Gradients.targetCount(valW);

        double[] influence = new double[train.size()];
        Map<String, Double> damping = new LinkedHashMap<>();
        List<TracIn.CheckpointSpan> used = algorithm == Algorithm.TRACIN ? spans : List.of(spans.get(spans.size() - 1));
        for (TracIn.CheckpointSpan span : used) {
            adapter.load(span.checkpoint().adapter());
            float[] v = Gradients.of(model, params, valW, cfg.microBatch(), T, validationScale);
            if (algorithm == Algorithm.TRACIN) {
                for (int i = 0; i < train.size(); i++) {
                    float[] g = Gradients.of(model, params, perExample.get(i), perExample.get(i).size(), T,
                            exampleScale);
                    influence[i] += span.lrSum() * Gradients.dot(g, v, 0, g.length);
                }
            } else {
                float[][] g = new float[train.size()][];
                for (int i = 0; i < train.size(); i++) {
                    g[i] = Gradients.of(model, params, perExample.get(i), perExample.get(i).size(), T,
                            exampleScale);
                }
                double[] lambdas = DataInf.influence(g, v, DataInf.layers(params), influence);
                for (int l = 0; l < params.size(); l++) damping.put(params.get(l).name, lambdas[l]);
            }
        }

        List<ExampleInfluence> ex = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) ex.add(new ExampleInfluence(i, train.get(i).contributorId(), influence[i]));
        List<ContributorShare> shares = shares(ex);
        return new Result(algorithm, ex, shares, AttributionRecord.of(algorithm, cfg, train, validation, trainTokens, used, damping,
                ex, shares));
    }

    /** Sums per contributor (first-appearance order) and normalises: clip negatives to 0, or split equally. */
    public static List<ContributorShare> shares(List<ExampleInfluence> examples) {
        Map<String, double[]> sum = new LinkedHashMap<>(); // [influence, count]
        for (ExampleInfluence e : examples) {
            double[] s = sum.computeIfAbsent(e.contributorId(), k -> new double[2]);
            s[0] += e.influence();
            s[1]++;
        }
        double positive = 0;
        for (double[] s : sum.values()) positive += Math.max(0, s[0]);
        List<ContributorShare> out = new ArrayList<>();
        for (var e : sum.entrySet()) {
            double infl = e.getValue()[0];
            double share = positive > 0 ? Math.max(0, infl) / positive : 1.0 / sum.size();
            out.add(new ContributorShare(e.getKey(), (int) e.getValue()[1], infl, share));
        }
        return out;
    }

}
