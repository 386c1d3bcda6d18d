package io.datanet.validation.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV through Jackson's streaming CSV parser: quoted fields may hold commas, quotes ("") and line breaks;
 * blank lines are skipped. Read token by token, so a row wider than {@code maxColumns} makes the file unreadable
 * as soon as it is seen, before its fields are all held (a line of a million commas is a few megabytes of upload
 * and would be a million strings). A quote that never closes ends the file: what it swallowed becomes one row that
 * is always malformed (no fields), never a record holding the rest of the file.
 */
final class Csv {

    static final String TOO_WIDE = "structure.csv-too-wide";
    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();

    private Csv() {
    }

    static List<List<String>> parse(Reader in, int maxColumns) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (CsvParser parser = (CsvParser) MAPPER.getFactory().createParser(in)) {
            parser.setSchema(CsvSchema.emptySchema());   // no header: every row is an array of its fields
            List<String> row = null;
            try {
                for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                    if (token == JsonToken.START_ARRAY && parser.getParsingContext().getParent().inArray()) {
                        row = new ArrayList<>();
                    } else if (token == JsonToken.VALUE_STRING && row != null) {
                        if (row.size() >= maxColumns) {
                            throw new UnreadableFileException(TOO_WIDE, "row " + (rows.size() + 1)
                                    + " has more than " + maxColumns + " columns");
                        }
                        row.add(parser.getText());
                    } else if (token == JsonToken.END_ARRAY && row != null) {
                        rows.add(row);
                        row = null;
                    }
                }
            } catch (JsonProcessingException e) {
                rows.add(List.of());   // an unclosed quote: the rest of the file is one malformed row
            }
        }
        return rows;
    }
}
