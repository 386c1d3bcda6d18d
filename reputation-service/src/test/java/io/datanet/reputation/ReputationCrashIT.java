package io.datanet.reputation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datanet.events.CloudEvent;
import io.datanet.events.CloudEventHeaders;
import io.datanet.events.Topics;
import io.datanet.events.UploadValidated;
import io.datanet.events.UploadWithdrawn;
import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.datanet.platform.testing.IsolatedEnvironment;
import io.datanet.platform.testing.ServiceProcess;
import io.datanet.platform.testing.TestEvents;
import io.datanet.platform.testing.TestTokens;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL while verdicts and withdrawals stream in, twice: after the restarts every contributor's counts are exact
 * (nothing lost, nothing counted twice, each withdrawal undoing its upload's acceptance once), each applied verdict
 * and withdrawal has one history line, and each was announced under exactly one event id. The verdicts are on the topic before the service starts, so it takes them in large batches (one
 * transaction each, {@code ProcessedEvents.applyEachOnce}); two of them cannot be counted, which makes their batches
 * fail and be applied again one by one: exactly those two end on the dead-letter topic, and no other verdict is lost.
 */
class ReputationCrashIT {

    static final int CONTRIBUTORS = 6;
    static final int UPLOADS = 240;

    @Test
    void killedMidStreamLosesAndDoubleCountsNothing() throws InterruptedException {
        try (IsolatedEnvironment environment = IsolatedEnvironment.create()) {
            String topic = environment.topic(Topics.UPLOADS_VALIDATED);
            String withdrawals = environment.topic(Topics.UPLOADS_WITHDRAWN);
            Map<String, int[]> expected = new HashMap<>();   // contributor → {accepted, rejected, applied verdicts}
            for (int i = 0; i < UPLOADS; i++) {
                String contributor = "c-" + (i % CONTRIBUTORS);
                String upload = "u-" + i;
                boolean accepted = i % 3 != 0;
                publish(topic, upload, contributor, 1, accepted ? Verdict.ACCEPTED : Verdict.REJECTED);
                int[] counts = expected.computeIfAbsent(contributor, c -> new int[3]);
                counts[2]++;
                if (i % 10 == 0) {   // a validator flips every tenth upload
                    publish(topic, upload, contributor, 2, accepted ? Verdict.REJECTED : Verdict.ACCEPTED);
                    accepted = !accepted;
                    counts[2]++;
                }
                counts[accepted ? 0 : 1]++;
                if (i % 7 == 3) {   // withdrawn (twice over, under two event ids): an acceptance stops counting
                    withdraw(withdrawals, upload, contributor);
                    withdraw(withdrawals, upload, contributor);
                    counts[2]++;
                    if (accepted) {
                        counts[0]--;
                    }
                }
                if (i == 100 || i == 200) {
                    poison(topic, "poison-" + i, i == 100);
                }
            }
            int applied = expected.values().stream().mapToInt(c -> c[2]).sum();
            String updates = environment.topic(Topics.REPUTATION_UPDATED);

            try (ServiceProcess service = ServiceProcess.start("reputation-service", environment.config())) {
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> TestEvents.readAll(updates).size() >= 20);
                service.kill();
                service.restart();
                Awaitility.await().atMost(Duration.ofSeconds(60))
                        .until(() -> TestEvents.readAll(updates).size() >= applied / 2);
                service.kill();
                service.restart();
                // At least as many as applied, then exactly as many: a surplus or a shortfall fails with the numbers.
                try {
                    Awaitility.await().atMost(Duration.ofSeconds(180)).until(() -> announced(updates).size() >= applied);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("announcements: " + announced(updates).size() + " of " + applied, e);
                }
                Thread.sleep(2000);

                String token = TestTokens.contributor("auditor");
                expected.forEach((contributor, counts) -> {
                    JsonPath page = given().baseUri(service.url()).auth().oauth2(token)
                            .get("/api/contributors/{id}?size=1", contributor).then().statusCode(200)
                            .extract().jsonPath();
                    assertEquals(counts[0], page.getInt("overall.accepted"), contributor + " accepted");
                    assertEquals(counts[1], page.getInt("overall.rejected"), contributor + " rejected");
                    assertEquals(counts[2], page.getInt("history.total"), contributor + " applied verdicts and withdrawals");
                });
                // The relay may send an event again after a kill (at least once), under the same id, which
                // consumers dedupe. A verdict applied twice would show as two ids with the same reason.
                assertEquals(applied, announced(updates).size(), "one announcement id per applied verdict");
                Set<String> reasons = new HashSet<>();
                TestEvents.readAll(updates).forEach(r -> reasons.add(
                        io.datanet.events.EventJson.read(r.value(), io.datanet.events.ReputationUpdated.class).reason()));
                assertEquals(applied, reasons.size(), "each (upload, version) and each withdrawal announced once");
                // Parking is at least once, like every send to Kafka: a kill after a record was parked and before its
                // offset was committed parks it again, with the same source offset in its headers. So: the two
                // uncountable verdicts are parked, and nothing else (no other source record) is.
                List<ConsumerRecord<String, String>> dead = TestEvents.readAll(
                        environment.topic(Topics.deadLetter(Topics.UPLOADS_VALIDATED)));
                assertEquals(Set.of("poison-100", "poison-200"),
                        dead.stream().map(ConsumerRecord::key).collect(java.util.stream.Collectors.toSet()),
                        "the two uncountable verdicts parked");
                assertEquals(2, dead.stream().map(r -> TestEvents.header(r, "dead-letter-partition") + "@"
                        + TestEvents.header(r, "dead-letter-offset")).distinct().count(),
                        "no other source record parked: " + dead.stream().map(ConsumerRecord::key).toList());
                // A withdrawal that lost a deadlock to a batch of verdicts was once parked here as if it were poison.
                assertEquals(List.of(), TestEvents.readAll(environment.topic(Topics.deadLetter(Topics.UPLOADS_WITHDRAWN)))
                        .stream().map(ConsumerRecord::key).toList(), "no withdrawal parked");
                JsonPath rebuilt = given().baseUri(service.url()).auth().oauth2(TestTokens.operator("ops"))
                        .post("/api/admin/rebuild").then().statusCode(200).extract().jsonPath();
                assertEquals(0, rebuilt.getInt("differenceCount"),
                        "live state differs from the replayed topics: " + rebuilt.getList("differences"));
            }
        }
    }

    private static void publish(String topic, String upload, String contributor, int version, Verdict verdict) {
        TestEvents.publish(topic, CloudEvent.of("/test", upload, new UploadValidated(upload, "d-crash", contributor,
                version, verdict, version == 1 ? VerdictSource.VALIDATION : VerdictSource.VALIDATOR_REVIEW,
                verdict == Verdict.ACCEPTED ? 0.9 : 0, 4, verdict == Verdict.ACCEPTED ? 4 : 0, Map.of(), null, null,
                null, null, Instant.now())));
    }

    private static void withdraw(String topic, String upload, String contributor) {
        TestEvents.publish(topic, CloudEvent.of("/test", upload, new UploadWithdrawn(upload, "d-crash", contributor,
                contributor, UploadWithdrawn.Reason.WITHDRAWN, Instant.now())));
    }

    /**
     * A verdict reputation cannot count: not JSON at all ({@code unreadable}), or a quality score out of range, which
     * only the ledger's check finds, inside the batch's transaction.
     */
    private static void poison(String topic, String upload, boolean unreadable) {
        RecordHeaders headers = TestEvents.headersOf(CloudEvent.of("/test", upload, new UploadValidated(upload,
                "d-crash", "c-poison", 1, Verdict.ACCEPTED, VerdictSource.VALIDATION, 0.5, 1, 1, Map.of(), null, null,
                null, null, Instant.now())));
        String value = unreadable ? "not json" : "{\"uploadId\":\"" + upload + "\",\"datanetId\":\"d-crash\","
                + "\"contributorId\":\"c-poison\",\"verdictVersion\":1,\"verdict\":\"ACCEPTED\","
                + "\"decidedBy\":\"VALIDATION\",\"qualityScore\":7}";
        TestEvents.publishRaw(topic, upload, value, headers);
    }

    /** Announcements by event id: how many times each was delivered. */
    private static Map<String, Integer> announced(String topic) {
        List<ConsumerRecord<String, String>> records = TestEvents.readAll(topic);
        Map<String, Integer> byId = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            byId.merge(TestEvents.header(record, CloudEventHeaders.ID), 1, Integer::sum);
        }
        return byId;
    }
}
