package io.datanet.validation.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.validation.meaning.StaticEmbeddings;
import io.datanet.validation.meaning.Vectors;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

public class TopicRelevanceTest {

    /** Cooking steps in a real cook's words, and news from elsewhere. */
    public static final List<String> COOKING = List.of(
            "Chop the onions finely and soften them slowly in butter over a low heat until they turn golden and sweet.",
            "Whisk the eggs with the sugar until pale and thick, then fold in the sifted flour with a large metal spoon.",
            "Roast the peppers in a hot oven until their skins blacken, then cover them in a bowl and peel them when cool.",
            "Simmer the lentils with a bay leaf and a little garlic until tender, and season them only at the very end.",
            "Knead the dough on a floured board for ten minutes, until it is smooth and springs back when you press it.",
            "Sear the steak in a smoking hot pan for two minutes a side and let it rest before slicing it thinly.",
            "Grate the cheese over the warm pasta, add a ladle of the cooking water and toss until the sauce turns glossy.",
            "Rinse the rice until the water runs clear, then cook it covered on the lowest heat for twelve minutes.");
    public static final List<String> ELSEWHERE = List.of(
            "The central bank raised interest rates again on Thursday, and bond yields climbed to their highest in a decade.",
            "The home side scored twice in the final ten minutes to win the league title in front of a sold-out stadium.");


    private static StaticEmbeddings embeddings;

    @BeforeAll
    static void load() {
        embeddings = StaticEmbeddings.load();
    }

    @Test
    void topicTextIsTheDescriptionThenTheTags() {
        assertEquals("Cooking notes. food, recipes", TopicRelevance.topicText(" Cooking notes ", List.of("food", "recipes")));
        assertEquals("food", TopicRelevance.topicText(null, List.of("food")));
        assertNull(TopicRelevance.topicText("  ", List.of()));
    }

    @Test
    void aDatanetWithoutTopicJudgesNoRecord() {
        TopicRelevance none = new TopicRelevance(null, null, 0, 0.5);
        assertFalse(none.known());
        assertFalse(none.offTopic(embeddings.embed("anything at all")));
    }

    /**
     * The data's bar is relative to how close its own records are to their mean, since unrelated text leans towards any
     * data's mean a little.
     */
    @Test
    void theAcceptedDataWidensTheTopicAndJudgesOnItsOwnScale() {
        float[] description = embeddings.embed("Step-by-step cooking instructions in plain English. cooking");
        float[] sum = new float[description.length];
        for (String text : COOKING) {
            float[] v = embeddings.embed(text);
            for (int d = 0; d < sum.length; d++) {
                sum[d] += v[d];
            }
        }
        double cohesion = Math.sqrt(Vectors.dot(sum, sum)) / COOKING.size();
        float[] data = Vectors.normalised(sum.clone());
        TopicRelevance early = new TopicRelevance(description, 0.05);
        TopicRelevance grown = new TopicRelevance(description, data, cohesion, 0.05);
        float[] bread = embeddings.embed("Proving the dough twice gives the loaves an open, even crumb.");
        assertTrue(grown.toData(bread) > grown.toDescription(bread), "the data knows bread better than the words do");
        assertFalse(grown.offTopic(bread));
        for (String text : ELSEWHERE) {
            float[] v = embeddings.embed(text);
            assertTrue(grown.toData(v) > early.toDescription(v), "unrelated text leans towards the data: " + text);
            assertTrue(grown.offTopic(v), "and is off topic all the same: " + text);
        }
    }

    /**
     * Once there is data, the data decides; the description only lowers the data's bar for a record it vouches for
     * (on axes: the description along x, the data's mean along y, cohesion 1).
     */
    @Test
    void withDataTheDescriptionLowersTheDataBarButPassesNothingAlone() {
        TopicRelevance relevance = new TopicRelevance(new float[]{1, 0, 0}, new float[]{0, 1, 0}, 1.0, 0.05);
        assertFalse(relevance.offTopic(unit(0, 0.5, 0.8)), "close enough to the data");
        assertTrue(relevance.offTopic(unit(0, 0.3, 0.95)), "too far from the data, and the description does not vouch");
        assertFalse(relevance.offTopic(unit(0.5, 0.3, 0.8)), "the description vouches: the lower bar");
        assertTrue(relevance.offTopic(unit(0.95, 0.2, 0.2)), "described, but further from the data than any bar");
        TopicRelevance undescribed = new TopicRelevance(null, new float[]{0, 1, 0}, 1.0, 0.05);
        assertFalse(undescribed.offTopic(unit(0, 0.5, 0.8)));
        assertTrue(undescribed.offTopic(unit(0.5, 0.3, 0.8)));
    }

    private static float[] unit(double x, double y, double z) {
        return Vectors.normalised(new float[]{(float) x, (float) y, (float) z});
    }

    @Test
    void cookingIsOnTopicAndMarketsAndFootballAreNot() {
        TopicRelevance cooking = new TopicRelevance(
                embeddings.embed("Step-by-step cooking instructions in plain English. cooking"), 0.05);
        for (String text : COOKING) {
            assertFalse(cooking.offTopic(embeddings.embed(text)), text);
        }
        for (String text : ELSEWHERE) {
            assertTrue(cooking.offTopic(embeddings.embed(text)), text);
        }
    }
}
