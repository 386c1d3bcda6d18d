package io.datanet.validation.records;

import java.time.Duration;

/**
 * What extracting the text of one PDF or DOCX may cost, whatever the file claims. A few MB of document can decode to
 * gigabytes (Flate and ZIP reach ratios of 1:1000) or repeat one content stream on thousands of pages, so every
 * quantity that grows with the decoded document, not the file, has a cap; a document over any of them is rejected
 * as {@code structure.document-too-large}. The defaults are far above what a real document of up to 5 MiB needs
 * (a dense page holds a few thousand characters; a 1,000-page book decodes to a few tens of MB).
 *
 * @param maxPages        pages in a PDF
 * @param maxStreamBytes  decoded bytes of any one PDF stream (PDFBox decodes a stream into memory whole)
 * @param maxDecodedBytes decoded bytes of all of a PDF's streams, and of the page and form content interpreted, a
 *                        stream counted each time a page or form uses it
 * @param maxChars        characters of text extracted from one document
 * @param maxPageChars    characters on one PDF page (PDFBox holds a page's glyphs in memory until the page ends)
 * @param maxXmlBytes     inflated bytes of a DOCX's main XML part
 * @param timeBudget      wall-clock time for one document's extraction
 */
public record DocumentLimits(int maxPages, long maxStreamBytes, long maxDecodedBytes, int maxChars, int maxPageChars,
                             long maxXmlBytes, Duration timeBudget) {

    private static final long MIB = 1024 * 1024;

    public static final DocumentLimits DEFAULTS = new DocumentLimits(2_000, 16 * MIB, 128 * MIB, 4_000_000, 100_000,
            48 * MIB, Duration.ofSeconds(30));

    public DocumentLimits {
        if (maxPages < 1 || maxStreamBytes < 1 || maxDecodedBytes < 1 || maxChars < 1 || maxPageChars < 1
                || maxXmlBytes < 1 || timeBudget.isNegative() || timeBudget.isZero()) {
            throw new IllegalArgumentException("document limits must be positive");
        }
    }
}
