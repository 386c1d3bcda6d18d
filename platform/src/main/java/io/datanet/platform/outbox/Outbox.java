package io.datanet.platform.outbox;

import io.datanet.events.CloudEvent;
import io.datanet.events.EventCatalog;
import io.datanet.events.EventDefinition;
import io.datanet.events.EventJson;
import io.datanet.platform.db.Sql;
import io.datanet.platform.tracing.TraceContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Records events in the outbox table. Call it inside the transaction that makes the state change the event
 * announces: both commit or neither does. {@link OutboxRelay} publishes them afterwards.
 */
@ApplicationScoped
public class Outbox {

    private final String source;

    public Outbox(@ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.source = "/datanet/" + applicationName;
    }

    /**
     * Adds an event about {@code subject} carrying {@code data}, in the current Hibernate Reactive transaction; the
     * topic and key follow from its type.
     */
    public <T> Uni<CloudEvent<T>> add(String subject, T data) {
        CloudEvent<T> event = CloudEvent.of(source, subject, data);
        OutboxEntry entry = entryOf(event);
        return entry.persist().replaceWith(event);
    }

    /** {@link #add(String, Object)} in a transaction of the SQL client ({@link io.datanet.platform.db.Database}). */
    public <T> Uni<CloudEvent<T>> add(Sql transaction, String subject, T data) {
        CloudEvent<T> event = CloudEvent.of(source, subject, data);
        OutboxEntry e = entryOf(event);
        return transaction.update("INSERT INTO outbox (event_id, topic, event_key, event_type, source, subject, "
                                + "event_time, payload, traceparent) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        e.eventId, e.topic, e.eventKey, e.eventType, e.source, e.subject, e.eventTime, e.payload,
                        e.traceparent)
                .replaceWith(event);
    }

    private static OutboxEntry entryOf(CloudEvent<?> event) {
        Object data = event.data();
        EventDefinition<?> definition = EventCatalog.forDataClass(data.getClass());
        OutboxEntry entry = new OutboxEntry();
        entry.eventId = event.id();
        entry.topic = definition.topic();
        entry.eventKey = definition.keyOf(data);
        entry.eventType = event.type();
        entry.source = event.source();
        entry.subject = event.subject();
        entry.eventTime = event.time();
        entry.payload = EventJson.write(data);
        // The trace of the request or consumed event this change is part of: the relay continues it.
        entry.traceparent = TraceContext.currentTraceparent();
        return entry;
    }

    public String source() {
        return source;
    }
}
