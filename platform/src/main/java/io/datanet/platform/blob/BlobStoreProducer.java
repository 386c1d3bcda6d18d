package io.datanet.platform.blob;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Chooses the blob store from configuration: {@code datanet.blob.store=local} (default) with {@code datanet.blob.dir}. */
@ApplicationScoped
public class BlobStoreProducer {

    @ConfigProperty(name = "datanet.blob.store", defaultValue = "local")
    String kind;
    @ConfigProperty(name = "datanet.blob.dir", defaultValue = "/var/lib/datanet/blobs")
    Path directory;

    @Produces
    @ApplicationScoped
    BlobStore blobStore() {
        return switch (kind) {
            case "local" -> new LocalBlobStore(directory);
            default -> throw new IllegalStateException("unknown datanet.blob.store " + kind + " (expected local)");
        };
    }
}
