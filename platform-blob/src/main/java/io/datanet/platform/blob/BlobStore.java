package io.datanet.platform.blob;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Content-addressed storage for dataset bytes: the address of a blob names the SHA-256 of its content, so identical
 * content is stored once (per namespace) and an address always means the same bytes. Implementations write a blob
 * completely before it becomes visible under its address: a failed write leaves nothing behind.
 *
 * <p>Addresses are {@code sha256:<hex>} in the shared area (every blob written before namespaces; never swept) or
 * {@code <namespace>/sha256:<hex>} in a service's own namespace, which that service sweeps ({@link StoredBlob},
 * {@link BlobSweeper}). {@link #open} and the other readers take either.
 *
 * <p>The calls block on I/O; call them from worker threads, never from an event loop.
 */
public interface BlobStore {

    /**
     * Streams {@code content} into the shared area while hashing it.
     *
     * @param maxBytes stop reading and fail with {@link BlobTooLargeException} once more than this many bytes came
     */
    StoredBlob put(InputStream content, long maxBytes) throws IOException;

    /**
     * Streams {@code content} into {@code namespace} while hashing it. A blob already there is written again (the
     * same bytes, atomically), which makes its modification time now: a sweep's grace period then protects it while
     * the new reference to it is being recorded.
     */
    StoredBlob put(String namespace, InputStream content, long maxBytes) throws IOException;

    /** Opens the blob at {@code address}; {@link BlobNotFoundException} when there is none. */
    InputStream open(String address) throws IOException;

    boolean exists(String address) throws IOException;

    long size(String address) throws IOException;

    /**
     * Up to {@code limit} blobs of {@code namespace} whose digest sorts after {@code afterSha256} ("" for the first),
     * in digest order (fewer than {@code limit}: the namespace ends there): a sweep pages through a namespace with it.
     */
    List<Listed> list(String namespace, String afterSha256, int limit) throws IOException;

    /** When the blob was last written; empty when there is none. */
    Optional<Instant> lastModified(String address) throws IOException;

    /** Removes the blob; false when there was none. Only a namespace's {@link BlobSweeper} calls it. */
    boolean delete(String address) throws IOException;

    /** A blob as listed: its address and when it was last written. */
    record Listed(String address, Instant lastModified) {
    }
}
