package io.datanet.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the demo's personas upload, generated from small grammars so every run tells the same story: careful cooks
 * writing clean, varied instructions; a spammer; a duplicate farmer copying a careful cook; a cook who leaks
 * contact details; and a contributor writing about something else entirely.
 */
public final class Corpus {

    private static final String[] VERBS = {"Chop", "Slice", "Dice", "Stir", "Whisk", "Fold", "Simmer", "Roast",
            "Season", "Toast", "Braise", "Sear", "Knead", "Rinse", "Drain", "Grate"};
    private static final String[] INGREDIENTS = {"the onions", "two cloves of garlic", "the carrots", "a knob of butter",
            "the chicken thighs", "the lentils", "a handful of parsley", "the potatoes", "the mushrooms", "the leeks",
            "the tomatoes", "the rice", "the dough", "a spoonful of flour", "the spinach", "the beans"};
    private static final String[] MANNERS = {"slowly over a low heat", "until they are golden and soft",
            "with a generous pinch of salt", "in a wide heavy pan", "for about ten minutes",
            "until the sauce coats the back of a spoon", "and taste as you go", "in a little olive oil",
            "until the edges begin to crisp", "while the oven heats up", "so that nothing sticks to the bottom",
            "on a floured board", "gently, by hand", "in two batches", "as finely as your knife allows",
            "right up to the moment it smells nutty", "under cold running water", "lightly",
            "till nothing raw remains", "using a sharp knife", "beside the stove", "quickly",
            "without crowding them", "off the heat"};
    /**
     * How a step is said: cooks do not write every step as "verb, ingredient, manner". Each frame has its own
     * small words (its grammar), so two recipes share them only where a cook really would.
     */
    private static final String[] FRAMES = {"%V %i %m.", "Next, %v %i %m.", "When the pan is hot, %v %i %m.",
            "You can now %v %i %m.", "It is worth taking time to %v %i %m.", "If you have time, %v %i %m.",
            "Before serving, %v %i %m.", "Then %v %i %m, keeping an eye on it.", "Do not rush: %v %i %m.",
            "Meanwhile, %v %i %m.", "At this point %v %i %m.", "Once everything is ready, %v %i %m.",
            "My grandmother would %v %i %m.", "To start, %v %i %m.", "Carefully %v %i %m."};
    private static final String[] REASONS = {"This keeps the flavour gentle.", "Patience here pays off later.",
            "The dish will taste deeper for it.", "It stops the texture from turning to mush.",
            "Your guests will notice the difference.", "A wooden spoon works best for this."};

    private static final String[] MARKETS = {"The central bank", "Investors", "The stock index", "Bond yields",
            "The football club", "The league table", "Analysts", "The transfer market"};
    private static final String[] MOVES = {"rose sharply after the announcement", "fell for the third week in a row",
            "surprised observers this quarter", "held steady despite the rumours", "drew heavy criticism",
            "reached a new record on Friday"};

    private Corpus() {
    }

    /**
     * Two or three steps and a reason, never repeating a verb, an ingredient, a manner or a way of saying it within one
     * record (a careful cook does not; validation's repetition filter would rightly object). Steps vary in how they
     * are said as well as in what they say: recipes that all shared one sentence shape with a few words swapped
     * would be what validation rightly calls rewordings of each other ({@code duplicate.semantic}).
     */
    public static String recipe(Random random) {
        StringBuilder text = new StringBuilder();
        int sentences = 2 + random.nextInt(2);
        int[] verbs = distinct(random, VERBS.length, sentences);
        int[] ingredients = distinct(random, INGREDIENTS.length, sentences);
        int[] manners = distinct(random, MANNERS.length, sentences);
        int[] frames = distinct(random, FRAMES.length, sentences);
        for (int i = 0; i < sentences; i++) {
            text.append(FRAMES[frames[i]].replace("%V", VERBS[verbs[i]])
                    .replace("%v", VERBS[verbs[i]].toLowerCase(java.util.Locale.ROOT))
                    .replace("%i", INGREDIENTS[ingredients[i]]).replace("%m", MANNERS[manners[i]])).append(' ');
        }
        return text.append(pick(random, REASONS)).toString();
    }

