package io.datanet.trainer.attribution;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datanet.trainer.lora.Adapter;
import io.datanet.trainer.model.GPT2;
import io.datanet.trainer.nn.Param;
import io.datanet.trainer.tensor.MatMul;
import io.datanet.trainer.tokenizer.Tokenizer;
import io.datanet.trainer.train.BaseModels;
import io.datanet.trainer.train.Checkpoint;
import io.datanet.trainer.train.Example;
import io.datanet.trainer.train.LrSchedule;
import io.datanet.trainer.train.Method;
import io.datanet.trainer.train.Sequences;
import io.datanet.trainer.train.Trainer;
import io.datanet.trainer.train.TrainingConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
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
     * The optimizer steps a saved checkpoint stands for in TracInCP: those after the previous saved checkpoint,
     * steps previousStep+1 .. checkpoint.step() counted as {@link Checkpoint#step()} counts (completed steps),
     * and the sum of their learning rates, the checkpoint's weight.
     */
    public record CheckpointSpan(Checkpoint checkpoint, int previousStep, double lrSum) {
        public int steps() {
            return checkpoint.step() - previousStep;
        }
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

    private static final ObjectMapper JSON = new ObjectMapper();
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
        GPT2 model = BaseModels.load(cfg.baseModel());
        Tokenizer tok = BaseModels.tokenizer(cfg.baseModel());
        int T = Math.min(cfg.seqLen(), model.config.nPositions());
        Adapter adapter = Adapter.attach(model, cfg.lora(), cfg.method() == Method.QLORA, cfg.seed());
        adapter.setTraining(false, 0);
        List<Param> params = adapter.params();
        List<Sequences.Window> trainW = Sequences.of(train, tok, T);
        int totalSteps = Trainer.totalSteps(cfg, trainW.size());
        List<CheckpointSpan> spans = spans(checkpoints, Trainer.schedule(cfg, totalSteps), totalSteps);
        List<Sequences.Window> valW = Sequences.of(validation, tok, T);
        List<List<Sequences.Window>> perExample = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) perExample.add(Sequences.of(i, train.get(i).text(), tok, T));
        // Training's loss is the mean token loss of each step's batch: within a step every token weighs the same,
        // so an example weighs by its token count and a 60-token example pulls the adapter as hard as six 10-token
        // ones. Dividing an example's summed token loss by its own token count (a mean per example) would shrink
        // a long example to a short one's weight. Dividing by the training set's token count N keeps training's
        // weighting and makes Σ_z ℓ(z) the mean token loss over the training set.
        int trainTokens = targetCount(trainW);
        float exampleScale = 1f / trainTokens;
        float validationScale = 1f / targetCount(valW);

        double[] influence = new double[train.size()];
        Map<String, Double> damping = new LinkedHashMap<>();
        List<CheckpointSpan> used = algorithm == Algorithm.TRACIN ? spans : List.of(spans.get(spans.size() - 1));
        for (CheckpointSpan span : used) {
            adapter.load(span.checkpoint().adapter());
            float[] v = gradient(model, params, valW, cfg.microBatch(), T, validationScale);
            if (algorithm == Algorithm.TRACIN) {
                for (int i = 0; i < train.size(); i++) {
                    float[] g = gradient(model, params, perExample.get(i), perExample.get(i).size(), T,
                            exampleScale);
                    influence[i] += span.lrSum() * dot(g, v, 0, g.length);
                }
            } else {
                float[][] g = new float[train.size()][];
                for (int i = 0; i < train.size(); i++) {
                    g[i] = gradient(model, params, perExample.get(i), perExample.get(i).size(), T,
                            exampleScale);
                }
                double[] lambdas = dataInf(g, v, layers(params), influence);
                for (int l = 0; l < params.size(); l++) damping.put(params.get(l).name, lambdas[l]);
            }
        }

        List<ExampleInfluence> ex = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) ex.add(new ExampleInfluence(i, train.get(i).contributorId(), influence[i]));
        List<ContributorShare> shares = shares(ex);
        return new Result(algorithm, ex, shares, record(algorithm, cfg, train, validation, trainTokens, used, damping,
                ex, shares));
    }

    /**
     * What each checkpoint stands for: the steps since the previous saved one, weighted by the sum of their
     * learning rates under the run's schedule. Refuses checkpoints out of step order or whose recorded learning
     * rate is not the schedule's (another config's checkpoints would be weighted wrongly).
     */
    static List<CheckpointSpan> spans(List<Checkpoint> checkpoints, LrSchedule schedule, int totalSteps) {
        List<CheckpointSpan> out = new ArrayList<>();
        int previous = 0;
        for (Checkpoint c : checkpoints) {
            if (c.step() <= previous || c.step() > totalSteps) {
                throw new IllegalArgumentException("checkpoint steps must increase within 1.." + totalSteps
                        + "; got " + c.step() + " after " + previous);
            }
            if (c.lr() != schedule.at(c.step() - 1)) {
                throw new IllegalArgumentException("checkpoint of step " + c.step() + " records lr " + c.lr()
                        + " but the config's schedule gives " + schedule.at(c.step() - 1));
            }
            double lrSum = 0;
            // schedule.at takes the 0-based index of a step: completed step k ran with schedule.at(k - 1)
            for (int s = previous; s < c.step(); s++) lrSum += schedule.at(s);
            out.add(new CheckpointSpan(c, previous, lrSum));
            previous = c.step();
        }
        return out;
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

    static int targetCount(List<Sequences.Window> windows) {
        int count = 0;
        for (Sequences.Window w : windows) count += w.targetCount();
        return count;
    }

    /**
     * ∇θ of scale · (sum of the token losses over the windows), flattened over params in order (eval mode, no
     * dropout).
     */
    static float[] gradient(GPT2 model, List<Param> params, List<Sequences.Window> windows, int batch, int T,
                            float scale) {
        for (Param p : params) p.zeroGrad();
        int[] x = new int[batch * T], y = new int[batch * T];
        for (int i = 0; i < windows.size(); i += batch) {
            Sequences.fill(windows.subList(i, Math.min(windows.size(), i + batch)), x, y, T);
            model.forward(x, y, batch, T);
            model.backward(scale);
        }
        int n = 0;
        for (Param p : params) n += p.size();
        float[] g = new float[n];
        int off = 0;
        for (Param p : params) {
            System.arraycopy(p.grad(), 0, g, off, p.size());
            off += p.size();
        }
        return g;
    }

    /**
     * [start, end) of each DataInf layer in the flattened gradient: every adapter matrix (each lora_A and each
     * lora_B) is a layer of its own, as in the reference implementation, which iterates over named parameters.
     */
    static int[][] layers(List<Param> params) {
        int[][] seg = new int[params.size()][];
        int off = 0;
        for (int l = 0; l < seg.length; l++) {
            seg[l] = new int[]{off, off + params.get(l).size()};
            off += params.get(l).size();
        }
        return seg;
    }

    /**
     * Adds DataInf's influence of every training example to out and returns each layer's damping λ_l.
     * Per layer l with d_l entries: λ_l = 0.1 · mean_i (‖g_li‖² / d_l), the mean over training examples of the
     * mean squared gradient entry, divided by ten (the reference's lambda_const_param = 10); then
     * h_l = 1/(n·λ_l) · Σ_i (v_l − (v_lᵀg_li)/(λ_l + ‖g_li‖²) · g_li) and I(z_k) += h_lᵀ g_lk. Forming h_l first
     * costs O(n·d) per layer instead of the O(n²·d) of the pairwise sum it equals.
     */
    static double[] dataInf(float[][] g, float[] v, int[][] layers, double[] out) {
        int n = g.length;
        double[] lambdas = new double[layers.length];
        for (int l = 0; l < layers.length; l++) {
            int from = layers[l][0], to = layers[l][1], d = to - from;
            double[] norm2 = new double[n];
            double meanSquare = 0;
            for (int i = 0; i < n; i++) {
                norm2[i] = dot(g[i], g[i], from, to);
                meanSquare += norm2[i] / d;
            }
            double lambda = 0.1 * meanSquare / n;
            lambdas[l] = lambda;
            if (lambda <= 0) continue;   // no example moves this layer (all gradients zero): no influence through it
            double[] h = new double[d];
            for (int j = 0; j < d; j++) h[j] = n * (double) v[from + j];
            for (int i = 0; i < n; i++) {
                double c = dot(v, g[i], from, to) / (lambda + norm2[i]);
                for (int j = 0; j < d; j++) h[j] -= c * g[i][from + j];
            }
            for (int j = 0; j < d; j++) h[j] /= n * lambda;
            for (int k = 0; k < n; k++) {
                double acc = 0;
                for (int j = 0; j < d; j++) acc += h[j] * g[k][from + j];
                out[k] += acc;
            }
        }
        return lambdas;
    }

    static double dot(float[] a, float[] b, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += (double) a[i] * b[i];
        return s;
    }

    // ------------------------------------------------------------------ audit record

    private static ObjectNode record(Algorithm algorithm, TrainingConfig cfg, List<Example> train,
                                     List<Example> validation, int trainTokens, List<CheckpointSpan> used,
                                     Map<String, Double> damping, List<ExampleInfluence> ex,
                                     List<ContributorShare> shares) {
        ObjectNode r = JSON.createObjectNode();
        r.put("version", VERSION);
        r.put("method", algorithm.name());
        r.put("sign", "positive = lowers validation loss");
        r.put("example_loss", "sum of the example's token losses / training_target_tokens (training weighs"
                + " examples by their token counts); validation loss: mean over all validation tokens");
        r.put("training_target_tokens", trainTokens);
        r.put("normalisation", "share = max(0, contributor influence) / sum of max(0, .); equal split if none is positive");
        r.set("training_config", cfg.toJson());
        r.put("kernel", MatMul.kernelName());
        // java.lang.Math's exp/log/tanh may differ by an ulp between JDK builds or CPU architectures
        r.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " " + System.getProperty("os.arch"));
        r.put("train_examples_sha256", examplesHash(train));
        r.put("validation_examples_sha256", examplesHash(validation));
        if (algorithm == Algorithm.TRACIN) {
            r.put("checkpoint_weight", "sum of the learning rates of the steps after the previous saved checkpoint"
                    + " up to this one (the run's schedule, recomputed from the config)");
        }
        if (algorithm == Algorithm.DATAINF) {
            r.put("layers", "each lora_A and each lora_B matrix is a layer of its own");
            r.put("damping", "lambda_l = 0.1 * mean over training examples of the mean of the squared entries of"
                    + " the example's gradient for layer l");
            ObjectNode lambdas = r.putObject("lambda");
            damping.forEach(lambdas::put);
        }
        ArrayNode cps = r.putArray("checkpoints");
        for (CheckpointSpan span : used) {
            Checkpoint c = span.checkpoint();
            ObjectNode n = cps.addObject();
            n.put("step", c.step());
            n.put("lr", c.lr());
            n.put("previous_step", span.previousStep());
            n.put("steps", span.steps());
            n.put("lr_sum", span.lrSum());
            n.put("adapter_sha256", Adapter.sha256(c.adapter()));
            n.put("training_fingerprint", c.fingerprint());
        }
        ArrayNode exs = r.putArray("examples");
        for (ExampleInfluence e : ex) {
            ObjectNode n = exs.addObject();
            n.put("index", e.index());
            n.put("contributor", e.contributorId());
            n.put("text_sha256", sha256(train.get(e.index()).text()));
            n.put("influence", e.influence());
        }
        ArrayNode cs = r.putArray("contributors");
        for (ContributorShare s : shares) {
            ObjectNode n = cs.addObject();
            n.put("contributor", s.contributorId());
            n.put("examples", s.examples());
            n.put("influence", s.influence());
            n.put("share", s.share());
        }
        return r;
    }

    static String examplesHash(List<Example> examples) {
        StringBuilder sb = new StringBuilder();
        for (Example e : examples) sb.append(e.contributorId()).append('\u001f').append(e.text()).append('\u001e');
        return sha256(sb.toString());
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
