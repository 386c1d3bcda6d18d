package io.datanet.trainer.tokenizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenizerTest {
    @TempDir
    Path dir;

    @Test
    void byteLevelRoundTrip() {
        ByteTokenizer t = new ByteTokenizer();
        String s = "Größe — ok";
        int[] ids = t.encode(s);
        assertEquals(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, ids.length);
        assertEquals(s, t.decode(ids));
        assertEquals(257, t.vocabSize());
    }

    /** A hand-made vocabulary: 'Ġ' is GPT-2's printable stand-in for the space byte (0x20 → U+0120). */
    @Test
    void gpt2BytePairEncoding() throws IOException {
        Path vocab = dir.resolve("vocab.json"), merges = dir.resolve("merges.txt");
        Files.writeString(vocab, "{\"h\":0,\"e\":1,\"l\":2,\"o\":3,\"Ġ\":4,\"w\":5,\"r\":6,\"d\":7,\"!\":8,"
                + "\"he\":9,\"ll\":10,\"hell\":11,\"hello\":12,\"Ġw\":13,\"or\":14,\"Ġwor\":15,\"Ċ\":16,"
                + "\"<|endoftext|>\":17}");
        Files.writeString(merges, "#version: 0.2\nh e\nl l\nhe ll\nhell o\nĠ w\no r\nĠw or\n");
        Gpt2BpeTokenizer t = Gpt2BpeTokenizer.load(vocab, merges);
        // "hello" fully merged; " world" → Ġwor + l + d by rank order; "!" is its own pre-token
        assertArrayEquals(new int[]{12, 15, 2, 7, 8}, t.encode("hello world!"));
        assertEquals("hello world!", t.decode(t.encode("hello world!")));
        // newline byte 0x0A maps to 'Ċ'; the special token is kept whole
        assertArrayEquals(new int[]{12, 16, 17, 9}, t.encode("hello\n<|endoftext|>he"));
        assertEquals(17, t.eosId());
        assertEquals("hello\n<|endoftext|>he", t.decode(t.encode("hello\n<|endoftext|>he")));
    }
}
