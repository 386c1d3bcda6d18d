package io.datanet.validation.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Recall and precision of MinHash + LSH (16 bands x 8 rows, confirmation at estimated Jaccard >= 0.8) on planted
 * near copies: documents with a few words changed (true Jaccard of 5-gram shingles well above 0.8) must be found;
 * unrelated documents and heavy rewrites (Jaccard far below 0.8) must not.
 */
class MinHashTest {

    private static final String[] VOCABULARY = ("stock onion garlic simmer boil roast bake season salt pepper oil "
            + "butter flour sugar egg milk cream cheese bread pasta rice bean lentil tomato carrot celery herb thyme "
            + "basil parsley lemon lime vinegar mustard honey chicken beef pork fish shrimp potato squash pan pot "
            + "oven knife slice dice chop stir whisk fold knead rest serve plate bowl cup spoon minute hour gently")
            .split(" ");

    private static String document(Random random, int words) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            text.append(VOCABULARY[random.nextInt(VOCABULARY.length)]).append(' ');
        }
        return text.toString().trim();
    }

    private static String mutate(Random random, String text, int changes) {
        String[] words = text.split(" ");
        for (int i = 0; i < changes; i++) {
            words[random.nextInt(words.length)] = VOCABULARY[random.nextInt(VOCABULARY.length)];
        }
        return String.join(" ", words);
    }

    private static boolean lshMatch(String a, String b) {
        int[] sa = MinHash.signature(a);
        int[] sb = MinHash.signature(b);
        long[] ka = MinHash.bandKeys(sa);
        long[] kb = MinHash.bandKeys(sb);
        boolean candidate = false;
        for (int i = 0; i < ka.length; i++) {
            candidate |= ka[i] == kb[i];
        }
        return candidate && MinHash.similarity(sa, sb) >= 0.8;
    }

    static double jaccard(String a, String b) {
        Set<Long> x = new HashSet<>(MinHash.shingles(a));
        Set<Long> y = new HashSet<>(MinHash.shingles(b));
        Set<Long> union = new HashSet<>(x);
        union.addAll(y);
        x.retainAll(y);
        return (double) x.size() / union.size();
    }

    @Test
    void findsPlantedNearCopiesAndIgnoresDistinctText() {
        Random random = new Random(7);
        int truePositives = 0;
        int nearPairs = 0;
        int falsePositives = 0;
        int farPairs = 0;
        List<Double> nearJaccards = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String original = document(random, 300);
            String copy = mutate(random, original, 2);
            double j = jaccard(original, copy);
            if (j >= 0.9) {
                nearPairs++;
                nearJaccards.add(j);
                truePositives += lshMatch(original, copy) ? 1 : 0;
            }
            String rewrite = mutate(random, original, 60);
            if (jaccard(original, rewrite) < 0.6) {
                farPairs++;
                falsePositives += lshMatch(original, rewrite) ? 1 : 0;
            }
            farPairs++;
            falsePositives += lshMatch(original, document(random, 300)) ? 1 : 0;
        }
        double recall = (double) truePositives / nearPairs;
        double falsePositiveRate = (double) falsePositives / farPairs;
        assertTrue(nearPairs > 150, "planted near copies: " + nearPairs);
        assertTrue(recall >= 0.97, "recall on near copies (Jaccard >= 0.9): " + recall);
        assertEquals(0.0, falsePositiveRate, "distinct or heavily rewritten text matched");
    }

    @Test
    void signaturesAreStableAndSerialisable() {
        int[] signature = MinHash.signature("the same text gives the same signature every time");
        assertTrue(java.util.Arrays.equals(signature, MinHash.signature("The same text gives the SAME signature, every time!")));
        assertTrue(java.util.Arrays.equals(signature, MinHash.fromBytes(MinHash.toBytes(signature))));
        assertEquals(MinHash.BANDS, MinHash.bandKeys(signature).length);
    }

    /**
     * The shingle hashes are stored (in every signature and band key), so they must stay exactly what they were
     * first defined as: this straightforward version, built on regular expressions and a string per shingle.
     */
    private static List<Long> referenceShingles(String text) {
        String[] words = text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\s]", " ").trim()
                .split("\\s+");
        List<Long> shingles = new ArrayList<>();
        if (words.length == 0 || (words.length == 1 && words[0].isEmpty())) {
            return shingles;
        }
        if (words.length < MinHash.SHINGLE_WORDS) {
            shingles.add(referenceFnv64(String.join(" ", words)));
            return shingles;
        }
        for (int i = 0; i + MinHash.SHINGLE_WORDS <= words.length; i++) {
            StringBuilder gram = new StringBuilder();
            for (int k = i; k < i + MinHash.SHINGLE_WORDS; k++) {
                gram.append(words[k]).append(' ');
            }
            shingles.add(referenceFnv64(gram.toString()));
        }
        return shingles;
    }

    private static long referenceFnv64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    @Test
    void shingleHashesAreExactlyTheStoredDefinition() {
        // Letters, numbers of every kind, ASCII and other whitespace, punctuation, symbols, combining marks, emoji,
        // characters whose lower case is longer (U+0130), controls and a lone surrogate.
        String[] pieces = {"Stock", "onion", "CAFÉ", "東京", "x²", "Ⅻ", "٣", "İstanbul", "e\u0301", "🙂", "a-b", "it's",
                "...", "#", "$9.99", "\u00a0", "\u2003", "\t", "\n", "\r\n", "\u000b", "\f", "\u0000", "\ud800", " ",
                "  ", "ǅ", "ʰ", "Ⓐ", "ﬁ", "Straße", "_", "\u200b"};
        Random random = new Random(42);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
                if (random.nextInt(3) > 0) {
                    text.append(' ');
                }
            }
            String t = text.toString();
            assertEquals(referenceShingles(t), MinHash.shingles(t), () -> "shingles of \"" + t + "\"");
        }
        assertEquals(List.of(), MinHash.shingles(""));
        assertEquals(List.of(), MinHash.shingles(" ... "));
    }
}
