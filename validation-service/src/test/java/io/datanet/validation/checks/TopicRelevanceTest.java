package io.datanet.validation.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.validation.meaning.StaticEmbeddings;
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
        TopicRelevance none = new TopicRelevance(null, null, 0.5);
        assertFalse(none.known());
        assertFalse(none.offTopic(embeddings.embed("anything at all")));
    }

    /** A record is judged by whichever of the description and the accepted data it is closer to. */
    @Test
    void theAcceptedDataWidensTheTopic() {
        float[] description = embeddings.embed("Step-by-step cooking instructions in plain English. cooking");
        float[] data = embeddings.embed("Knead the dough, prove it twice and bake the loaves in a hot oven.");
        float[] bread = embeddings.embed("Proving the dough twice gives the loaves an open, even crumb.");
        TopicRelevance early = new TopicRelevance(description, null, 0.05);
        TopicRelevance later = new TopicRelevance(description, data, 0.05);
        assertTrue(later.score(bread) > early.score(bread));
        assertEquals(Math.max(early.score(bread), new TopicRelevance(null, data, 0.05).score(bread)), later.score(bread), 1e-9);
    }

    @Test
    void cookingIsOnTopicAndMarketsAndFootballAreNot() {
        TopicRelevance cooking = new TopicRelevance(
                embeddings.embed("Step-by-step cooking instructions in plain English. cooking"), null, 0.05);
        for (String text : COOKING) {
            assertFalse(cooking.offTopic(embeddings.embed(text)), text);
        }
        for (String text : ELSEWHERE) {
            assertTrue(cooking.offTopic(embeddings.embed(text)), text);
        }
    }
}
