package io.datanet.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** What text the APIs take, and the reason given for what they refuse: the rule broken, and where. */
class TextInputTest {

    @Test
    void freeTextWithTabsLineBreaksAndAstralCharactersPasses() {
        assertNull(TextInput.whyNotText("Line one,\tindented.\r\nLine two — café, 東京, and an emoji 🙂."));
        assertNull(TextInput.whyNotText(""));
        assertNull(TextInput.whyNotText(null));
    }

    @Test
    void controlCharactersAndLoneSurrogatesAreRefusedInFreeTextSayingWhichAndWhere() {
        assertEquals("must not contain control characters (U+0000 at 6)", TextInput.whyNotText("a NUL \u0000 inside"));
        assertEquals("must not contain control characters (U+001B at 0)",
                TextInput.whyNotText("\u001b[31mred\u001b[0m terminal colours"));
        assertEquals("must not contain control characters (U+0085 at 13)",
                TextInput.whyNotText("a C1 control \u0085 from mis-decoded text"));
        assertEquals("must not contain control characters (U+007F at 7)", TextInput.whyNotText("delete \u007f"));
        assertEquals("must be valid Unicode (a lone surrogate at 10)", TextInput.whyNotText("lone high \ud800 surrogate"));
        assertEquals("must be valid Unicode (a lone surrogate at 9)", TextInput.whyNotText("lone low \udc00 surrogate"));
        assertEquals("must be valid Unicode (a lone surrogate at 27)", TextInput.whyNotText("ends with a high surrogate \ud83d"));
    }

    @Test
    void oneLineValuesRefuseLineBreaksAndTabsToo() {
        assertNull(TextInput.whyNotALine("Cooking, 東京 🙂"));
        assertEquals("must not contain control characters (U+000A at 3)", TextInput.whyNotALine("two\nlines"));
        assertEquals("must not contain control characters (U+0009 at 1)", TextInput.whyNotALine("a\ttab"));
    }

    @Test
    void idsAreWhatIdentityProvidersIssueAndNothingThatReadsAsSomethingElse() {
        for (String id : new String[] {"alice", "c-1a2b3c4d", "0f8fad5b-d9cb-469f-a165-70867728950e", "auth0|5f7c8ec7",
                "alice.smith+datanet@example.org", "google-oauth2:1234567890", "a".repeat(TextInput.MAX_ID_LENGTH)}) {
            assertNull(TextInput.whyNotAnId(id), id);
        }
        assertEquals("must not be empty", TextInput.whyNotAnId(null));
        assertEquals("must not be empty", TextInput.whyNotAnId(""));
        assertEquals("must be at most " + TextInput.MAX_ID_LENGTH + " characters",
                TextInput.whyNotAnId("a".repeat(TextInput.MAX_ID_LENGTH + 1)));
        String[][] refused = {
            {"alice\u0000", "U+0000 at 5"}, {"alice\r\nX-Injected: 1", "U+000D at 5"}, {"\u202Eecila", "U+202E at 0"},
            {"a b", "U+0020 at 1"}, {"../alice", "U+002F at 2"}, {"alice%2F", "U+0025 at 5"}, {"a\\b", "U+005C at 1"},
            {"caf\u00e9", "U+00E9 at 3"},
        };
        for (String[] id : refused) {
            assertEquals("must be letters, digits and . _ @ | : + - only (" + id[1] + ")", TextInput.whyNotAnId(id[0]),
                    id[0]);
        }
    }
}
