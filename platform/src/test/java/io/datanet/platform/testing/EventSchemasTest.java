package io.datanet.platform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datanet.events.CloudEvent;
import io.datanet.events.CloudEventHeaders;
import io.datanet.events.EventJson;
import io.datanet.events.Topics;
import io.datanet.events.UploadWithdrawn;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Each way an event can depart from asyncapi.yaml is found, and an event as the services write it keeps to it. */
class EventSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CloudEvent<UploadWithdrawn> event = CloudEvent.of("/datanet/upload-service", "u-1",
            new UploadWithdrawn("u-1", "d-1", "c-1", "c-1", UploadWithdrawn.Reason.WITHDRAWN,
                    Instant.parse("2026-12-05T10:00:00Z")));

    @Test
    void anEventAsTheServicesWriteItKeepsToTheDocument() {
        assertEquals(List.of(), EventSchemas.departures(record(TestEvents.headersOf(event), EventJson.write(event.data()))));
    }

    @Test
    void anUndocumentedPropertyAMissingOneAWrongTypeAndAnUnknownEnumValueAreDepartures() throws Exception {
        String payload = EventJson.write(event.data());
        ObjectNode extra = (ObjectNode) JSON.readTree(payload);
        extra.put("secretNote", "not in the document");
        ObjectNode missing = (ObjectNode) JSON.readTree(payload);
        missing.remove("uploadId");
        ObjectNode wrongType = (ObjectNode) JSON.readTree(payload);
        wrongType.put("withdrawnAt", 17);
        ObjectNode unknownReason = (ObjectNode) JSON.readTree(payload);
        unknownReason.put("reason", "FORGOTTEN");
        for (ObjectNode departing : List.of(extra, missing, wrongType, unknownReason)) {
            List<String> found = EventSchemas.departures(record(TestEvents.headersOf(event), departing.toString()));
            assertEquals(1, found.size(), departing + " -> " + found);
        }
    }

    @Test
    void missingCloudEventsHeadersAndAnUndocumentedTypeAreDepartures() {
        RecordHeaders withoutId = TestEvents.headersOf(event);
        withoutId.remove(CloudEventHeaders.ID);
        assertTrue(EventSchemas.departures(record(withoutId, EventJson.write(event.data()))).stream()
                .anyMatch(d -> d.contains("ce_id")));
        RecordHeaders otherType = TestEvents.headersOf(event);
        otherType.remove(CloudEventHeaders.TYPE);
        otherType.add(CloudEventHeaders.TYPE, "io.datanet.upload.vanished.v1".getBytes());
        assertTrue(EventSchemas.departures(record(otherType, EventJson.write(event.data()))).stream()
                .anyMatch(d -> d.contains("does not describe")));
    }

    private static ConsumerRecord<String, String> record(RecordHeaders headers, String value) {
        return new ConsumerRecord<>(Topics.UPLOADS_WITHDRAWN, 0, 0L, 0L, TimestampType.CREATE_TIME, 0, 0, "c-1", value,
                headers, Optional.empty());
    }
}
