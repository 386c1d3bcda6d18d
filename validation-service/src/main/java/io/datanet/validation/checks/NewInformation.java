package io.datanet.validation.checks;

import io.datanet.validation.records.DatasetRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;

/**
 * How much an upload says that its contributor had not said already in the datanet: the bytes of DEFLATE output its
 * text adds after the contributor's earlier text, {@code C(prior + text) − C(prior)}. It is reputation's unit of
 * evidence, in place of "one upload".
 *
 * <p>Why a compressor: it is a computable stand-in for the information a text adds to what came before (the
 * compression-distance idea of Li, Vitányi et al.). Twenty one-liners that repeat a template with a counter changed
 * compress to the first line plus a few bytes each; thirty paragraphs of real prose do not compress against each
 * other. And it telescopes: over uploads U₁…Uₙ, each measured after the text before it,
 * {@code Σ [C(H + Uᵢ) − C(H)] = C(U₁…Uₙ) − C(∅)}, exactly what the same records give uploaded as one file. Splitting
 * a file buys nothing. That holds while the contributor's text in a datanet fits DEFLATE's 32 KiB window; past it,
 * {@link #PRIOR_BYTES} of the most recent text is the context, which is all DEFLATE could refer to anyway.
 */
public final class NewInformation {

    /** DEFLATE refers back at most 32 KiB: earlier text could not shorten what follows. */
    public static final int PRIOR_BYTES = 32 * 1024;

    private NewInformation() {
    }

    /** The records' text as the measure reads it: each record's text and a line break, in file order. */
    public static byte[] text(List<DatasetRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (DatasetRecord record : records) {
            out.writeBytes(record.text().getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** Bytes of DEFLATE output that {@code text} adds after {@code prior}. */
    public static long bytes(byte[] prior, byte[] text) {
        return Math.max(0, compressedSize(concat(prior, text)) - compressedSize(prior));
    }

    /** The context for the contributor's next upload: the most recent {@link #PRIOR_BYTES} of everything said. */
    public static byte[] priorAfter(byte[] prior, byte[] text) {
        byte[] all = concat(prior, text);
        return all.length <= PRIOR_BYTES ? all : Arrays.copyOfRange(all, all.length - PRIOR_BYTES, all.length);
    }

    static long compressedSize(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(data);
            deflater.finish();
            byte[] buffer = new byte[8192];
            long size = 0;
            while (!deflater.finished()) {
                size += deflater.deflate(buffer);
            }
            return size;
        } finally {
            deflater.end();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
