package io.datanet.trainer.nn;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Central finite-difference gradient check. The scalar loss is L = Σ out·R with a fixed random R, so the
 * analytic pass is backward(dout = R). Checks a sample of coordinates of each input.
 */
public final class GradCheck {

    public interface Fn {
        /** Runs the forward pass and returns its output (read immediately). */
        float[] forward();

        /** Zeroes gradients, runs forward then backward with dout, leaving gradients in the buffers. */
        void backward(float[] dout);
    }

    private GradCheck() {
    }

    public static float[] random(Random rnd, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rnd.nextGaussian() * scale);
        return a;
    }

    static double loss(Fn fn, float[] r) {
        float[] out = fn.forward();
        double l = 0;
        for (int i = 0; i < r.length; i++) l += (double) out[i] * r[i];
        return l;
    }

    /**
     * @param inputs  arrays that are perturbed
     * @param grads   matching analytic gradient buffers (filled by fn.backward)
     * @param outSize size of the forward output
     */
    public static void check(String what, Fn fn, float[][] inputs, float[][] grads, int outSize, float eps,
                             double tol, long seed) {
        Random rnd = new Random(seed);
        float[] r = random(rnd, outSize, 1f);
        fn.backward(r);
        float[][] analytic = new float[grads.length][];
        for (int k = 0; k < grads.length; k++) analytic[k] = grads[k].clone();
        double worst = 0;
        for (int k = 0; k < inputs.length; k++) {
            float[] x = inputs[k];
            int samples = Math.min(x.length, 40);
            for (int s = 0; s < samples; s++) {
                int j = samples == x.length ? s : rnd.nextInt(x.length);
                float orig = x[j];
                x[j] = orig + eps;
                double lp = loss(fn, r);
                x[j] = orig - eps;
                double lm = loss(fn, r);
                x[j] = orig;
                double num = (lp - lm) / (2 * eps);
                double ana = analytic[k][j];
                double err = Math.abs(num - ana) / Math.max(1.0, Math.max(Math.abs(num), Math.abs(ana)));
                worst = Math.max(worst, err);
                assertTrue(err <= tol, what + " input " + k + " index " + j + ": numeric " + num
                        + " analytic " + ana);
            }
        }
        System.out.printf("gradcheck %-28s worst relative error %.2e%n", what, worst);
    }

    /**
     * Checks a LoRA layer (its base frozen): the gradients of its input and of both adapter matrices, for an input of
     * {@code rows} random rows. Returns that input.
     */
    public static float[] checkLora(String name, io.datanet.trainer.lora.LoraLinear lora, int rows, Random rnd,
                                    long seed) {
        float[] x = random(rnd, rows * lora.inFeatures(), 1f);
        float[] dx = new float[x.length];
        float[] y = new float[rows * lora.outFeatures()];
        check(name, new Fn() {
            public float[] forward() {
                lora.forward(y, x, rows);
                return y;
            }

            public void backward(float[] dout) {
                java.util.Arrays.fill(dx, 0f);
                lora.a.zeroGrad();
                lora.b.zeroGrad();
                lora.forward(y, x, rows);
                lora.backward(dx, dout, x, rows);
            }
        }, new float[][]{x, lora.a.data, lora.b.data}, new float[][]{dx, lora.a.grad(), lora.b.grad()},
                y.length, 1e-2f, 2e-3, seed);
        return x;
    }
}
