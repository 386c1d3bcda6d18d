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
    void readsCsvWithQuotedFieldsAndChecksTheHeader() throws Exception {
        List<DatasetRecord> records = read("text,source\n\"one, with \"\"quotes\"\"\nand a newline\",web\nplain,x\nbroken\n", "x.csv");
        assertEquals(3, records.size());
        assertEquals("one, with \"quotes\"\nand a newline", records.get(0).text());
        assertEquals("structure.malformed-csv", records.get(2).structureError());
        assertThrows(UnreadableFileException.class, () -> read("title,body\na,b\n", "x.csv"));
    }

    @Test
    void splitsTextIntoParagraphsAndRejectsInvalidUtf8() throws Exception {
        assertEquals(2, read("first paragraph\nstill first\n\n\nsecond\n", "x.md").size());
        UnreadableFileException e = assertThrows(UnreadableFileException.class, () -> RecordReader.read(
                new ByteArrayInputStream(new byte[] {'a', (byte) 0xC3, (byte) 0x28}), "x.txt"));
        assertEquals("structure.invalid-utf8", e.reasonCode());
    }
}
