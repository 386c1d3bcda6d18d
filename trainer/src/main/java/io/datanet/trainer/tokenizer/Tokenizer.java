package io.datanet.trainer.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Text ↔ token ids. */
public interface Tokenizer {
    int[] encode(String text);

    String decode(int[] ids);

    int vocabSize();

    /** Id of the end-of-text token that separates documents. */
    int eosId();

    /**
     * The tokenizer for a checkpoint directory: its tokenizer.json (byte-level BPE), else GPT-2 BPE when vocab.json
     * and merges.txt are present, else the byte-level tokenizer of the built-in models (config.json's
     * {@code datanet_tokenizer} "byte").
     */
    static Tokenizer forModel(Path dir, JsonNode config) throws IOException {
        if (Files.exists(dir.resolve("tokenizer.json"))) return HuggingFaceTokenizer.load(dir);
        Path vocab = dir.resolve("vocab.json"), merges = dir.resolve("merges.txt");
        if (Files.exists(vocab) && Files.exists(merges)) return Gpt2BpeTokenizer.load(vocab, merges);
        if (!"byte".equals(config.path("datanet_tokenizer").asText())) {
            throw new IOException(dir + ": the model has no tokenizer (tokenizer.json, or vocab.json and merges.txt)");
        }
        return new ByteTokenizer();
    }
}
