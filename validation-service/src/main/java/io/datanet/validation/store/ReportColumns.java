package io.datanet.validation.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.datanet.validation.checks.UploadVerdict;
import java.util.List;
import java.util.Map;

/** The types of the report's columns that hold JSON structures ({@code DatanetJson} reads and writes them). */
public final class ReportColumns {
    /** {@code reason_counts}: how many records each reason rejected. */
    public static final TypeReference<Map<String, Integer>> COUNTS = new TypeReference<>() { };
    /** {@code rejected_records}: each rejected record with its reasons. */
    public static final TypeReference<List<UploadVerdict.RecordResult>> RECORDS = new TypeReference<>() { };

    private ReportColumns() {
    }
}
