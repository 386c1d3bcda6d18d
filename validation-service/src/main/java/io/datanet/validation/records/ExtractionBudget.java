package io.datanet.validation.records;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

/**
 * One document's extraction against its {@link DocumentLimits}: the clock started when extraction did, and the
 * characters extracted so far. Checks throw {@link UnreadableFileException} with {@link #TOO_LARGE}, which unwinds
 * the extraction wherever it is (it is unchecked, so the libraries' own {@code IOException} handling lets it pass).
 */
final class ExtractionBudget {

    static final String TOO_LARGE = "structure.document-too-large";

    final DocumentLimits limits;
    private final long deadline;
    private long chars;

    ExtractionBudget(DocumentLimits limits) {
        this.limits = limits;
        this.deadline = System.nanoTime() + limits.timeBudget().toNanos();
    }

    void checkTime() {
        if (System.nanoTime() - deadline > 0) {
            throw tooLarge("took longer than " + limits.timeBudget().toSeconds() + " s to extract");
        }
    }

    void addChars(long count) {
        chars += count;
        if (chars > limits.maxChars()) {
            throw tooLarge("holds more than " + limits.maxChars() + " characters of text");
        }
    }

    static UnreadableFileException tooLarge(String why) {
        return new UnreadableFileException(TOO_LARGE, "the document " + why);
    }

    /**
     * Where a decoder writes: counts the bytes and throws past {@code cap}, so a bomb is stopped after {@code cap}
     * bytes of work, not after it has filled the heap. Keeps the bytes only when {@code keep} (an intermediate step of
     * a filter chain, itself capped).
     */
    CappedOutput cappedOutput(long cap, String what, boolean keep) {
        return new CappedOutput(cap, what, keep);
    }

    final class CappedOutput extends OutputStream {
        private final long cap;
        private final String what;
        private final ByteArrayOutputStream kept;
        private long count;

        private CappedOutput(long cap, String what, boolean keep) {
            this.cap = cap;
            this.what = what;
            this.kept = keep ? new ByteArrayOutputStream() : null;
        }

        @Override
        public void write(int b) {
            add(1);
            if (kept != null) {
                kept.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            add(len);
            if (kept != null) {
                kept.write(b, off, len);
            }
        }

        private void add(long n) {
            count += n;
            if (count > cap) {
                throw tooLarge(what + " decodes to more than " + cap / (1024 * 1024) + " MiB");
            }
            checkTime();
        }

        long count() {
            return count;
        }

        byte[] bytes() {
            return kept.toByteArray();
        }
    }
}
