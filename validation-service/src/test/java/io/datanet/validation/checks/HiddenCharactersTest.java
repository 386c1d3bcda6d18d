package io.datanet.validation.checks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HiddenCharactersTest {

    @Test
    void ordinaryTextWithTabsLineBreaksAndAstralCharactersPasses() {
        assertFalse(HiddenCharacters.present("Line one,\tindented.\r\nLine two — café, 東京, and an emoji 🙂."));
        assertFalse(HiddenCharacters.present(""));
    }

    @Test
    void controlCharactersAndLoneSurrogatesAreFound() {
        assertTrue(HiddenCharacters.present("a NUL \u0000 inside"));
        assertTrue(HiddenCharacters.present("\u001b[31mred\u001b[0m terminal colours"));
        assertTrue(HiddenCharacters.present("a C1 control \u0085 from mis-decoded text"));
        assertTrue(HiddenCharacters.present("delete \u007f"));
        assertTrue(HiddenCharacters.present("lone high \ud800 surrogate"));
        assertTrue(HiddenCharacters.present("lone low \udc00 surrogate"));
        assertTrue(HiddenCharacters.present("ends with a high surrogate \ud83d"));
    }
}
