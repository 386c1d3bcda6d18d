package io.datanet.trainer.train;

import io.datanet.trainer.lora.Adapter;
import io.datanet.trainer.model.CausalLM;
import io.datanet.trainer.nn.Param;
import io.datanet.trainer.tensor.Rng;
import io.datanet.trainer.tokenizer.Tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * LoRA / QLoRA fine-tuning of a GPT-2 base on a list of examples.
 *
 * <p>Determinism: the adapter initialisation, the data order (a seeded permutation per epoch), and the dropout
 * masks (counter-based on seed, step and micro-batch) are functions of the config alone, and every kernel
 * reduces in a fixed order, so equal inputs give bit-identical adapters — also when a run is interrupted and
 * resumed from a checkpoint, and for any thread count.
 */
public final class Trainer {

    /** Training and validation examples after the seeded split. */
    public record Split(List<Example> train, List<Example> validation) {
    }

    private Trainer() {
    }

    /** Splits off cfg.validationFraction of the examples (at least one) with a seeded permutation. */
    public static Split split(List<Example> examples, float fraction, long seed) {
        int n = examples.size();
        int nVal = fraction <= 0 ? 0 : Math.max(1, Math.round(n * fraction));
        if (nVal >= n) throw new IllegalArgumentException("not enough examples to hold out " + nVal);
        int[] perm = new Rng(Rng.key(seed, 0x5b1L)).permutation(n);
        boolean[] val = new boolean[n];
        for (int i = 0; i < nVal; i++) val[perm[i]] = true;
        List<Example> t = new ArrayList<>(), v = new ArrayList<>();
        for (int i = 0; i < n; i++) (val[i] ? v : t).add(examples.get(i));
        return new Split(t, v);
    }

    public static TrainingResult fineTune(TrainingConfig cfg, List<Example> examples, ProgressListener listener,
                                          CheckpointStore store) {
        Split s = split(examples, cfg.validationFraction(), cfg.seed());
        return fineTune(cfg, s.train(), s.validation(), listener, store);
    }

