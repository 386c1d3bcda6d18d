package io.datanet.validation.records;

import java.io.IOException;
import java.io.InputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;

/**
 * The text of PDF and DOCX uploads, with paragraphs separated by blank lines so they split like TXT. Files are at
 * most a few MB (upload quota); POI's zip-bomb guards stay on. A document that does not open is unreadable.
 */
final class DocumentText {

    /** Extracted text beyond this is not read: a few MB of file never legitimately holds more. */
    static final int MAX_CHARS = 4_000_000;

    private DocumentText() {
    }

    static String pdf(InputStream content) throws IOException {
        try (PDDocument document = Loader.loadPDF(new RandomAccessReadBuffer(content))) {
            if (document.isEncrypted()) {
                throw new UnreadableFileException("structure.unreadable-document", "the PDF is encrypted");
            }
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            stripper.setParagraphEnd("\n\n");
            return bounded(stripper.getText(document));
        } catch (UnreadableFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UnreadableFileException("structure.unreadable-document", "the PDF cannot be read: " + e.getMessage());
        }
    }

    static String docx(InputStream content) {
        try (XWPFDocument document = new XWPFDocument(content)) {
            StringBuilder text = new StringBuilder();
            for (XWPFParagraph paragraph : document.getParagraphs()) {
                String line = paragraph.getText();
                if (!line.isBlank()) {
                    text.append(line).append("\n\n");
                }
                if (text.length() > MAX_CHARS) {
                    break;
                }
            }
            return bounded(text.toString());
        } catch (IOException | RuntimeException e) {
            throw new UnreadableFileException("structure.unreadable-document",
                    "the DOCX cannot be read: " + e.getMessage());
        }
    }

    private static String bounded(String text) {
        return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
    }
}
