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
        return signature(words(text));
    }

    /** The signature of a text already split into {@link #words} (which {@link Skeleton} reads too). */
    public static int[] signature(List<byte[]> words) {
        return signature(shingleHashes(words), PERMUTATIONS);
    }

    /**
     * The signature of any set of shingle hashes under the first {@code permutations} hash functions of the family
     * (other indexes, such as {@link Skeleton}'s, use fewer).
     */
    static int[] signature(long[] shingles, int permutations) {
        int[] signature = new int[permutations];
        long[] minima = new long[permutations];
        java.util.Arrays.fill(minima, Long.MAX_VALUE);
        for (long shingle : shingles) {
            long x = Math.floorMod(shingle, MERSENNE_61);
            for (int i = 0; i < permutations; i++) {
                long h = mulMod(A[i], x) + B[i];
                if (h >= MERSENNE_61) {
                    h -= MERSENNE_61;
                }
                if (h < minima[i]) {
                    minima[i] = h;
                }
            }
        }
        for (int i = 0; i < permutations; i++) {
            signature[i] = (int) (minima[i] ^ (minima[i] >>> 32));
        }
        return signature;
    }

    /** The share of equal minima: an unbiased estimate of the Jaccard similarity of the shingle sets. */
    public static double similarity(int[] a, int[] b) {
        int equal = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                equal++;
            }
        }
        return (double) equal / a.length;
    }

    /** One key per band: the band number and its rows hashed together. */
    public static long[] bandKeys(int[] signature) {
        return bandKeys(signature, ROWS, 0);
    }

    /**
     * One key per band of {@code rows} rows. Keys of different indexes share one table, so each index has its own
     * {@code salt}: equal rows of two indexes never make the same key. Salt 0 gives this class's own keys.
     */
    static long[] bandKeys(int[] signature, int rows, long salt) {
        long[] keys = new long[signature.length / rows];
        for (int band = 0; band < keys.length; band++) {
            long h = FNV_OFFSET ^ salt ^ band;
            for (int row = 0; row < rows; row++) {
                h = (h ^ signature[band * rows + row]) * FNV_PRIME;
                h ^= h >>> 29;
            }
            keys[band] = h;
        }
        return keys;
    }

    /** The shingles' hashes, boxed: for tests that compare shingle sets. */
    static List<Long> shingles(String text) {
        List<Long> list = new ArrayList<>();
        for (long h : shingleHashes(text)) {
            list.add(h);
        }
        return list;
    }

    /**
     * FNV-1a (64-bit) of each shingle's UTF-8 text: the words of 5-word windows, each followed by a space (a record
     * of fewer words is one shingle, its words joined by single spaces). Words are what remains between ASCII
     * whitespace once the text is lower-cased and every code point that is not a letter, a number or ASCII
     * whitespace is made a space. Signatures are stored, so these exact values must never change; the hash runs
     * over each word's bytes in place instead of building every shingle's string (MinHashTest holds the values
     * against the straightforward definition).
     */
    static long[] shingleHashes(String text) {
        return shingleHashes(words(text));
    }

    private static long[] shingleHashes(List<byte[]> words) {
        if (words.isEmpty()) {
            return new long[0];
        }
        if (words.size() < SHINGLE_WORDS) {
            long h = FNV_OFFSET;
            for (int k = 0; k < words.size(); k++) {
                if (k > 0) {
                    h = fnv64(h, SPACE);
                }
                h = fnv64(h, words.get(k));
            }
            return new long[] {h};
        }
        long[] hashes = new long[words.size() - SHINGLE_WORDS + 1];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = windowHash(words, i, SHINGLE_WORDS);
        }
        return hashes;
    }

    /** FNV-1a of {@code size} words from {@code from}, each followed by a space: one shingle of a word window. */
    static long windowHash(List<byte[]> words, int from, int size) {
        long h = FNV_OFFSET;
        for (int k = from; k < from + size; k++) {
            h = fnv64(fnv64(h, words.get(k)), SPACE);
        }
        return h;
    }

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final byte[] SPACE = {' '};

    private static long fnv64(long h, byte[] bytes) {
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        return h;
    }

    /** The text's words as UTF-8 (see {@link #shingleHashes}). */
    public static List<byte[]> words(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<byte[]> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < lower.length(); ) {
            int cp = lower.codePointAt(i);
            boolean separator = isAsciiWhitespace(cp) || !(Character.isLetter(cp) || isNumber(cp));
            if (separator && start >= 0) {
                words.add(lower.substring(start, i).getBytes(StandardCharsets.UTF_8));
                start = -1;
            } else if (!separator && start < 0) {
                start = i;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            words.add(lower.substring(start).getBytes(StandardCharsets.UTF_8));
        }
        return words;
    }

    /** Java regex's {@code \s} without UNICODE_CHARACTER_CLASS, which the shingles were first defined with. */
    private static boolean isAsciiWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == 0x0B || cp == '\f' || cp == '\r';
    }

    /** Java regex's {@code \p{N}}. */
    private static boolean isNumber(int cp) {
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
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
