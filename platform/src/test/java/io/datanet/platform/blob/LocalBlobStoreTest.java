package io.datanet.platform.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreTest {

    @TempDir
    Path root;

    @Test
    void storesContentUnderItsAddress() throws Exception {
        byte[] bytes = "a recipe".getBytes(StandardCharsets.UTF_8);
        StoredBlob blob = new LocalBlobStore(root).put(new ByteArrayInputStream(bytes), 100);
        try (InputStream in = new LocalBlobStore(root).open(blob.address())) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
    }

    /** Services share the directory: one starting keeps another's upload in progress, and sweeps what a crash left. */
    @Test
    void startingSweepsOnlyAbandonedTemporaryFiles() throws Exception {
        new LocalBlobStore(root);
        Path inProgress = Files.writeString(root.resolve("tmp").resolve("incoming-1.part"), "half an upload");
        Path abandoned = Files.writeString(root.resolve("tmp").resolve("incoming-2.part"), "left by a crash");
        Files.setLastModifiedTime(abandoned,
                FileTime.from(Instant.now().minus(LocalBlobStore.ABANDONED_AFTER).minusSeconds(60)));

        new LocalBlobStore(root);

        assertTrue(Files.exists(inProgress), "another process's upload in progress is kept");
        assertFalse(Files.exists(abandoned), "a temporary file abandoned by a crash is swept");
    }
}
