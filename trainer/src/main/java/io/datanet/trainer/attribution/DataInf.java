package io.datanet.trainer.attribution;

import io.datanet.trainer.nn.Param;

import java.util.List;

/**
 * DataInf (Kwon et al. 2024; reference code ykwon0407/DataInf) at one checkpoint: the closed-form approximation of
 * v_lᵀ(G_l + λ_l I)⁻¹ g_lk summed over layers, every lora_A and every lora_B matrix a layer of its own.
 */
final class DataInf {
    private DataInf() {
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
    static double[] influence(float[][] g, float[] v, int[][] layers, double[] out) {
        int n = g.length;
        double[] lambdas = new double[layers.length];
        for (int l = 0; l < layers.length; l++) {
            int from = layers[l][0], to = layers[l][1], d = to - from;
            double[] norm2 = new double[n];
            double meanSquare = 0;
            for (int i = 0; i < n; i++) {
                norm2[i] = Gradients.dot(g[i], g[i], from, to);
                meanSquare += norm2[i] / d;
            }
            double lambda = 0.1 * meanSquare / n;
            lambdas[l] = lambda;
            if (lambda <= 0) continue;   // no example moves this layer (all gradients zero): no influence through it
            double[] h = new double[d];
            for (int j = 0; j < d; j++) h[j] = n * (double) v[from + j];
            for (int i = 0; i < n; i++) {
                double c = Gradients.dot(v, g[i], from, to) / (lambda + norm2[i]);
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
}
