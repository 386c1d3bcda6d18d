package io.datanet.systemtests;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Small JSONL dataset files whose verdict is known in advance: good records (random sentences over a cooking
 * vocabulary, so no two records are near duplicates and every quality filter passes) are ACCEPTED, records that leak
 * an e-mail address and a phone number are REJECTED. A verbatim copy of another contributor's good file is rejected
 * as a duplicate when the original was judged first (and the original is, when the copy was).
 */
final class DatasetFiles {

    static final int RECORDS_PER_FILE = 3;

    private static final List<String> WORDS = List.of(
            "simmer", "braise", "roast", "butter", "garlic", "onion", "pepper", "stock", "ginger", "fennel",
            "lemon", "thyme", "basil", "parsley", "shallot", "carrot", "celery", "turnip", "potato", "leek",
            "flour", "sugar", "yeast", "dough", "crust", "pastry", "sauce", "gravy", "broth", "cream",
            "cheese", "yogurt", "vinegar", "mustard", "honey", "olive", "walnut", "almond", "raisin", "apple",
            "pear", "plum", "cherry", "berry", "salmon", "trout", "chicken", "turkey", "lamb", "pork",
            "beef", "bacon", "sausage", "lentil", "bean", "chickpea", "rice", "barley", "noodle", "pasta",
            "oven", "skillet", "kettle", "whisk", "ladle", "sieve", "grater", "knife", "board", "bowl",
            "slowly", "gently", "quickly", "evenly", "lightly", "firmly", "warm", "golden", "crisp", "tender",
            "fresh", "smoky", "sweet", "sour", "bitter", "salty", "spiced", "rich", "light", "thick",
            "chop", "slice", "dice", "grate", "stir", "fold", "knead", "glaze", "season", "taste",
            "before", "after", "until", "while", "with", "without", "under", "over", "into", "from");

    private DatasetFiles() {
    }

    /**
     * Three records of fresh random cooking prose; {@code serial} makes the file unique. No word repeats within a
     * record, since a repeated word pair can trip Gopher's repetition filter on a record this short.
     */
    static String good(Random random, String serial) {
        StringBuilder file = new StringBuilder();
        for (int record = 0; record < RECORDS_PER_FILE; record++) {
            List<String> words = new ArrayList<>(WORDS);
            Collections.shuffle(words, random);
            String text = "Batch " + serial + " record " + record + ": "
                    + String.join(" ", words.subList(0, 14 + random.nextInt(8))) + ".";
            file.append(line(text));
        }
        return file.toString();
    }

    /** Three records that each leak an e-mail address and a phone number: every record fails, the file is REJECTED. */
    static String personalData(Random random, String serial) {
        StringBuilder file = new StringBuilder();
        for (int record = 0; record < RECORDS_PER_FILE; record++) {
            String phone = String.format("+44 20 7946 %04d", random.nextInt(10_000));
            file.append(line("For the full recipe of batch " + serial + " write to cook" + serial + "." + record
                    + "@example.com or call me on " + phone + " any evening this week."));
        }
        return file.toString();
    }

    private static String line(String text) {
        return "{\"text\": \"" + text + "\"}\n";
    }
}
