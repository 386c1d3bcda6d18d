package io.datanet.demo.bench;

import io.datanet.events.DatanetJson;
import com.fasterxml.jackson.databind.JsonNode;
import io.datanet.demo.Api;
import io.datanet.events.KafkaAccess;
import io.datanet.events.KafkaAccessProvisioner;
import io.datanet.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Watches the pipeline's topics from their end offsets (taken before the load starts) and notes when each event of
 * the benchmark's uploads arrives, on this machine's clock: {@code uploads.received} and {@code uploads.validated}
 * by upload id, {@code reputation.updated} per contributor (handed to the {@link ContributorPool}), and any
 * {@code training.jobs} request for the benchmark's datanets (handed to a canceller; there should be none).
 * Assigned partitions, no consumer group: nothing is committed and no other consumer is disturbed.
 */
final class EventWatcher implements AutoCloseable {

    /** When an event was seen, its size on the broker (key + value + headers) and, for verdicts, the verdict. */
    record Seen(long nanos, int bytes, String verdict) {
    }

    private static final List<String> TOPICS = List.of(Topics.UPLOADS_RECEIVED, Topics.UPLOADS_VALIDATED,
            Topics.REPUTATION_UPDATED, Topics.TRAINING_JOBS);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DatanetRotation datanets;
    private final ContributorPool contributors;
    private final Consumer<String> trainingJobOfOurs;
    private final Map<String, Seen> received = new ConcurrentHashMap<>();
    private final Map<String, Seen> validated = new ConcurrentHashMap<>();
    private final Map<String, Integer> partitions = new ConcurrentHashMap<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closed;
    private volatile Throwable failure;

    EventWatcher(String bootstrap, DatanetRotation datanets, ContributorPool contributors,
                 Consumer<String> trainingJobOfOurs) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // a downstream consumer of the local broker: the read-only user, by assignment (no group)
        props.putAll(KafkaAccessProvisioner.clientSettings(KafkaAccess.READER,
                KafkaAccessProvisioner.localPassword(KafkaAccess.READER)));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "pipeline-bench");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(props);
        this.datanets = datanets;
        this.contributors = contributors;
        this.trainingJobOfOurs = trainingJobOfOurs;
        this.thread = new Thread(this::watch, "event-watcher");
        thread.setDaemon(true);
    }

    /** Starts watching; returns once every partition's position is fixed at its current end. */
    void start() throws InterruptedException {
        thread.start();
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the event watcher did not reach the topics' ends", failure);
        }
        if (failure != null) {
            throw new IllegalStateException("the event watcher failed", failure);
        }
    }

    Seen received(String uploadId) {
        return uploadId == null ? null : received.get(uploadId);
    }

    Seen validated(String uploadId) {
        return uploadId == null ? null : validated.get(uploadId);
    }

    int partitions(String topic) {
        return partitions.getOrDefault(topic, 0);
    }

    private void watch() {
        try {
            List<TopicPartition> all = new ArrayList<>();
            for (String topic : TOPICS) {
                var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                partitions.put(topic, infos.size());
                infos.forEach(p -> all.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(all);
            consumer.seekToEnd(all);
            all.forEach(consumer::position);   // resolves the lazy seek now, before any upload is sent
            ready.countDown();
            while (!closed) {
                var records = consumer.poll(Duration.ofMillis(200));
                long now = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    try {
                        handle(record, now);
                    } catch (java.io.IOException e) {
                        // not JSON: not one of the benchmark's events (the producers only write JSON)
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } catch (Throwable t) {
            failure = t;
            ready.countDown();
            System.err.println("event watcher failed: " + t);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record, long now) throws java.io.IOException {
        if (record.value() == null) {
            return;
        }
        JsonNode data = DatanetJson.mapper().readTree(record.value());
        switch (record.topic()) {
            case Topics.UPLOADS_RECEIVED -> {
                if (datanets.isOurs(data.path("datanetId").asText(null))) {
                    received.putIfAbsent(data.path("uploadId").asText(), new Seen(now, size(record), null));
                }
            }
            case Topics.UPLOADS_VALIDATED -> {
                // Version 1 is the automatic verdict; later versions are reviews (none in a benchmark datanet).
                if (datanets.isOurs(data.path("datanetId").asText(null)) && data.path("verdictVersion").asInt() == 1) {
                    validated.putIfAbsent(data.path("uploadId").asText(),
                            new Seen(now, size(record), data.path("verdict").asText()));
                }
            }
            case Topics.REPUTATION_UPDATED -> contributors.reputationUpdated(data.path("contributorId").asText(),
                    data.path("accepted").asLong() + data.path("rejected").asLong(), now);
            case Topics.TRAINING_JOBS -> {
                if (datanets.isOurs(data.path("datanetId").asText(null))) {
                    trainingJobOfOurs.accept(data.path("jobId").asText());
                }
            }
            default -> {
            }
        }
    }

    /** The record's bytes as the broker stores them, less the fixed batch and record framing. */
    private static int size(ConsumerRecord<byte[], byte[]> record) {
        int bytes = Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
        for (Header header : record.headers()) {
            bytes += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return bytes;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        thread.join(10_000);
    }
}
