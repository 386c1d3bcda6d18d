package io.datanet.trainer.train;

import io.datanet.trainer.nn.Param;

import java.util.List;

/**
 * AdamW (Loshchilov &amp; Hutter): m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
 * θ ← θ − lr·( m̂/(√v̂ + ε) + λ·θ ) with bias-corrected m̂ = m/(1−β1^t), v̂ = v/(1−β2^t).
 * State (m, v per parameter, step t) is exposed for checkpoints.
 */
public final class AdamW {
    public final float beta1, beta2, eps, weightDecay;
    private final List<Param> params;
    private final float[][] m, v;
    private long t;

    public AdamW(List<Param> params, float beta1, float beta2, float eps, float weightDecay) {
        this.params = List.copyOf(params);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        m = new float[params.size()][];
        v = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            m[i] = new float[params.get(i).size()];
            v[i] = new float[params.get(i).size()];
        }
    }

    public AdamW(List<Param> params, float weightDecay) {
        this(params, 0.9f, 0.999f, 1e-8f, weightDecay);
    }

    /** Global L2 norm of all gradients, summed in a fixed order in double. */
    public double gradNorm() {
        double s = 0;
        for (Param p : params) {
            float[] g = p.grad();
            for (float x : g) s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    /** Scales gradients so their global norm is at most maxNorm (no-op if maxNorm ≤ 0); returns the norm before. */
    public double clipGradNorm(double maxNorm) {
        double norm = gradNorm();
        if (maxNorm > 0 && norm > maxNorm) {
            float s = (float) (maxNorm / (norm + 1e-6));
            for (Param p : params) {
                float[] g = p.grad();
                for (int i = 0; i < g.length; i++) g[i] *= s;
            }
        }
        return norm;
    }

    public void step(float lr) {
        t++;
        float bc1 = (float) (1 - Math.pow(beta1, t)), bc2 = (float) (1 - Math.pow(beta2, t));
        for (int k = 0; k < params.size(); k++) {
            float[] w = params.get(k).data, g = params.get(k).grad(), mk = m[k], vk = v[k];
            for (int i = 0; i < w.length; i++) {
                float gi = g[i];
                mk[i] = beta1 * mk[i] + (1 - beta1) * gi;
                vk[i] = beta2 * vk[i] + (1 - beta2) * gi * gi;
                float mh = mk[i] / bc1, vh = vk[i] / bc2;
                w[i] -= lr * (mh / ((float) Math.sqrt(vh) + eps) + weightDecay * w[i]);
            }
        }
    }

    public long stepCount() {
        return t;
    }

    public void setStepCount(long t) {
        this.t = t;
    }

    public float[] m(int i) {
        return m[i];
    }

    public float[] v(int i) {
        return v[i];
    }

    public List<Param> params() {
        return params;
    }
}
