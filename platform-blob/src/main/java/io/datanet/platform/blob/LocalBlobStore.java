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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Blobs as files under a directory: {@code <root>/sha256/ab/cd/<hex>} in the shared area,
 * {@code <root>/ns/<namespace>/sha256/ab/cd/<hex>} in a namespace. Content is streamed to a temporary file
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

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

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
        return put(null, content, maxBytes);
    }

    @Override
    public StoredBlob put(String namespace, InputStream content, long maxBytes) throws IOException {
        Path temporary = Files.createTempFile(tmp, "incoming-", ".part");
        try {
            MessageDigest digest = sha256();
            long size = Spool.copy(content, temporary, maxBytes, digest);
            String hex = HexFormat.of().formatHex(digest.digest());
            String address = namespace == null ? StoredBlob.addressOf(hex) : StoredBlob.addressOf(namespace, hex);
            Path target = pathOf(address);
            Files.createDirectories(target.getParent());
            if (namespace == null) {
                moveIntoPlace(temporary, target);
            } else {
                // Replaces a blob already there with the same bytes: its time becomes now, and a sweep deleting it
                // at this very moment cannot leave the address empty (rename is atomic either way).
                moveOver(temporary, target);
            }
            return new StoredBlob(address, hex, size);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public InputStream open(String address) throws IOException {
        try {
            return Files.newInputStream(pathOf(address));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(address);
        }
    }

    @Override
    public boolean exists(String address) {
        return Files.isRegularFile(pathOf(address));
    }

    @Override
    public long size(String address) throws IOException {
        try {
            return Files.size(pathOf(address));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(address);
        }
    }

    /** Walks the namespace's directory: fine for the local store of one machine; S3 lists in pages instead. */
    @Override
    public List<Listed> list(String namespace, String afterSha256, int limit) throws IOException {
        Path digests = areaOf(StoredBlob.checkedNamespace(namespace)).resolve("sha256");
        if (!Files.isDirectory(digests)) {
            return List.of();
        }
        List<Listed> found = new ArrayList<>();
        try (Stream<Path> files = Files.find(digests, 3, (path, attributes) -> attributes.isRegularFile()
                && HEX.matcher(path.getFileName().toString()).matches()
                && path.getFileName().toString().compareTo(afterSha256) > 0)) {
            for (Path file : files.sorted(Comparator.comparing(p -> p.getFileName().toString())).limit(limit).toList()) {
                try {
                    found.add(new Listed(StoredBlob.addressOf(namespace, file.getFileName().toString()),
                            Files.getLastModifiedTime(file).toInstant()));
                } catch (NoSuchFileException gone) {
                    // deleted since it was found
                }
            }
        }
        return found;
    }

    @Override
    public Optional<Instant> lastModified(String address) throws IOException {
        try {
            return Optional.of(Files.getLastModifiedTime(pathOf(address)).toInstant());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean delete(String address) throws IOException {
        return Files.deleteIfExists(pathOf(address));
    }

    private Path pathOf(String address) {
        String hex = StoredBlob.digestOf(address);
        return areaOf(StoredBlob.namespaceOf(address)).resolve("sha256").resolve(hex.substring(0, 2))
                .resolve(hex.substring(2, 4)).resolve(hex);
    }

    /** The root for the shared area (""), {@code <root>/ns/<namespace>} for a namespace. */
    private Path areaOf(String namespace) {
        return namespace.isEmpty() ? root : root.resolve("ns").resolve(namespace);
    }

    private static void moveOver(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("blob directory must be on one file system for atomic renames", e);
        }
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
