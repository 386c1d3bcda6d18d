package io.datanet.platform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricSamplesTest {

    private static final String SCRAPE = String.join("\n",
            "# TYPE datanet_events_nacked_total counter",
            "datanet_events_nacked_total{cause=\"MalformedEventException\",topic=\"t.uploads\"} 2.0 "
                    + "# {span_id=\"00f067aa0ba902b7\",trace_id=\"4bf92f3577b34da6a3ce929d0e0e4736\"} 1.0 1796503681.512",
            "datanet_events_nacked_total{cause=\"a } in \\\"quotes\\\"\",topic=\"t.uploads\"} 1.0",
            "datanet_events_nacked_total{cause=\"Other\",topic=\"t.other\"} 5.0",
            "datanet_outbox_backlog 7.0",
            "datanet_outbox_backlog_max 9.0");

    @Test
    void aSamplesValueIsTheFieldAfterItsLabelsNotItsExemplarsTimestamp() {
        assertEquals(3.0, MetricSamples.sum(SCRAPE, "datanet_events_nacked_total", "topic=\"t.uploads\""));
        assertEquals(8.0, MetricSamples.sum(SCRAPE, "datanet_events_nacked_total"));
    }

    @Test
    void namesMatchExactly() {
        assertEquals(7.0, MetricSamples.sum(SCRAPE, "datanet_outbox_backlog"));
        assertTrue(MetricSamples.has(SCRAPE, "datanet_outbox_backlog_max"));
        assertFalse(MetricSamples.has(SCRAPE, "datanet_outbox"));
        assertEquals(0.0, MetricSamples.sum(SCRAPE, "datanet_missing_total"));
    }
}
