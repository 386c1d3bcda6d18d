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
 */
public final class PiiDetector {

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    /** International (+country) or grouped national numbers of 9-15 digits; plain digit runs are not phones. */
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\w+])(?:\\+\\d{1,3}[\\s.-]?(?:\\(\\d{1,4}\\)[\\s.-]?)?\\d{2,4}(?:[\\s.-]?\\d{2,4}){1,4}"
                    + "|\\(\\d{2,4}\\)[\\s.-]?\\d{3,4}[\\s.-]?\\d{3,4}|\\d{3}[.-]\\d{3}[.-]\\d{4})(?![\\w])");
    private static final Pattern CARD = Pattern.compile("(?<!\\d)(?:\\d[ -]?){12,18}\\d(?!\\d)");
    private static final Pattern IBAN = Pattern.compile("\\b[A-Z]{2}\\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\\b");

    private PiiDetector() {
    }

    /** The PII reason codes the text triggers, each at most once. */
    public static List<String> find(String text) {
        List<String> reasons = new ArrayList<>();
        if (EMAIL.matcher(text).find()) {
            reasons.add("pii.email");
        }
        if (containsCard(text)) {
            reasons.add("pii.card");
        }
        if (containsIban(text)) {
            reasons.add("pii.iban");
        }
        if (containsPhone(text)) {
            reasons.add("pii.phone");
        }
        return reasons;
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
