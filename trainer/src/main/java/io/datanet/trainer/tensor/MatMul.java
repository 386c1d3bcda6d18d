package io.datanet.trainer.tensor;

/**
 * Dense row-major matrix products on plain {@code float[]}.
 *
 * <p>All products are computed in "axpy" form: every output element is updated as
 * {@code c = fma(a, b, c)} over the reduction index in increasing order. That fixes the rounding of every
 * output element independently of blocking, thread count and SIMD width, so the vector kernel
 * (jdk.incubator.vector, used when the JVM has the module) and the scalar kernel give bit-identical results.
 */
public final class MatMul {

    private static final Kernel KERNEL = pickKernel();
    /** Outputs narrower than this many columns are computed transposed (see nn/tn). */
    private static final int NARROW = 16;

    /** Implementation of the one primitive every product reduces to. */
    interface Kernel {
        /**
         * For rows r in [r0, r1) and all columns j in [0, n): C[r][j] = sum over i in [0, inner) of
         * A(r, i) * B[i][j] (added to C if accumulate), where A(r, i) = a[r * aRowStride + i * aInnerStride].
         */
        void rows(float[] c, float[] a, int aRowStride, int aInnerStride, float[] b, int inner, int n,
                  int r0, int r1, boolean accumulate);

        String name();

        /** See {@link Exp#expInto}. */
        default void exp(float[] dst, int d0, float[] src, int s0, int n, float scale, float shift) {
            Exp.expIntoScalar(dst, d0, src, s0, n, scale, shift);
        }

        /** See {@link Exp#max}. */
        default float max(float[] src, int s0, int n, float scale) {
            return Exp.maxScalar(src, s0, n, scale);
        }

        /** True when the kernel computes narrow outputs efficiently itself (no transposed detour needed). */
        default boolean handlesNarrow() {
            return false;
        }
    }

    private MatMul() {
    }

