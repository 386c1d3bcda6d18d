package io.datanet.validation.meaning;

import io.datanet.validation.checks.RecordAnalysis;
import io.datanet.validation.checks.Thresholds;
import io.datanet.validation.checks.UploadVerdict;
import io.datanet.validation.dedup.IndexedRecord;
import io.datanet.validation.records.DatasetRecord;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Paraphrase detection measured on labelled real text. A datanet holds {@code indexed} paragraphs of the Brown corpus
 * (of at least 30 words) accepted from one author. A copier then uploads two kinds of records, one at a time: a
 * {@link Paraphraser} rewording of an indexed paragraph (positive), and a Brown paragraph that is not in the datanet
 * (negative, from the same fifteen genres). Each is judged exactly as the service judges it: its candidates are the
 * indexed records sharing its exact hash or one of its band keys (what {@code DuplicateIndex.candidates} returns),
 * then {@link UploadVerdict#decide}. A positive is caught when it gets any duplicate reason; a negative is wrongly
 * flagged when it does.
 */
public final class ParaphraseEvaluation {

    static final int MIN_WORDS = 30;

    /**
     * @param caughtSemantic positives caught as {@code duplicate.semantic} (the rest of {@code caught} as near copies)
     * @param candidates     the mean number of indexed records a lookup returned (what the database reads)
     * @param changed        the mean share of a paraphrase's words the paraphraser changed
     */
    public record Result(int indexed, int positives, int negatives, int caught, int caughtSemantic, int falselyFlagged,
                         double candidates, double changed) {
        public double precision() {
            return caught + falselyFlagged == 0 ? 0 : (double) caught / (caught + falselyFlagged);
        }

        public double recall() {
            return (double) caught / positives;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "indexed %,d; paraphrases %d (%.0f%% of words changed), distinct %d: "
                            + "precision %.3f, recall %.3f (%d caught, %d as semantic; %d distinct flagged); "
                            + "%.1f candidates a lookup", indexed, positives, changed * 100, negatives, precision(),
                    recall(), caught, caughtSemantic, falselyFlagged, candidates);
        }
    }

    private ParaphraseEvaluation() {
    }

    /** Brown paragraphs of at least {@link #MIN_WORDS} words, each text once, in an order given by {@code seed}. */
    public static List<BrownCorpus.Paragraph> usableParagraphs(long seed) throws Exception {
        List<BrownCorpus.Paragraph> usable = new ArrayList<>(distinct(BrownCorpus.labelled()));
        Collections.shuffle(usable, new Random(seed));
        return usable;
    }

    /** A rewording of each paragraph (the whole procedure: see {@link Paraphraser}). */
    public static List<String> paraphrases(List<BrownCorpus.Paragraph> originals, long seed) throws Exception {
        Paraphraser paraphraser = new Paraphraser(WordNet.load());
        Random random = new Random(seed);
        return originals.stream().map(p -> paraphraser.paraphrase(p, 1.0, random).text()).toList();
    }

    public static Result run(int indexed, int queries, long seed) throws Exception {
        List<BrownCorpus.Paragraph> usable = usableParagraphs(seed);
        if (usable.size() < indexed + queries) {
            throw new IllegalArgumentException("the corpus has " + usable.size() + " usable paragraphs");
        }
        Thresholds thresholds = new SmallRyeConfigBuilder().withMapping(Thresholds.class).build()
                .getConfigMapping(Thresholds.class);
        StaticEmbeddings embeddings = StaticEmbeddings.load();
        List<RecordAnalysis> datanet = analyse(usable.subList(0, indexed), embeddings, thresholds);
        Map<String, List<IndexedRecord>> byKey = new HashMap<>();
        for (int i = 0; i < datanet.size(); i++) {
            RecordAnalysis a = datanet.get(i);
            // As stored: the embedding goes through the index's int8 form.
            IndexedRecord record = new IndexedRecord("author", "upload-" + i, 1, a.exactHash(), a.signature(),
                    a.skeleton(), Vectors.dequantised(Vectors.quantised(a.embedding())));
            for (String key : keys(a)) {
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
            }
        }
        Paraphraser paraphraser = new Paraphraser(WordNet.load());
        Random random = new Random(seed + 1);
        List<String> paraphrases = new ArrayList<>();
        double changed = 0;
        for (BrownCorpus.Paragraph original : usable.subList(0, queries)) {
            Paraphraser.Paraphrase p = paraphraser.paraphrase(original, 1.0, random);
            paraphrases.add(p.text());
            changed += p.changed();
        }
        List<String> others = usable.subList(indexed, indexed + queries).stream().map(BrownCorpus.Paragraph::text)
                .toList();
        int[] positive = judge(paraphrases, byKey, embeddings, thresholds);
        int[] negative = judge(others, byKey, embeddings, thresholds);
        return new Result(indexed, queries, queries, positive[0], positive[1], negative[0],
                (double) (positive[2] + negative[2]) / (2 * queries), changed / queries);
    }

    /** {flagged as any duplicate, flagged as semantic, candidates read}. */
    private static int[] judge(List<String> texts, Map<String, List<IndexedRecord>> byKey, StaticEmbeddings embeddings,
                               Thresholds thresholds) {
        int[] counts = new int[3];
        List<RecordAnalysis> analyses = analyse(texts.stream().map(t -> new BrownCorpus.Paragraph('?', t, "", "")).toList(),
                embeddings, thresholds);
        for (RecordAnalysis query : analyses) {
            Set<IndexedRecord> candidates = new LinkedHashSet<>();
            for (String key : keys(query)) {
                candidates.addAll(byKey.getOrDefault(key, List.of()));
            }
            counts[2] += candidates.size();
            UploadVerdict.Outcome outcome = UploadVerdict.decide(List.of(query), "copier", List.copyOf(candidates), 0,
                    thresholds);
            List<String> reasons = outcome.rejected().isEmpty() ? List.of() : outcome.rejected().get(0).reasons();
            if (reasons.stream().anyMatch(r -> r.startsWith("duplicate."))) {
                counts[0]++;
            }
            if (reasons.contains(UploadVerdict.SEMANTIC)) {
                counts[1]++;
            }
        }
        return counts;
    }

    /** The keys the duplicate index looks a record up by. */
    private static List<String> keys(RecordAnalysis a) {
        List<String> keys = new ArrayList<>();
        keys.add(a.exactHash());
        for (long k : a.indexKeys()) {
            keys.add(Long.toString(k));
        }
        return keys;
    }

    private static List<RecordAnalysis> analyse(List<BrownCorpus.Paragraph> paragraphs, StaticEmbeddings embeddings,
                                                Thresholds thresholds) {
        List<float[]> vectors = embeddings.embed(paragraphs.stream().map(BrownCorpus.Paragraph::text).toList());
        List<RecordAnalysis> analyses = new ArrayList<>();
        for (int i = 0; i < paragraphs.size(); i++) {
            DatasetRecord record = DatasetRecord.text(i + 1, paragraphs.get(i).text());
            analyses.add(RecordAnalysis.of(record, thresholds).withEmbedding(vectors.get(i)));
        }
        return analyses;
    }

    /** Paragraphs of at least {@link #MIN_WORDS} words, each text once (the corpus repeats a few). */
    private static List<BrownCorpus.Paragraph> distinct(List<BrownCorpus.Paragraph> corpus) {
        Map<String, BrownCorpus.Paragraph> byText = new LinkedHashMap<>();
        for (BrownCorpus.Paragraph p : corpus) {
            if (p.words() >= MIN_WORDS) {
                byText.putIfAbsent(p.text(), p);
            }
        }
        return new ArrayList<>(byText.values());
    }

    /** The figures for BENCHMARKS.md: the whole usable corpus indexed but the negatives. */
    public static void main(String[] args) throws Exception {
        System.out.println(run(Integer.parseInt(args.length > 0 ? args[0] : "10000"),
                Integer.parseInt(args.length > 1 ? args[1] : "1000"), 1));
    }
}
