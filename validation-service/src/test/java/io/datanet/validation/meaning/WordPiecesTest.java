package io.datanet.validation.meaning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The plain-Java tokenizer gives Hugging Face's word pieces (the model's own tokenizer.json, through DJL). */
class WordPiecesTest {

    private static SentenceEncoder reference;
    private static WordPieces pieces;

    @BeforeAll
    static void load() throws Exception {
        reference = new SentenceEncoder(1, 1);
        pieces = new WordPieces(StaticDistillation.vocabulary());
    }

    @AfterAll
    static void close() {
        reference.close();
    }

    private static void same(String text) {
        long[] expected = reference.tokenizer().encode(text, false, false).getIds();
        // The reference truncates at the model's 128 pieces.
        assertArrayEquals(expected, pieces.ids(text, SentenceEncoder.MAX_TOKENS), text);
    }

    @Test
    void edgeCases() {
        for (String text : List.of("", "   ", "Hello, World!", "naïve café résumé Ångström", "don't stop-believing...",
                "e-mail: chef.pia7@example.com, +44 20 7946 0123", "東京は日本の首都です", "Ελληνικά ΣΟΦΙΑ", "emoji 🍳🥚 ok",
                "tab\tand\nnew line\r\nand\u00a0no-break", "control\u0007char\u200bzero width", "x".repeat(101) + " y",
                "supercalifragilisticexpialidocious antidisestablishmentarianism", "ﬁne ligatures and ½ fractions",
                "“curly quotes” — em dash – en dash … ellipsis", "unaffable unbelievably 3.14159 1,000,000 $5.99")) {
            same(text);
        }
    }

    @Test
    void realText() throws Exception {
        List<String> paragraphs = new ArrayList<>(BrownCorpus.paragraphs());
        for (int i = 0; i < paragraphs.size(); i += 7) {
            same(paragraphs.get(i));
        }
    }
}
