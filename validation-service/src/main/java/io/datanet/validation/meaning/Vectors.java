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

    /**
     * A unit vector in 4 + n bytes for the duplicate index: its largest magnitude as a float, then each component as
     * a signed byte of that scale. Cosines computed from it are off by well under 0.01, far less than any threshold's
     * margin.
     */
    public static byte[] quantised(float[] v) {
        float scale = 0;
        for (float x : v) {
            scale = Math.max(scale, Math.abs(x));
        }
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(Float.BYTES + v.length);
        out.putFloat(scale);
        for (float x : v) {
            out.put(scale == 0 ? 0 : (byte) Math.round(x / scale * 127));
        }
        return out.array();
    }

    /** The vector {@link #quantised} stored, unit length again. */
    public static float[] dequantised(byte[] bytes) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        float scale = in.getFloat() / 127;
        float[] v = new float[bytes.length - Float.BYTES];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.get() * scale;
        }
        return normalised(v);
    }
}
