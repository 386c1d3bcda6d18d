package io.datanet.validation;

import static org.awaitility.Awaitility.await;

import io.datanet.events.CloudEvent;
import io.datanet.events.EventJson;
import io.datanet.events.ReviewMode;
import io.datanet.events.Topics;
import io.datanet.events.UploadReceived;
import io.datanet.events.UploadValidated;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.blob.StoredBlob;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.platform.testing.TestEvents;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Uploads as upload-service announces them: the file in the blob store, then its uploads.received event; and their
 * verdicts as validation publishes them.
 */
final class ReceivedUploads {

    private ReceivedUploads() {
    }

    /** Stores {@code content} and announces it as a new upload (acceptance threshold 0.8); returns its id. */
    static String publish(TopicNames topics, BlobStore blobs, String datanet, String contributor, String fileName,
                          byte[] content, ReviewMode mode) throws Exception {
        return publish(topics, blobs.put(new ByteArrayInputStream(content), content.length), content.length, datanet,
                contributor, fileName, mode);
    }

    /** Announces an already stored file as a new upload (acceptance threshold 0.8); returns its id. */
    static String publish(TopicNames topics, StoredBlob blob, long size, String datanet, String contributor,
                          String fileName, ReviewMode mode) {
        return publish(topics, blob, size, datanet, contributor, fileName, mode, null, List.of(), Map.of());
    }

    /** Stores and announces an upload to a datanet with a topic and thresholds of its own; returns its id. */
    static String publish(TopicNames topics, BlobStore blobs, String datanet, String contributor, byte[] content,
                          String description, List<String> tags, Map<String, Double> thresholds) throws Exception {
        return publish(topics, blobs.put(new ByteArrayInputStream(content), content.length), content.length, datanet,
                contributor, "records.txt", ReviewMode.AUTO, description, tags, thresholds);
    }

    private static String publish(TopicNames topics, StoredBlob blob, long size, String datanet, String contributor,
                                  String fileName, ReviewMode mode, String description, List<String> tags,
                                  Map<String, Double> thresholds) {
        String id = "u-" + UUID.randomUUID();
        TestEvents.publish(topics.physical(Topics.UPLOADS_RECEIVED), CloudEvent.of("/test", id, new UploadReceived(id,
                datanet, contributor, fileName, "text/plain", size, blob.sha256(), blob.address(), Instant.now(), mode,
                0.8, thresholds, description, tags)));
        return id;
    }

    /** The verdicts of {@code uploads}, once each has one (the topic also holds other tests' verdicts). */
    static Map<String, UploadValidated> verdicts(TopicNames topics, List<String> uploads) {
        Map<String, UploadValidated> verdicts = new HashMap<>();
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            for (ConsumerRecord<String, String> record : TestEvents.readAll(topics.physical(Topics.UPLOADS_VALIDATED))) {
                UploadValidated verdict = EventJson.read(record.value(), UploadValidated.class);
                verdicts.put(verdict.uploadId(), verdict);
            }
            return verdicts.keySet().containsAll(uploads);
        });
        return verdicts;
    }
}
