package io.datanet.validation.dedup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * MinHash signatures over word 5-gram shingles and their LSH band keys.
 *
 * <p>128 hash functions in 16 bands of 8 rows: two records with Jaccard similarity s share at least one band with
 * probability 1 - (1 - s^8)^16 — 0.95 at s = 0.8, 0.61 at 0.7, 0.06 at 0.5 (the S-curve's midpoint is about
 * (1/16)^(1/8) = 0.71). Candidates are then confirmed by the signature estimate of Jaccard (the share of equal
 * minima) against the threshold (0.8 by default), which removes the false candidates.
 */
public final class MinHash {

    public static final int PERMUTATIONS = 128;
    public static final int BANDS = 16;
    public static final int ROWS = PERMUTATIONS / BANDS;
    public static final int SHINGLE_WORDS = 5;

    private static final long MERSENNE_61 = (1L << 61) - 1;
    private static final long[] A = new long[PERMUTATIONS];
    private static final long[] B = new long[PERMUTATIONS];

    static {
        // Fixed seed: signatures are stored, so the hash family must never change between runs.
        SplittableRandom random = new SplittableRandom(0x5EED_DA7A_4E7L);
        for (int i = 0; i < PERMUTATIONS; i++) {
            A[i] = 1 + random.nextLong(MERSENNE_61 - 1);
            B[i] = random.nextLong(MERSENNE_61);
        }
    }

    private MinHash() {
    }

    public static int[] signature(String text) {
        List<Long> shingles = shingles(text);
        int[] signature = new int[PERMUTATIONS];
        java.util.Arrays.fill(signature, Integer.MAX_VALUE);
        long[] minima = new long[PERMUTATIONS];
        java.util.Arrays.fill(minima, Long.MAX_VALUE);
        for (long shingle : shingles) {
            long x = Math.floorMod(shingle, MERSENNE_61);
            for (int i = 0; i < PERMUTATIONS; i++) {
                long h = mulMod(A[i], x) + B[i];
                if (h >= MERSENNE_61) {
                    h -= MERSENNE_61;
                }
                if (h < minima[i]) {
                    minima[i] = h;
                }
            }
        }
        for (int i = 0; i < PERMUTATIONS; i++) {
            signature[i] = (int) (minima[i] ^ (minima[i] >>> 32));
        }
        return signature;
    }

    /** The share of equal minima: an unbiased estimate of the Jaccard similarity of the shingle sets. */
    public static double similarity(int[] a, int[] b) {
        int equal = 0;
        for (int i = 0; i < PERMUTATIONS; i++) {
            if (a[i] == b[i]) {
                equal++;
            }
        }
        return (double) equal / PERMUTATIONS;
    }

    /** One key per band: the band number and its rows hashed together. */
    public static long[] bandKeys(int[] signature) {
        long[] keys = new long[BANDS];
        for (int band = 0; band < BANDS; band++) {
            long h = 0xcbf29ce484222325L ^ band;
            for (int row = 0; row < ROWS; row++) {
                h = (h ^ signature[band * ROWS + row]) * 0x100000001b3L;
                h ^= h >>> 29;
            }
            keys[band] = h;
        }
        return keys;
    }

    static List<Long> shingles(String text) {
        String[] words = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\s]", " ").trim().split("\\s+");
        List<Long> shingles = new ArrayList<>();
        if (words.length == 0 || (words.length == 1 && words[0].isEmpty())) {
            return shingles;
        }
        if (words.length < SHINGLE_WORDS) {
            shingles.add(fnv64(String.join(" ", words)));
            return shingles;
        }
        for (int i = 0; i + SHINGLE_WORDS <= words.length; i++) {
            StringBuilder gram = new StringBuilder();
            for (int k = i; k < i + SHINGLE_WORDS; k++) {
                gram.append(words[k]).append(' ');
            }
            shingles.add(fnv64(gram.toString()));
        }
        return shingles;
    }

    private static long fnv64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    /** (a * b) mod 2^61-1 without overflow. */
    private static long mulMod(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        long result = (lo & MERSENNE_61) + ((lo >>> 61) | (hi << 3));
        result = (result & MERSENNE_61) + (result >>> 61);
        return result >= MERSENNE_61 ? result - MERSENNE_61 : result;
    }

    public static byte[] toBytes(int[] signature) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(signature.length * 4);
        for (int v : signature) {
            buffer.putInt(v);
        }
        return buffer.array();
    }

    public static int[] fromBytes(byte[] bytes) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
        int[] signature = new int[bytes.length / 4];
        for (int i = 0; i < signature.length; i++) {
            signature[i] = buffer.getInt();
        }
        return signature;
    }
}
