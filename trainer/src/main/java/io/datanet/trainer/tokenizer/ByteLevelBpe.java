package io.datanet.trainer.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-level BPE, the model of GPT-2's files and of tokenizer.json's byte-level tokenizers (Llama 3, Qwen2,
 * SmolLM): a piece's UTF-8 bytes are mapped to printable characters (GPT-2's bytes_to_unicode), adjacent symbols
 * are merged lowest merge rank first, and the symbols are looked up in the vocabulary.
 */
final class ByteLevelBpe {
    private final Map<String, Integer> vocab;
    private final String[] tokens;
    private final Map<String, Integer> ranks = new HashMap<>();
    private final boolean ignoreMerges;
    private final Integer unknown;
    private final char[] byteToChar = new char[256];
    private final int[] charToByte = new int[512];
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    /**
     * @param ignoreMerges a piece that is itself in the vocabulary is that token, whatever the merges would make
     *                     of it (tokenizer.json's {@code ignore_merges}, set by Llama 3)
     * @param unknown      the id of a symbol not in the vocabulary, or null to refuse one
     */
    ByteLevelBpe(Map<String, Integer> vocab, List<String[]> merges, boolean ignoreMerges, Integer unknown) {
        this.vocab = Map.copyOf(vocab);
        this.ignoreMerges = ignoreMerges;
        this.unknown = unknown;
        int max = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        tokens = new String[max + 1];
        vocab.forEach((k, v) -> tokens[v] = k);
        for (int i = 0; i < merges.size(); i++) ranks.putIfAbsent(merges.get(i)[0] + " " + merges.get(i)[1], i);
        // bytes_to_unicode: printable bytes map to themselves, the rest to 256+n in order
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            byteToChar[b] = (char) (printable ? b : 256 + n++);
            charToByte[byteToChar[b]] = b;
        }
    }

    /** The ids of one pre-tokenized piece of text. */
    int[] encode(String piece) {
        return cache.computeIfAbsent(piece, this::merge);
    }

    private int[] merge(String piece) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        StringBuilder whole = new StringBuilder(bytes.length);
        List<String> word = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            word.add(String.valueOf(byteToChar[b & 0xff]));
            whole.append(byteToChar[b & 0xff]);
        }
        if (ignoreMerges && vocab.containsKey(whole.toString())) return new int[] {vocab.get(whole.toString())};
        while (word.size() > 1) {
            int best = -1, bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < word.size(); i++) {
                Integer r = ranks.get(word.get(i) + " " + word.get(i + 1));
                if (r != null && r < bestRank) {
                    bestRank = r;
                    best = i;
                }
            }
            if (best < 0) break;
            String a = word.get(best), b = word.get(best + 1);
            List<String> merged = new ArrayList<>(word.size());
            for (int i = 0; i < word.size(); i++) {
                if (i + 1 < word.size() && word.get(i).equals(a) && word.get(i + 1).equals(b)) {
                    merged.add(a + b);
                    i++;
                } else {
                    merged.add(word.get(i));
                }
            }
            word = merged;
        }
        int[] ids = new int[word.size()];
        for (int i = 0; i < ids.length; i++) {
            Integer id = vocab.get(word.get(i));
            if (id == null && unknown == null) throw new IllegalArgumentException("symbol not in the vocabulary: " + word.get(i));
            ids[i] = id != null ? id : unknown;
        }
        return ids;
    }

    /** Appends the bytes token {@code id} stands for; false if the vocabulary has no such id. */
    boolean decode(int id, ByteArrayOutputStream out) {
        String s = id >= 0 && id < tokens.length ? tokens[id] : null;
        if (s == null) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.write(c < charToByte.length ? charToByte[c] : '?');
        }
        return true;
    }

    Integer id(String token) {
        return vocab.get(token);
    }

    /** One more than the largest id of the vocabulary. */
    int size() {
        return tokens.length;
    }
}
