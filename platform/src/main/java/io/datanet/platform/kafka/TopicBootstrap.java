package io.datanet.platform.kafka;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Creates missing topics when the service starts, where {@code datanet.kafka.create-topics} allows it. */
@Startup
@ApplicationScoped
public class TopicBootstrap {

    private static final Logger LOG = Logger.getLogger(TopicBootstrap.class);

    @ConfigProperty(name = "datanet.kafka.create-topics")
    boolean createTopics;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    TopicNames topicNames;
    @ConfigProperty(name = "datanet.kafka.partitions")
    int partitions;

    @PostConstruct
    void createMissingTopics() {
        if (!createTopics) {
            return;
        }
        try {
            TopicProvisioner.ensureTopics(bootstrapServers, topicNames.prefix(), partitions);
        } catch (IllegalStateException e) {
            // Not fatal: the service starts, readiness reports the broker as down until it is reachable.
            LOG.warnf("topics not provisioned: %s", e.getMessage());
        }
    }
}
