package io.datanet.platform.api;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TextInputTest {

    @Test
    void freeTextWithTabsLineBreaksAndAstralCharactersPasses() {
        assertNull(TextInput.whyNotText("Line one,\tindented.\r\nLine two — café, 東京, and an emoji 🙂."));
        assertNull(TextInput.whyNotText(""));
        assertNull(TextInput.whyNotText(null));
    }

    @Test
    void controlCharactersAndLoneSurrogatesAreRefusedInFreeText() {
        assertNotNull(TextInput.whyNotText("a NUL \u0000 inside"));
        assertNotNull(TextInput.whyNotText("\u001b[31mred\u001b[0m terminal colours"));
        assertNotNull(TextInput.whyNotText("a C1 control \u0085 from mis-decoded text"));
        assertNotNull(TextInput.whyNotText("delete \u007f"));
        assertNotNull(TextInput.whyNotText("lone high \ud800 surrogate"));
        assertNotNull(TextInput.whyNotText("lone low \udc00 surrogate"));
        assertNotNull(TextInput.whyNotText("ends with a high surrogate \ud83d"));
    }

    @Test
    void oneLineValuesRefuseLineBreaksAndTabsToo() {
        assertNull(TextInput.whyNotALine("Cooking, 東京 🙂"));
        assertNotNull(TextInput.whyNotALine("two\nlines"));
        assertNotNull(TextInput.whyNotALine("a\ttab"));
    }
}
