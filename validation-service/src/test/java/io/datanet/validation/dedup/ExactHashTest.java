package io.datanet.validation.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactHashTest {

    /** Letters, the six characters {@code \s} matches, and whitespace it does not (NBSP, line separator, em space). */
    private static final char[] ALPHABET = {'a', 'B', 'é', '.', ' ', '\t', '\n', '\u000B', '\f', '\r', '\u00A0',
            '\u2028', '\u2003', '\u0000', '\u001F'};

    @Test
    void whitespaceCollapsesExactlyAsTheRegexDid() {
        Random random = new Random(16);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                text.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            String s = text.toString();
            assertEquals(s.replaceAll("\\s+", " "), ExactHash.collapseWhitespace(s), () -> "for " + s.chars()
                    .mapToObj(c -> String.format("U+%04X", c)).toList());
        }
    }

    @Test
    void recordsThatDifferOnlyInCaseAndSpacingHashAlike() {
        assertEquals(ExactHash.of("Boil the  water\n\tfor ten minutes. "), ExactHash.of("boil the water for TEN minutes."));
        assertNotEquals(ExactHash.of("boil the water"), ExactHash.of("boil the waters"));
    }
}
