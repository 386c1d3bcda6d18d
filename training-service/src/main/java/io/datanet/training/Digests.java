package io.datanet.training;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names for content the service derives (snapshots, job settings, export files): {@code sha256:<hex>} of a canonical
 * text, or of bytes hashed as they stream ({@link #newSha256}, {@link #name}).
 */
public final class Digests {

    private Digests() {
    }

    public static String sha256(String canonicalText) {
        MessageDigest digest = newSha256();
        digest.update(canonicalText.getBytes(StandardCharsets.UTF_8));
        return name(digest);
    }

    /** A SHA-256 to feed bytes to as they stream; {@link #name} names what it was fed. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code sha256:<hex>} of what {@code digest} was fed (which resets it). */
    public static String name(MessageDigest digest) {
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }
}
