package io.datanet.validation.records;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The hostile documents of issue 21, made here as an attacker would: small files whose decoded content is huge or
 * is interpreted thousands of times. Each is a few KB to a few MB, under upload-service's 5 MiB limit.
 */
public final class DocumentBombs {

    /** A line of text, then down to the next line: a page's worth of these reads as one long paragraph. */
    private static final byte[] TEXT_LINE = "(Knead the dough until smooth and elastic.) Tj 0 -12 Td\n"
            .getBytes(StandardCharsets.US_ASCII);

    private DocumentBombs() {
    }

    /** One page whose Flate content stream repeats a text-showing line until it decodes to {@code decodedBytes}. */
    public static byte[] pdfTextBomb(long decodedBytes) throws IOException {
        return pdf(1, decodedBytes);
    }

    /** {@code pages} pages all drawing one shared content stream of {@code decodedBytes}. */
    public static byte[] pdfSharedContent(int pages, long decodedBytes) throws IOException {
        return pdf(pages, decodedBytes);
    }

    private static byte[] pdf(int pages, long decodedBytes) throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            COSStream content = document.getDocument().createCOSStream();
            try (OutputStream stream = content.createOutputStream(COSName.FLATE_DECODE)) {
                stream.write("BT /F1 10 Tf 50 750 Td\n".getBytes(StandardCharsets.US_ASCII));
                for (long written = 0; written < decodedBytes; written += TEXT_LINE.length) {
                    stream.write(TEXT_LINE);
                }
                stream.write("ET\n".getBytes(StandardCharsets.US_ASCII));
            }
            PDResources resources = new PDResources();
            resources.put(COSName.getPDFName("F1"), new PDType1Font(Standard14Fonts.FontName.HELVETICA));
            for (int i = 0; i < pages; i++) {
                PDPage page = new PDPage();
                page.setResources(resources);
                page.getCOSObject().setItem(COSName.CONTENTS, content);
                document.addPage(page);
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    /**
     * A real DOCX (made by POI, as {@link DocumentTextTest#docx()}) whose {@code word/document.xml} is replaced by
     * one that repeats a paragraph until it inflates to {@code xmlBytes}.
     */
    public static byte[] docxBomb(long xmlBytes) throws Exception {
        byte[] original = DocumentTextTest.docx();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(original));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(9);
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                zip.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals("word/document.xml")) {
                    writeHugeDocument(zip, xmlBytes);
                } else {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static void writeHugeDocument(OutputStream out, long xmlBytes) throws IOException {
        byte[] paragraph = ("<w:p><w:r><w:t>Leave the dough to rise in a warm place until it has doubled in size."
                + "</w:t></w:r></w:p>").getBytes(StandardCharsets.UTF_8);
        out.write(("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>")
                .getBytes(StandardCharsets.UTF_8));
        for (long written = 0; written < xmlBytes; written += paragraph.length) {
            out.write(paragraph);
        }
        out.write("</w:body></w:document>".getBytes(StandardCharsets.UTF_8));
    }
}
