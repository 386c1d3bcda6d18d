package io.datanet.validation.records;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. A row wider than {@code maxColumns}
 * makes the file unreadable as soon as it is seen, before its fields are all held.
 */
final class Csv {

    private Csv() {
    }

    static final String TOO_WIDE = "structure.csv-too-wide";

    static List<List<String>> parse(Reader in, int maxColumns) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int c;
        while ((c = in.read()) != -1) {
            any = true;
            if (quoted) {
                if (c == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next != -1) {
                            in.reset();
                        }
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                if (row.size() >= maxColumns) {
                    throw new UnreadableFileException(TOO_WIDE, "row " + (rows.size() + 1)
                            + " has more than " + maxColumns + " columns");
                }
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                if (!(row.size() == 1 && row.get(0).isEmpty())) {
                    rows.add(row);
                }
                row = new ArrayList<>();
                any = false;
            } else if (c != '\r') {
                field.append((char) c);
            }
        }
        if (any) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
