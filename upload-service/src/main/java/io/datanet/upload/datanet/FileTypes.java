package io.datanet.upload.datanet;

import java.util.Map;

/**
 * Every file type a datanet can accept, by extension, with its media type; validation-service reads each of them.
 * A datanet's definition names a subset; an upload's file is judged against it (upload/FileChecks).
 */
public final class FileTypes {
    public static final Map<String, String> MEDIA_TYPES = Map.of(
            "jsonl", "application/jsonl",
            "csv", "text/csv",
            "txt", "text/plain",
            "md", "text/markdown",
            "pdf", "application/pdf",
            "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");

    private FileTypes() {
    }
}
