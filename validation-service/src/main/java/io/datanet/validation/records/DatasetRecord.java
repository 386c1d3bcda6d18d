package io.datanet.validation.records;

/**
 * One training example found in an upload. {@code text} is what the quality and duplicate checks read (the
 * prompt and completion joined for instruction data); {@code structureError} is a reason code when the record
 * could not be read at all.
 *
 * @param index 1-based position in the file (line for JSONL, row for CSV, paragraph for text)
 */
public record DatasetRecord(int index, String text, String prompt, String completion, String structureError) {

    public static DatasetRecord text(int index, String text) {
        return new DatasetRecord(index, text, null, null, null);
    }

    public static DatasetRecord instruction(int index, String prompt, String completion) {
        return new DatasetRecord(index, prompt + "\n" + completion, prompt, completion, null);
    }

    public static DatasetRecord broken(int index, String reasonCode) {
        return new DatasetRecord(index, "", null, null, reasonCode);
    }

    public boolean isInstruction() {
        return prompt != null;
    }
}
