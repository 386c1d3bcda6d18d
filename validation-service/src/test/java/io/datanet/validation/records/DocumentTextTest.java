package io.datanet.validation.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;

/** PDF and DOCX uploads, made here with the same libraries, split into the paragraphs they were written as. */
class DocumentTextTest {

    static final List<String> PARAGRAPHS = List.of(
            "Knead the dough for ten minutes until it is smooth and springs back when pressed.",
            "Leave it to rise in a warm place, covered, until it has doubled in size.",
            "Bake in a hot oven until the crust is deep brown and the loaf sounds hollow.");

    static byte[] docx() throws Exception {
        try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String text : PARAGRAPHS) {
                document.createParagraph().createRun().setText(text);
            }
            document.write(out);
            return out.toByteArray();
        }
    }

    static byte[] pdf() throws Exception {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream stream = new PDPageContentStream(document, page)) {
                stream.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
                float y = 700;
                for (String text : PARAGRAPHS) {
                    stream.beginText();
                    stream.newLineAtOffset(50, y);
                    stream.showText(text);
                    stream.endText();
                    y -= 60;   // a wide gap: a new paragraph
                }
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    @Test
    void aDocxSplitsIntoItsParagraphs() throws Exception {
        List<DatasetRecord> records = RecordReader.read(new ByteArrayInputStream(docx()), "bread.docx");
        assertEquals(PARAGRAPHS, records.stream().map(DatasetRecord::text).toList());
    }

    @Test
    void aPdfGivesItsTextAsParagraphs() throws Exception {
        List<DatasetRecord> records = RecordReader.read(new ByteArrayInputStream(pdf()), "bread.pdf");
        String all = String.join("\n", records.stream().map(DatasetRecord::text).toList());
        for (String text : PARAGRAPHS) {
            assertTrue(all.contains(text), "extracted: " + all);
        }
        assertEquals(PARAGRAPHS.size(), records.size(), "one record per paragraph: " + records);
    }

    @Test
    void aCorruptDocumentIsUnreadableWithAReason() {
        byte[] garbage = "%PDF-1.7\nthis is not really a PDF".getBytes(StandardCharsets.UTF_8);
        UnreadableFileException pdf = assertThrows(UnreadableFileException.class,
                () -> RecordReader.read(new ByteArrayInputStream(garbage), "x.pdf"));
        assertEquals("structure.unreadable-document", pdf.reasonCode());
        UnreadableFileException docx = assertThrows(UnreadableFileException.class,
                () -> RecordReader.read(new ByteArrayInputStream(new byte[] {'P', 'K', 3, 4, 0, 0}), "x.docx"));
        assertEquals("structure.unreadable-document", docx.reasonCode());
    }
}
