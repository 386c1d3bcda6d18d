package io.datanet.upload.files;

import io.datanet.platform.problem.ProblemException;
import io.datanet.upload.datanet.FileTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What kind of file an upload is, judged by its name and by its bytes. */
public final class FileChecks {

    /** The text types, checked to be UTF-8; documents are checked by their signature instead. */
    static final Set<String> TEXT_TYPES = Set.of("jsonl", "csv", "txt", "md");

    private FileChecks() {
    }

    /**
     * The file name without any directory part, control characters or invisible format characters (a right-to-left
     * override, U+202E, makes a name display as something it is not), at most 200 characters.
     */
    public static String sanitisedName(String raw) {
        String name = raw == null ? "" : raw.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\\p{Cf}]", "").trim();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw ProblemException.badRequest("the file part needs a file name with an extension")
                    .with("field", "file");
        }
        return name.length() > 200 ? name.substring(name.length() - 200) : name;
    }

    public static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** 415 unless the extension is one this datanet accepts. Returns the media type. */
    public static String mediaTypeFor(String fileName, List<String> acceptedTypes) {
        String extension = extension(fileName);
        if (!FileTypes.MEDIA_TYPES.containsKey(extension) || !acceptedTypes.contains(extension)) {
            throw new ProblemException(415, "unsupported-media-type", "Unsupported Media Type",
                    "'." + extension + "' files are not accepted by this datanet")
                    .with("accepted", acceptedTypes);
        }
        return FileTypes.MEDIA_TYPES.get(extension);
    }

    /**
     * 415 unless the bytes are what the extension says: UTF-8 text for text types, a PDF header ({@code %PDF-}) or a
     * ZIP container (DOCX) for documents. Whether a document really opens is validation-service's to judge (an
     * unreadable one is REJECTED with its reason).
     */
    public static void requireContentOf(String fileName, Path file) throws IOException {
        String extension = extension(fileName);
        if (TEXT_TYPES.contains(extension)) {
            requireUtf8Text(file);
            return;
        }
        byte[] head = new byte[5];
        int n;
        try (InputStream stream = Files.newInputStream(file)) {
            n = stream.readNBytes(head, 0, head.length);
        }
        boolean pdf = n == 5 && head[0] == '%' && head[1] == 'P' && head[2] == 'D' && head[3] == 'F' && head[4] == '-';
        boolean zip = n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        if (extension.equals("pdf") ? !pdf : !zip) {
            throw notText("is not a ." + extension + " document (its first bytes say otherwise)");
        }
    }

    /**
     * 415 unless the bytes are UTF-8 text: no invalid sequences and no NUL bytes (a binary file renamed to .txt).
     * Streams the file; never holds it whole.
     */
    static void requireUtf8Text(Path file) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        CharBuffer out = CharBuffer.allocate(64 * 1024);
        long offset = 0;
        try (InputStream stream = Files.newInputStream(file)) {
            byte[] chunk = new byte[32 * 1024];
            int n;
            while ((n = stream.read(chunk)) != -1) {
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == 0) {
                        throw notText("contains a NUL byte at offset " + (offset + i) + " (binary content)");
                    }
                }
                in.put(chunk, 0, n);
                in.flip();
                decode(decoder, in, out, false);
                in.compact();
                offset += n;
            }
            in.flip();
            decode(decoder, in, out, true);
            out.clear();
            if (decoder.flush(out).isError()) {
                throw notText("is not valid UTF-8");
            }
        }
    }

    private static void decode(CharsetDecoder decoder, ByteBuffer in, CharBuffer out, boolean end) {
        while (true) {
            CoderResult result = decoder.decode(in, out, end);
            if (result.isError()) {
                throw notText("is not valid UTF-8 text");
            }
            if (result.isOverflow()) {
                out.clear();
                continue;
            }
            out.clear();
            return;
        }
    }

    private static ProblemException notText(String why) {
        return new ProblemException(415, "unsupported-media-type", "Unsupported Media Type", "the file " + why);
    }
}
