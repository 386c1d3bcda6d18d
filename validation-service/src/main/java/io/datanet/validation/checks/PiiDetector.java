package io.datanet.validation.checks;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Personal data that must not end up in training data: e-mail addresses, phone numbers, payment card numbers
 * (Luhn-checked, so order numbers do not trip it) and IBANs (ISO 13616 mod-97 checked).
 *
 * <p>One pass over the record decides which kinds can be present at all: an e-mail address needs an '@', a phone
 * number nine digits, two of them adjacent, a card number thirteen digits and an IBAN a letter right before two
 * digits. Most prose has none of these, so most records are scanned once and no pattern runs. E-mail addresses are
 * found without a regex: {@code [A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}} backtracks over the runs on both
 * sides of the '@' from every start, quadratic in the record (a 40 KB record of letters took 8 s, a 1 MB one would
 * take hours and stall its partition); the scan reads each character at most twice and finds exactly what that
 * pattern finds (PiiDetectorTest holds it to the pattern). The other patterns have only bounded repetitions and
 * anchoring look-behinds, so they run in time linear in the record.
 */
public final class PiiDetector {

    /** International (+country) or grouped national numbers of 9-15 digits; plain digit runs are not phones. */
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\w+])(?:\\+\\d{1,3}[\\s.-]?(?:\\(\\d{1,4}\\)[\\s.-]?)?\\d{2,4}(?:[\\s.-]?\\d{2,4}){1,4}"
                    + "|\\(\\d{2,4}\\)[\\s.-]?\\d{3,4}[\\s.-]?\\d{3,4}|\\d{3}[.-]\\d{3}[.-]\\d{4})(?![\\w])");
    private static final Pattern CARD = Pattern.compile("(?<!\\d)(?:\\d[ -]?){12,18}\\d(?!\\d)");
    private static final Pattern IBAN = Pattern.compile("\\b[A-Z]{2}\\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\\b");

    private static final int PHONE_MIN_DIGITS = 9;
    private static final int CARD_MIN_DIGITS = 13;

    private PiiDetector() {
    }

    /** The PII reason codes the text triggers, each at most once. */
    public static List<String> find(String text) {
        boolean at = false;
        boolean adjacentDigits = false;
        boolean letterBeforeTwoDigits = false;
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '@') {
                at = true;
            } else if (isDigit(c)) {
                digits++;
                if (i + 1 < text.length() && isDigit(text.charAt(i + 1))) {
                    adjacentDigits = true;
                    // Upper-cased, any letter may become one or two of A-Z ('ß' becomes "SS"): the IBAN pattern's
                    // country code can only stand where a letter does.
                    letterBeforeTwoDigits |= i > 0 && Character.isLetter(text.codePointBefore(i));
                }
            }
        }
        List<String> reasons = new ArrayList<>();
        if (at && containsEmail(text)) {
            reasons.add("pii.email");
        }
        if (digits >= CARD_MIN_DIGITS && containsCard(text)) {
            reasons.add("pii.card");
        }
        if (letterBeforeTwoDigits && containsIban(text)) {
            reasons.add("pii.iban");
        }
        if (digits >= PHONE_MIN_DIGITS && adjacentDigits && containsPhone(text)) {
            reasons.add("pii.phone");
        }
        return reasons;
    }

    /**
     * Whether {@code [A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}} occurs: an '@' right after a local-part character
     * and followed by a run of domain characters in which a '.', after at least one of them, is followed by two ASCII
     * letters. The run after one '@' ends at the next, so no character is read for two of them.
     */
    static boolean containsEmail(String text) {
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            if (at > 0 && isLocalPart(text.charAt(at - 1)) && domainFollows(text, at + 1)) {
                return true;
            }
        }
        return false;
    }

    private static boolean domainFollows(String text, int from) {
        for (int i = from; i < text.length() && isDomain(text.charAt(i)); i++) {
            if (i > from && text.charAt(i) == '.' && i + 2 < text.length()
                    && isAsciiLetter(text.charAt(i + 1)) && isAsciiLetter(text.charAt(i + 2))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLocalPart(char c) {
        return isAsciiLetter(c) || isDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean isDomain(char c) {
        return isAsciiLetter(c) || isDigit(c) || c == '.' || c == '-';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Java regex's {@code \d}: ASCII digits only. */
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean containsPhone(String text) {
        Matcher m = PHONE.matcher(text);
        while (m.find()) {
            String digits = m.group().replaceAll("\\D", "");
            if (digits.length() >= 9 && digits.length() <= 15 && !luhnCard(digits)) {
                return true;
            }
        }
        return false;
    }

    static boolean containsCard(String text) {
        Matcher m = CARD.matcher(text);
        while (m.find()) {
            if (luhnCard(m.group().replaceAll("\\D", ""))) {
                return true;
            }
        }
        return false;
    }

    static boolean luhnCard(String digits) {
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    static boolean containsIban(String text) {
        Matcher m = IBAN.matcher(text.toUpperCase(Locale.ROOT));
        while (m.find()) {
            if (validIban(m.group().replace(" ", ""))) {
                return true;
            }
        }
        return false;
    }

    static boolean validIban(String iban) {
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder numeric = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }
}
