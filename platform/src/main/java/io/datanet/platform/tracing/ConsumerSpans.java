package io.datanet.platform.tracing;

import io.datanet.events.CloudEventHeaders;
import io.datanet.platform.kafka.HeaderText;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The span of a consumer applying one event: a child of the span that published the record (its {@code traceparent}
 * header), so an upload's trace goes on through every service its events reach. The span is current while the work
 * runs; events the work adds to the outbox carry it, and the trace continues past them.
 *
 * <p>"Current" lives on the Vert.x duplicated context a consumer runs on (Quarkus' context storage), where it follows
 * the work across its asynchronous steps and no further. Off such a context the span is recorded but not made
 * current: a thread-local would leak it into whatever the event loop runs next.
 */
@ApplicationScoped
public class ConsumerSpans {

    private final Tracer tracer;

    public ConsumerSpans(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.datanet.platform");
    }

    /** {@code work}, the consuming of {@code record} by {@code consumer} (its group), in its span. */
    public <T> Uni<T> consuming(String consumer, ConsumerRecord<?, ?> record, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Context parent = TraceContext.fromHeaders(record.headers());
            Span span = tracer.spanBuilder(record.topic() + " process")
                    .setParent(parent)
                    .setSpanKind(SpanKind.CONSUMER)
                    .setAttribute("messaging.system", "kafka")
                    .setAttribute("messaging.operation.type", "process")
                    .setAttribute("messaging.destination.name", record.topic())
                    .setAttribute("messaging.destination.partition.id", String.valueOf(record.partition()))
                    .setAttribute("messaging.kafka.offset", record.offset())
                    .setAttribute("messaging.consumer.group.name", consumer)
                    .setAttribute("messaging.message.id", HeaderText.of(record, CloudEventHeaders.ID))
                    .setAttribute("cloudevents.event_type", HeaderText.of(record, CloudEventHeaders.TYPE))
                    .setAttribute("cloudevents.event_subject", HeaderText.of(record, CloudEventHeaders.SUBJECT))
                    .startSpan();
            Scope scope = VertxContext.isOnDuplicatedContext() ? parent.with(span).makeCurrent() : Scope.noop();
            Uni<T> running;
            try {
                running = work.get();
            } catch (RuntimeException e) {
                end(span, scope, e);
                throw e;
            }
            return running.onTermination().invoke((item, failure, cancelled) -> end(span, scope, failure));
        });
    }

    private static void end(Span span, Scope scope, Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        }
        span.end();
        scope.close();
    }
}
