package io.datanet.trainer.train;

import io.datanet.trainer.model.CausalLM;

import java.util.List;

/** Held-out loss: mean cross-entropy per predicted token, and perplexity = exp(loss). */
public record Evaluation(double loss, long tokens) {
    public double perplexity() {
        return Math.exp(loss);
    }

    /** Evaluates windows in batches of {@code batch} (no dropout: callers put adapters in eval mode). */
    public static Evaluation of(CausalLM model, List<Sequences.Window> windows, int batch, int T) {
        int[] x = new int[batch * T], y = new int[batch * T];
        double sum = 0;
        long n = 0;
        for (int i = 0; i < windows.size(); i += batch) {
            List<Sequences.Window> part = windows.subList(i, Math.min(windows.size(), i + batch));
            n += Sequences.fill(part, x, y, T);
            sum += model.forward(x, y, batch, T);
        }
        return new Evaluation(n == 0 ? Double.NaN : sum / n, n);
    }
}
