package io.datanet.trainer.cli;

import io.datanet.trainer.io.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.datanet.trainer.lora.Adapter;
import io.datanet.trainer.lora.LoraConfig;
import io.datanet.trainer.model.CausalLM;
import io.datanet.trainer.model.GPT2;
import io.datanet.trainer.model.Llama;
import io.datanet.trainer.model.ModelSummary;
import io.datanet.trainer.tensor.MatMul;
import io.datanet.trainer.tensor.Parallel;
import io.datanet.trainer.tensor.Rng;
import io.datanet.trainer.train.BaseModels;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trainer benchmark: a plain matmul microbenchmark (the machine's achievable peak for this kernel), then timed
 * LoRA and QLoRA training steps (forward + backward + adapter update) on a base model, reported as tokens/s and
 * achieved GFLOP/s against that peak.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp ... io.datanet.trainer.cli.Bench [--model builtin:sotu-byte-4x192]
 *      [--batch 8] [--ctx 128] [--steps 20] [--r 8] [--methods lora,qlora] [--peak true]</pre>
 *
 * The last line printed is one JSON object of the measured figures, for bench/trainer/run.sh.
 *
 * FLOPs are counted analytically (2 per multiply-add) for the products actually computed: frozen projections
 * need x·W forward and dy·Wᵀ backward (no weight gradient), attention computes full T×T score matrices, plus
 * the tied head and the adapters' own products. NF4 dequantisation is work that is not counted as FLOPs.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) {
        Map<String, String> a = Pretrain.parse(args);
        String ref = a.getOrDefault("model", BaseModels.DEFAULT);
        int batch = Integer.parseInt(a.getOrDefault("batch", "8"));
        int steps = Integer.parseInt(a.getOrDefault("steps", "20"));
        int r = Integer.parseInt(a.getOrDefault("r", "8"));
        List<String> methods = List.of(a.getOrDefault("methods", "lora,qlora").split(","));
        boolean measurePeak = Boolean.parseBoolean(a.getOrDefault("peak", "true"));
        CausalLM probe = BaseModels.load(ref);
        Shape shape = Shape.of(probe);
        int ctx = Integer.parseInt(a.getOrDefault("ctx", Integer.toString(Math.min(128, probe.maxPositions()))));

        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("kernel %s, %d threads, %s; load average %.2f on %d CPUs (other load skews the numbers)%n",
                MatMul.kernelName(), Parallel.threads(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                os.getSystemLoadAverage(), os.getAvailableProcessors());
        double peak = measurePeak ? matmulPeak() : Double.NaN;
        System.out.printf("| matmul microbenchmark (best of sizes) | %.1f GFLOP/s |%n", peak);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", ref);
        result.put("threads", Parallel.threads());
        result.put("matmul_peak_gflops", measurePeak ? peak : null);

        // every projection of the family: GPT-2's three module names, Llama's seven
        LoraConfig lora = new LoraConfig(r, 2f * r, 0.05f,
                probe instanceof GPT2 ? ModelSummary.GPT2_TARGETS : ModelSummary.LLAMA_TARGETS);
        probe = null;
        System.out.printf("model %s: %d layers, width %d, attention width %d, vocab %d; batch %d × %d tokens, LoRA r=%d "
                + "on %s%n", ref, shape.layers, shape.hidden, shape.attentionWidth, shape.vocab, batch, ctx, r,
                lora.targetModules());
        System.out.println("| method | tokens/s | ms/step | GFLOP/step | GFLOP/s | % of matmul peak | base weights |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String method : methods) {
            boolean q = switch (method) {
                case "lora" -> false;
                case "qlora" -> true;
                default -> throw new IllegalArgumentException("--methods takes lora and/or qlora, not " + method);
            };
            CausalLM model = BaseModels.load(ref);
            Adapter ad = Adapter.attach(model, lora, q, 1);
            // B random so the adapters do real work (B = 0 only at initialisation)
            Rng rng = new Rng(2);
            ad.params().forEach(p -> {
                if (p.name.endsWith("lora_B")) for (int i = 0; i < p.size(); i++) p.data[i] = (float) rng.nextGaussian() * 0.01f;
            });
            var opt = new io.datanet.trainer.train.AdamW(ad.params(), 0f);
            int[] x = new int[batch * ctx], y = new int[batch * ctx];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextInt(Math.min(256, shape.vocab));
                y[i] = rng.nextInt(Math.min(256, shape.vocab));
            }
            int warm = Math.max(3, steps / 4);
            long t0 = 0, cpu0 = 0;
            for (int s = 0; s < warm + steps; s++) {
                if (s == warm) {
                    t0 = System.nanoTime();
                    cpu0 = processCpuNanos(os);
                }
                model.zeroGrad();
                ad.setTraining(true, s);
                model.forward(x, y, batch, ctx);
                model.backward(1f / (batch * ctx));
                opt.clipGradNorm(1.0);
                opt.step(1e-4f);
            }
            double sec = (System.nanoTime() - t0) / 1e9 / steps;
            double cpuSec = (processCpuNanos(os) - cpu0) / 1e9 / steps;
            double flops = stepFlops(shape, model, batch, ctx, ad);
            System.out.printf("| %s | %.0f | %.1f | %.2f | %.1f | %.0f%% | %.2f MB |%n", q ? "QLoRA (NF4)" : "LoRA (fp32)",
                    batch * ctx / sec, sec * 1e3, flops / 1e9, flops / sec / 1e9, 100 * flops / sec / 1e9 / peak,
                    model.baseWeightBytes() / 1e6);
            result.put(method + "_tokens_per_s", batch * ctx / sec);
            result.put(method + "_ms_per_step", sec * 1e3);
            // CPU time is what the step costs whatever else the machine runs; wall time is what a user waits
            result.put(method + "_cpu_ms_per_step", cpuSec * 1e3);
        }
        System.out.printf("load average at the end %.2f%n", os.getSystemLoadAverage());
        try {
            System.out.println(Json.MAPPER.writeValueAsString(result));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** CPU time of this whole process (all threads, the JIT's included), or -1 where the JVM does not tell. */
    static long processCpuNanos(java.lang.management.OperatingSystemMXBean os) {
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** Best GFLOP/s over a few shapes typical of the model's products. */
    static double matmulPeak() {
        int[][] shapes = {{1024, 256, 1024}, {1024, 1024, 256}, {2048, 512, 512}};
        double best = 0;
        for (int[] s : shapes) {
            int m = s[0], k = s[1], n = s[2];
            Rng rng = new Rng(m);
            float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
            for (int i = 0; i < a.length; i++) a[i] = rng.nextFloat();
            for (int i = 0; i < b.length; i++) b[i] = rng.nextFloat();
            for (int rep = 0; rep < 3; rep++) {
                int iters = 10;
                long t = System.nanoTime();
                for (int i = 0; i < iters; i++) MatMul.nn(c, a, b, m, k, n, false);
                double g = 2.0 * m * k * n * iters / ((System.nanoTime() - t) / 1e9) / 1e9;
                best = Math.max(best, g);
            }
        }
        return best;
    }

    /** What the FLOP count needs of a model: its layers, widths and vocabulary. */
    record Shape(int layers, int hidden, int attentionWidth, int vocab) {
        static Shape of(CausalLM model) {
            if (model instanceof GPT2 g) {
                return new Shape(g.config.nLayer(), g.config.nEmbd(), g.config.nEmbd(), g.config.vocabSize());
            }
            Llama l = (Llama) model;
            return new Shape(l.config.numLayers(), l.config.hiddenSize(), l.config.numHeads() * l.config.headDim(),
                    l.config.vocabSize());
        }
    }

    /** Analytic FLOPs of one LoRA/QLoRA training step (forward + backward, frozen base). */
    static double stepFlops(Shape shape, CausalLM model, int B, int T, Adapter ad) {
        double tokens = (double) B * T;
        double proj = 0;   // x·W per token, every frozen projection
        for (String name : model.projectionNames()) {
            var p = model.projection(name);
            proj += 2.0 * p.inFeatures() * p.outFeatures();
        }
        double total = 2 * proj * tokens;                                          // forward + dx (no dW: frozen)
        total += shape.layers * (4 + 8) * (double) T * shape.attentionWidth * tokens; // attention: 2 products fwd, 4 bwd
        total += 2 * 2 * (double) shape.hidden * shape.vocab * tokens;               // head fwd + dx
        for (var l : ad.layers()) {
            double rr = l.rank(), in = l.inFeatures(), out = l.outFeatures();
            // forward x·A, u·B; backward dy·Bᵀ, uᵀ·dy, xᵀ·du, du·Aᵀ
            total += tokens * 2 * (rr * in + rr * out) * 3;
        }
        return total;
    }
}
