package io.datanet.validation.records;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.filter.Filter;
import org.apache.pdfbox.filter.FilterFactory;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * The text of a PDF, with paragraphs separated by blank lines, within {@link DocumentLimits}. PDFBox decodes a
 * stream into memory whole and holds a page's glyphs until the page ends, so before any text is extracted every
 * stream's decoded size is measured by decoding it into a counter that stops at the cap (nothing is kept), and the
 * content the pages will interpret is added up, a shared stream once per page that uses it. Extraction then counts
 * glyphs per page and in all, and looks at the clock as it interprets operators.
 */
final class PdfText {

    /** Streams text extraction never decodes: images are skipped by the text stripper. */
    private static final Set<COSName> IMAGE_FILTERS = Set.of(COSName.DCT_DECODE, COSName.JPX_DECODE,
            COSName.CCITTFAX_DECODE, COSName.JBIG2_DECODE);

    private PdfText() {
    }

    static String extract(InputStream content, DocumentLimits limits) {
        ExtractionBudget budget = new ExtractionBudget(limits);
        try (PDDocument document = Loader.loadPDF(new RandomAccessReadBuffer(content), "", null, null,
                IOUtils.createMemoryOnlyStreamCache())) {
            if (document.isEncrypted()) {
                throw new UnreadableFileException("structure.unreadable-document", "the PDF is encrypted");
            }
            int pages = document.getNumberOfPages();
            if (pages > limits.maxPages()) {
                throw ExtractionBudget.tooLarge("has " + pages + " pages, more than " + limits.maxPages());
            }
            DecodedSizes sizes = new DecodedSizes(budget);
            sizes.measureAllStreams(document.getDocument());
            sizes.measurePageContents(document);
            BoundedStripper stripper = new BoundedStripper(budget, sizes);
            stripper.setSortByPosition(true);
            stripper.setParagraphEnd("\n\n");
            return stripper.getText(document);
        } catch (UnreadableFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UnreadableFileException("structure.unreadable-document", "the PDF cannot be read: " + e.getMessage());
        }
    }

    /** Decoded sizes of the document's streams, and the running total of content interpreted. */
    private static final class DecodedSizes {
        private final ExtractionBudget budget;
        private final Map<COSStream, Long> decoded = new IdentityHashMap<>();
        private long interpreted;

        DecodedSizes(ExtractionBudget budget) {
            this.budget = budget;
        }

        void measureAllStreams(COSDocument document) throws IOException {
            long total = 0;
            for (COSObjectKey key : new ArrayList<>(document.getXrefTable().keySet())) {
                COSObject object = document.getObjectFromPool(key);
                if (object != null && object.getObject() instanceof COSStream stream && !isImage(stream)) {
                    total += size(stream);
                    if (total > budget.limits.maxDecodedBytes()) {
                        throw ExtractionBudget.tooLarge("decodes to more than "
                                + budget.limits.maxDecodedBytes() / (1024 * 1024) + " MiB in all");
                    }
                }
            }
        }

        void measurePageContents(PDDocument document) throws IOException {
            for (PDPage page : document.getPages()) {
                COSBase contents = page.getCOSObject().getDictionaryObject(COSName.CONTENTS);
                if (contents instanceof COSStream stream) {
                    interpret(stream);
                } else if (contents instanceof COSArray array) {
                    for (COSBase element : array) {
                        COSBase resolved = element instanceof COSObject o ? o.getObject() : element;
                        if (resolved instanceof COSStream stream) {
                            interpret(stream);
                        }
                    }
                }
            }
        }

        /** Adds a stream about to be interpreted (again) to the content total. */
        void interpret(COSStream stream) throws IOException {
            interpreted += size(stream);
            if (interpreted > budget.limits.maxDecodedBytes()) {
                throw ExtractionBudget.tooLarge("makes its pages interpret more than "
                        + budget.limits.maxDecodedBytes() / (1024 * 1024) + " MiB of content");
            }
        }

        private long size(COSStream stream) throws IOException {
            Long known = decoded.get(stream);
            if (known == null) {
                known = decodedSize(stream);
                decoded.put(stream, known);
            }
            return known;
        }

        /** Decodes through each filter in turn, into capped outputs; only the last one's bytes are not kept. */
        private long decodedSize(COSStream stream) throws IOException {
            List<COSName> filters = filterNames(stream);
            long cap = budget.limits.maxStreamBytes();
            if (filters.isEmpty()) {
                return stream.getLength();
            }
            InputStream in = stream.createRawInputStream();
            try {
                for (int i = 0; i < filters.size(); i++) {
                    Filter filter = FilterFactory.INSTANCE.getFilter(filters.get(i));
                    boolean last = i == filters.size() - 1;
                    ExtractionBudget.CappedOutput out = budget.cappedOutput(cap, "a stream", !last);
                    filter.decode(in, out, stream, i);
                    if (last) {
                        return out.count();
                    }
                    in.close();
                    in = new ByteArrayInputStream(out.bytes());
                }
                return 0;
            } finally {
                in.close();
            }
        }

        private static boolean isImage(COSStream stream) {
            return COSName.IMAGE.equals(stream.getCOSName(COSName.SUBTYPE))
                    || filterNames(stream).stream().anyMatch(IMAGE_FILTERS::contains);
        }

        private static List<COSName> filterNames(COSStream stream) {
            COSBase filters = stream.getFilters();
            List<COSName> names = new ArrayList<>();
            if (filters instanceof COSName name) {
                names.add(name);
            } else if (filters instanceof COSArray array) {
                for (COSBase element : array) {
                    COSBase resolved = element instanceof COSObject o ? o.getObject() : element;
                    if (resolved instanceof COSName name) {
                        names.add(name);
                    }
                }
            }
            return names;
        }
    }

    /** PDFBox's stripper, counting glyphs and operators as it goes. */
    private static final class BoundedStripper extends PDFTextStripper {
        private final ExtractionBudget budget;
        private final DecodedSizes sizes;
        private int pageChars;
        private long operators;

        BoundedStripper(ExtractionBudget budget, DecodedSizes sizes) {
            this.budget = budget;
            this.sizes = sizes;
        }

        @Override
        protected void startPage(PDPage page) throws IOException {
            pageChars = 0;
            budget.checkTime();
            super.startPage(page);
        }

        @Override
        protected void processTextPosition(TextPosition text) {
            if (++pageChars > budget.limits.maxPageChars()) {
                throw ExtractionBudget.tooLarge("has more than " + budget.limits.maxPageChars()
                        + " characters on one page");
            }
            budget.addChars(1);
            super.processTextPosition(text);
        }

        @Override
        protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
            if ((++operators & 0xFFF) == 0) {
                budget.checkTime();
            }
            super.processOperator(operator, operands);
        }

        /** A form drawn many times is interpreted each time: that counts like a page's content. */
        @Override
        public void showForm(PDFormXObject form) throws IOException {
            sizes.interpret(form.getCOSObject());
            super.showForm(form);
        }
    }
}
