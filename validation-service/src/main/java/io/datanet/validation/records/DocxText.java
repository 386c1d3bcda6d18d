package io.datanet.validation.records;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * The text of a DOCX, a paragraph ({@code w:p}) per block separated by blank lines, within {@link DocumentLimits}.
 * The main part is streamed through StAX as it is inflated, never built as a tree (POI's XWPFDocument held a
 * 95 MB {@code document.xml} from a 2 MB file as a DOM: far past the heap, yet under POI's zip-bomb ratio); its
 * inflated bytes are counted and stop at the cap. The ZIP is opened by its central directory, so no other entry is
 * inflated at all.
 */
final class DocxText {

    private static final String RELATIONSHIPS = "_rels/.rels";
    private static final String DEFAULT_MAIN_PART = "word/document.xml";
    private static final String OFFICE_DOCUMENT = "/officeDocument";
    private static final long MAX_RELATIONSHIPS_BYTES = 1024 * 1024;
    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        // No DTDs, so no entity expansion (billion laughs) and no external entities.
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    private DocxText() {
    }

    static String extract(InputStream content, DocumentLimits limits) {
        ExtractionBudget budget = new ExtractionBudget(limits);
        try (ZipFile zip = ZipFile.builder()
                .setSeekableByteChannel(new SeekableInMemoryByteChannel(content.readAllBytes())).get()) {
            ZipArchiveEntry main = zip.getEntry(mainPart(zip, budget));
            if (main == null) {
                throw new UnreadableFileException("structure.unreadable-document", "the DOCX has no document part");
            }
            try (InputStream xml = capped(zip.getInputStream(main), limits.maxXmlBytes(), budget)) {
                return paragraphs(xml, budget);
            }
        } catch (UnreadableFileException e) {
            throw e;
        } catch (IOException | XMLStreamException | RuntimeException e) {
            throw new UnreadableFileException("structure.unreadable-document", "the DOCX cannot be read: " + e.getMessage());
        }
    }

    /** The main document part named by the package relationships, as Word finds it. */
    private static String mainPart(ZipFile zip, ExtractionBudget budget) throws IOException, XMLStreamException {
        ZipArchiveEntry relationships = zip.getEntry(RELATIONSHIPS);
        if (relationships == null) {
            return DEFAULT_MAIN_PART;
        }
        try (InputStream in = capped(zip.getInputStream(relationships), MAX_RELATIONSHIPS_BYTES, budget)) {
            XMLStreamReader reader = XML.createXMLStreamReader(in);
            while (reader.hasNext()) {
                if (reader.next() == XMLStreamConstants.START_ELEMENT && "Relationship".equals(reader.getLocalName())
                        && String.valueOf(reader.getAttributeValue(null, "Type")).endsWith(OFFICE_DOCUMENT)) {
                    String target = reader.getAttributeValue(null, "Target");
                    if (target != null && !target.isBlank()) {
                        return target.startsWith("/") ? target.substring(1) : target;
                    }
                }
            }
        }
        return DEFAULT_MAIN_PART;
    }

    private static String paragraphs(InputStream xml, ExtractionBudget budget) throws XMLStreamException {
        XMLStreamReader reader = XML.createXMLStreamReader(xml);
        StringBuilder text = new StringBuilder();
        StringBuilder paragraph = new StringBuilder();
        boolean inText = false;
        long events = 0;
        while (reader.hasNext()) {
            int event = reader.next();
            if ((++events & 0xFFF) == 0) {
                budget.checkTime();
            }
            if (event == XMLStreamConstants.START_ELEMENT && isWordprocessing(reader)) {
                switch (reader.getLocalName()) {
                    case "t" -> inText = true;
                    case "tab" -> paragraph.append('\t');
                    case "br", "cr" -> paragraph.append('\n');
                    default -> { }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT && isWordprocessing(reader)) {
                if ("t".equals(reader.getLocalName())) {
                    inText = false;
                } else if ("p".equals(reader.getLocalName())) {
                    if (!paragraph.toString().isBlank()) {
                        budget.addChars(paragraph.length());
                        text.append(paragraph).append("\n\n");
                    }
                    paragraph.setLength(0);
                }
            } else if (inText && (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA)) {
                paragraph.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                if (paragraph.length() > budget.limits.maxChars()) {
                    budget.addChars(paragraph.length());
                }
            }
        }
        return text.toString();
    }

    /** Transitional (2006) and Strict (ISO 29500) WordprocessingML. */
    private static boolean isWordprocessing(XMLStreamReader reader) {
        String namespace = reader.getNamespaceURI();
        return namespace != null && namespace.toLowerCase(Locale.ROOT).contains("wordprocessingml");
    }

    /** Throws once more than {@code cap} bytes have been read: what the ZIP entry inflates to is not trusted. */
    private static InputStream capped(InputStream in, long cap, ExtractionBudget budget) {
        return new FilterInputStream(in) {
            private long count;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    add(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    add(n);
                }
                return n;
            }

            private void add(long n) {
                count += n;
                if (count > cap) {
                    throw ExtractionBudget.tooLarge("inflates to more than " + cap / (1024 * 1024) + " MiB of XML");
                }
                budget.checkTime();
            }
        };
    }
}
