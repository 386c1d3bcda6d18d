package io.datanet.trainer.nn;

/** out = a + b; the backward pass adds dout to both inputs' gradients. */
public final class Residual {
    private Residual() {
    }

    public static void forward(float[] out, float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) out[i] = a[i] + b[i];
    }

    public static void backward(float[] da, float[] db, float[] dout, int n) {
        for (int i = 0; i < n; i++) {
            da[i] += dout[i];
            db[i] += dout[i];
        }
    }
}
