package io.datanet.platform.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
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

    @Test
    void aNamespaceKeepsItsBlobsApartListsThemInOrderAndDeletesThem() throws Exception {
        LocalBlobStore store = new LocalBlobStore(root);
        StoredBlob shared = store.put(new ByteArrayInputStream(bytes("shared")), 100);
        List<String> addresses = new ArrayList<>();
        for (String text : List.of("one", "two", "three")) {
            addresses.add(store.put("upload", new ByteArrayInputStream(bytes(text)), 100).address());
        }
        Collections.sort(addresses);
        assertTrue(addresses.get(0).startsWith("upload/sha256:"));
        assertTrue(Files.isRegularFile(root.resolve("ns/upload/sha256").resolve(addresses.get(0).substring(14, 16))
                .resolve(addresses.get(0).substring(16, 18)).resolve(addresses.get(0).substring(14))));

        try (InputStream in = store.open(addresses.get(1))) {
            assertTrue(List.of("one", "two", "three").contains(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }

        assertEquals(addresses, store.list("upload", "", 10).stream().map(BlobStore.Listed::address).toList());
        List<BlobStore.Listed> firstTwo = store.list("upload", "", 2);
        assertEquals(addresses.subList(0, 2), firstTwo.stream().map(BlobStore.Listed::address).toList());
        assertEquals(addresses.subList(2, 3), store.list("upload", StoredBlob.digestOf(addresses.get(1)), 2).stream()
                .map(BlobStore.Listed::address).toList());
        assertEquals(List.of(), store.list("validation", "", 10));

        assertTrue(store.delete(addresses.get(0)));
        assertFalse(store.exists(addresses.get(0)));
        assertFalse(store.delete(addresses.get(0)));
        assertEquals(Optional.empty(), store.lastModified(addresses.get(0)));
        assertTrue(store.exists(shared.address()), "the shared area is apart");
    }

    @Test
    void puttingContentANamespaceHoldsAlreadyMakesItNew() throws Exception {
        LocalBlobStore store = new LocalBlobStore(root);
        StoredBlob blob = store.put("upload", new ByteArrayInputStream(bytes("again")), 100);
        Instant old = Instant.now().minusSeconds(7200);
        store.delete(blob.address());
        store.put("upload", new ByteArrayInputStream(bytes("again")), 100);
        String hex = blob.sha256();
        Files.setLastModifiedTime(root.resolve("ns/upload/sha256").resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4))
                .resolve(hex), FileTime.from(old));
        assertTrue(store.lastModified(blob.address()).orElseThrow().isBefore(Instant.now().minusSeconds(3600)));

        store.put("upload", new ByteArrayInputStream(bytes("again")), 100);

        assertTrue(store.lastModified(blob.address()).orElseThrow().isAfter(Instant.now().minusSeconds(60)),
                "a sweep's grace period protects it again");
    }

    @Test
    void addressesAndNamespacesAreChecked() {
        LocalBlobStore store = new LocalBlobStore(root);
        String hex = "0".repeat(64);
        for (String address : List.of("../upload/sha256:" + hex, "Upload/sha256:" + hex, "/sha256:" + hex,
                "a/b/sha256:" + hex, "upload/sha256:../../etc")) {
            assertThrows(IllegalArgumentException.class, () -> store.open(address), address);
        }
        assertThrows(IllegalArgumentException.class, () -> store.put("../x", new ByteArrayInputStream(bytes("x")), 10));
        assertThrows(IllegalArgumentException.class, () -> store.list("..", "", 10));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
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
