package io.datanet.platform.blob;

/** A blob as stored: its address ({@code sha256:<hex>}), the hex digest and its size in bytes. */
public record StoredBlob(String address, String sha256, long sizeBytes) {

    public static final String SCHEME = "sha256:";

    public static String addressOf(String sha256Hex) {
        return SCHEME + sha256Hex;
    }

    /** The hex digest of an address, checked to be 64 lowercase hex characters (no path tricks). */
    public static String digestOf(String address) {
        if (address == null || !address.startsWith(SCHEME)) {
            throw new IllegalArgumentException("not a blob address: " + address);
        }
        String hex = address.substring(SCHEME.length());
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 blob address: " + address);
        }
        return hex;
    }
}
