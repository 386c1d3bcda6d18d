package io.datanet.trainer.attribution;

import io.datanet.trainer.tensor.Rng;
import io.datanet.trainer.train.Example;
import io.datanet.trainer.train.Fixtures;

import java.util.ArrayList;
import java.util.List;

/**
 * A fine-tuning job's data where contributors differ in quality and relevance, not only in size. The validation
 * set is weather reports. Most contributors give the same number of examples, so size cannot explain their
 * ranking; two give the same number of examples but one of them three times the tokens (length must count).
 */
final class PlantedContributors {
    static final int EXAMPLES = 8;
    private static final String[] TEAMS = {"Paris", "Oslo", "Lima", "Cairo", "Tokyo", "Quito", "Perth", "Dakar"};
    private static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

    final List<Example> train = new ArrayList<>();
    final List<Example> validation;

    PlantedContributors(long seed) {
        Rng r = new Rng(Rng.key(seed, 0x91a7L));
        validation = Fixtures.weatherExamples(16, "validation", Rng.key(seed, 1));
        add("clean", EXAMPLES, () -> Fixtures.weather(r));
        add("clean-few", EXAMPLES / 2, () -> Fixtures.weather(r));
        // same example count as clean-few, three reports per example: three times the tokens
        add("clean-long", EXAMPLES / 2, () -> Fixtures.weather(r) + " " + Fixtures.weather(r) + " "
                + Fixtures.weather(r));
        add("near-validation", EXAMPLES, () -> nearDuplicate(validation.get(r.nextInt(validation.size())).text(), r));
        add("noisy-15", EXAMPLES, () -> corrupt(Fixtures.weather(r), 0.15, r));
        add("noisy-40", EXAMPLES, () -> corrupt(Fixtures.weather(r), 0.40, r));
        add("sports", EXAMPLES, () -> sports(r));
        add("mixed", EXAMPLES, () -> r.nextInt(2) == 0 ? Fixtures.weather(r) : Fixtures.offDomain(r));
        add("garbled", EXAMPLES, () -> Fixtures.garbled(r));
        add("off-domain", EXAMPLES, () -> Fixtures.offDomain(r));
    }

    private void add(String contributor, int n, java.util.function.Supplier<String> text) {
        for (int i = 0; i < n; i++) train.add(new Example(text.get(), contributor));
    }

    /** A validation report with its temperature changed: the most relevant data there is, short of leakage. */
    static String nearDuplicate(String report, Rng r) {
        return report.replaceAll("high of \\d+", "high of " + (5 + r.nextInt(30)));
    }

    /** Replaces each character with a random lowercase letter with probability rate. */
    static String corrupt(String text, double rate, Rng r) {
        char[] c = text.toCharArray();
        for (int i = 0; i < c.length; i++) if (r.nextDouble() < rate) c[i] = (char) ('a' + r.nextInt(26));
        return new String(c);
    }

    /** English about something else: relevant in language, not in topic. */
    static String sports(Rng r) {
        return "On " + DAYS[r.nextInt(DAYS.length)] + " the team from " + TEAMS[r.nextInt(TEAMS.length)]
                + " beat " + TEAMS[r.nextInt(TEAMS.length)] + " by " + (1 + r.nextInt(5)) + " goals to nil.";
    }
}
