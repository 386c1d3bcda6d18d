package io.datanet.validation.meaning;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BERT's uncased WordPiece tokenizer, as all-MiniLM-L6-v2's tokenizer.json configures it (Hugging Face tokenizers'
 * BertNormalizer with clean_text, handle_chinese_chars and lowercase with accents stripped; BertPreTokenizer;
 * WordPiece with "##" continuations, [UNK], 100 characters a word at most), in plain Java: the service then loads
 * no native library (a JNI library loads into one class loader per JVM, which Quarkus' restarts break) and a test
 * holds it to the Hugging Face implementation, piece for piece, on real text.
 */
public final class WordPieces {

    private static final String CONTINUATION = "##";
    private static final int MAX_WORD_CHARS = 100;

    private final Map<String, Integer> ids;
    private final int unknown;

    public WordPieces(List<String> vocabulary) {
        ids = new HashMap<>(vocabulary.size() * 2);
        for (int id = 0; id < vocabulary.size(); id++) {
            ids.putIfAbsent(vocabulary.get(id), id);
        }
        Integer unk = ids.get("[UNK]");
        if (unk == null) {
            throw new IllegalArgumentException("the vocabulary has no [UNK]");
        }
        unknown = unk;
    }

    /** The word-piece ids of {@code text} (no [CLS]/[SEP]), at most {@code max} of them. */
    public long[] ids(String text, int max) {
        List<Long> out = new ArrayList<>();
        for (String word : words(normalised(text))) {
            if (out.size() >= max) {
                break;
            }
            pieces(word, out);
        }
        long[] result = new long[Math.min(max, out.size())];
        for (int i = 0; i < result.length; i++) {
            result[i] = out.get(i);
        }
        return result;
    }

    /** clean_text, CJK characters set apart, lowercase, accents stripped (NFD without combining marks). */
    static String normalised(String text) {
        StringBuilder cleaned = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == 0 || c == 0xFFFD || isControl(c)) {
                return;
            }
            if (isWhitespace(c)) {
                cleaned.append(' ');
            } else if (isChinese(c)) {
                cleaned.append(' ').appendCodePoint(c).append(' ');
            } else {
                cleaned.appendCodePoint(c);
            }
        });
        String decomposed = Normalizer.normalize(cleaned, Normalizer.Form.NFD);
        StringBuilder stripped = new StringBuilder(decomposed.length());
        decomposed.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
                .forEach(c -> stripped.appendCodePoint(Character.toLowerCase(c)));
        return stripped.toString();
    }

    /** Whitespace-separated words, each punctuation character a word of its own. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (isWhitespace(c)) {
                flush(word, words);
            } else if (isPunctuation(c)) {
                flush(word, words);
                words.add(new String(Character.toChars(c)));
            } else {
                word.appendCodePoint(c);
            }
        });
        flush(word, words);
        return words;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (!word.isEmpty()) {
            words.add(word.toString());
            word.setLength(0);
        }
    }

    /** Greedy longest-match-first; a word with any unmatchable rest is one [UNK]. */
    private void pieces(String word, List<Long> out) {
        if (word.codePointCount(0, word.length()) > MAX_WORD_CHARS) {
            out.add((long) unknown);
            return;
        }
        List<Long> found = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            Integer match = null;
            while (start < end) {
                String candidate = (start > 0 ? CONTINUATION : "") + word.substring(start, end);
                match = ids.get(candidate);
                if (match != null) {
                    break;
                }
                end -= Character.isLowSurrogate(word.charAt(end - 1)) && end - 2 >= start ? 2 : 1;
            }
            if (match == null) {
                out.add((long) unknown);
                return;
            }
            found.add((long) match);
            start = end;
        }
        out.addAll(found);
    }

    private static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || Character.getType(c) == Character.SPACE_SEPARATOR;
    }

    private static boolean isControl(int c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return false;
        }
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.PRIVATE_USE
                || type == Character.SURROGATE || type == Character.UNASSIGNED;
    }

    private static boolean isPunctuation(int c) {
        if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    private static boolean isChinese(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
                || (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF)
                || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
    }
}
