package io.datanet.console;

import io.datanet.events.DatanetJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.datanet.events.CloudEventBinding;
import io.datanet.events.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Fans the platform's events out to the browsers watching the console. Every console replica reads every partition
 * itself (assigned, no consumer group, nothing committed): each replica must see all events for its own viewers,
 * and a viewer only needs what happens from now on; the web app loads current state over the APIs when its stream
 * (re)connects. Datanet definitions are read from the beginning (the topic is compacted) to know each datanet's
 * owner, who may watch its uploads.
 */
@ApplicationScoped
public class LiveEvents {

    private static final Logger LOG = Logger.getLogger(LiveEvents.class);
    /** The streams a viewer can watch; the work queue (training.jobs) and reviews requests stay internal. */
    static final List<String> STREAMED = List.of(Topics.DATANETS_DEFINED, Topics.UPLOADS_RECEIVED,
            Topics.UPLOADS_REVIEWED, Topics.UPLOADS_VALIDATED, Topics.REPUTATION_UPDATED, Topics.TRAINING_STATUS,
            Topics.ATTRIBUTION_COMPUTED);
    private static final Duration RETRY = Duration.ofSeconds(2);

    /** A browser's open stream. */
    public interface Subscriber {
        Viewer viewer();

        /** Called on the Kafka thread; implementations hand the frame to their own I/O thread. */
        void send(String frame);
    }

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Map<String, String> datanetOwners = new ConcurrentHashMap<>();
    private final Map<String, Object> kafkaConnection;
    private final String topicPrefix;
    private volatile boolean running;
    private volatile boolean assigned;
    private volatile boolean everAssigned;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    /**
     * {@code kafkaConnection} is every {@code kafka.*} setting (Quarkus' default Kafka configuration): the bootstrap
     * address and, on Kubernetes, the console's credentials (a read-only principal).
     */
    LiveEvents(@Identifier("default-kafka-broker") Map<String, Object> kafkaConnection,
               @ConfigProperty(name = "datanet.kafka.topic-prefix") Optional<String> topicPrefix) {
        this.kafkaConnection = Map.copyOf(kafkaConnection);
        // Unset in production; tests give each class its own prefix. (An empty default would count as unset.)
        this.topicPrefix = topicPrefix.orElse("");
    }

    void start(@Observes StartupEvent ignored) {
        running = true;
        thread = new Thread(this::run, "console-live-events");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        thread.join(5_000);
    }

    public void subscribe(Subscriber subscriber) {
        subscribers.add(subscriber);
    }

    public void unsubscribe(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }

    public int subscriberCount() {
        return subscribers.size();
    }

    /** True while every streamed topic's partitions are assigned. */
    public boolean assigned() {
        return assigned;
    }

    /** True once the reader has been assigned at least once since start. */
    public boolean everAssigned() {
        return everAssigned;
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(consumerConfig())) {
                consumer = kafka;
                Map<TopicPartition, Long> catchUpEnds = assignAll(kafka);
                assigned = true;
                everAssigned = true;
                while (running) {
                    for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(500))) {
                        boolean catchingUp = record.offset() < catchUpEnds.getOrDefault(
                                new TopicPartition(record.topic(), record.partition()), -1L);
                        handle(record, catchingUp);
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                assigned = false;
                LOG.warnf("live event stream interrupted (%s); reconnecting", e.toString());
                sleep(RETRY);
            }
        }
    }

    /**
     * Assigns every partition of the streamed topics, waiting for topics that do not exist yet (the services
     * create them at start). Returns, for the definitions topic, the end offsets at assignment: records before
     * them are catch-up, read for owners and not shown as news.
     */
    private Map<TopicPartition, Long> assignAll(KafkaConsumer<String, String> kafka) {
        while (running) {
            List<TopicPartition> partitions = new ArrayList<>();
            boolean allKnown = true;
            for (String topic : STREAMED) {
                List<PartitionInfo> infos = kafka.partitionsFor(topicPrefix + topic, Duration.ofSeconds(10));
                if (infos == null || infos.isEmpty()) {
                    allKnown = false;
                    break;
                }
                infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
            if (allKnown) {
                kafka.assign(partitions);
                List<TopicPartition> definitions = partitions.stream()
                        .filter(p -> p.topic().equals(topicPrefix + Topics.DATANETS_DEFINED)).toList();
                kafka.seekToBeginning(definitions);
                kafka.seekToEnd(partitions.stream().filter(p -> !definitions.contains(p)).toList());
                Map<TopicPartition, Long> ends = new HashMap<>(kafka.endOffsets(definitions));
                partitions.forEach(kafka::position); // resolve the seeks now, before any event is produced
                return ends;
            }
            LOG.debug("waiting for the platform's topics to exist");
            sleep(RETRY);
        }
        throw new WakeupException();
    }

    private void handle(ConsumerRecord<String, String> record, boolean catchingUp) {
        CloudEvent envelope;
        JsonNode data;
        try {
            envelope = CloudEventBinding.read(record.headers());
            data = DatanetJson.tree(record.value());
        } catch (Exception e) {
            return; // a malformed event is the producing service's dead-letter concern, not the viewers'
        }
        if (data == null) {
            return;
        }
        String type = envelope.getType();
        if (record.topic().equals(topicPrefix + Topics.DATANETS_DEFINED)) {
            String datanetId = data.path("datanetId").asText(null);
            String ownerId = data.path("ownerId").asText(null);
            if (datanetId != null && ownerId != null) {
                datanetOwners.put(datanetId, ownerId);
            }
        }
        if (catchingUp || subscribers.isEmpty()) {
            return;
        }
        String frame = frame(envelope, data);
        for (Subscriber subscriber : subscribers) {
            if (EventAudience.visible(subscriber.viewer(), type, data, datanetOwners::get)) {
                subscriber.send(frame);
            }
        }
    }

    /** One server-sent event: the CloudEvent id as the SSE id, its type as the event name, the envelope as data. */
    static String frame(CloudEvent envelope, JsonNode data) {
        ObjectNode json = DatanetJson.mapper().createObjectNode();
        String id = envelope.getId();
        json.put("id", id);
        json.put("type", envelope.getType());
        json.put("time", envelope.getTime() == null ? null : envelope.getTime().toString());
        json.set("data", data);
        // JSON written compactly has no raw newlines, so it is a single SSE data line.
        return "id: " + id.replaceAll("[\\r\\n]", "") + "\nevent: " + envelope.getType()
                + "\ndata: " + json + "\n\n";
    }

    private Properties consumerConfig() {
        Properties config = new Properties();
        config.putAll(kafkaConnection);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "console-live-events");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
