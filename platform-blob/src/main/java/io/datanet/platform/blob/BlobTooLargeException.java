package io.datanet.platform.blob;

import java.io.IOException;

public class BlobTooLargeException extends IOException {
    private final long limitBytes;

    public BlobTooLargeException(long limitBytes) {
        super("content exceeds " + limitBytes + " bytes");
        this.limitBytes = limitBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
