package io.datanet.validation.bench;

import io.datanet.validation.dedup.Skeleton;
import io.datanet.validation.meaning.BrownCorpus;
import io.datanet.validation.meaning.ParaphraseEvaluation;
import io.datanet.validation.meaning.StaticEmbeddings;
import io.datanet.validation.meaning.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The paraphrase index as a datanet grows ({@code bench/validation/run.sh paraphrase}): at 10k, 100k and 1M accepted
 * records, how many records a lookup by the skeleton's band keys returns (what the database reads), and its recall
 * against exact search, i.e. the paraphrase rule ({@link Skeleton#alike} and the embedding cosine) tested against
 * every record of the datanet. Records: Brown paragraphs of 30 words or more, then paragraphs of 3 to 6 random Brown
 * sentences (Brown has about 11,900 paragraphs; recombined sentences keep real English grammar; none of the queries'
 * sentences is used, since a paragraph holding one would be a real match). Queries:
 * WordNet rewordings of indexed Brown paragraphs ({@code ParaphraseEvaluation}'s) and Brown paragraphs kept out of
 * the datanet. In memory: the keys are sorted (key, record) pairs, the same lookup {@code lsh_band}'s index serves.
 */
public final class ParaphraseIndexBench {

    private static final int QUERIES = 200;

    private ParaphraseIndexBench() {
    }

    public static void run(int[] sizes, double cosine) throws Exception {
        StaticEmbeddings embeddings = StaticEmbeddings.load();
        List<BrownCorpus.Paragraph> real = ParaphraseEvaluation.usableParagraphs(1);
        List<BrownCorpus.Paragraph> heldOut = real.subList(real.size() - QUERIES / 2, real.size());
        real = real.subList(0, real.size() - QUERIES / 2);
        // Not the queries' own sentences: a recombined paragraph holding one would be a real match, and the count
        // of such paragraphs grows with the datanet by construction, not by any property of the index.
        List<String> sentences = sentences(real.subList(QUERIES / 2, real.size()));
        List<String> queries = new ArrayList<>(ParaphraseEvaluation.paraphrases(real.subList(0, QUERIES / 2), 2));
        heldOut.forEach(p -> queries.add(p.text()));
        int[][] querySkeletons = new int[queries.size()][];
        float[][] queryEmbeddings = embeddings.embed(queries).toArray(new float[0][]);
        for (int q = 0; q < queries.size(); q++) {
            querySkeletons[q] = Skeleton.signature(queries.get(q));
        }
        int max = Arrays.stream(sizes).max().orElseThrow();
        int[][] skeletons = new int[max][];
        byte[][] stored = new byte[max][];
        Random random = new Random(3);
        int filled = 0;
        long fillStart = System.nanoTime();
        System.out.printf(Locale.ROOT, "paraphrase index: %d queries (%d rewordings of indexed paragraphs, %d paragraphs "
                + "not indexed), skeleton Jaccard >= %.2f and cosine >= %.2f%n", queries.size(), QUERIES / 2,
                QUERIES / 2, Skeleton.MIN_JACCARD, cosine);
        for (int size : sizes) {
            while (filled < size) {
                int batch = Math.min(10_000, size - filled);
                List<String> texts = new ArrayList<>(batch);
                for (int i = filled; i < filled + batch; i++) {
                    texts.add(i < real.size() ? real.get(i).text() : recombined(sentences, random));
                }
                List<float[]> vectors = embeddings.embed(texts);
                for (int i = 0; i < batch; i++) {
                    skeletons[filled + i] = Skeleton.signature(texts.get(i));
                    stored[filled + i] = Vectors.quantised(vectors.get(i));
                }
                filled += batch;
            }
            double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
            long[] postings = postings(skeletons, size);
            int indexed = 0;
            for (int i = 0; i < size; i++) {
                indexed += skeletons[i] == null ? 0 : 1;
            }
            long candidates = 0;
            int maxCandidates = 0;
            int foundByIndex = 0;
            int foundByScan = 0;
            int paraphrasesCaught = 0;
            int othersFlagged = 0;
            long lookupNanos = 0;
            for (int q = 0; q < queries.size(); q++) {
                int[] skeleton = querySkeletons[q];
                long start = System.nanoTime();
                int[] found = lookup(postings, Skeleton.bandKeys(skeleton));
                lookupNanos += System.nanoTime() - start;
                candidates += found.length;
                maxCandidates = Math.max(maxCandidates, found.length);
                int matches = 0;
                for (int id : found) {
                    matches += matches(skeleton, queryEmbeddings[q], skeletons[id], stored[id], cosine) ? 1 : 0;
                }
                int scanned = 0;
                for (int id = 0; id < size; id++) {
                    scanned += matches(skeleton, queryEmbeddings[q], skeletons[id], stored[id], cosine) ? 1 : 0;
                }
                foundByIndex += matches;
                foundByScan += scanned;
                if (q < QUERIES / 2) {
                    paraphrasesCaught += matches > 0 ? 1 : 0;
                } else {
                    othersFlagged += matches > 0 ? 1 : 0;
                }
            }
            System.out.printf(Locale.ROOT, "  datanet of %,9d records (%,d with a skeleton): %.1f candidates a lookup "
                            + "(max %d), %.0f µs a lookup in memory; recall against exact search %.3f (%d of %d "
                            + "matches); rewordings caught %d/%d, other paragraphs flagged %d/%d  (built in %.0f s)%n",
                    size, indexed, (double) candidates / queries.size(), maxCandidates,
                    lookupNanos / 1e3 / queries.size(), foundByScan == 0 ? 1.0 : (double) foundByIndex / foundByScan,
                    foundByIndex, foundByScan, paraphrasesCaught, QUERIES / 2, othersFlagged, QUERIES / 2, fillSeconds);
        }
    }

    private static boolean matches(int[] skeleton, float[] embedding, int[] other, byte[] otherEmbedding,
                                   double cosine) {
        return Skeleton.alike(skeleton, other)
                && Vectors.dot(embedding, Vectors.dequantised(otherEmbedding)) >= cosine;
    }

    /** (band key, record) pairs sorted by key: key in the high 64 bits of a pair of longs, record beside. */
    private static long[] postings(int[][] skeletons, int size) {
        int count = 0;
        for (int i = 0; i < size; i++) {
            count += skeletons[i] == null ? 0 : Skeleton.PERMUTATIONS / Skeleton.ROWS;
        }
        long[][] pairs = new long[count][];
        int n = 0;
        for (int i = 0; i < size; i++) {
            for (long key : Skeleton.bandKeys(skeletons[i])) {
                pairs[n++] = new long[] {key, i};
            }
        }
        Arrays.sort(pairs, (a, b) -> Long.compare(a[0], b[0]));
        long[] flat = new long[count * 2];
        for (int i = 0; i < count; i++) {
            flat[2 * i] = pairs[i][0];
            flat[2 * i + 1] = pairs[i][1];
        }
        return flat;
    }

    /** The distinct records sharing a key with {@code keys}. */
    private static int[] lookup(long[] postings, long[] keys) {
        java.util.Set<Integer> found = new java.util.HashSet<>();
        int pairs = postings.length / 2;
        for (long key : keys) {
            int lo = 0;
            int hi = pairs;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (postings[2 * mid] < key) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            for (int i = lo; i < pairs && postings[2 * i] == key; i++) {
                found.add((int) postings[2 * i + 1]);
            }
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Brown's sentences: each paragraph cut after every word tagged as a sentence end. */
    private static List<String> sentences(List<BrownCorpus.Paragraph> paragraphs) {
        Map<String, Boolean> distinct = new LinkedHashMap<>();
        for (BrownCorpus.Paragraph p : paragraphs) {
            String[] words = p.text().split(" ");
            String[] tags = p.tags().split(" ");
            StringBuilder sentence = new StringBuilder();
            for (int i = 0; i < words.length; i++) {
                sentence.append(sentence.isEmpty() ? "" : " ").append(words[i]);
                if (i < tags.length && tags[i].equals(".")) {
                    distinct.put(sentence.toString(), true);
                    sentence.setLength(0);
                }
            }
        }
        List<String> list = new ArrayList<>(distinct.keySet());
        Collections.shuffle(list, new Random(4));
        return list;
    }

    private static String recombined(List<String> sentences, Random random) {
        int n = 3 + random.nextInt(4);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append(i == 0 ? "" : " ").append(sentences.get(random.nextInt(sentences.size())));
        }
        return text.toString();
    }
}
