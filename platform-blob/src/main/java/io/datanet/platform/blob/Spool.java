package io.datanet.platform.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * Copies an incoming stream into a temporary file while digesting it, stopping as soon as it passes the size limit:
 * every blob store spools this way before the bytes go anywhere under their address.
 */
final class Spool {

    private static final int BUFFER = 64 * 1024;

    private Spool() {
    }

    /** Writes {@code content} to {@code file} (synced to disk), updating every digest; returns the size. */
    static long copy(InputStream content, Path file, long maxBytes, MessageDigest... digests) throws IOException {
        long size = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
             OutputStream out = Channels.newOutputStream(channel)) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = content.read(buffer)) != -1) {
                size += n;
                if (size > maxBytes) {
                    throw new BlobTooLargeException(maxBytes);
                }
                for (MessageDigest digest : digests) {
                    digest.update(buffer, 0, n);
                }
                out.write(buffer, 0, n);
            }
            out.flush();
            channel.force(true);
        }
        return size;
    }
}
