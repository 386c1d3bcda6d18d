package io.datanet.trainer.quant;

import io.datanet.trainer.nn.Scratch;
import io.datanet.trainer.tensor.MatMul;
import io.datanet.trainer.tensor.Parallel;

/**
 * 4-bit NormalFloat (NF4) block-wise quantisation with double quantisation of the scales (QLoRA, Dettmers et
 * al. 2023).
 *
 * <ul>
 *   <li>Weights are cut into blocks of {@link #BLOCK} = 64 consecutive values (row-major order of the [in, out]
 *       Conv1D weight). Each block stores its absmax scale and, per value, the index of the nearest of the 16
 *       NF4 levels to w / absmax. Two codes per byte, the even index in the high nibble.</li>
 *   <li>Double quantisation: the absmax scales (one float per 64 weights) are centred on their mean and stored
 *       as signed 8-bit integers with one float32 absmax per {@link #SCALE_BLOCK} = 256 scales
 *       (absmax ≈ mean + q8/127 · scale2). bitsandbytes uses an 8-bit dynamic float map for this step; a linear
 *       int8 grid is used here, with the same block size and memory cost.</li>
 *   <li>Storage: 4 bits per weight + 8/64 bits (scales) + 32/(64·256) bits (second-level scales) ≈ 4.127 bits.</li>
 * </ul>
 */
public final class Nf4 {
    public static final int BLOCK = 64;
    public static final int SCALE_BLOCK = 256;

    /** Bytes {@link Tensor#bytes()} takes for n weights: codes, scale codes, second-level scales and their mean. */
    public static long bytesOf(long n) {
        long blocks = (n + BLOCK - 1) / BLOCK;
        return (n + 1) / 2 + blocks + 4L * ((blocks + SCALE_BLOCK - 1) / SCALE_BLOCK) + 4;
    }

    /** The 16 NF4 levels: quantiles of N(0,1) normalised to [−1, 1] with an exact zero (QLoRA appendix / bitsandbytes). */
    public static final float[] LEVELS = {
            -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f,
            -0.28444138169288635f, -0.18477343022823334f, -0.09105003625154495f, 0.0f,
            0.07958029955625534f, 0.16093020141124725f, 0.24611230194568634f, 0.33791524171829224f,
            0.44070982933044434f, 0.5626170039176941f, 0.7229568362236023f, 1.0f};
    private static final float[] MIDPOINTS = new float[15];

    static {
        for (int i = 0; i < 15; i++) MIDPOINTS[i] = (LEVELS[i] + LEVELS[i + 1]) / 2;
    }

    private Nf4() {
    }

    /** Index of the nearest NF4 level to x ∈ [−1, 1]. */
    public static int nearest(float x) {
        int lo = 0, hi = 15; // first midpoint ≥ x
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (MIDPOINTS[mid] < x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** A quantised tensor. */
    public static final class Tensor {
        public final int[] shape;
        public final int n;
        final byte[] codes;        // packed 4-bit level indices
        final byte[] scaleCodes;   // int8 per block of 64 weights
        final float[] scale2;      // float32 per block of 256 scales
        final float scaleMean;

        Tensor(int[] shape, int n, byte[] codes, byte[] scaleCodes, float[] scale2, float scaleMean) {
            this.shape = shape.clone();
            this.n = n;
            this.codes = codes;
            this.scaleCodes = scaleCodes;
            this.scale2 = scale2;
            this.scaleMean = scaleMean;
        }

        /** Stored bytes: packed codes + int8 scales + float32 second-level scales + the mean. */
        public long bytes() {
            return codes.length + scaleCodes.length + 4L * scale2.length + 4;
        }

        /** Dequantised absmax of block b. */
        float absmax(int b) {
            return scaleMean + scaleCodes[b] / 127f * scale2[b / SCALE_BLOCK];
        }

        int code(int i) {
            int byteVal = codes[i >> 1];
            return (i & 1) == 0 ? (byteVal >> 4) & 0xf : byteVal & 0xf;
        }

        /** Full float32 weights in their original layout. */
        public float[] dequantize() {
            float[] w = new float[n];
            dequantize(w);
            return w;
        }

        public void dequantize(float[] w) {
            int blocks = (n + BLOCK - 1) / BLOCK;
            Parallel.forRange(blocks, 1, 256, (b0, b1) -> {
                for (int b = b0; b < b1; b++) {
                    float s = absmax(b);
                    int start = b * BLOCK, end = Math.min(n, start + BLOCK);
                    int i = start;
                    // two codes per byte; BLOCK is even so blocks start on a byte boundary
                    for (; i + 1 < end; i += 2) {
                        int v = codes[i >> 1];
                        w[i] = LEVELS[(v >> 4) & 0xf] * s;
                        w[i + 1] = LEVELS[v & 0xf] * s;
                    }
                    if (i < end) w[i] = LEVELS[code(i)] * s;
                }
            });
        }

        /** For a 2-D [rows, cols] tensor: writes the transpose [cols, rows] (for the backward pass). */
        public void dequantizeTransposed(float[] wt) {
            float[] w = Scratch.get(Scratch.DEQUANT, n);
            dequantize(w);
            MatMul.transpose(w, wt, shape[0], shape[1]);
        }
    }

    public static Tensor quantize(float[] w, int[] shape) {
        int n = w.length;
        int blocks = (n + BLOCK - 1) / BLOCK;
        float[] absmax = new float[blocks];
        for (int b = 0; b < blocks; b++) {
            float m = 0f;
            for (int i = b * BLOCK, e = Math.min(n, (b + 1) * BLOCK); i < e; i++) m = Math.max(m, Math.abs(w[i]));
            absmax[b] = m;
        }
        // double quantisation of the scales
        double sum = 0;
        for (float a : absmax) sum += a;
        float mean = (float) (sum / blocks);
        int sblocks = (blocks + SCALE_BLOCK - 1) / SCALE_BLOCK;
        float[] scale2 = new float[sblocks];
        byte[] scaleCodes = new byte[blocks];
        for (int sb = 0; sb < sblocks; sb++) {
            int from = sb * SCALE_BLOCK, to = Math.min(blocks, from + SCALE_BLOCK);
            float m = 0f;
            for (int b = from; b < to; b++) m = Math.max(m, Math.abs(absmax[b] - mean));
            scale2[sb] = m;
            for (int b = from; b < to; b++) {
                scaleCodes[b] = m == 0f ? 0 : (byte) Math.round((absmax[b] - mean) / m * 127f);
            }
        }
        byte[] codes = new byte[(n + 1) / 2];
        Tensor t = new Tensor(shape, n, codes, scaleCodes, scale2, mean);
        // codes are chosen against the dequantised scale, so the scale's own rounding is partly compensated
        for (int b = 0; b < blocks; b++) {
            float s = t.absmax(b);
            for (int i = b * BLOCK, e = Math.min(n, (b + 1) * BLOCK); i < e; i++) {
                int c = s == 0f ? 7 : nearest(Math.max(-1f, Math.min(1f, w[i] / s)));
                codes[i >> 1] |= (byte) ((i & 1) == 0 ? c << 4 : c);
            }
        }
        return t;
    }
}
