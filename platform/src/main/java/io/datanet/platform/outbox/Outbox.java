package io.datanet.platform.outbox;

import io.datanet.events.CloudEvent;
import io.datanet.events.EventCatalog;
import io.datanet.events.EventDefinition;
import io.datanet.events.EventJson;
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

    /** Adds an event about {@code subject} carrying {@code data}; the topic and key follow from its type. */
    public <T> Uni<CloudEvent<T>> add(String subject, T data) {
        CloudEvent<T> event = CloudEvent.of(source, subject, data);
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
        return entry.persist().replaceWith(event);
    }

    public String source() {
        return source;
    }
}
