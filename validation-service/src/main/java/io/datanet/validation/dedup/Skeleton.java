package io.datanet.validation.dedup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A record's function-word skeleton: its words with every content word left out ("the", "of", "and", "to", "a",
 * "in", ... in the order they come), as word 4-grams, MinHashed. This is what the paraphrase check finds candidates
 * with.
 *
 * <p>Why the skeleton: rewording a text sentence by sentence swaps its nouns, verbs, adjectives and adverbs for
 * others that mean the same, and leaves the grammar that holds them together. Word 5-gram shingles lose most of their
 * overlap (a paraphrase of a Brown corpus paragraph keeps a Jaccard of 0.23 at the median, far below the
 * near-duplicate bar of 0.8), while the skeleton keeps most of its own (0.90 at the median, 0.53 at the 5th
 * percentile). Distinct prose almost never shares one: the most similar other paragraph of 11,885 reaches 0.04 at
 * the median and 0.125 at the 99th percentile (BENCHMARKS.md, "Paraphrase duplicates"). A sentence embedding alone
 * cannot do this: its cosine between a paragraph and its paraphrase (0.64 at the 5th percentile) overlaps the cosine
 * to the nearest distinct paragraph (0.71 at the 90th percentile), and random-hyperplane keys at that cosine would
 * put a large share of the datanet in every lookup. So the skeleton finds the candidates, and
 * {@code duplicate.semantic} is confirmed by the embedding (same meaning), not by the skeleton alone.
 *
 * <p>The 78 commonest skeleton 4-grams ("to the of the", "in the of the", each in more than 0.5% of Brown
 * paragraphs) are left out: a real rewording shares its other 4-grams anyway, while distinct prose meets on these
 * by chance, and every chance meeting is a candidate the lookup reads.
 *
 * <p>64 hash functions in 32 bands of 2 rows: a pair at skeleton Jaccard s shares a band with probability
 * 1 - (1 - s^2)^32: 0.9993 at s = 0.45 (the bar), 0.95 at 0.3, 0.06 at 0.04. Keys are salted, so they live in the same band
 * table as the near-duplicate keys and the same versioned index covers them.
 */
public final class Skeleton {

    /** The 100 words found in the most paragraphs of the Brown corpus (SkeletonTest derives the list again). */
    public static final String FUNCTION_WORDS = "/dedup/function-words.txt";
    /** The skeleton 4-grams in more than 0.5% of Brown paragraphs (SkeletonTest derives the list again). */
    public static final String STOP_GRAMS = "/dedup/stop-grams.txt";
    public static final int SHINGLE_WORDS = 4;
    public static final int PERMUTATIONS = 64;
    public static final int ROWS = 2;
    /**
     * A record with fewer distinct skeleton 4-grams (about two sentences' worth) is not indexed for paraphrases: a
     * skeleton that short ("in the of the") is shared by much distinct prose, and would make every lookup a large
     * one. Short records are left to the near-duplicate and template checks.
     */
    public static final int MIN_SHINGLES = 8;
    /**
     * Estimated skeleton Jaccard from which one record may be a rewording of another. A rewording of a Brown paragraph
     * keeps 0.53 at the 5th percentile; the most alike distinct Brown paragraphs reach 0.125 at the 99th percentile,
     * but distinct records written from one small phrasebook (the demo's recipes: shared clauses, other ingredients)
     * reach 0.31-0.39, and with the meaning of one topic they pass the cosine too. 0.3 flagged 9% of such recipes
     * as rewordings of each other, 0.45 flags 1% and keeps a recall of 0.94 (BENCHMARKS.md).
     */
    public static final double MIN_JACCARD = 0.45;

    private static final long SALT = 0x5348_454C_4554_4F4EL;   // "SKELETON"
    private static final Set<String> WORDS = Set.copyOf(lines(FUNCTION_WORDS));
    /** The function words as UTF-8, looked up without decoding every word of a record back into a string. */
    private static final Set<ByteBuffer> WORD_BYTES = WORDS.stream()
            .map(w -> ByteBuffer.wrap(w.getBytes(StandardCharsets.UTF_8))).collect(Collectors.toUnmodifiableSet());
    private static final List<String> STOP_GRAM_LIST = lines(STOP_GRAMS);
    private static final Set<Long> STOPPED = stopGramHashes();

    private Skeleton() {
    }

    /** The skeleton's MinHash signature, or null when the record is too short to have a telling one. */
    public static int[] signature(String text) {
        return signature(MinHash.words(text));
    }

    /** The signature of a text already split into {@link MinHash#words} (one split serves both indexes). */
    public static int[] signature(List<byte[]> words) {
        long[] shingles = shingleHashes(words);
        return shingles.length < MIN_SHINGLES ? null : MinHash.signature(shingles, PERMUTATIONS);
    }

    /** The band keys of a signature from {@link #signature} (none for null). */
    public static long[] bandKeys(int[] signature) {
        return signature == null ? new long[0] : MinHash.bandKeys(signature, ROWS, SALT);
    }

    /** Whether two skeletons are alike enough for one text to be a rewording of the other. */
    public static boolean alike(int[] a, int[] b) {
        return a != null && b != null && MinHash.similarity(a, b) >= MIN_JACCARD;
    }

    /** FNV-1a of each distinct 4-gram of function words, each word followed by a space (as {@link MinHash}'s). */
    static long[] shingleHashes(String text) {
        return shingleHashes(MinHash.words(text));
    }

    private static long[] shingleHashes(List<byte[]> words) {
        List<byte[]> skeleton = new ArrayList<>();
        for (byte[] word : words) {
            if (WORD_BYTES.contains(ByteBuffer.wrap(word))) {
                skeleton.add(word);
            }
        }
        Set<Long> distinct = new HashSet<>();
        for (int i = 0; i + SHINGLE_WORDS <= skeleton.size(); i++) {
            long gram = MinHash.windowHash(skeleton, i, SHINGLE_WORDS);
            if (!STOPPED.contains(gram)) {
                distinct.add(gram);
            }
        }
        return distinct.stream().mapToLong(Long::longValue).toArray();
    }

    static Set<String> functionWords() {
        return WORDS;
    }

    static List<String> stopGrams() {
        return STOP_GRAM_LIST;
    }

    private static Set<Long> stopGramHashes() {
        Set<Long> hashes = new HashSet<>();
        for (String gram : STOP_GRAM_LIST) {
            List<byte[]> words = MinHash.words(gram);
            if (words.size() != SHINGLE_WORDS) {
                throw new IllegalStateException(STOP_GRAMS + ": not " + SHINGLE_WORDS + " words: " + gram);
            }
            hashes.add(MinHash.windowHash(words, 0, SHINGLE_WORDS));
        }
        return Set.copyOf(hashes);
    }

    /** A resource's lines, without blank lines and # comments. */
    private static List<String> lines(String resource) {
        try (InputStream in = Skeleton.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
