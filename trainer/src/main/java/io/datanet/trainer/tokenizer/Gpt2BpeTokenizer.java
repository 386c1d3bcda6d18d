package io.datanet.trainer.tokenizer;

import io.datanet.trainer.io.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2 byte-level BPE (as OpenAI's encoder.py) from vocab.json and merges.txt: text is split by GPT-2's
 * pre-tokenisation regex and each piece encoded by {@link ByteLevelBpe}. "&lt;|endoftext|&gt;" is a special token.
 */
public final class Gpt2BpeTokenizer implements Tokenizer {
    public static final String EOT = "<|endoftext|>";
    /** GPT-2's pre-tokenisation, also tokenizer.json's ByteLevel pre-tokenizer with use_regex. */
    static final Pattern PRE = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS); // whitespace as in Python regex: Unicode-aware

    private final ByteLevelBpe bpe;
    private final int eos;

    public Gpt2BpeTokenizer(Map<String, Integer> vocab, List<String[]> merges) {
        this.bpe = new ByteLevelBpe(vocab, merges, false, null);
        this.eos = vocab.getOrDefault(EOT, bpe.size() - 1);
    }

    public static Gpt2BpeTokenizer load(Path vocabJson, Path mergesTxt) throws IOException {
        JsonNode v = Json.MAPPER.readTree(vocabJson.toFile());
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
            while (m.find()) for (int id : bpe.encode(m.group())) out.add(id);
            if (at < 0) break;
            out.add(eos);
            start = at + EOT.length();
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String decode(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : ids) {
            if (id == eos) out.writeBytes(EOT.getBytes(StandardCharsets.UTF_8));
            else bpe.decode(id, out);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public int vocabSize() {
        return bpe.size();
    }

    @Override
    public int eosId() {
        return eos;
    }
}
