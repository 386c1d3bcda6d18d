package io.datanet.platform.kafka;

import io.datanet.events.EventCatalog;
import io.datanet.events.EventDefinition;
import io.datanet.events.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates every event topic and its dead-letter topic if missing. Used at service start-up on local runs and by
 * the test resources; on Kubernetes the topics are Strimzi resources instead.
 */
public final class TopicProvisioner {

    private TopicProvisioner() {
    }

    /**
     * Kafka loads its plugin classes (metrics reporters) through the thread's context class loader; where that is not
     * the loader of the Kafka client itself (Quarkus test profiles start test resources under another one) the
     * classes clash (ClassCastException). The client's own loader is always right.
     */
    private static Admin createAdmin(Properties config) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Admin.class.getClassLoader());
        try {
            return Admin.create(config);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Creates every missing event and dead-letter topic, connecting with {@code connection} (address, credentials). */
    public static void ensureTopics(Map<String, Object> connection, String prefix, int partitions) {
        Properties config = new Properties();
        config.putAll(connection);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = createAdmin(config)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (EventDefinition<?> definition : EventCatalog.ALL) {
                String topic = prefix + definition.topic();
                if (!existing.contains(topic)) {
                    NewTopic newTopic = new NewTopic(topic, partitions, (short) 1);
                    if (definition.compacted()) {
                        newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                    }
                    missing.add(newTopic);
                }
                String deadLetter = prefix + Topics.deadLetter(definition.topic());
                if (!existing.contains(deadLetter)) {
                    missing.add(new NewTopic(deadLetter, 1, (short) 1));
                }
            }
            if (!missing.isEmpty()) {
                createIgnoringRaces(admin, missing);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics on "
                    + connection.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + e.getMessage(), e);
        }
    }

    /** Deletes every topic whose name starts with {@code prefix} (a test's), connecting with {@code connection}. */
    public static void deleteTopics(Map<String, Object> connection, String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("refusing to delete unprefixed (production) topics");
        }
        Properties config = new Properties();
        config.putAll(connection);
        try (Admin admin = createAdmin(config)) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> ours = names.stream().filter(n -> n.startsWith(prefix)).toList();
            admin.deleteTopics(ours).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Leftover test topics only cost disk on a throw-away broker; never fail a test run over them.
        }
    }

    private static void createIgnoringRaces(Admin admin, List<NewTopic> topics) throws Exception {
        // Two services starting together may both create a topic; the loser's TopicExistsException is fine.
        for (var entry : admin.createTopics(topics).values().entrySet()) {
            try {
                entry.getValue().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }
}
