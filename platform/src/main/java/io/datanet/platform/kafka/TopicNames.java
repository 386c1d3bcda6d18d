package io.datanet.platform.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Maps a logical topic name from {@link io.datanet.events.Topics} to the physical one. The prefix is empty in
 * production; tests set it so each test class has its own topics on the one local broker.
 */
@ApplicationScoped
public class TopicNames {

    private final String prefix;

    public TopicNames(@ConfigProperty(name = "datanet.kafka.topic-prefix", defaultValue = "") String prefix) {
        this.prefix = prefix;
    }

    public String physical(String logicalTopic) {
        return prefix + logicalTopic;
    }

    public String logical(String physicalTopic) {
        return physicalTopic.startsWith(prefix) ? physicalTopic.substring(prefix.length()) : physicalTopic;
    }
}
