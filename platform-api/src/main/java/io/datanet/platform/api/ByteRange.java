package io.datanet.platform.api;

import io.datanet.platform.problem.ProblemException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a representation a {@code Range} request header asks for (RFC 9110 §14): one range of bytes, which a
 * download resumed after a broken connection sends ({@code bytes=1048576-}). A request for several ranges at once is
 * served whole, as the RFC allows; a range that starts past the end is 416 with {@code Content-Range: bytes *}/length.
 *
 * @param first the first byte sent
 * @param last  the last byte sent (inclusive, as in {@code Content-Range})
 */
public record ByteRange(long first, long last, long length) {

    private static final Pattern ONE_RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    /**
     * The range of a {@code length}-byte representation that {@code header} asks for: null to send it whole (no header,
     * several ranges, an {@code If-Range} that names another version, or a header this does not parse, which RFC 9110
     * says to ignore).
     *
     * @param ifRange the request's {@code If-Range}, honoured when it is the representation's {@code etag}
     */
    public static ByteRange of(String header, String ifRange, String etag, long length) {
        if (header == null || (ifRange != null && !ifRange.trim().equals(etag))) {
            return null;
        }
        Matcher m = ONE_RANGE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return null;
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0) {
                    throw unsatisfiable(length);
                }
                return new ByteRange(Math.max(0, length - suffix), length - 1, length);
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? length - 1 : Math.min(Long.parseLong(m.group(2)), length - 1);
            if (first >= length) {
                throw unsatisfiable(length);
            }
            return first > last ? null : new ByteRange(first, last, length);
        } catch (NumberFormatException tooLong) {
            return null;
        }
    }

    public long size() {
        return last - first + 1;
    }

    /** The {@code Content-Range} header value of this range. */
    public String contentRange() {
        return "bytes " + first + "-" + last + "/" + length;
    }

    /**
     * A stream that passes on only this range of what is written to it, and ends the writing (with
     * {@link RangeSent}) once the range is sent, so a writer that produces the whole representation stops early.
     */
    public OutputStream slice(OutputStream target) {
        return new FilterOutputStream(target) {
            private long position;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int count) throws IOException {
                long start = Math.max(position, first);
                long end = Math.min(position + count, last + 1);
                if (start < end) {
                    out.write(bytes, offset + (int) (start - position), (int) (end - start));
                }
                position += count;
                if (position > last) {
                    throw new RangeSent();
                }
            }
        };
    }

    /** Thrown by a {@link #slice} once its range is sent: the writer may stop. */
    public static final class RangeSent extends IOException {
        RangeSent() {
            super("range sent");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // control flow, not a failure: no stack to record
        }
    }

    private static ProblemException unsatisfiable(long length) {
        return new ProblemException(416, "range-not-satisfiable", "Range Not Satisfiable",
                "the representation has " + length + " bytes").header("Content-Range", "bytes */" + length);
    }
}
