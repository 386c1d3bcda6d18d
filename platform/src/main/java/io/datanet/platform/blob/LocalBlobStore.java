package io.datanet.platform.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Blobs as files under a directory: {@code <root>/sha256/ab/cd/<hex>}. Content is streamed to a temporary file
 * in {@code <root>/tmp} while it is hashed, forced to disk, then atomically renamed to its address, so readers
 * never see a partial blob and a crash leaves at most a temporary file (swept by a later start, once abandoned).
 */
public class LocalBlobStore implements BlobStore {

    /**
     * A temporary file untouched for this long was left by a crash. Younger ones are kept: the services share the
     * directory, and one starting must not delete another's upload in progress (the fault test saw a restarting
     * validation-service do that, and upload-service answer 500).
     */
    static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    private final Path root;
    private final Path tmp;

    public LocalBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = this.root.resolve("tmp");
        try {
            Files.createDirectories(tmp);
            sweepAbandonedTemporaryFiles();
        } catch (IOException e) {
            throw new IllegalStateException("cannot use blob directory " + this.root, e);
        }
    }

    @Override
    public StoredBlob put(InputStream content, long maxBytes) throws IOException {
        Path temporary = Files.createTempFile(tmp, "incoming-", ".part");
        try {
            MessageDigest digest = sha256();
            long size = Spool.copy(content, temporary, maxBytes, digest);
            String hex = HexFormat.of().formatHex(digest.digest());
            Path target = pathOf(hex);
            Files.createDirectories(target.getParent());
            moveIntoPlace(temporary, target);
            return new StoredBlob(StoredBlob.addressOf(hex), hex, size);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public InputStream open(String address) throws IOException {
        try {
            return Files.newInputStream(pathOf(StoredBlob.digestOf(address)));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(address);
        }
    }

    @Override
    public boolean exists(String address) {
        return Files.isRegularFile(pathOf(StoredBlob.digestOf(address)));
    }

    @Override
    public long size(String address) throws IOException {
        try {
            return Files.size(pathOf(StoredBlob.digestOf(address)));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(address);
        }
    }

    private Path pathOf(String hex) {
        return root.resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
    }

    private static void moveIntoPlace(Path temporary, Path target) throws IOException {
        if (Files.exists(target)) {
            return; // same address, same bytes: already stored
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // a concurrent writer stored the same content first
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("blob directory must be on one file system for atomic renames", e);
        }
    }

    private void sweepAbandonedTemporaryFiles() throws IOException {
        Instant abandoned = Instant.now().minus(ABANDONED_AFTER);
        try (var files = Files.list(tmp)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(abandoned)) {
                        Files.deleteIfExists(file);
                    }
                } catch (NoSuchFileException e) {
                    // its writer has just moved it into place or deleted it
                }
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
