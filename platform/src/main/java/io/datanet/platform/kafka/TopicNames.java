package io.datanet.platform.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Maps a logical topic name from {@link io.datanet.events.Topics} to the physical one. The prefix is empty in
 * production; tests set it so each test class has its own topics on the one local broker.
 */
@ApplicationScoped
public class TopicNames {

    private final String prefix;

    // Optional: MicroProfile Config treats an empty value as absent, and absent is the production case.
    public TopicNames(@ConfigProperty(name = "datanet.kafka.topic-prefix") Optional<String> prefix) {
        this.prefix = prefix.orElse("");
    }

    public String physical(String logicalTopic) {
        return prefix + logicalTopic;
    }

    public String prefix() {
        return prefix;
    }

    public String logical(String physicalTopic) {
        return physicalTopic.startsWith(prefix) ? physicalTopic.substring(prefix.length()) : physicalTopic;
    }
}
