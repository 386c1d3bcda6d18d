package io.datanet.validation.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PiiDetectorTest {

    @Test
    void findsEachKindOfPersonalData() {
        assertEquals(List.of("pii.email"), PiiDetector.find("write to jane.doe@example.com today"));
        assertEquals(List.of("pii.phone"), PiiDetector.find("call +44 20 7946 0958 after six"));
        assertEquals(List.of("pii.phone"), PiiDetector.find("or (555) 123-4567 in the US"));
        assertEquals(List.of("pii.card"), PiiDetector.find("card 4111 1111 1111 1111 was charged"));
        assertEquals(List.of("pii.iban"), PiiDetector.find("refund to GB82 WEST 1234 5698 7654 32 please"));
        assertEquals(List.of("pii.iban"), PiiDetector.find("DE89370400440532013000"));
    }

    @Test
    void leavesOrdinaryNumbersAlone() {
        assertEquals(List.of(), PiiDetector.find("Bake at 180 degrees for 25 minutes; serves 4 people."));
        assertEquals(List.of(), PiiDetector.find("order 4111 1111 1111 1112 is not a valid card (Luhn)"));
        assertEquals(List.of(), PiiDetector.find("GB82 WEST 1234 5698 7654 33 fails the mod-97 check"));
        assertEquals(List.of(), PiiDetector.find("In 1969, 600000000 people watched the landing."));
    }

    /** The e-mail pattern the scanner replaced: the definition it must keep to. */
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

    /** Every character class the patterns tell apart, and letters that upper-case to A-Z or to two letters. */
    private static final char[] ALPHABET = {'a', 'z', 'B', 'Q', '0', '7', '9', '.', '-', '+', '_', '%', '@', ' ', '\t',
            '(', ')', '/', 'é', 'ß', 'ı', 'ſ', '\uD83D', '\uDE00'};

    @Test
    void findsEmailAddressesExactlyWhereThePatternDid() {
        Random random = new Random(17);
        for (int n = 0; n < 200_000; n++) {
            String s = randomText(random, 1 + random.nextInt(30), 0.1);
            assertEquals(EMAIL.matcher(s).find(), PiiDetector.containsEmail(s), () -> "for " + s);
        }
    }

    @Test
    void skipsOnlyTheKindsThatCannotMatch() {
        Random random = new Random(18);
        for (int n = 0; n < 100_000; n++) {
            // Digit-heavy as often as not: cards, IBANs and phone numbers need many.
            String s = randomText(random, 1 + random.nextInt(40), random.nextBoolean() ? 0.1 : 0.7);
            List<String> everyPattern = new java.util.ArrayList<>();
            if (EMAIL.matcher(s).find()) {
                everyPattern.add("pii.email");
            }
            if (PiiDetector.containsCard(s)) {
                everyPattern.add("pii.card");
            }
            if (PiiDetector.containsIban(s)) {
                everyPattern.add("pii.iban");
            }
            if (PiiDetector.containsPhone(s)) {
                everyPattern.add("pii.phone");
            }
            assertEquals(everyPattern, PiiDetector.find(s), () -> "for " + s);
        }
    }

    /**
     * Records the e-mail pattern took hours on (it backtracks over the run of letters before an '@' from every start):
     * a limit far above what the scan needs, and far below what the pattern needed.
     */
    @Test
    void aMegabyteRecordIsScannedInLinearTime() {
        int n = 1 << 20;
        for (String hostile : List.of("a".repeat(n), "a".repeat(n / 2) + "@" + "b".repeat(n / 2), "x@" + "a.".repeat(n / 2),
                "AB12".repeat(n / 4), "1 ".repeat(n / 2), "+1 ".repeat(n / 3), "a@".repeat(n / 2))) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> PiiDetector.find(hostile),
                    () -> hostile.substring(0, 8) + "...");
        }
    }

    private static String randomText(Random random, int length, double digitShare) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(random.nextDouble() < digitShare ? (char) ('0' + random.nextInt(10))
                    : ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return text.toString();
    }
}
