package io.datanet.validation.records;

/** The file as a whole cannot be read as a dataset: the upload is rejected with this reason. */
public class UnreadableFileException extends RuntimeException {
    private final String reasonCode;

    public UnreadableFileException(String reasonCode, String message) {
        super(message);
        this.reasonCode = reasonCode;
    }

    public String reasonCode() {
        return reasonCode;
    }
}
