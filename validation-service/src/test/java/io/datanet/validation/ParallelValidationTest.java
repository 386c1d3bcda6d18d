package io.datanet.validation;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.CloudEvent;
import io.datanet.events.DatanetDefined;
import io.datanet.events.EventJson;
import io.datanet.events.ReviewMode;
import io.datanet.events.Topics;
import io.datanet.events.UploadValidated;
import io.datanet.events.Verdict;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.blob.StoredBlob;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.platform.testing.DatanetTestResource;
import io.datanet.platform.testing.TestEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Uploads are judged by several consumers at once. Two contributors uploading the same records to one datanet at
 * the same moment land in different partitions and are judged side by side; each must still see the other's
 * records as duplicates once either is accepted. Pairs of identical uploads, all published at once: in every pair
 * exactly one is ACCEPTED and the other REJECTED as a copy of it.
 */
@QuarkusTest
@WithTestResource(DatanetTestResource.class)
class ParallelValidationTest {

    private static final int PAIRS = 15;
    private static final String[] WORDS = ("onion garlic butter pepper simmer roast bake whisk fold knead dough flour "
            + "sugar salt lemon thyme basil parsley carrot celery stock broth sauce gravy pastry crust oven skillet "
            + "kettle boil steam grill toast bread cheese cream milk yogurt honey vinegar mustard olive walnut almond "
            + "ginger cumin paprika saffron rice barley lentil bean potato tomato pumpkin spinach cabbage apple pear "
            + "plum cherry orange season slowly gently quickly until golden tender crisp smooth thick")
            .split(" ");

    @Inject
    TopicNames topics;
    @Inject
    BlobStore blobs;

    @Test
    void identicalUploadsJudgedSideBySideAcceptExactlyOneOfEachPair() throws Exception {
        String datanet = "d-" + UUID.randomUUID();
        TestEvents.publish(topics.physical(Topics.DATANETS_DEFINED), CloudEvent.of("/test", datanet,
                new DatanetDefined(datanet, "Cooking", "", "owner", List.of(), List.of("jsonl"), ReviewMode.AUTO, 0.8,
                        Instant.now(), null)));
        Random random = new Random(7);
        List<List<String>> pairs = new ArrayList<>();
        for (int pair = 0; pair < PAIRS; pair++) {
            byte[] content = records(random, 3).getBytes(StandardCharsets.UTF_8);
            StoredBlob blob = blobs.put(new ByteArrayInputStream(content), content.length);
            pairs.add(List.of(
                    ReceivedUploads.publish(topics, blob, content.length, datanet, "first-" + pair + "-" + UUID.randomUUID(),
                            "pair.jsonl", ReviewMode.AUTO),
                    ReceivedUploads.publish(topics, blob, content.length, datanet, "second-" + pair + "-" + UUID.randomUUID(),
                            "pair.jsonl", ReviewMode.AUTO)));
        }
        Set<String> all = pairs.stream().flatMap(List::stream).collect(Collectors.toSet());
        Map<String, UploadValidated> verdicts = await().atMost(Duration.ofSeconds(90)).until(() ->
                TestEvents.readAll(topics.physical(Topics.UPLOADS_VALIDATED)).stream()
                        .map(r -> EventJson.read(r.value(), UploadValidated.class))
                        .filter(v -> all.contains(v.uploadId()))
                        .collect(Collectors.toMap(UploadValidated::uploadId, v -> v, (a, b) -> a)),
                found -> found.size() == all.size());
        Set<String> sameTime = new HashSet<>();
        for (List<String> pair : pairs) {
            UploadValidated first = verdicts.get(pair.get(0));
            UploadValidated second = verdicts.get(pair.get(1));
            List<Verdict> outcome = List.of(first.verdict(), second.verdict());
            assertTrue(outcome.contains(Verdict.ACCEPTED) && outcome.contains(Verdict.REJECTED),
                    "exactly one of " + pair + " accepted: " + outcome + " " + first.reasonCounts() + " "
                            + second.reasonCounts());
            UploadValidated copy = first.verdict() == Verdict.REJECTED ? first : second;
            assertEquals(3, copy.reasonCounts().get("duplicate.exact"), copy.reasonCounts().toString());
            assertEquals(3, copy.reasonCounts().get("duplicate.cross-contributor"), copy.reasonCounts().toString());
            if (Math.abs(first.validatedAt().toEpochMilli() - second.validatedAt().toEpochMilli()) < 200) {
                sameTime.add(pair.get(0));
            }
        }
        String rejudged = io.restassured.RestAssured.get("/q/metrics").asString().lines()
                .filter(line -> line.startsWith("datanet_validation_rejudged_total")).findFirst().orElse("none");
        System.out.println("parallel validation: " + sameTime.size() + " of " + PAIRS
                + " pairs decided within 200 ms of each other; " + rejudged);
    }

    /** Records of random cooking words: no two pairs share a 5-word shingle, so only a pair's twin is a copy. */
    private static String records(Random random, int count) {
        StringBuilder jsonl = new StringBuilder();
        for (int r = 0; r < count; r++) {
            // 18 different words: no repeated word pair for the repetition filter to catch.
            List<String> words = new ArrayList<>(List.of(WORDS));
            java.util.Collections.shuffle(words, random);
            String sentence = String.join(" ", words.subList(0, 18));
            jsonl.append("{\"text\":\"").append(Character.toUpperCase(sentence.charAt(0))).append(sentence.substring(1))
                    .append(".\"}\n");
        }
        return jsonl.toString();
    }
}
