package io.datanet.validation.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Document bombs are rejected as {@code structure.document-too-large} by the limit they break, before they cost the
 * heap or minutes of CPU; documents within the limits still read.
 */
class DocumentLimitsTest {

    private static final long MIB = 1024 * 1024;

    private static UnreadableFileException rejected(byte[] file, String name, DocumentLimits limits) {
        UnreadableFileException e = assertThrows(UnreadableFileException.class,
                () -> RecordReader.read(new ByteArrayInputStream(file), name, limits, RecordReader.MAX_CSV_COLUMNS));
        assertEquals("structure.document-too-large", e.reasonCode(), e.getMessage());
        return e;
    }

    @Test
    void theReportedPdfOfOnePageDecodingToTwentyMegabytesIsRejected() throws Exception {
        byte[] bomb = DocumentBombs.pdfTextBomb(20 * MIB);
        assertTrue(bomb.length < 200_000, "a small file: " + bomb.length);
        UnreadableFileException e = rejected(bomb, "bomb.pdf", DocumentLimits.DEFAULTS);
        assertTrue(e.getMessage().contains("a stream decodes to more than 16 MiB"), e.getMessage());
        // Decoding 256 MiB would take half the production heap; it is stopped at the cap, having held none of it.
        rejected(DocumentBombs.pdfTextBomb(256 * MIB), "quarter-gigabyte.pdf", DocumentLimits.DEFAULTS);
    }

    @Test
    void aPageOfMillionsOfGlyphsUnderTheStreamCapIsRejectedAtThePageCap() throws Exception {
        UnreadableFileException e = rejected(DocumentBombs.pdfTextBomb(12 * MIB), "glyphs.pdf", DocumentLimits.DEFAULTS);
        assertTrue(e.getMessage().contains("characters on one page"), e.getMessage());
    }

    @Test
    void thousandsOfPagesSharingOneContentStreamAreRejected() throws Exception {
        byte[] manyPages = DocumentBombs.pdfSharedContent(30_000, 2_000);
        assertTrue(manyPages.length < 5 * MIB, "under the upload limit: " + manyPages.length);
        assertTrue(rejected(manyPages, "pages.pdf", DocumentLimits.DEFAULTS).getMessage().contains("30000 pages"));

        // Under the page cap, the content interpreted over all pages is what counts: 1,500 pages x 100 KB.
        byte[] shared = DocumentBombs.pdfSharedContent(1_500, 100_000);
        assertTrue(rejected(shared, "shared.pdf", DocumentLimits.DEFAULTS).getMessage()
                .contains("interpret more than 128 MiB"));
    }

    @Test
    void aDocxWhoseXmlInflatesPastTheCapIsRejected() throws Exception {
        byte[] bomb = DocumentBombs.docxBomb(95 * MIB);
        assertTrue(bomb.length < 5 * MIB, "under the upload limit: " + bomb.length);
        rejected(bomb, "bomb.docx", DocumentLimits.DEFAULTS);
        // Stopped by the XML cap when the text cap is out of the way.
        DocumentLimits manyChars = new DocumentLimits(2_000, 16 * MIB, 128 * MIB, 500_000_000, 100_000, 48 * MIB,
                Duration.ofSeconds(30));
        UnreadableFileException e = rejected(bomb, "bomb.docx", manyChars);
        assertTrue(e.getMessage().contains("more than 48 MiB of XML"), e.getMessage());
    }

    @Test
    void extractionStopsAtItsTimeBudget() throws Exception {
        DocumentLimits tight = new DocumentLimits(100_000, 64 * MIB, 4096 * MIB, 100_000_000, 1_000_000, 4096 * MIB,
                Duration.ofMillis(300));
        long start = System.nanoTime();
        UnreadableFileException e = rejected(DocumentBombs.pdfSharedContent(3_000, 20_000), "slow.pdf", tight);
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20, "stopped near its budget");
    }

    @Test
    void charactersPastTheDocumentCapAreRejectedNotTruncated() throws Exception {
        DocumentLimits small = new DocumentLimits(2_000, 16 * MIB, 128 * MIB, 10_000, 100_000, 48 * MIB,
                Duration.ofSeconds(30));
        rejected(DocumentBombs.docxBomb(2 * MIB), "long.docx", small);
        rejected(DocumentBombs.pdfSharedContent(20, 2_000), "long.pdf", small);
    }

    @Test
    void documentsWithinTheLimitsStillRead() throws Exception {
        List<DatasetRecord> pdf = RecordReader.read(new ByteArrayInputStream(DocumentBombs.pdfSharedContent(20, 2_000)),
                "ok.pdf");
        assertTrue(pdf.stream().mapToInt(r -> r.text().length()).sum() > 20 * 1_000, "text of 20 pages");
        List<DatasetRecord> docx = RecordReader.read(new ByteArrayInputStream(DocumentBombs.docxBomb(1 * MIB)), "ok.docx");
        assertTrue(docx.size() > 5_000, "one record per paragraph: " + docx.size());
    }
}
