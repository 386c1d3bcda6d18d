package io.datanet.validation.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordReaderTest {

    private static List<DatasetRecord> read(String content, String name) throws Exception {
        return RecordReader.read(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), name);
    }

    @Test
    void readsEveryJsonlShape() throws Exception {
        List<DatasetRecord> records = read("{\"text\":\"a\"}\n\n{\"prompt\":\"p\",\"completion\":\"c\"}\n"
                + "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"r\"}]}\n"
                + "{\"other\":1}\n[1,2]\n", "x.jsonl");
        assertEquals(5, records.size());
        assertEquals("a", records.get(0).text());
        assertEquals("p\nc", records.get(1).text());
        assertEquals("r", records.get(2).completion());
        assertEquals(3, records.get(1).index(), "record numbers are file line numbers");
        assertEquals("structure.missing-field", records.get(3).structureError());
        assertEquals("structure.malformed-json", records.get(4).structureError());
    }

    @Test
    void keepsEveryTurnOfAConversation() throws Exception {
        List<DatasetRecord> records = read(
                "{\"messages\":[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\",\"content\":\"q1\"},"
                + "{\"role\":\"assistant\",\"content\":\"a1\"},{\"role\":\"user\",\"content\":\"q2\"},"
                + "{\"role\":\"assistant\",\"content\":\"a2\"}]}\n"
                + "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a\"},"
                + "{\"role\":\"user\",\"content\":\"unanswered\"}]}\n"
                + "{\"messages\":[{\"role\":\"tool\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"a\"}]}\n"
                + "{\"messages\":[{\"role\":\"user\"},{\"role\":\"assistant\",\"content\":\"a\"}]}\n", "x.jsonl");
        DatasetRecord chat = records.get(0);
        // the earlier reply is part of what the checks read (PII in it must not slip through unread)
        assertEquals("s\nq1\na1\nq2\na2", chat.text());
        assertEquals("s\nq1\na1\nq2", chat.prompt());
        assertEquals("a2", chat.completion());
        assertEquals(List.of(new DatasetRecord.Message("system", "s"), new DatasetRecord.Message("user", "q1"),
                new DatasetRecord.Message("assistant", "a1"), new DatasetRecord.Message("user", "q2"),
                new DatasetRecord.Message("assistant", "a2")), chat.messages());
        assertEquals("structure.invalid-conversation", records.get(1).structureError(), "no reply at the end");
        assertEquals("structure.invalid-conversation", records.get(2).structureError(), "an unknown role");
        assertEquals("structure.missing-field", records.get(3).structureError(), "a turn without content");
    }

    @Test
    void readsCsvWithQuotedFieldsAndChecksTheHeader() throws Exception {
        List<DatasetRecord> records = read("text,source\n\"one, with \"\"quotes\"\"\nand a newline\",web\nplain,x\nbroken\n", "x.csv");
        assertEquals(3, records.size());
        assertEquals("one, with \"quotes\"\nand a newline", records.get(0).text());
        assertEquals("structure.malformed-csv", records.get(2).structureError());
        assertThrows(UnreadableFileException.class, () -> read("title,body\na,b\n", "x.csv"));
    }

    @Test
    void csvEdgesAreReadAsRfc4180SaysAndHostileOnesRefused() throws Exception {
        List<DatasetRecord> records = read("prompt,completion\r\n\r\n\"a, b\",\"say \"\"hi\"\"\"\r\nplain,\"\"\r\n", "x.csv");
        assertEquals(2, records.size(), "CRLF rows, the blank line skipped");
        assertEquals("a, b", records.get(0).prompt());
        assertEquals("say \"hi\"", records.get(0).completion());
        assertEquals("", records.get(1).completion());
        // A quote that never closes: the rows before it stand, what it swallowed is one malformed row, not a record.
        records = read("text\nfirst recipe\n\"never closed,\nsecond line\nthird line\n", "x.csv");
        assertEquals(2, records.size());
        assertEquals("first recipe", records.get(0).text());
        assertEquals("structure.malformed-csv", records.get(1).structureError());
        UnreadableFileException wide = assertThrows(UnreadableFileException.class,
                () -> read("text" + ",".repeat(1_000_000) + "\nA recipe.\n", "x.csv"));
        assertEquals("structure.csv-too-wide", wide.reasonCode());
        assertEquals(1, read("text" + ",".repeat(63) + "\n" + "x,".repeat(63) + "x\n", "x.csv").size(),
                "64 columns are allowed");
    }

    @Test
    void splitsTextIntoParagraphsAndRejectsInvalidUtf8() throws Exception {
        assertEquals(2, read("first paragraph\nstill first\n\n\nsecond\n", "x.md").size());
        UnreadableFileException e = assertThrows(UnreadableFileException.class, () -> RecordReader.read(
                new ByteArrayInputStream(new byte[] {'a', (byte) 0xC3, (byte) 0x28}), "x.txt"));
        assertEquals("structure.invalid-utf8", e.reasonCode());
    }
}
