package io.datanet.platform.blob;

import java.util.regex.Pattern;

/**
 * A blob as stored: its address, the hex digest and its size in bytes.
 *
 * <p>An address is {@code sha256:<hex>} for a blob in the shared area every service wrote to before namespaces
 * existed (still readable, never swept), or {@code <namespace>/sha256:<hex>} for a blob a service wrote into its own
 * namespace: the owner of a namespace is the one service that can tell whether a blob in it is still referenced (the
 * services' databases are separate), so only it sweeps it (see {@link BlobSweeper}).
 */
public record StoredBlob(String address, String sha256, long sizeBytes) {

    public static final String SCHEME = "sha256:";

    /** Lower-case letters, digits and '-', starting with a letter: safe as a directory name and an S3 key part. */
    private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    /** The address of {@code sha256Hex} in the shared (legacy) area. */
    public static String addressOf(String sha256Hex) {
        return SCHEME + sha256Hex;
    }

    /** The address of {@code sha256Hex} in {@code namespace}. */
    public static String addressOf(String namespace, String sha256Hex) {
        return checkedNamespace(namespace) + "/" + SCHEME + sha256Hex;
    }

    /** The hex digest of an address, checked to be 64 lowercase hex characters (no path tricks). */
    public static String digestOf(String address) {
        String local = address == null ? null : address.substring(address.indexOf('/') + 1);
        if (local == null || !local.startsWith(SCHEME)) {
            throw new IllegalArgumentException("not a blob address: " + address);
        }
        String hex = local.substring(SCHEME.length());
        if (!HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a SHA-256 blob address: " + address);
        }
        namespaceOf(address);
        return hex;
    }

    /** The namespace of an address, "" for the shared area; checked like {@link #checkedNamespace}. */
    public static String namespaceOf(String address) {
        int slash = address == null ? -1 : address.indexOf('/');
        return slash < 0 ? "" : checkedNamespace(address.substring(0, slash));
    }

    public static String checkedNamespace(String namespace) {
        if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("not a blob namespace (a-z, 0-9, '-', at most 32): " + namespace);
        }
        return namespace;
    }
}