    /** {@code k} different indices below {@code n}. */
    private static int[] distinct(Random random, int n, int k) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, k);
    }

    static List<String> recipes(Random random, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(recipe(random));
        }
        return out;
    }

    /** A recipe with a phone number or an e-mail address in it. */
    static String leaky(Random random, int i) {
        String contact = i % 2 == 0 ? " Call me on +44 20 7946 0" + (100 + random.nextInt(900)) + " for the secret."
                : " Write to chef.pia" + i + "@example.com for more.";
        return recipe(random) + contact;
    }

    static String offTopic(Random random) {
        int[] who = distinct(random, MARKETS.length, 2);
        int[] what = distinct(random, MOVES.length, 2);
        return MARKETS[who[0]] + " " + MOVES[what[0]] + ". " + MARKETS[who[1]] + " " + MOVES[what[1]]
                + ", and commentators expect more of the same next season.";
    }

    public static String spam(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            text.append("$$$ BUY NOW $$$ !!! ### ").append(random.nextInt(1000)).append(" ###\n");
        }
        return text.toString();
    }

    /**
     * Someone else's record passed off as new: every other one copied as is, the rest with their punctuation changed
     * (an exact hash no longer matches, the word shingles MinHash compares still do).
     */
    static String copy(String original, int i) {
        return i % 2 == 0 ? original : original.replace(". ", "; ").replaceAll("\\.$", "!");
    }

    /** The words a copier swaps for others that mean the same: the demo vocabulary's synonyms. */
    private static final String[][] SYNONYMS = {{"Chop", "Cut"}, {"Slice", "Carve"}, {"Dice", "Cube"}, {"Stir", "Mix"},
            {"Whisk", "Beat"}, {"Fold", "Blend"}, {"Roast", "Bake"}, {"Toast", "Brown"}, {"Braise", "Stew"},
            {"Rinse", "Wash"}, {"Drain", "Strain"}, {"Grate", "Shred"}, {"slowly", "gradually"}, {"low", "gentle"},
            {"golden", "amber"}, {"generous", "good"}, {"wide", "broad"}, {"heavy", "thick"}, {"little", "small"},
            {"guests", "visitors"}, {"flavour", "taste"}, {"mush", "pulp"}, {"sharp", "keen"}, {"quickly", "swiftly"},
            {"lightly", "gently"}, {"sticks", "clings"}, {"finely", "thinly"}, {"board", "surface"},
            {"grandmother", "granny"}, {"worth", "wise"}, {"deeper", "richer"}, {"notice", "see"}};

    /**
     * Someone else's record reworded: each word of the synonym table swapped for its synonym, sentence by sentence.
     * No shingle of the original survives in most records, so MinHash sees a new record; the meaning is the same.
     */
    static String reworded(String original) {
        String text = original;
        for (String[] pair : SYNONYMS) {
            text = text.replaceAll("\\b" + pair[0] + "\\b", pair[1]);
            String lower = pair[0].toLowerCase(java.util.Locale.ROOT);
            if (!lower.equals(pair[0])) {
                text = text.replaceAll("\\b" + lower + "\\b", pair[1].toLowerCase(java.util.Locale.ROOT));
            }
        }
        return text;
    }

    /**
     * A farmer's template: the same sentence with a counter changed. Each passes every record check, and no two are
     * near copies under word 5-gram shingles; what they say, after the first, is the counter.
     */
    static String templated(int n) {
        return "Useful cooking tip number " + n + ": simmer the stock gently and skim it often for a clear result.";
    }

    public static String jsonl(List<String> texts) {
        StringBuilder out = new StringBuilder();
        for (String t : texts) {
            out.append("{\"text\":\"").append(t.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                    .append("\"}\n");
        }
        return out.toString();
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }
}
