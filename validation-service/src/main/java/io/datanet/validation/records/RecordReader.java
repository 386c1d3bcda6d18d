package io.datanet.validation.records;

import io.datanet.events.DatanetJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;

/**
 * Splits an uploaded file into records: JSONL ({@code text}, {@code prompt}/{@code completion}, or chat
 * {@code messages} ending with the assistant's reply), CSV with a header (a {@code text} column, or {@code prompt} and {@code completion}), and
 * plain text, Markdown, PDF and DOCX split into paragraphs (long ones into chunks). Invalid UTF-8 anywhere makes the whole
 * file unreadable ({@link UnreadableFileException}).
 */
public final class RecordReader {

    static final int MAX_CHUNK_CHARS = 4000;
    /** A dataset's CSV has a few columns; a million empty ones cost memory per field and say nothing. */
    public static final int MAX_CSV_COLUMNS = 64;

    private RecordReader() {
    }

    /**
     * One document is extracted at a time in a service: its limits bound one extraction's memory, and the consumers
     * judging side by side must not add theirs up on one heap.
     */
    private static final Semaphore DOCUMENT_EXTRACTION = new Semaphore(1, true);

    public static List<DatasetRecord> read(InputStream content, String fileName) throws IOException {
        return read(content, fileName, DocumentLimits.DEFAULTS, MAX_CSV_COLUMNS);
    }

    /** Reads {@code content} as the type its name says, documents within {@code limits}. */
    public static List<DatasetRecord> read(InputStream content, String fileName, DocumentLimits limits, int maxCsvColumns)
            throws IOException {
        String extension = fileName == null ? "" : fileName.substring(fileName.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        // Documents become text first, then split into paragraphs like TXT.
        if (extension.equals("pdf") || extension.equals("docx")) {
            String text = documentText(content, extension, limits);
            return paragraphs(new BufferedReader(new StringReader(text)));
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
        try {
            return switch (extension) {
                case "jsonl" -> jsonl(reader);
                case "csv" -> csv(reader, maxCsvColumns);
                case "txt", "md" -> paragraphs(reader);
                default -> throw new UnreadableFileException("structure.unsupported-type", "unsupported file type ." + extension);
            };
        } catch (CharacterCodingException e) {
            throw new UnreadableFileException("structure.invalid-utf8", "the file is not valid UTF-8 text");
        }
    }

    private static List<DatasetRecord> jsonl(BufferedReader reader) throws IOException {
        List<DatasetRecord> records = new ArrayList<>();
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            records.add(jsonRecord(number, line));
        }
        return records;
    }

    private static DatasetRecord jsonRecord(int number, String line) {
        JsonNode node;
        try {
            node = DatanetJson.tree(line);
        } catch (IOException e) {
            return DatasetRecord.broken(number, "structure.malformed-json");
        }
        if (node == null || !node.isObject()) {
            return DatasetRecord.broken(number, "structure.malformed-json");
        }
        if (node.path("text").isTextual()) {
            return DatasetRecord.text(number, node.get("text").asText());
        }
        if (node.path("prompt").isTextual() && node.path("completion").isTextual()) {
            return DatasetRecord.instruction(number, node.get("prompt").asText(), node.get("completion").asText());
        }
        if (node.path("messages").isArray() && node.get("messages").size() > 0) {
            return conversation(number, node.get("messages"));
        }
        return DatasetRecord.broken(number, "structure.missing-field");
    }

    /**
     * A chat record: turns of {@code system}, {@code user} and {@code assistant}, the last the assistant's reply (what a
     * model is tuned to say). Every turn is checked: earlier replies are part of the prompt, never dropped unread.
     */
    private static DatasetRecord conversation(int number, JsonNode turns) {
        List<DatasetRecord.Message> messages = new ArrayList<>();
        for (JsonNode turn : turns) {
            if (!turn.path("content").isTextual() || !turn.path("role").isTextual()) {
                return DatasetRecord.broken(number, "structure.missing-field");
            }
            String role = turn.get("role").asText();
            if (!DatasetRecord.ROLES.contains(role)) {
                return DatasetRecord.broken(number, "structure.invalid-conversation");
            }
            messages.add(new DatasetRecord.Message(role, turn.get("content").asText()));
        }
        if (!messages.get(messages.size() - 1).role().equals("assistant")) {
            return DatasetRecord.broken(number, "structure.invalid-conversation");
        }
        return DatasetRecord.conversation(number, messages);
    }

    private static String documentText(InputStream content, String extension, DocumentLimits limits)
            throws IOException {
        try {
            DOCUMENT_EXTRACTION.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to extract a document", e);
        }
        try {
            return extension.equals("pdf") ? PdfText.extract(content, limits) : DocxText.extract(content, limits);
        } catch (OutOfMemoryError e) {
            // The limits exist so that this never happens; if a document still finds a way, the heap it filled is
            // garbage once this frame unwinds, and the upload is rejected instead of the service dying on it (and
            // again on every restart, since the event would be read again).
            throw ExtractionBudget.tooLarge("needs more memory to extract than the service has");
        } finally {
            DOCUMENT_EXTRACTION.release();
        }
    }

    private static List<DatasetRecord> csv(BufferedReader reader, int maxColumns) throws IOException {
        List<List<String>> rows = Csv.parse(reader, maxColumns);
        List<DatasetRecord> records = new ArrayList<>();
        if (rows.isEmpty()) {
            return records;
        }
        List<String> header = rows.get(0).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        int text = header.indexOf("text");
        int prompt = header.indexOf("prompt");
        int completion = header.indexOf("completion");
        if (text < 0 && (prompt < 0 || completion < 0)) {
            throw new UnreadableFileException("structure.missing-field",
                    "the CSV header needs a 'text' column or 'prompt' and 'completion' columns");
        }
        for (int i = 1; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            int number = i + 1;
            if (row.size() != header.size()) {
                records.add(DatasetRecord.broken(number, "structure.malformed-csv"));
            } else if (text >= 0) {
                records.add(DatasetRecord.text(number, row.get(text)));
            } else {
                records.add(DatasetRecord.instruction(number, row.get(prompt), row.get(completion)));
            }
        }
        return records;
    }

    private static List<DatasetRecord> paragraphs(BufferedReader reader) throws IOException {
        List<DatasetRecord> records = new ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        String line;
        int[] number = {0};
        while ((line = reader.readLine()) != null) {
            if (line.isBlank()) {
                flush(paragraph, records, number);
            } else {
                paragraph.append(paragraph.length() == 0 ? "" : "\n").append(line);
                if (paragraph.length() >= MAX_CHUNK_CHARS) {
                    flush(paragraph, records, number);
                }
            }
        }
        flush(paragraph, records, number);
        return records;
    }

    private static void flush(StringBuilder paragraph, List<DatasetRecord> records, int[] number) {
        if (paragraph.length() > 0) {
            records.add(DatasetRecord.text(++number[0], paragraph.toString()));
            paragraph.setLength(0);
        }
    }
}
