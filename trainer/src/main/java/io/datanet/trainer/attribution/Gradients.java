package io.datanet.trainer.attribution;

import io.datanet.trainer.model.CausalLM;
import io.datanet.trainer.nn.Param;
import io.datanet.trainer.train.Sequences;

import java.util.List;

/** Gradients with respect to the adapter parameters, flattened, as both attribution methods take them. */
final class Gradients {
    private Gradients() {
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
    static float[] of(CausalLM model, List<Param> params, List<Sequences.Window> windows, int batch, int T, float scale) {
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

    static double dot(float[] a, float[] b, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += (double) a[i] * b[i];
        return s;
    }
}
