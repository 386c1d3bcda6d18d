package io.datanet.platform.tracing;

import io.datanet.platform.kafka.HeaderText;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;

/**
 * W3C trace context ({@code traceparent}) in and out of what Datanet stores and sends: the outbox row keeps the trace
 * of the work that added an event, and a consumed record's {@code traceparent} header names the span that published
 * it. Always W3C, whatever propagators OpenTelemetry is configured with, because the value is also part of the
 * event (the CloudEvents distributed-tracing extension) that downstream consumers read.
 */
public final class TraceContext {

    private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();
    static final String TRACEPARENT = "traceparent";

    private static final TextMapGetter<Headers> KAFKA_HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            headers.forEach(header -> keys.add(header.key()));
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            return HeaderText.of(headers, key);
        }
    };

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceContext() {
    }

    /** The current span's context as a {@code traceparent} value, or null when no sampled or valid span is current. */
    public static String currentTraceparent() {
        Map<String, String> carrier = new HashMap<>(2);
        W3C.inject(Context.current(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** The context a stored {@code traceparent} names, as a parent; the root context when it is null or malformed. */
    public static Context fromTraceparent(String traceparent) {
        return traceparent == null ? Context.root() : W3C.extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP);
    }

    /** The context the {@code traceparent} header of a consumed record names; the root context when it has none. */
    public static Context fromHeaders(Headers headers) {
        return W3C.extract(Context.root(), headers, KAFKA_HEADERS);
    }
}
