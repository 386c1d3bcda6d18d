package io.datanet.validation.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.validation.meaning.BrownCorpus;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

public class SkeletonTest {

    public static final String PARAGRAPH = "The committee said that it would not take up the question of the new road until"
            + " the end of the year, when the city has had time to count the cost of the work that was done in the"
            + " spring. It was also said that the mayor, who has been in office for only a few months, is in favor of"
            + " the plan and will ask for it to be put on the list for the next meeting.";

    @Test
    void theFunctionWordsAreTheWordsOfTheMostBrownParagraphs() throws Exception {
        Map<String, Integer> paragraphsWith = new HashMap<>();
        for (String paragraph : BrownCorpus.paragraphs()) {
            Set<String> words = new HashSet<>();
            MinHash.words(paragraph).forEach(w -> words.add(new String(w, StandardCharsets.UTF_8)));
            words.forEach(w -> paragraphsWith.merge(w, 1, Integer::sum));
        }
        List<String> mostCommon = paragraphsWith.keySet().stream()
                .sorted(Comparator.comparing((String w) -> -paragraphsWith.get(w)).thenComparing(w -> w))
                .limit(100).toList();
        assertEquals(new HashSet<>(mostCommon), Skeleton.functionWords(), "derived: " + String.join("\n", mostCommon));
    }

    @Test
    void theStopGramsAreTheSkeletonGramsOfMoreThanHalfAPercentOfBrownParagraphs() throws Exception {
        List<String> paragraphs = BrownCorpus.paragraphs();
        Map<String, Integer> paragraphsWith = new HashMap<>();
        for (String paragraph : paragraphs) {
            List<String> skeleton = MinHash.words(paragraph).stream().map(w -> new String(w, StandardCharsets.UTF_8))
                    .filter(Skeleton.functionWords()::contains).toList();
            Set<String> grams = new HashSet<>();
            for (int i = 0; i + Skeleton.SHINGLE_WORDS <= skeleton.size(); i++) {
                grams.add(String.join(" ", skeleton.subList(i, i + Skeleton.SHINGLE_WORDS)));
            }
            grams.forEach(g -> paragraphsWith.merge(g, 1, Integer::sum));
        }
        List<String> common = paragraphsWith.keySet().stream()
                .filter(g -> paragraphsWith.get(g) > 0.005 * paragraphs.size())
                .sorted(Comparator.comparing((String g) -> -paragraphsWith.get(g)).thenComparing(g -> g)).toList();
        assertEquals(common, Skeleton.stopGrams(), "derived: " + String.join("\n", common));
    }

    @Test
    void rewordingKeepsTheSkeletonAndOtherProseDoesNotShareIt() {
        String reworded = PARAGRAPH.replace("committee", "board").replace("question", "matter")
                .replace("road", "highway").replace("count", "reckon").replace("cost", "price")
                .replace("spring", "springtime").replace("mayor", "city manager").replace("plan", "proposal")
                .replace("meeting", "session").replace("months", "weeks");
        String other = "Whisk the eggs with a pinch of salt until they are pale, then fold in the flour a spoonful"
                + " at a time so that the batter stays light. Bake it in a hot oven until it has risen and is golden"
                + " on top, and serve it while it is still warm with butter and a little jam on the side.";
        int[] original = Skeleton.signature(PARAGRAPH);
        assertTrue(Skeleton.alike(original, Skeleton.signature(reworded)));
        assertFalse(Skeleton.alike(original, Skeleton.signature(other)));
        assertEquals(Skeleton.PERMUTATIONS / Skeleton.ROWS, Skeleton.bandKeys(original).length);
        Set<Long> paraphraseKeys = new HashSet<>();
        for (long k : Skeleton.bandKeys(Skeleton.signature(reworded))) {
            paraphraseKeys.add(k);
        }
        assertTrue(java.util.Arrays.stream(Skeleton.bandKeys(original)).anyMatch(paraphraseKeys::contains),
                "a rewording shares a band with its original");
    }

    @Test
    void shortRecordsHaveNoSkeletonAndItsKeysNeverMeetTheNearDuplicateKeys() {
        assertNull(Skeleton.signature("Rest a steak for five minutes after cooking it."));
        assertEquals(0, Skeleton.bandKeys(null).length);
        // The same signature under both indexes' banding: salted keys differ from the near-duplicate keys.
        int[] signature = MinHash.signature(PARAGRAPH);
        Set<Long> near = new HashSet<>();
        for (long k : MinHash.bandKeys(signature)) {
            near.add(k);
        }
        for (long k : MinHash.bandKeys(signature, MinHash.ROWS, 0x5348_454C_4554_4F4EL)) {
            assertFalse(near.contains(k));
        }
    }
}
