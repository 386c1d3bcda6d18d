package io.datanet.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.ReviewMode;
import io.datanet.events.UploadValidated;
import io.datanet.events.Verdict;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.platform.testing.DatanetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every verdict carries the upload's new information, measured after its contributor's earlier passing text in the
 * datanet as the service remembers it between uploads: thirty paragraphs say as much uploaded as one file as split
 * over twenty, and twenty templated one-liners, each its own upload, say about as much as one paragraph.
 */
@QuarkusTest
@WithTestResource(DatanetTestResource.class)
class NewInformationFlowTest {

    @Inject
    TopicNames topics;
    @Inject
    BlobStore blobs;

    @Test
    void splittingBuysNothingAndTemplatesSayLittle() throws Exception {
        List<String> prose = io.datanet.validation.checks.NewInformationTest.prose();
        List<String> oneFile = List.of(upload("d-" + UUID.randomUUID(), "careful-" + UUID.randomUUID(), prose));
        String split = "d-" + UUID.randomUUID();
        String splitter = "splitter-" + UUID.randomUUID();
        List<String> splitUploads = new ArrayList<>();
        for (List<String> part : io.datanet.validation.checks.NewInformationTest.split(prose, 20, new Random(21))) {
            splitUploads.add(upload(split, splitter, part));
        }
        String farm = "d-" + UUID.randomUUID();
        String farmer = "farmer-" + UUID.randomUUID();
        List<String> farmed = new ArrayList<>();
        for (String line : io.datanet.validation.checks.NewInformationTest.templated(20)) {
            farmed.add(upload(farm, farmer, List.of(line)));
        }

        List<String> all = new ArrayList<>(oneFile);
        all.addAll(splitUploads);
        all.addAll(farmed);
        Map<String, UploadValidated> verdicts = ReceivedUploads.verdicts(topics, all);
        long one = total(verdicts, oneFile);
        long twenty = total(verdicts, splitUploads);
        long templated = total(verdicts, farmed);
        System.out.printf("new information in verdicts: one file %d B, split over 20 %d B, 20 templated %d B%n",
                one, twenty, templated);
        assertTrue(Math.abs(one - twenty) <= one / 100, one + " vs " + twenty);
        assertTrue(templated * 20 < one, templated + " vs " + one);
    }

    private String upload(String datanet, String contributor, List<String> paragraphs) throws Exception {
        byte[] text = String.join("\n\n", paragraphs).getBytes(StandardCharsets.UTF_8);
        return ReceivedUploads.publish(topics, blobs, datanet, contributor, "part.txt", text, ReviewMode.AUTO);
    }

    private static long total(Map<String, UploadValidated> verdicts, List<String> uploads) {
        long total = 0;
        for (String upload : uploads) {
            UploadValidated verdict = verdicts.get(upload);
            assertEquals(Verdict.ACCEPTED, verdict.verdict(), upload + " " + verdict.reasonCounts());
            assertEquals(verdict.recordsTotal(), verdict.recordsAccepted(), upload + " " + verdict.reasonCounts());
            total += verdict.newInformationBytes();
        }
        return total;
    }
}
