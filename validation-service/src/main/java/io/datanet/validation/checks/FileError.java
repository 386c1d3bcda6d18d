package io.datanet.validation.checks;

/**
 * Why a whole file could not be read as a dataset (binary, invalid UTF-8, no usable columns, a document bomb): one
 * reason code and what was wrong. Such an upload has no records to judge and is rejected for that reason alone.
 */
public record FileError(String reasonCode, String detail) {

    /** As the report stores and shows it: {@code "<code>: <detail>"}. */
    public String describe() {
        return reasonCode + ": " + detail;
    }
}
