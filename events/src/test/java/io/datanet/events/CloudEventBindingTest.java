package io.datanet.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class CloudEventBindingTest {

    private static final Instant TIME = Instant.parse("2026-12-06T02:30:00.123456Z");
    private static final UploadReviewed DATA = new UploadReviewed("u1", "d1", "bob", "alice",
            ReviewDecision.APPROVE, "fine", TIME);
    private static final CloudEvent<UploadReviewed> EVENT = new CloudEvent<>("e-1", "io.datanet.upload.reviewed.v1",
            "/datanet/upload-service", TIME, "u1", DATA);
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void writesTheKafkaBindingsBinaryHeaders() {
        RecordHeaders headers = CloudEventBinding.headers(EVENT, "https://datanet.example/events/asyncapi.yaml#x",
                TRACEPARENT);

        assertEquals("e-1", text(headers, CloudEventHeaders.ID));
        assertEquals("io.datanet.upload.reviewed.v1", text(headers, CloudEventHeaders.TYPE));
        assertEquals("/datanet/upload-service", text(headers, CloudEventHeaders.SOURCE));
        assertEquals("1.0", text(headers, CloudEventHeaders.SPEC_VERSION));
        assertEquals(TIME, Instant.parse(text(headers, CloudEventHeaders.TIME)));
        assertEquals("u1", text(headers, CloudEventHeaders.SUBJECT));
        assertEquals("application/json", text(headers, CloudEventHeaders.CONTENT_TYPE));
        assertEquals("https://datanet.example/events/asyncapi.yaml#x", text(headers, CloudEventHeaders.DATA_SCHEMA));
        assertEquals(TRACEPARENT, text(headers, CloudEventHeaders.TRACEPARENT));
    }

    @Test
    void leavesOutWhatIsNotSet() {
        RecordHeaders headers = CloudEventBinding.headers(new CloudEvent<>("e-2", EVENT.type(), EVENT.source(), TIME,
                null, DATA));

        assertNull(headers.lastHeader(CloudEventHeaders.SUBJECT));
        assertNull(headers.lastHeader(CloudEventHeaders.DATA_SCHEMA));
        assertNull(headers.lastHeader(CloudEventHeaders.TRACEPARENT));
    }

    @Test
    void readsBackWhatItWrote() {
        CloudEvent<UploadReviewed> read = CloudEventBinding.decode(CloudEventBinding.headers(EVENT),
                EventJson.write(DATA), UploadReviewed.class);

        assertEquals(EVENT, read);
    }

    @Test
    void refusesWhatIsNotAnEventOfTheExpectedType() {
        String json = EventJson.write(DATA);
        RecordHeaders none = new RecordHeaders();
        assertMalformed("not a CloudEvent", none, json);

        assertMalformed("id", with(CloudEventHeaders.ID, null), json);
        assertMalformed("spec version", with(CloudEventHeaders.SPEC_VERSION, "0.3"), json);
        assertMalformed("time", with(CloudEventHeaders.TIME, "yesterday"), json);
        assertMalformed("time", with(CloudEventHeaders.TIME, null), json);
        assertMalformed("unexpected event type", with(CloudEventHeaders.TYPE, "io.datanet.upload.received.v1"), json);
        assertMalformed("no data", CloudEventBinding.headers(EVENT), null);
    }

    private static void assertMalformed(String reason, RecordHeaders headers, String value) {
        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> CloudEventBinding.decode(headers, value, UploadReviewed.class));
        assertTrue(e.getMessage().contains(reason), () -> "expected '" + reason + "' in: " + e.getMessage());
    }

    /** The event's headers with header {@code name} set to {@code value}, or left out when it is null. */
    private static RecordHeaders with(String name, String value) {
        RecordHeaders headers = CloudEventBinding.headers(EVENT);
        headers.remove(name);
        if (value != null) {
            headers.add(name, bytes(value));
        }
        return headers;
    }

    private static String text(RecordHeaders headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
