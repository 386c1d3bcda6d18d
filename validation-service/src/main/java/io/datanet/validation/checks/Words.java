package io.datanet.validation.checks;

import java.util.ArrayList;
import java.util.List;

/** Whitespace tokenisation, as the Gopher rules count words. */
public final class Words {
    private Words() {
    }

    public static List<String> of(String text) {
        List<String> words = new ArrayList<>();
        for (String token : text.split("\\s+")) {
            if (!token.isEmpty()) {
                words.add(token);
            }
        }
        return words;
    }
}
