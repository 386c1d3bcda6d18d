package io.datanet.upload.blob;

import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.blob.LocalBlobStore;
import io.datanet.platform.blob.StoredBlob;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The test's blob store: the local one, with a hook a test can set to act right after a blob was put (to run a
 * sweep between an upload's storing and its recording). Without a hook it is the local store unchanged.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class HookedBlobStore implements BlobStore {

    /** Called after every put while set; tests set and clear it. */
    public static volatile Consumer<StoredBlob> afterPut;

    private final LocalBlobStore local;

    HookedBlobStore(@ConfigProperty(name = "datanet.blob.dir") Path directory) {
        this.local = new LocalBlobStore(directory);
    }

    @Override
    public StoredBlob put(InputStream content, long maxBytes) throws IOException {
        return hooked(local.put(content, maxBytes));
    }

    @Override
    public StoredBlob put(String namespace, InputStream content, long maxBytes) throws IOException {
        return hooked(local.put(namespace, content, maxBytes));
    }

    private static StoredBlob hooked(StoredBlob blob) {
        Consumer<StoredBlob> hook = afterPut;
        if (hook != null) {
            hook.accept(blob);
        }
        return blob;
    }

    @Override
    public InputStream open(String address) throws IOException {
        return local.open(address);
    }

    @Override
    public boolean exists(String address) {
        return local.exists(address);
    }

    @Override
    public long size(String address) throws IOException {
        return local.size(address);
    }

    @Override
    public List<Listed> list(String namespace, String afterSha256, int limit) throws IOException {
        return local.list(namespace, afterSha256, limit);
    }

    @Override
    public Optional<Instant> lastModified(String address) throws IOException {
        return local.lastModified(address);
    }

    @Override
    public boolean delete(String address) throws IOException {
        return local.delete(address);
    }
}
