package io.datanet.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:15:30.123Z");

    static List<Object> samples() {
        return List.of(
                new DatanetDefined("d1", "Recipes", "cooking", "alice", List.of("food"), List.of("jsonl", "txt"),
                        ReviewMode.OWNER, 0.8, NOW, Map.of("minWords", 8.0)),
                new UploadReceived("u1", "d1", "bob", "a.jsonl", "application/jsonl", 42, "ab", "sha256:ab", NOW,
                        ReviewMode.OWNER, 0.8, Map.of("minWords", 8.0)),
                new UploadReviewed("u1", "d1", "bob", "alice", ReviewDecision.APPROVE, "fine", NOW),
                new UploadValidated("u1", "d1", "bob", 2, Verdict.ACCEPTED, VerdictSource.VALIDATOR_REVIEW, 0.9, 10, 9,
                        Map.of("pii.email", 1), "sha256:cd", "cd", "val", "ok", NOW),
                new UploadWithdrawn("u1", "d1", "bob", "bob", UploadWithdrawn.Reason.WITHDRAWN, NOW),
                new ReputationUpdated("bob", 0.7, 0.5, Tier.TRUSTED, Tier.NEW, 3, 1, 0.25, "upload u1 ACCEPTED", NOW,
                        new ReputationCause("VERDICT", "u1", null, "d1", "e1"), 0.8),
                new TrainingJobRequested("j1", "d1", "digest", "datanet-tiny", TrainingMethod.QLORA,
                        new Hyperparameters(8, 16, 0.05, List.of("c_attn"), 1e-3, 2, 8, 42), "alice", NOW),
                new TrainingStatusChanged("j1", "d1", JobStatus.RUNNING, 3, 10, 2.5, 120.0, 30L,
                        Map.of("baseLoss", 2.9), "training", NOW),
                new AttributionComputed("j1", "d1", "digest", "adapter", "tracin",
                        List.of(new ContributorInfluence("bob", 0.3, 1.0)),
                        List.of(new UploadInfluence("u1", "bob", 4, 1, 0.3)), NOW),
                new ExportCreated("e1", "d1", "sha256:ef", "alice", 9,
                        List.of(new ExportCreated.File("text/train-00000-of-00001.jsonl", 1200, "sha256:01", 9)), NOW));
    }

    @Test
    void everyPayloadSurvivesARoundTrip() {
        assertEquals(EventCatalog.ALL.size(), samples().size(), "a sample per catalogued event");
        for (Object sample : samples()) {
            Object back = EventJson.read(EventJson.write(sample), sample.getClass());
            assertEquals(sample, back, sample.getClass().getSimpleName());
        }
    }

    @Test
    void aDatanetsLaterVersionsSurviveARoundTripAndOlderEventsAreItsFirst() {
        DatanetDefined archived = new DatanetDefined("d1", "Recipes", "cooking", "alice", List.of("food"),
                List.of("jsonl"), ReviewMode.AUTO, 0.7, NOW, Map.of(), 3, NOW, "cc-by-4.0");
        DatanetDefined back = EventJson.read(EventJson.write(archived), DatanetDefined.class);
        assertEquals(archived, back);
        assertTrue(back.archived());
        // Written before definitions had versions: the datanet as created, open for uploads.
        DatanetDefined old = EventJson.read("{\"datanetId\":\"d1\",\"ownerId\":\"alice\",\"reviewMode\":\"auto\","
                + "\"acceptanceThreshold\":0.8,\"definedAt\":\"2026-11-01T00:00:00Z\"}", DatanetDefined.class);
        assertEquals(1, old.version());
        assertTrue(!old.archived());
        assertEquals("unknown", old.license(), "a definition from before licences names none");
    }

    @Test
    void reviewModeIsLowerCaseOnTheWire() {
        String json = EventJson.write(samples().get(0));
        assertTrue(json.contains("\"reviewMode\":\"owner\""), json);
    }

    @Test
    void keysComeFromTheCataloguedField() {
        for (Object sample : samples()) {
            EventDefinition<?> definition = EventCatalog.forDataClass(sample.getClass());
            String expected = switch (definition.key()) {
                case "contributorId" -> "bob";
                case "jobId" -> "j1";
                case "datanetId" -> "d1";
                default -> throw new AssertionError(definition.key());
            };
            assertEquals(expected, definition.keyOf(sample), definition.topic());
        }
    }

    @Test
    void malformedOrIncompletePayloadsAreRejectedAsPoison() {
        assertThrows(MalformedEventException.class, () -> EventJson.read("{not json", UploadReceived.class));
        assertThrows(MalformedEventException.class, () -> EventJson.read("{\"uploadId\":\"u1\"}", UploadReceived.class));
        assertThrows(MalformedEventException.class, () -> EventJson.read("null", UploadReceived.class));
    }

    @Test
    void newEventsGetUniqueIdsAndTheirCataloguedType() {
        UploadReceived data = (UploadReceived) samples().get(1);
        CloudEvent<UploadReceived> a = CloudEvent.of("/datanet/upload-service", "u1", data);
        CloudEvent<UploadReceived> b = CloudEvent.of("/datanet/upload-service", "u1", data);
        assertEquals("io.datanet.upload.received.v1", a.type());
        assertTrue(!a.id().equals(b.id()));
    }
}
