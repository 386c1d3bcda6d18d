package io.datanet.trainer.tokenizer;

import io.datanet.trainer.model.GPT2Config;

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
     * The tokenizer for a checkpoint directory: GPT-2 BPE when vocab.json and merges.txt are present, otherwise
     * the byte-level tokenizer of the built-in models.
     */
    static Tokenizer forModel(Path dir, GPT2Config config) throws IOException {
        Path vocab = dir.resolve("vocab.json"), merges = dir.resolve("merges.txt");
        if (Files.exists(vocab) && Files.exists(merges)) return Gpt2BpeTokenizer.load(vocab, merges);
        if (!"byte".equals(config.tokenizer())) {
            throw new IOException(dir + ": model needs vocab.json and merges.txt (tokenizer " + config.tokenizer() + ")");
        }
        return new ByteTokenizer();
    }
}
