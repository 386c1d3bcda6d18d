package io.datanet.platform.blob;

import java.io.IOException;

public class BlobNotFoundException extends IOException {
    public BlobNotFoundException(String address) {
        super("no blob at " + address);
    }
}
