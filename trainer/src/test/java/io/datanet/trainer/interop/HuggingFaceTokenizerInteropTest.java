package io.datanet.trainer.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datanet.testkit.ReferencePython;
import io.datanet.trainer.tokenizer.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * tokenizer.json files built by Hugging Face's {@code tokenizers} library in the layouts of the model families the
 * trainer fine-tunes (issue 19: Llama 3, Qwen2, SmolLM, and a ByteLevel prefix space) give Java's {@link HuggingFaceTokenizer} the library's ids, id for id, on real text
 * (State of the Union sentences, SpamAssassin lines and whole messages), on the hard cases of
 * {@link Gpt2BpeInteropTest} and on chat-formatted text with added tokens; decoding gives the (normalized) text back.
 * Each tokenizer is trained (4,000 tokens) on every other real line, so its merges are those of real English and
 * mail, and the other lines are text it has not seen.
 */
class HuggingFaceTokenizerInteropTest {

    static final int VOCABULARY = 4000;

    static final List<String> CHAT = List.of(
            "<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\nParis.<|im_end|>",
            "<|im_start|><|im_end|>", "a<|endoftext|>b", "<|endoftext|>", " <|im_start|> ", "<|im_start",
            "<|im_end|><|im_end|>\n\n", "text<|endoftext|> 123 456<|im_start|>system");

    @TempDir
    Path dir;

    @ParameterizedTest
    // GPT-2's own layout (ByteLevel with its regex, nothing before it) is SmolLM's without the Digits step, and
    // Gpt2BpeInteropTest holds GPT-2's real vocabulary against transformers; left out to keep CI within its time.
    @ValueSource(strings = {"llama3", "qwen2", "smollm", "prefix-space"})
    void encodesExactlyAsTheTokenizersLibrary(String style) throws IOException {
        List<String> real = Gpt2BpeInteropTest.realText();
        List<String> training = new ArrayList<>();
        for (int i = 0; i < real.size(); i += 2) training.add(real.get(i));
        List<String> texts = new ArrayList<>(real);
        texts.addAll(Gpt2BpeInteropTest.HAND_PICKED);
        texts.addAll(CHAT);

        ObjectMapper json = new ObjectMapper();
        Path trainFile = dir.resolve("train.json"), lines = dir.resolve("lines.json"), ids = dir.resolve("ids.json");
        Path folder = dir.resolve("tokenizer");
        json.writeValue(trainFile.toFile(), training);
        json.writeValue(lines.toFile(), texts);
        JsonNode report = json.readTree(ReferencePython.run(HuggingFaceInteropTest.SCRIPT, "hf-tokenizer",
                "--style", style, "--vocab-size", String.valueOf(VOCABULARY), "--train", trainFile.toString(),
                "--lines", lines.toString(), "--save", folder.toString(), "--out", ids.toString()));
        HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.load(folder);
        assertEquals(report.get("vocab_size").asInt(), tokenizer.vocabSize(), "vocabulary size");
        assertEquals(tokenizer.tokenId("<|endoftext|>"), tokenizer.eosId(), "end-of-text token");

        JsonNode reference = json.readTree(ids.toFile());
        long tokens = Gpt2BpeInteropTest.assertSameIds(style + " tokenizer.json", tokenizer, texts, reference,
                (original, decoded) -> {
                    String text = style.equals("qwen2") ? Normalizer.normalize(original, Normalizer.Form.NFC) : original;
                    // a prefix space is the tokenizer's own, added before each stretch between added tokens
                    if (!style.equals("prefix-space")) assertEquals(text, decoded, "decode(encode(text)) must give the text back");
                    else assertEquals(text.replace(" ", ""), decoded.replace(" ", ""), "decode(encode(text)) apart from spaces");
                });
        assertTrue(tokens > 100_000, "only " + tokens + " tokens compared");
    }
}
