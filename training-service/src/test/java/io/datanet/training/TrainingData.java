package io.datanet.training;

import io.datanet.events.CloudEvent;
import io.datanet.events.DatanetDefined;
import io.datanet.events.ReviewMode;
import io.datanet.events.Topics;
import io.datanet.events.UploadValidated;
import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.blob.StoredBlob;
import io.datanet.platform.testing.TestEvents;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Planted training data: coherent in-domain text (cooking instructions built from a small grammar, so two
 * contributors write alike but never the same), and garbage (the same letters shuffled). Published as datanet
 * definitions and ACCEPTED verdicts whose cleaned files are in the blob store, as validation-service would.
 */
final class TrainingData {

    private static final String[] ACTIONS = {"Stir", "Whisk", "Fold", "Simmer", "Season", "Roast", "Chop", "Slice"};
    private static final String[] THINGS = {"the onions", "the garlic", "the stock", "the butter", "the carrots",
            "the flour", "the cream", "the potatoes", "the tomatoes", "the herbs"};
    private static final String[] HOW = {"slowly over a low heat", "until golden and soft", "with a pinch of salt",
            "in a wide heavy pan", "for ten minutes", "until the sauce thickens", "and taste as you go"};

    private TrainingData() {
    }

    static String recipe(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            text.append(ACTIONS[random.nextInt(ACTIONS.length)]).append(' ')
                    .append(THINGS[random.nextInt(THINGS.length)]).append(' ')
                    .append(HOW[random.nextInt(HOW.length)]).append(". ");
        }
        return text.toString().trim();
    }

    static String garbage(Random random) {
        char[] letters = recipe(random).toCharArray();
        for (int i = letters.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            char c = letters[i];
            letters[i] = letters[j];
            letters[j] = c;
        }
        return new String(letters);
    }

    static String datanet(Function<String, String> physical, String owner) {
        return datanet(physical, owner, "d-" + java.util.UUID.randomUUID());
    }

    /** A datanet of this id (unique within the test's own database and topics). */
    static String datanet(Function<String, String> physical, String owner, String id) {
        TestEvents.publish(physical.apply(Topics.DATANETS_DEFINED), CloudEvent.of("/test", id, new DatanetDefined(id,
                "Cooking", "", owner, List.of(), List.of("jsonl"), ReviewMode.AUTO, 0.8, Instant.now(), null)));
        return id;
    }

    /** An ACCEPTED upload of {@code records} texts by {@code contributor}, its cleaned file in the blob store; its id. */
    static String acceptedUpload(Function<String, String> physical, BlobStore blobs, String datanet, String contributor,
                               List<String> records) throws Exception {
        return acceptedUpload(physical, blobs, datanet, contributor, records, "u-" + java.util.UUID.randomUUID());
    }

    /** {@link #acceptedUpload(Function, BlobStore, String, String, List)} under this upload id. */
    static String acceptedUpload(Function<String, String> physical, BlobStore blobs, String datanet, String contributor,
                               List<String> records, String upload) throws Exception {
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            lines.add("{\"record\":" + (i + 1) + ",\"text\":\"" + records.get(i) + "\"}");
        }
        return acceptedCleanedFile(physical, blobs, datanet, contributor, lines, upload);
    }

    /** An accepted upload whose cleaned file has these JSONL lines, as validation-service writes them; its id. */
    static String acceptedCleanedFile(Function<String, String> physical, BlobStore blobs, String datanet,
                                    String contributor, List<String> lines) throws Exception {
        return acceptedCleanedFile(physical, blobs, datanet, contributor, lines, "u-" + java.util.UUID.randomUUID());
    }

    private static String acceptedCleanedFile(Function<String, String> physical, BlobStore blobs, String datanet,
                                              String contributor, List<String> lines, String upload) throws Exception {
        byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        StoredBlob cleaned = blobs.put(new ByteArrayInputStream(bytes), bytes.length);
        TestEvents.publish(physical.apply(Topics.UPLOADS_VALIDATED), CloudEvent.of("/test", upload,
                new UploadValidated(upload, datanet, contributor, 1, Verdict.ACCEPTED, VerdictSource.VALIDATION, 1.0,
                        lines.size(), lines.size(), Map.of(), cleaned.address(), cleaned.sha256(), null, null,
                        Instant.now())));
        return upload;
    }
}
