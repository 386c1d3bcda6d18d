package io.datanet.trainer.cli;

import io.datanet.trainer.io.DType;
import io.datanet.trainer.model.GPT2;
import io.datanet.trainer.model.HuggingFaceCheckpoint;
import io.datanet.trainer.model.GPT2Config;
import io.datanet.trainer.tensor.MatMul;
import io.datanet.trainer.tensor.Parallel;
import io.datanet.trainer.tensor.Rng;
import io.datanet.trainer.tokenizer.ByteTokenizer;
import io.datanet.trainer.train.AdamW;
import io.datanet.trainer.train.LrSchedule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Pretrains a byte-level GPT-2 on a directory of .txt documents (the built-in base model).
 *
 * <pre>
 * java -cp ... io.datanet.trainer.cli.Pretrain --corpus DIR --out DIR [--layers 4] [--heads 4] [--width 192]
 *      [--ctx 128] [--batch 16] [--steps 3000] [--max-steps N] [--minutes 60] [--lr 2e-3] [--seed 1337]
 *      [--dtype F16]
 * </pre>
 * Every 50th document (in file-name order) is held out for validation. The learning-rate schedule is planned for
 * --steps; --minutes is a wall-clock bound that stops early, --max-steps stops after exactly N steps (so a
 * time-bounded run can be reproduced bit for bit: the whole run is deterministic for any thread count).
 */
public final class Pretrain {
    private Pretrain() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> a = parse(args);
        Path corpus = Path.of(req(a, "corpus")), out = Path.of(req(a, "out"));
        int layers = Integer.parseInt(a.getOrDefault("layers", "4"));
        int heads = Integer.parseInt(a.getOrDefault("heads", "4"));
        int width = Integer.parseInt(a.getOrDefault("width", "192"));
        int ctx = Integer.parseInt(a.getOrDefault("ctx", "128"));
        int batch = Integer.parseInt(a.getOrDefault("batch", "16"));
        int steps = Integer.parseInt(a.getOrDefault("steps", "3000"));
        double minutes = Double.parseDouble(a.getOrDefault("minutes", "60"));
        // stop after this many steps with the schedule still planned for --steps (reproduces a time-bounded run)
        int maxSteps = Integer.parseInt(a.getOrDefault("max-steps", Integer.toString(steps)));
        float lr = Float.parseFloat(a.getOrDefault("lr", "2e-3"));
        long seed = Long.parseLong(a.getOrDefault("seed", "1337"));
        DType dtype = DType.valueOf(a.getOrDefault("dtype", "F16"));

        List<Path> files;
        try (Stream<Path> s = Files.list(corpus)) {
            files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        ByteTokenizer tok = new ByteTokenizer();
        List<Integer> train = new ArrayList<>(), val = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String text = Files.readString(files.get(i), StandardCharsets.UTF_8).strip();
            List<Integer> dst = i % 50 == 49 ? val : train;
            for (int id : tok.encode(text)) dst.add(id);
            dst.add(tok.eosId());
        }
        int[] trainIds = train.stream().mapToInt(Integer::intValue).toArray();
        int[] valIds = val.stream().mapToInt(Integer::intValue).toArray();
        System.out.printf("corpus: %d documents, %d train bytes, %d validation bytes; kernel %s, %d threads%n",
                files.size(), trainIds.length, valIds.length, MatMul.kernelName(), Parallel.threads());

        GPT2Config cfg = GPT2Config.byteLevel(layers, heads, width, ctx);
        GPT2 model = GPT2.randomInit(cfg, seed);
        AdamW opt = new AdamW(model.trainableParams(), 0.9f, 0.95f, 1e-8f, 0.1f);
        LrSchedule sched = new LrSchedule(lr, lr / 10, Math.max(1, steps / 30), steps);
        System.out.printf("model: %d layers, %d heads, width %d, context %d, %,d parameters%n", layers, heads, width,
                ctx, cfg.parameterCount());

        Rng rng = new Rng(seed);
        int[] x = new int[batch * ctx], y = new int[batch * ctx];
        long start = System.nanoTime();
        int step = 0;
        double ema = Double.NaN;
        for (; step < Math.min(steps, maxSteps); step++) {
            for (int b = 0; b < batch; b++) {
                int off = rng.nextInt(trainIds.length - ctx - 1);
                System.arraycopy(trainIds, off, x, b * ctx, ctx);
                System.arraycopy(trainIds, off + 1, y, b * ctx, ctx);
            }
            model.zeroGrad();
            double loss = model.forward(x, y, batch, ctx) / (batch * ctx);
            model.backward(1f / (batch * ctx));
            opt.clipGradNorm(1.0);
            opt.step(sched.at(step));
            ema = Double.isNaN(ema) ? loss : 0.98 * ema + 0.02 * loss;
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (step % 50 == 0 || step == steps - 1) {
                System.out.printf("step %5d  loss %.4f (ema %.4f)  lr %.2e  %.0f tok/s  %.1f min%n", step, loss, ema,
                        sched.at(step), (step + 1) * (double) batch * ctx / elapsed, elapsed / 60);
            }
            if (step % 500 == 499) System.out.printf("  validation loss %.4f%n", evaluate(model, valIds, ctx, batch));
            if (elapsed > minutes * 60) {
                System.out.printf("time bound of %.1f minutes reached at step %d%n", minutes, step + 1);
                step++;
                break;
            }
        }
        double valLoss = evaluate(model, valIds, ctx, batch);
        System.out.printf("final validation loss %.4f nats/byte (%.3f bits/byte)%n", valLoss, valLoss / Math.log(2));
        Map<String, String> md = new LinkedHashMap<>();
        md.put("datanet.corpus", corpus.getFileName().toString());
        md.put("datanet.steps", Integer.toString(step));
        md.put("datanet.val_loss", String.format("%.4f", valLoss));
        HuggingFaceCheckpoint.save(model, out, dtype, md);
        System.out.println("saved " + out);
    }

    /** Mean loss over consecutive non-overlapping windows of the validation stream. */
    static double evaluate(GPT2 model, int[] ids, int ctx, int batch) {
        double sum = 0;
        long n = 0;
        int[] x = new int[batch * ctx], y = new int[batch * ctx];
        int windows = (ids.length - 1) / ctx;
        for (int w0 = 0; w0 < windows; w0 += batch) {
            int bs = Math.min(batch, windows - w0);
            for (int b = 0; b < bs; b++) {
                System.arraycopy(ids, (w0 + b) * ctx, x, b * ctx, ctx);
                System.arraycopy(ids, (w0 + b) * ctx + 1, y, b * ctx, ctx);
            }
            for (int b = bs; b < batch; b++) {
                java.util.Arrays.fill(x, b * ctx, (b + 1) * ctx, 0);
                java.util.Arrays.fill(y, b * ctx, (b + 1) * ctx, -1);
            }
            sum += model.forward(x, y, batch, ctx);
            n += (long) bs * ctx;
        }
        return sum / n;
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument " + args[i]);
            String k = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) m.put(k, args[++i]);
            else m.put(k, "true");
        }
        return m;
    }

    static String req(Map<String, String> a, String k) {
        String v = a.get(k);
        if (v == null) throw new IllegalArgumentException("missing --" + k);
        return v;
    }
}
