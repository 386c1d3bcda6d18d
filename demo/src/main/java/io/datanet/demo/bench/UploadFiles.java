package io.datanet.demo.bench;

import io.datanet.demo.Corpus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the benchmark uploads: JSONL files of 8 to 16 cooking records (2 to 4.5 KB), each record the demo's recipe
 * grammar plus a closing remark with numbers in it, so no two files and practically no two records are alike
 * (validation rejects exact and near duplicates within a datanet). A small share of files is spam that validation
 * rejects, so the rejecting path is exercised too.
 */
final class UploadFiles {

    /** One file to upload; {@code validRecords} is how many records validation should accept. */
    record UploadFile(String name, String content, int bytes, int validRecords, boolean spam) {
    }

    private static final String[] SERVINGS = {"two", "three", "four", "five", "six", "eight"};
    private static final String[] KEEPS = {"in the fridge", "in a sealed jar", "in the freezer", "in a cool larder",
            "under a clean cloth"};
    private static final String[] SIDES = {"crusty bread", "a green salad", "steamed rice", "buttered noodles",
            "roast potatoes", "a bowl of yoghurt", "warm flatbreads", "pickled cucumbers", "a wedge of lemon",
            "plenty of black pepper"};
    private static final String[] OCCASIONS = {"a quiet weeknight", "a family lunch", "a summer picnic",
            "a rainy Sunday", "a birthday supper", "a packed lunch", "a harvest festival", "an autumn evening"};
    private static final String[] PEOPLE = {"My grandmother", "Our neighbour", "An old friend from school",
            "My uncle", "The cook at the village inn", "My sister"};

    private final Random random;
    private final double spamShare;
    private int made;

    UploadFiles(long seed, double spamShare) {
        this.random = new Random(seed);
        this.spamShare = spamShare;
    }

    List<UploadFile> next(int count) {
        List<UploadFile> files = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            files.add(random.nextDouble() < spamShare ? spam() : recipes());
        }
        return files;
    }

    private UploadFile recipes() {
        int n = 8 + random.nextInt(9);
        List<String> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            records.add(Corpus.recipe(random) + " " + closing());
        }
        return file("recipes", Corpus.jsonl(records), n, false);
    }

    private UploadFile spam() {
        int n = 8 + random.nextInt(9);
        List<String> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            records.add(Corpus.spam(random));
        }
        return file("deals", Corpus.jsonl(records), 0, true);
    }

    private UploadFile file(String kind, String content, int validRecords, boolean spam) {
        made++;
        return new UploadFile(kind + "-" + made + ".jsonl", content, content.getBytes(StandardCharsets.UTF_8).length,
                validRecords, spam);
    }

    private String closing() {
        return switch (random.nextInt(3)) {
            case 0 -> "Serves " + pick(SERVINGS) + " with " + pick(SIDES) + ", and it keeps for " + (2 + random.nextInt(4))
                    + " days " + pick(KEEPS) + ".";
            case 1 -> "Good for " + pick(OCCASIONS) + "; allow about " + (15 + 5 * random.nextInt(24))
                    + " minutes from start to finish.";
            default -> pick(PEOPLE) + " made this for " + pick(OCCASIONS) + " and always brought " + pick(SIDES)
                    + " to the table.";
        };
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }
}
