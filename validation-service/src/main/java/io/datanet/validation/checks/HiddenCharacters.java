package io.datanet.validation.checks;

/**
 * Text a model should never learn from although it decodes: control characters other than tab and line breaks
 * (NUL, terminal escape sequences, C1 controls from mis-decoded text) and lone UTF-16 surrogates, which JSON
 * escapes such as {@code "\ud800"} can smuggle past the UTF-8 check of the file.
 */
public final class HiddenCharacters {

    public static final String REASON = "structure.control-characters";

    private HiddenCharacters() {
    }

    public static boolean present(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return true;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return true;
            }
            if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
