package io.datanet.platform.kafka;

import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Creates missing topics when the service starts, where {@code datanet.kafka.create-topics} allows it. */
@Startup
@ApplicationScoped
public class TopicBootstrap {

    private static final Logger LOG = Logger.getLogger(TopicBootstrap.class);

    @ConfigProperty(name = "datanet.kafka.create-topics")
    boolean createTopics;
    /** Every kafka.* setting: the address and whatever credentials the service connects with. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConnection;
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
            TopicProvisioner.ensureTopics(kafkaConnection, topicNames.prefix(), partitions);
        } catch (IllegalStateException e) {
            // Not fatal: the service starts, readiness reports the broker as down until it is reachable.
            LOG.warnf("topics not provisioned: %s", e.getMessage());
        }
    }
}
