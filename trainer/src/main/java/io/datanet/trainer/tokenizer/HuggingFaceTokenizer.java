package io.datanet.trainer.tokenizer;

import io.datanet.trainer.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hugging Face {@code tokenizer.json} with a byte-level BPE model: the tokenizers of Llama 3, Qwen2, SmolLM and
 * GPT-2 as the {@code tokenizers} library saves them. Encoding follows that library: added tokens are found first
 * (longest first), every stretch between them is normalized (NFC, NFKC, ...), split by the pre-tokenizers in order
 * (Split by a regex, Digits, ByteLevel with or without GPT-2's regex) and each piece encoded by the BPE model.
 * {@link #encode} adds no special tokens (the post-processor's BOS), as {@code encode(text, add_special_tokens=False)}.
 *
 * <p>Options this class does not compute (SentencePiece-style byte fallback, continuing-subword prefixes, inverted
 * splits, single-word added tokens, other normalizers or pre-tokenizers) are refused by name, never approximated.
 */
public final class HuggingFaceTokenizer implements Tokenizer {

    /** An added token: matched in the raw text, it becomes its id whatever the model would make of it. */
    private record AddedToken(int id, String content, boolean special, boolean lstrip, boolean rstrip) {
    }

    private final ByteLevelBpe bpe;
    private final UnaryOperator<String> normalizer;
    private final List<UnaryOperator<List<String>>> preTokenizers;
    private final Map<String, AddedToken> added = new HashMap<>();
    private final Map<Integer, AddedToken> addedById = new HashMap<>();
    private final Pattern addedPattern;
    private final int eos;

    private HuggingFaceTokenizer(JsonNode root, String eosToken) {
        JsonNode model = root.path("model");
        if (!model.path("type").asText("BPE").equals("BPE")) {
            throw new IllegalArgumentException("tokenizer model " + model.path("type").asText() + " is not supported (only BPE)");
        }
        if (model.path("byte_fallback").asBoolean(false)) {
            throw new IllegalArgumentException("byte_fallback (SentencePiece-style BPE) is not supported");
        }
        for (String option : List.of("continuing_subword_prefix", "end_of_word_suffix")) {
            if (!model.path(option).asText("").isEmpty()) {
                throw new IllegalArgumentException(option + " is not supported in a byte-level BPE");
            }
        }
        if (model.hasNonNull("dropout") && model.get("dropout").asDouble() != 0) {
            throw new IllegalArgumentException("BPE dropout is for training a tokenizer, not for encoding");
        }
        Map<String, Integer> vocab = new HashMap<>();
        model.path("vocab").fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
        List<String[]> merges = new ArrayList<>();
        for (JsonNode merge : model.path("merges")) {
            // "a b" (tokenizers before 0.20) or ["a", "b"]
            String[] pair = merge.isArray() ? new String[] {merge.get(0).asText(), merge.get(1).asText()}
                    : merge.asText().split(" ", 2);
            merges.add(pair);
        }
        String unk = model.path("unk_token").asText(null);
        bpe = new ByteLevelBpe(vocab, merges, model.path("ignore_merges").asBoolean(false), unk == null ? null : vocab.get(unk));

        normalizer = normalizer(root.path("normalizer"));
        List<UnaryOperator<List<String>>> steps = new ArrayList<>();
        boolean[] byteLevel = new boolean[1];
        preTokenizer(root.path("pre_tokenizer"), steps, byteLevel);
        if (!byteLevel[0]) {
            throw new IllegalArgumentException("no ByteLevel pre-tokenizer: only byte-level BPE tokenizers are supported");
        }
        preTokenizers = List.copyOf(steps);

        for (JsonNode t : root.path("added_tokens")) {
            if (t.path("single_word").asBoolean(false)) {
                throw new IllegalArgumentException("added token " + t.path("content").asText() + ": single_word is not supported");
            }
            AddedToken token = new AddedToken(t.path("id").asInt(), t.path("content").asText(),
                    t.path("special").asBoolean(false), t.path("lstrip").asBoolean(false), t.path("rstrip").asBoolean(false));
            added.put(token.content(), token);
            addedById.put(token.id(), token);
        }
        addedPattern = added.isEmpty() ? null : Pattern.compile(added.values().stream()
                .sorted(Comparator.comparingInt((AddedToken t) -> t.content().length()).reversed())
                .map(t -> (t.lstrip() ? "\\s*" : "") + "(" + Pattern.quote(t.content()) + ")" + (t.rstrip() ? "\\s*" : ""))
                .reduce((a, b) -> a + "|" + b).orElseThrow(), Pattern.UNICODE_CHARACTER_CLASS);
        Integer eosId = eosToken == null ? null : idOf(eosToken);
        if (eosId == null) {
            throw new IllegalArgumentException("the end-of-text token " + eosToken + " is not in the vocabulary");
        }
        eos = eosId;
    }

    /**
     * The tokenizer of a model folder: its tokenizer.json, with the end-of-text token its tokenizer_config.json
     * names ({@code eos_token}), or else the first of the usual ones it holds.
     */
    public static HuggingFaceTokenizer load(Path dir) throws IOException {
        JsonNode root = Json.MAPPER.readTree(dir.resolve("tokenizer.json").toFile());
        String eos = null;
        Path config = dir.resolve("tokenizer_config.json");
        if (Files.exists(config)) {
            JsonNode token = Json.MAPPER.readTree(config.toFile()).path("eos_token");
            eos = token.isObject() ? token.path("content").asText(null) : token.asText(null);
        }
        if (eos == null) {
            for (JsonNode t : root.path("added_tokens")) {
                String content = t.path("content").asText();
                if (eos == null && List.of("<|endoftext|>", "<|end_of_text|>", "</s>", "<|im_end|>").contains(content)) {
                    eos = content;
                }
            }
        }
        if (eos == null) throw new IOException(dir + ": no end-of-text token (tokenizer_config.json names none)");
        return new HuggingFaceTokenizer(root, eos);
    }

    /** A tokenizer.json's content with the given end-of-text token. */
    public static HuggingFaceTokenizer of(String tokenizerJson, String eosToken) throws IOException {
        return new HuggingFaceTokenizer(Json.MAPPER.readTree(tokenizerJson), eosToken);
    }

    private Integer idOf(String token) {
        AddedToken a = added.get(token);
        return a != null ? Integer.valueOf(a.id()) : bpe.id(token);
    }

    private static UnaryOperator<String> normalizer(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) return UnaryOperator.identity();
        String type = n.path("type").asText();
        return switch (type) {
            case "NFC" -> s -> Normalizer.normalize(s, Normalizer.Form.NFC);
            case "NFKC" -> s -> Normalizer.normalize(s, Normalizer.Form.NFKC);
            case "NFD" -> s -> Normalizer.normalize(s, Normalizer.Form.NFD);
            case "NFKD" -> s -> Normalizer.normalize(s, Normalizer.Form.NFKD);
            case "Sequence" -> {
                List<UnaryOperator<String>> all = new ArrayList<>();
                n.path("normalizers").forEach(child -> all.add(normalizer(child)));
                yield s -> {
                    for (UnaryOperator<String> step : all) s = step.apply(s);
                    return s;
                };
            }
            default -> throw new IllegalArgumentException("normalizer " + type + " is not supported");
        };
    }

    private static void preTokenizer(JsonNode n, List<UnaryOperator<List<String>>> steps, boolean[] byteLevel) {
        if (n.isMissingNode() || n.isNull()) return;
        String type = n.path("type").asText();
        switch (type) {
            case "Sequence" -> n.path("pretokenizers").forEach(child -> preTokenizer(child, steps, byteLevel));
            case "ByteLevel" -> {
                byteLevel[0] = true;
                // as the tokenizers library does: a space before every piece the earlier steps made, then GPT-2's regex
                boolean prefixSpace = n.path("add_prefix_space").asBoolean(false);
                boolean regex = n.path("use_regex").asBoolean(true);
                steps.add(pieces -> {
                    List<String> prefixed = !prefixSpace ? pieces
                            : pieces.stream().map(p -> p.startsWith(" ") ? p : " " + p).toList();
                    return regex ? split(prefixed, Gpt2BpeTokenizer.PRE, true) : prefixed;
                });
            }
            case "Split" -> {
                if (n.path("invert").asBoolean(false)) throw new IllegalArgumentException("an inverted Split is not supported");
                JsonNode pattern = n.path("pattern");
                Pattern p = pattern.has("Regex")
                        ? Pattern.compile(pattern.get("Regex").asText(), Pattern.UNICODE_CHARACTER_CLASS)
                        : Pattern.compile(Pattern.quote(pattern.path("String").asText()));
                String behavior = n.path("behavior").asText();
                boolean keep = switch (behavior) {
                    case "Isolated" -> true;
                    case "Removed" -> false;
                    default -> throw new IllegalArgumentException("Split behavior " + behavior + " is not supported");
                };
                steps.add(pieces -> split(pieces, p, keep));
            }
            case "Digits" -> {
                Pattern p = Pattern.compile(n.path("individual_digits").asBoolean(false) ? "\\p{N}" : "\\p{N}+");
                steps.add(pieces -> split(pieces, p, true));
            }
            default -> throw new IllegalArgumentException("pre-tokenizer " + type + " is not supported");
        }
    }

    /** Each piece cut at the pattern's matches: the stretches between them, and the matches too if {@code keep}. */
    private static List<String> split(List<String> pieces, Pattern pattern, boolean keep) {
        List<String> out = new ArrayList<>();
        for (String piece : pieces) {
            Matcher m = pattern.matcher(piece);
            int last = 0;
            while (m.find()) {
                if (m.start() > last) out.add(piece.substring(last, m.start()));
                if (keep && m.end() > m.start()) out.add(m.group());
                last = m.end();
            }
            if (last < piece.length()) out.add(piece.substring(last));
        }
        return out;
    }

    @Override
    public int[] encode(String text) {
        List<Integer> out = new ArrayList<>();
        int start = 0;
        if (addedPattern != null) {
            Matcher m = addedPattern.matcher(text);
            while (m.find()) {
                encodeStretch(text.substring(start, m.start()), out);
                String content = null;
                for (int g = 1; g <= m.groupCount() && content == null; g++) content = m.group(g);
                out.add(added.get(content).id());
                start = m.end();
            }
        }
        encodeStretch(text.substring(start), out);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private void encodeStretch(String stretch, List<Integer> out) {
        if (stretch.isEmpty()) return;
        List<String> pieces = List.of(normalizer.apply(stretch));
        for (UnaryOperator<List<String>> step : preTokenizers) pieces = step.apply(pieces);
        for (String piece : pieces) for (int id : bpe.encode(piece)) out.add(id);
    }

    /** The text of the ids, added tokens written as their content (special ones included). */
    @Override
    public String decode(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : ids) {
            AddedToken a = addedById.get(id);
            if (a != null) out.writeBytes(a.content().getBytes(StandardCharsets.UTF_8));
            else bpe.decode(id, out);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public int vocabSize() {
        int max = bpe.size();
        for (int id : addedById.keySet()) max = Math.max(max, id + 1);
        return max;
    }

    @Override
    public int eosId() {
        return eos;
    }

    /** The id of an added or vocabulary token, e.g. a chat template's {@code <|im_start|>}; null if none. */
    public Integer tokenId(String token) {
        return idOf(token);
    }
}
