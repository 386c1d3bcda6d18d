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

    @Test
    void idsAreWhatIdentityProvidersIssueAndNothingThatReadsAsSomethingElse() {
        for (String id : new String[] {"alice", "c-1a2b3c4d", "0f8fad5b-d9cb-469f-a165-70867728950e", "auth0|5f7c8ec7",
                "alice.smith+datanet@example.org", "google-oauth2:1234567890", "a".repeat(TextInput.MAX_ID_LENGTH)}) {
            assertNull(TextInput.whyNotAnId(id), id);
        }
        for (String id : new String[] {null, "", "alice\u0000", "alice\r\nX-Injected: 1", "\u202Eecila", "a b",
                "../alice", "alice%2F", "a\\b", "caf\u00e9", "a".repeat(TextInput.MAX_ID_LENGTH + 1)}) {
            assertNotNull(TextInput.whyNotAnId(id), String.valueOf(id));
        }
    }
}
