package io.datanet.validation.meaning;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The service's one embedding table, loaded at start (12 MB, well under a second) rather than on the first upload. */
@ApplicationScoped
public class EmbeddingModel {

    @Produces
    @Singleton
    @Startup
    StaticEmbeddings embeddings() {
        return StaticEmbeddings.load();
    }
}
