package io.datanet.validation.meaning;

import io.datanet.validation.checks.TopicRelevance;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Off-topic detection measured on labelled real text: four datanets made of Brown corpus genres whose subjects
 * differ (religion, skills and hobbies, government documents, learned writing), each described as an owner would
 * describe it; their own held-out paragraphs are on topic, and the other three genres' and the fiction genres'
 * paragraphs are off topic. Measured twice: a new datanet (description and tags only) and a grown one (200 of its
 * paragraphs accepted, their mean embedding part of the topic), with precision and recall of the off-topic flag.
 */
public final class RelevanceEvaluation {

    static final Map<Character, String> DATANETS = new LinkedHashMap<>();
    static {
        DATANETS.put('d', "Religious writing: sermons, theology, the church and faith. religion, church");
        DATANETS.put('e', "How-to writing on skills and hobbies: crafts, gardening, cooking, sport, home repair. hobbies, diy");
        DATANETS.put('h', "Government documents: official reports, state programmes, budgets, public administration. government");
        DATANETS.put('j', "Learned writing: scientific and scholarly articles in the sciences, medicine and the humanities. science, research");
    }
    static final String FICTION = "klmnpr";
    static final int SEED_RECORDS = 200;
    static final int MIN_WORDS = 30;

    /**
     * @param precision of the off-topic flag on a balanced set (as many on-topic as off-topic records): off-topic
     *                  texts far outnumber a genre's own, and plain precision would hide on-topic records rejected
     * @param onTopicRejected the share of on-topic records flagged: what a careful contributor loses
     */
    public record Result(String datanet, String phase, int onTopic, int offTopic, double precision, double recall,
                         double onTopicRejected) {
    }

    /** {@code embed} maps texts to unit embeddings; {@code threshold} is the relevance below which a record is off topic. */
    public static List<Result> run(List<BrownCorpus.Paragraph> corpus, Function<List<String>, List<float[]>> embed,
                                   double threshold) {
        return run(corpus, embed, threshold, SEED_RECORDS);
    }

    public static List<Result> run(List<BrownCorpus.Paragraph> corpus, Function<List<String>, List<float[]>> embed,
                                   double threshold, int seedRecords) {
        return run(corpus, embed, threshold, seedRecords, TopicRelevance.DATA_SHARE);
    }

    /** @param dataShare the share of the data's cohesion a record must reach (the service's: DATA_SHARE) */
    public static List<Result> run(List<BrownCorpus.Paragraph> corpus, Function<List<String>, List<float[]>> embed,
                                   double threshold, int seedRecords, double dataShare) {
        List<BrownCorpus.Paragraph> usable = new ArrayList<>(corpus.stream().filter(p -> p.words() >= MIN_WORDS).toList());
        Collections.shuffle(usable, new Random(20261203));
        List<float[]> vectors = embed.apply(usable.stream().map(BrownCorpus.Paragraph::text).toList());
        List<Result> results = new ArrayList<>();
        for (Map.Entry<Character, String> datanet : DATANETS.entrySet()) {
            char genre = datanet.getKey();
            float[] topic = embed.apply(List.of(datanet.getValue())).get(0);
            float[] mean = new float[topic.length];
            int seeded = 0;
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < usable.size(); i++) {
                char g = usable.get(i).genre();
                if (g == genre && seeded < seedRecords) {
                    seeded++;
                    for (int d = 0; d < mean.length; d++) {
                        mean[d] += vectors.get(i)[d];
                    }
                } else if (g == genre || DATANETS.containsKey(g) || FICTION.indexOf(g) >= 0) {
                    test.add(i);
                }
            }
            double length = Math.sqrt(Vectors.dot(mean, mean));
            double cohesion = seeded == 0 ? 0 : length / seeded * dataShare / TopicRelevance.DATA_SHARE;
            Vectors.normalised(mean);
            for (boolean grown : new boolean[]{false, true}) {
                TopicRelevance relevance = new TopicRelevance(topic, grown ? mean : null, cohesion, threshold);
                int tp = 0, fp = 0, fn = 0, on = 0, off = 0;
                for (int i : test) {
                    boolean offTopic = usable.get(i).genre() != genre;
                    boolean flagged = relevance.offTopic(vectors.get(i));
                    if (offTopic) {
                        off++;
                    } else {
                        on++;
                    }
                    if (flagged && offTopic) {
                        tp++;
                    } else if (flagged) {
                        fp++;
                    } else if (offTopic) {
                        fn++;
                    }
                }
                results.add(new Result(datanet.getValue().substring(0, datanet.getValue().indexOf(':') > 0
                        ? datanet.getValue().indexOf(':') : 20), grown ? "grown" : "new", on, off,
                        balancedPrecision(tp / (double) off, fp / (double) on), tp / Math.max(1.0, tp + fn),
                        fp / (double) on));
            }
        }
        return results;
    }

    private static double balancedPrecision(double caught, double falselyFlagged) {
        return caught + falselyFlagged == 0 ? 1 : caught / (caught + falselyFlagged);
    }

    public static String table(List<Result> results) {
        StringBuilder out = new StringBuilder("| datanet | phase | on-topic | off-topic | precision (balanced) | recall "
                + "| on-topic rejected |\n|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.3f | %.3f | %.3f |%n", r.datanet(),
                    r.phase(), r.onTopic(), r.offTopic(), r.precision(), r.recall(), r.onTopicRejected()));
        }
        return out.toString();
    }

    public static void main(String[] args) throws Exception {
        List<BrownCorpus.Paragraph> corpus = BrownCorpus.labelled();
        StaticEmbeddings table = StaticEmbeddings.load();
        for (double t : new double[]{-0.15, -0.1, -0.05, 0.0, 0.05}) {
            System.out.println("static table, threshold " + t);
            System.out.print(table(run(corpus, table::embed, t)));
        }
        // The model on a sample of the genres evaluated (it takes 27 ms a paragraph), 40 accepted for a grown datanet.
        List<BrownCorpus.Paragraph> sample = new ArrayList<>(corpus.stream().filter(p -> p.words() >= MIN_WORDS
                && (DATANETS.containsKey(p.genre()) || FICTION.indexOf(p.genre()) >= 0)).toList());
        Collections.shuffle(sample, new Random(7));
        sample = sample.subList(0, Integer.getInteger("eval.model-sample", 3000));
        System.out.println("static table on the same sample, 40 accepted, threshold 0.0");
        System.out.print(table(run(sample, table::embed, 0.0, 40)));
        try (SentenceEncoder model = new SentenceEncoder(Runtime.getRuntime().availableProcessors(), 16)) {
            Function<List<String>, List<float[]>> embed = texts -> List.of(model.encode(texts));
            for (double t : new double[]{0.0, 0.1, 0.2}) {
                System.out.println("all-MiniLM-L6-v2 itself on a sample of " + sample.size() + ", threshold " + t);
                System.out.print(table(run(sample, embed, t, 40)));
            }
        }
    }
}
