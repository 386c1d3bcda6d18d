package io.datanet.platform.blob;

import java.io.IOException;
import java.io.InputStream;

/**
 * Content-addressed storage for dataset bytes: the address of a blob is {@code sha256:<hex>} of its content, so
 * identical content is stored once and an address always means the same bytes. Implementations write a blob
 * completely before it becomes visible under its address: a failed write leaves nothing behind.
 *
 * <p>The calls block on I/O; call them from worker threads, never from an event loop.
 */
public interface BlobStore {

    /**
     * Streams {@code content} into the store while hashing it.
     *
     * @param maxBytes stop reading and fail with {@link BlobTooLargeException} once more than this many bytes came
     */
    StoredBlob put(InputStream content, long maxBytes) throws IOException;

    /** Opens the blob at {@code address}; {@link BlobNotFoundException} when there is none. */
    InputStream open(String address) throws IOException;

    boolean exists(String address) throws IOException;

    long size(String address) throws IOException;
}