    public static TrainingResult fineTune(TrainingConfig cfg, List<Example> train, List<Example> validation,
                                          ProgressListener listener, CheckpointStore store) {
        try {
            return run(cfg, train, validation, listener, store);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Number of optimizer steps a config runs on n training windows. */
    public static int totalSteps(TrainingConfig cfg, int windows) {
        if (cfg.steps() > 0) return cfg.steps();
        return Math.max(1, (int) Math.ceil(cfg.epochs() * windows / (double) (cfg.microBatch() * cfg.gradAccum())));
    }

    /** The learning-rate schedule of a run of {@code totalSteps} steps (attribution re-derives it from the config). */
    public static LrSchedule schedule(TrainingConfig cfg, int totalSteps) {
        return new LrSchedule(cfg.lr(), cfg.lr() * cfg.minLrRatio(), cfg.warmupSteps(), totalSteps);
    }

    /** The training windows of optimizer step {@code step}: a seeded permutation per epoch, read in order. */
    static List<Sequences.Window> windowsForStep(TrainingConfig cfg, List<Sequences.Window> all, int step) {
        int perStep = cfg.microBatch() * cfg.gradAccum(), n = all.size();
        List<Sequences.Window> out = new ArrayList<>(perStep);
        int[] perm = null;
        long permEpoch = -1;
        for (int j = 0; j < perStep; j++) {
            long g = (long) step * perStep + j;
            long epoch = g / n;
            if (epoch != permEpoch) {
                perm = new Rng(Rng.key(cfg.seed(), 0xe90c0000L + epoch)).permutation(n);
                permEpoch = epoch;
            }
            out.add(all.get(perm[(int) (g % n)]));
        }
        return out;
    }

    private static TrainingResult run(TrainingConfig cfg, List<Example> train, List<Example> validation,
                                      ProgressListener listener, CheckpointStore store) throws IOException {
        CausalLM model = BaseModels.load(cfg.baseModel());
        Tokenizer tok = BaseModels.tokenizer(cfg.baseModel());
        int T = Math.min(cfg.seqLen(), model.maxPositions());
        List<Sequences.Window> trainW = Sequences.of(train, tok, T);
        List<Sequences.Window> valW = Sequences.of(validation, tok, T);
        if (trainW.isEmpty()) throw new IllegalArgumentException("no training data");
        String fingerprint = fingerprint(cfg, train, validation);

        long fp32Bytes = model.baseWeightBytes();
        Evaluation base = Evaluation.of(model, valW, cfg.microBatch(), T);
        Adapter adapter = Adapter.attach(model, cfg.lora(), cfg.method() == Method.QLORA, cfg.seed());
        adapter.setTraining(false, 0);
        Evaluation qbase = cfg.method() == Method.QLORA ? Evaluation.of(model, valW, cfg.microBatch(), T) : base;

        int total = totalSteps(cfg, trainW.size());
        List<Param> params = adapter.params();
        AdamW opt = new AdamW(params, 0.9f, 0.999f, 1e-8f, cfg.weightDecay());
        LrSchedule sched = schedule(cfg, total);

        int start = 0;
        Optional<Checkpoint> last = store.latest();
        if (last.isPresent()) {
            Checkpoint c = last.get();
            if (!c.fingerprint().equals(fingerprint)) {
                throw new IllegalStateException("checkpoint store holds another job (fingerprint " + c.fingerprint() + ")");
            }
            adapter.load(c.adapter());
            for (int i = 0; i < params.size(); i++) {
                System.arraycopy(c.adamM().get(params.get(i).name), 0, opt.m(i), 0, params.get(i).size());
                System.arraycopy(c.adamV().get(params.get(i).name), 0, opt.v(i), 0, params.get(i).size());
            }
            opt.setStepCount(c.adamStep());
            start = c.step();
        }

        int micro = cfg.microBatch();
        int[] x = new int[micro * T], y = new int[micro * T];
        long tokens = 0;
        double lastLoss = Double.NaN;
        long t0 = System.nanoTime();
        for (int step = start; step < total; step++) {
            List<Sequences.Window> ws = windowsForStep(cfg, trainW, step);
            int count = 0;
            for (Sequences.Window w : ws) count += w.targetCount();
            model.zeroGrad();
            double lossSum = 0;
            long stepKey = Rng.key(cfg.seed(), step);
            for (int m = 0; m < cfg.gradAccum(); m++) {
                Sequences.fill(ws.subList(m * micro, (m + 1) * micro), x, y, T);
                adapter.setTraining(true, Rng.key(stepKey, m));
                lossSum += model.forward(x, y, micro, T);
                model.backward(1f / count);
            }
            adapter.setTraining(false, 0);
            double norm = opt.clipGradNorm(cfg.maxGradNorm());
            float lr = sched.at(step);
            if (!Double.isFinite(lossSum) || !Double.isFinite(norm)) {
                // Checked before the update, so the last checkpoint and the adapter stay finite.
                throw new TrainingDivergedException(step + 1, lossSum / count, norm, lr);
            }
            opt.step(lr);
            tokens += count;
            lastLoss = lossSum / count;
            double secs = (System.nanoTime() - t0) / 1e9;
            listener.onStep(new ProgressListener.Progress(step + 1, total, lastLoss, lr, norm, tokens, tokens / secs));
            if ((step + 1) % cfg.checkpointEvery() == 0 || step + 1 == total) {
                store.save(checkpoint(step + 1, fingerprint, cfg.seed(), lr, lastLoss, adapter, opt));
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        adapter.setTraining(false, 0);
        Evaluation adapted = Evaluation.of(model, valW, cfg.microBatch(), T);
        return new TrainingResult(adapter, tok, base, qbase, adapted, total, start, tokens,
                secs > 0 ? tokens / secs : 0, lastLoss, model.baseWeightBytes(), fp32Bytes, adapter.parameterCount(),
                adapter.sha256(), fingerprint);
    }

    private static Checkpoint checkpoint(int step, String fingerprint, long seed, float lr, double loss,
                                         Adapter adapter, AdamW opt) {
        Map<String, float[]> m = new LinkedHashMap<>(), v = new LinkedHashMap<>();
        List<Param> ps = opt.params();
        for (int i = 0; i < ps.size(); i++) {
            m.put(ps.get(i).name, opt.m(i).clone());
            v.put(ps.get(i).name, opt.v(i).clone());
        }
        return new Checkpoint(step, fingerprint, Rng.key(seed, step), lr, loss, adapter.state(), m, v,
                opt.stepCount());
    }

    /** SHA-256 of the canonical config JSON and every example (contributor, text), train then validation. */
    public static String fingerprint(TrainingConfig cfg, List<Example> train, List<Example> validation) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(cfg.toJson().toString().getBytes(StandardCharsets.UTF_8));
            for (List<Example> part : List.of(train, validation)) {
                md.update((byte) 0x1e);
                for (Example e : part) {
                    md.update(String.valueOf(e.contributorId()).getBytes(StandardCharsets.UTF_8));
                    md.update((byte) 0x1f);
                    md.update(e.text().getBytes(StandardCharsets.UTF_8));
                    md.update((byte) 0x1e);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