    private static Kernel pickKernel() {
        if (!Boolean.getBoolean("datanet.trainer.scalar")
                && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return (Kernel) Class.forName("io.datanet.trainer.tensor.VectorKernel")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                // fall through to the scalar kernel
            }
        }
        return new ScalarKernel();
    }

    /** Name of the kernel in use: "vector-&lt;bits&gt;" or "scalar". */
    public static String kernelName() {
        return KERNEL.name();
    }

    static Kernel scalarKernel() {
        return new ScalarKernel();
    }

    static Kernel activeKernel() {
        return KERNEL;
    }

    /** C[m,n] (+)= A[m,k] · B[k,n]. */
    public static void nn(float[] c, float[] a, float[] b, int m, int k, int n, boolean accumulate) {
        nn(KERNEL, c, a, b, m, k, n, accumulate);
    }

    static void nn(Kernel kernel, float[] c, float[] a, float[] b, int m, int k, int n, boolean accumulate) {
        if (n < NARROW && m >= 4 * NARROW && !kernel.handlesNarrow()) {
            // Narrow output (e.g. x·A of a rank-8 adapter): compute Cᵀ = Bᵀ·Aᵀ, which vectorises over m. Each
            // element still accumulates fma(a, b, c) over k in order, so the bits are those of the direct product.
            float[] at = new float[k * m], bt = new float[n * k], ct = new float[n * m];
            transpose(a, at, m, k);
            transposeSerial(b, bt, k, n);
            if (accumulate) transposeSerial(c, ct, m, n);
            Parallel.forRange(n, 1, 1, (r0, r1) -> kernel.rows(ct, bt, k, 1, at, k, m, r0, r1, accumulate));
            transposeSerial(ct, c, n, m);
            return;
        }
        int minRows = Math.max(4, (int) Math.min(m, 65536L / Math.max(1, (long) k * n / 64 + 1)));
        Parallel.forRange(m, 4, minRows, (r0, r1) -> kernel.rows(c, a, k, 1, b, k, n, r0, r1, accumulate));
    }

    /** C[k,n] (+)= A[m,k]ᵀ · B[m,n]  (the weight-gradient product; reduction over the m rows). */
    public static void tn(float[] c, float[] a, float[] b, int m, int k, int n, boolean accumulate) {
        tn(KERNEL, c, a, b, m, k, n, accumulate);
    }

    static void tn(Kernel kernel, float[] c, float[] a, float[] b, int m, int k, int n, boolean accumulate) {
        if (n < NARROW && k >= 4 * NARROW && !kernel.handlesNarrow()) {
            // Narrow output: Cᵀ[n,k] = Bᵀ[n,m] · A[m,k] vectorises over k; same per-element fma order over m.
            float[] bt = new float[n * m], ct = new float[n * k];
            transpose(b, bt, m, n);
            if (accumulate) transposeSerial(c, ct, k, n);
            Parallel.forRange(n, 1, 1, (r0, r1) -> kernel.rows(ct, bt, m, 1, a, m, k, r0, r1, accumulate));
            transposeSerial(ct, c, n, k);
            return;
        }
        int minRows = Math.max(4, (int) Math.min(k, 65536L / Math.max(1, (long) m * n / 64 + 1)));
        Parallel.forRange(k, 4, minRows, (r0, r1) -> kernel.rows(c, a, 1, k, b, m, n, r0, r1, accumulate));
    }

    /** Single-threaded C[m,n] (+)= A[m,k] · B[k,n], for callers that already parallelise outside. */
    public static void nnSerial(float[] c, float[] a, float[] b, int m, int k, int n, boolean accumulate) {
        KERNEL.rows(c, a, k, 1, b, k, n, 0, m, accumulate);
    }

    /** Single-threaded C[k,n] (+)= A[m,k]ᵀ · B[m,n]. */
    public static void tnSerial(float[] c, float[] a, float[] b, int m, int k, int n, boolean accumulate) {
        KERNEL.rows(c, a, 1, k, b, m, n, 0, k, accumulate);
    }

    /** Single-threaded transpose. */
    public static void transposeSerial(float[] src, float[] dst, int rows, int cols) {
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) dst[j * rows + i] = src[i * cols + j];
    }

    /** dst[cols, rows] = src[rows, cols]ᵀ. */
    public static void transpose(float[] src, float[] dst, int rows, int cols) {
        final int tile = 32;
        Parallel.forRange(rows, tile, 256, (r0, r1) -> {
            for (int i0 = r0; i0 < r1; i0 += tile) {
                int i1 = Math.min(r1, i0 + tile);
                for (int j0 = 0; j0 < cols; j0 += tile) {
                    int j1 = Math.min(cols, j0 + tile);
                    for (int i = i0; i < i1; i++) {
                        for (int j = j0; j < j1; j++) {
                            dst[j * rows + i] = src[i * cols + j];
                        }
                    }
                }
            }
        });
    }

    /** out[n] += column sums of m[rows, n] (bias gradient), partitioned over columns. */
    public static void addColumnSums(float[] out, float[] m, int rows, int n) {
        Parallel.forRange(n, 16, 4096, (j0, j1) -> {
            for (int r = 0; r < rows; r++) {
                int base = r * n;
                for (int j = j0; j < j1; j++) out[j] += m[base + j];
            }
        });
    }

    /** Plain scalar loops; C2 auto-vectorises the inner loop. */
    static final class ScalarKernel implements Kernel {
        @Override
        public void rows(float[] c, float[] a, int ars, int ais, float[] b, int inner, int n, int r0, int r1,
                         boolean accumulate) {
            final int jb = 256; // column panel that keeps a C row slice and B rows hot in L1/L2
            for (int j0 = 0; j0 < n; j0 += jb) {
                int j1 = Math.min(n, j0 + jb);
                for (int r = r0; r < r1; r++) {
                    int cr = r * n;
                    if (!accumulate) {
                        for (int j = j0; j < j1; j++) c[cr + j] = 0f;
                    }
                    for (int i = 0; i < inner; i++) {
                        float av = a[r * ars + i * ais];
                        int bi = i * n;
                        for (int j = j0; j < j1; j++) c[cr + j] = Math.fma(av, b[bi + j], c[cr + j]);
                    }
                }
            }
        }

        @Override
        public String name() {
            return "scalar";
        }
    }
}
