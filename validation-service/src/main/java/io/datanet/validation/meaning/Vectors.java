package io.datanet.validation.meaning;

/** The little vector arithmetic that embeddings need. */
public final class Vectors {

    private Vectors() {
    }

    /** {@code v} scaled to unit length in place (a zero vector stays zero). */
    public static float[] normalised(float[] v) {
        double norm = Math.sqrt(dot(v, v));
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] / norm);
            }
        }
        return v;
    }

    public static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
