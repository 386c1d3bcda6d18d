package io.datanet.platform.api;

/**
 * What text from clients may hold before it is stored or passed on: no control characters in one-line values
 * (names, ids; they would reach logs and terminals), none but tab and line breaks in free text (descriptions,
 * comments), and in neither a NUL (PostgreSQL text cannot hold it: a 500) nor a lone surrogate (UTF-8 cannot encode
 * it: it would be stored as '?').
 */
public final class TextInput {

    public static final int MAX_ID_LENGTH = 128;
    private static final String ID_PUNCTUATION = "._@|:+-";

    private TextInput() {
    }

    /** Why {@code value} is not an acceptable one-line value, or null when it is (or is null). */
    public static String whyNotALine(String value) {
        return whyNot(value, false);
    }

    /**
     * Why {@code value} is not an acceptable id of a person (a token's {@code sub}, stored as contributor, owner and
     * reviewer ids and put in URLs, logs and events), or null when it is: 1 to {@value #MAX_ID_LENGTH} letters,
     * digits and {@code . _ @ | : + -}, which covers the subjects identity providers issue (UUIDs, numbers, e-mail
     * addresses, {@code auth0|...}) and names {@code ./datanet token} makes, and leaves out what could be read as
     * something else: spaces, control and format characters (U+202E), slashes and percent signs.
     */
    public static String whyNotAnId(String value) {
        if (value == null || value.isEmpty()) {
            return "must not be empty";
        }
        if (value.length() > MAX_ID_LENGTH) {
            return "must be at most " + MAX_ID_LENGTH + " characters";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || ID_PUNCTUATION.indexOf(c) >= 0;
            if (!allowed) {
                return String.format("must be letters, digits and . _ @ | : + - only (U+%04X at %d)", (int) c, i);
            }
        }
        return null;
    }

    /** Why {@code value} is not acceptable free text, or null when it is (or is null). */
    public static String whyNotText(String value) {
        return whyNot(value, true);
    }

    private static String whyNot(String value, boolean multiline) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && !(multiline && (c == '\t' || c == '\n' || c == '\r'))) {
                return String.format("must not contain control characters (U+%04X at %d)", (int) c, i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must be valid Unicode (a lone surrogate at " + i + ")";
            }
        }
        return null;
    }
}
