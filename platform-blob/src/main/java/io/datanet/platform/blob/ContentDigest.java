package io.datanet.platform.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 and size of a file, computed without storing it: a service can judge a request by the address its
 * content would have (duplicates, idempotency) before anything reaches the blob store.
 */
public record ContentDigest(String sha256, long sizeBytes) {

    public static ContentDigest of(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                digest.update(buffer, 0, n);
                size += n;
            }
        }
        return new ContentDigest(HexFormat.of().formatHex(digest.digest()), size);
    }
}
