package io.datanet.trainer.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2 byte-level BPE (as OpenAI's encoder.py): text is split by GPT-2's pre-tokenisation regex, each piece's
 * UTF-8 bytes are mapped to printable unicode characters (bytes_to_unicode), then pairs are merged in merges.txt
 * rank order and the resulting symbols looked up in vocab.json. "&lt;|endoftext|&gt;" is a special token.
 */
public final class Gpt2BpeTokenizer implements Tokenizer {
    public static final String EOT = "<|endoftext|>";
    private static final Pattern PRE = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS); // whitespace as in Python regex: Unicode-aware

    private final Map<String, Integer> encoder;
    private final String[] decoder;
    private final Map<String, Integer> ranks = new HashMap<>();
    private final char[] byteToChar = new char[256];
    private final int[] charToByte = new int[512];
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();
    private final int eos;

    public Gpt2BpeTokenizer(Map<String, Integer> vocab, List<String[]> merges) {
        this.encoder = Map.copyOf(vocab);
        int max = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        decoder = new String[max + 1];
        vocab.forEach((k, v) -> decoder[v] = k);
        for (int i = 0; i < merges.size(); i++) ranks.put(merges.get(i)[0] + " " + merges.get(i)[1], i);
        // bytes_to_unicode: printable bytes map to themselves, the rest to 256+n in order
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            byteToChar[b] = (char) (printable ? b : 256 + n++);
            charToByte[byteToChar[b]] = b;
        }
        this.eos = vocab.getOrDefault(EOT, max);
    }

    public static Gpt2BpeTokenizer load(Path vocabJson, Path mergesTxt) throws IOException {
        JsonNode v = new ObjectMapper().readTree(vocabJson.toFile());
        Map<String, Integer> vocab = new HashMap<>();
        v.fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
        List<String[]> merges = new ArrayList<>();
        for (String line : Files.readAllLines(mergesTxt, StandardCharsets.UTF_8)) {
            if (line.startsWith("#version") || line.isBlank()) continue;
            String[] p = line.split(" ");
            if (p.length == 2) merges.add(p);
        }
        return new Gpt2BpeTokenizer(vocab, merges);
    }

    @Override
    public int[] encode(String text) {
        List<Integer> out = new ArrayList<>();
        int start = 0;
        while (true) {
            int at = text.indexOf(EOT, start);
            String chunk = at < 0 ? text.substring(start) : text.substring(start, at);
            Matcher m = PRE.matcher(chunk);
            while (m.find()) for (int id : bpe(m.group())) out.add(id);
            if (at < 0) break;
            out.add(eos);
            start = at + EOT.length();
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private int[] bpe(String piece) {
        return cache.computeIfAbsent(piece, p -> {
            byte[] bytes = p.getBytes(StandardCharsets.UTF_8);
            List<String> word = new ArrayList<>(bytes.length);
            for (byte b : bytes) word.add(String.valueOf(byteToChar[b & 0xff]));
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
                Integer id = encoder.get(word.get(i));
                if (id == null) throw new IllegalArgumentException("symbol not in vocab.json: " + word.get(i));
                ids[i] = id;
            }
            return ids;
        });
    }

    @Override
    public String decode(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : ids) {
            String s = id >= 0 && id < decoder.length ? decoder[id] : null;
            if (s == null) continue;
            if (id == eos) {
                out.writeBytes(EOT.getBytes(StandardCharsets.UTF_8));
                continue;
            }
            for (int i = 0; i < s.length(); i++) out.write(charToByte[s.charAt(i)]);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public int vocabSize() {
        return decoder.length;
    }

    @Override
    public int eosId() {
        return eos;
    }
}
