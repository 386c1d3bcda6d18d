package io.datanet.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datanet.events.UploadValidated;
import io.datanet.events.Verdict;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.platform.testing.DatanetTestResource;
import io.datanet.validation.checks.TopicRelevance;
import io.datanet.validation.checks.TopicRelevanceTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Records are judged against the topic their upload event carries: in a cooking datanet, paragraphs about markets
 * and football are {@code relevance.off-topic} and not accepted; the same file in a datanet that lowers the
 * threshold, or in one with no description and no tags, is accepted whole.
 */
@QuarkusTest
@WithTestResource(DatanetTestResource.class)
class RelevanceFlowTest {

    @Inject
    TopicNames topics;
    @Inject
    BlobStore blobs;

    @Test
    void offTopicRecordsAreRejectedByTheDatanetsTopic() throws Exception {
        List<String> records = new java.util.ArrayList<>(TopicRelevanceTest.COOKING);
        records.addAll(TopicRelevanceTest.ELSEWHERE);
        byte[] file = String.join("\n\n", records).getBytes(StandardCharsets.UTF_8);
        String description = "Step-by-step cooking instructions in plain English";
        String judged = ReceivedUploads.publish(topics, blobs, "d-" + UUID.randomUUID(), "cook-" + UUID.randomUUID(),
                file, description, List.of("cooking"), Map.of());
        String lenient = ReceivedUploads.publish(topics, blobs, "d-" + UUID.randomUUID(), "cook-" + UUID.randomUUID(),
                file, description, List.of("cooking"), Map.of("minRelevance", -1.0));
        String noTopic = ReceivedUploads.publish(topics, blobs, "d-" + UUID.randomUUID(), "cook-" + UUID.randomUUID(),
                file, null, List.of(), Map.of());

        Map<String, UploadValidated> verdicts = ReceivedUploads.verdicts(topics, List.of(judged, lenient, noTopic));
        UploadValidated offTopic = verdicts.get(judged);
        assertEquals(Map.of(TopicRelevance.OFF_TOPIC, TopicRelevanceTest.ELSEWHERE.size()), offTopic.reasonCounts());
        assertEquals(TopicRelevanceTest.COOKING.size(), offTopic.recordsAccepted());
        assertEquals(Verdict.ACCEPTED, offTopic.verdict(), "8 of 10 records pass, the datanet's 0.8");
        for (String whole : List.of(lenient, noTopic)) {
            assertEquals(Map.of(), verdicts.get(whole).reasonCounts());
            assertEquals(records.size(), verdicts.get(whole).recordsAccepted());
        }
    }
}
