package io.datanet.validation.meaning;

import java.util.List;
import java.util.Random;

/**
 * Rewords a tagged Brown paragraph word by word, as a copier would to get another contributor's records past
 * surface duplicate checks: each noun, base-form verb, adjective and adverb (by its Brown tag; titles and proper
 * nouns stay) is replaced, with probability {@code rate}, by another single word of its most frequent WordNet
 * sense, plurals kept plural and capitals kept. Word order, function words and punctuation stay, so the meaning
 * mostly does; 5-word shingles mostly do not.
 */
final class Paraphraser {

    private final WordNet wordNet;

    Paraphraser(WordNet wordNet) {
        this.wordNet = wordNet;
    }

    /** A paraphrase and the share of the paragraph's words it changed. */
    record Paraphrase(String text, double changed) {
    }

    Paraphrase paraphrase(BrownCorpus.Paragraph paragraph, double rate, Random random) {
        String[] words = paragraph.text().split(" ");
        String[] tags = paragraph.tags().split(" ");
        int changed = 0;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            String replacement = i < tags.length && random.nextDouble() < rate ? synonym(word, tags[i], random) : null;
            if (replacement != null) {
                word = replacement;
                changed++;
            }
            out.append(i == 0 ? "" : " ").append(word);
        }
        return new Paraphrase(out.toString(), (double) changed / words.length);
    }

    private String synonym(String word, String tag, Random random) {
        if (!word.chars().allMatch(Character::isLetter)) {
            return null;
        }
        boolean plural = tag.equals("nns");
        WordNet.Pos pos = switch (tag) {
            case "nn", "nns" -> WordNet.Pos.NOUN;
            case "vb" -> WordNet.Pos.VERB;
            case "jj" -> WordNet.Pos.ADJECTIVE;
            case "rb" -> WordNet.Pos.ADVERB;
            default -> null;
        };
        if (pos == null) {
            return null;
        }
        String lemma = plural ? singular(word.toLowerCase()) : word.toLowerCase();
        if (lemma == null) {
            return null;
        }
        List<String> choices = wordNet.synonyms(lemma, pos).stream()
                .filter(s -> s.chars().allMatch(Character::isLetter) && !s.equalsIgnoreCase(lemma)).toList();
        if (choices.isEmpty()) {
            return null;
        }
        String chosen = choices.get(random.nextInt(choices.size()));
        if (plural) {
            chosen = plural(chosen);
        }
        return Character.isUpperCase(word.charAt(0))
                ? Character.toUpperCase(chosen.charAt(0)) + chosen.substring(1) : chosen;
    }

    private String singular(String plural) {
        for (String candidate : new String[] {
                plural.endsWith("ies") ? plural.substring(0, plural.length() - 3) + "y" : null,
                plural.endsWith("es") ? plural.substring(0, plural.length() - 2) : null,
                plural.endsWith("s") ? plural.substring(0, plural.length() - 1) : null}) {
            if (candidate != null && wordNet.knows(candidate, WordNet.Pos.NOUN)) {
                return candidate;
            }
        }
        return null;
    }

    private static String plural(String singular) {
        if (singular.endsWith("y") && singular.length() > 1 && "aeiou".indexOf(singular.charAt(singular.length() - 2)) < 0) {
            return singular.substring(0, singular.length() - 1) + "ies";
        }
        if (singular.endsWith("s") || singular.endsWith("x") || singular.endsWith("ch") || singular.endsWith("sh")) {
            return singular + "es";
        }
        return singular + "s";
    }
}
