package io.datanet.reputation.rebuild;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads topics from offset zero up to the end they had when the replay started, partition by partition in offset
 * order. Blocking: run it off the event loop. No consumer group: it neither commits nor disturbs the services'
 * offsets.
 */
final class TopicReplay {

    private static final Duration POLL = Duration.ofMillis(500);
    /** A replay that makes no progress for this long fails instead of hanging (broker gone, say). */
    private static final Duration STALL = Duration.ofSeconds(30);

    private TopicReplay() {
    }

    /** Hands every record of {@code topics} to {@code sink}; returns how many it read. */
    static long replay(Map<String, Object> kafkaConnection, List<String> topics,
                       Consumer<ConsumerRecord<String, String>> sink) {
        Properties config = new Properties();
        config.putAll(kafkaConnection);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            long read = 0;
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos == null) {
                    continue;
                }
                for (PartitionInfo info : infos) {
                    read += replayPartition(consumer, new TopicPartition(topic, info.partition()), sink);
                }
            }
            return read;
        }
    }

    private static long replayPartition(KafkaConsumer<String, String> consumer, TopicPartition partition,
                                        Consumer<ConsumerRecord<String, String>> sink) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        Map<TopicPartition, Long> ends = consumer.endOffsets(List.of(partition));
        long end = ends.get(partition);
        long read = 0;
        long lastProgress = System.nanoTime();
        while (consumer.position(partition) < end) {
            List<ConsumerRecord<String, String>> batch = new ArrayList<>();
            consumer.poll(POLL).records(partition).forEach(batch::add);
            for (ConsumerRecord<String, String> record : batch) {
                if (record.offset() < end) {
                    sink.accept(record);
                    read++;
                }
            }
            if (!batch.isEmpty()) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                throw new IllegalStateException("replay of " + partition + " stalled at offset "
                        + consumer.position(partition) + " of " + end);
            }
        }
        return read;
    }
}
