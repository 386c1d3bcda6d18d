package io.datanet.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.datanet.events.CloudEventHeaders;
import io.datanet.events.EventCatalog;
import io.datanet.events.EventDefinition;
import io.datanet.platform.kafka.HeaderText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The events' documented contract applied to events as they are on the wire: each record's CloudEvents headers
 * against asyncapi.yaml's {@code CloudEventHeaders} and its payload against its message's schema, with networknt's
 * JSON Schema validator. Held strictly: the document's objects are read as closed, so a payload property the
 * document does not name is a departure too (AsyncApiContractTest holds the Java records to the document; this
 * holds what the services actually publish).
 */
public final class EventSchemas {

    /** A name for the document while it is validated against; never fetched. */
    private static final String DOCUMENT = "https://datanet.invalid/events/asyncapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = registry();
    private static final Schema HEADERS = schema("CloudEventHeaders");
    private static final Map<String, Schema> PAYLOADS = new HashMap<>();

    static {
        for (EventDefinition<?> event : EventCatalog.ALL) {
            PAYLOADS.put(event.type(), schema(event.dataClass().getSimpleName()));
        }
    }

    private EventSchemas() {
    }

    /** How {@code record} departs from the document (empty when it keeps to it), each naming the event. */
    public static List<String> departures(ConsumerRecord<String, String> record) {
        String type = HeaderText.of(record, CloudEventHeaders.TYPE);
        String where = record.topic() + " " + type + " " + HeaderText.of(record, CloudEventHeaders.ID) + ": ";
        List<String> departures = new ArrayList<>();
        ObjectNode headers = JSON.createObjectNode();
        record.headers().forEach(header -> headers.put(header.key(), HeaderText.of(record, header.key())));
        HEADERS.validate(headers).forEach(error -> departures.add(where + "header " + error.getMessage()));
        Schema payload = type == null ? null : PAYLOADS.get(type);
        if (payload == null) {
            departures.add(where + "a type the document does not describe");
            return departures;
        }
        try {
            payload.validate(JSON.readTree(record.value())).forEach(error -> departures.add(where
                    + error.getInstanceLocation() + ": " + error.getMessage()));
        } catch (IOException | RuntimeException e) {
            departures.add(where + "the data is not JSON: " + e.getMessage());
        }
        return departures;
    }

    private static Schema schema(String name) {
        return REGISTRY.getSchema(SchemaLocation.of(DOCUMENT + "#/components/schemas/" + name));
    }

    private static SchemaRegistry registry() {
        try (InputStream in = Optional.ofNullable(EventSchemas.class.getResourceAsStream("/asyncapi.yaml"))
                .orElseThrow(() -> new IllegalStateException("asyncapi.yaml is missing from the events jar"))) {
            JsonNode document = new YAMLMapper().readTree(in);
            document.path("components").path("schemas").fields().forEachRemaining(schema -> {
                if (!schema.getKey().equals("CloudEventHeaders")) {
                    closeObjects(schema.getValue());
                }
            });
            String json = JSON.writeValueAsString(document);
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
                    builder -> builder.schemas(Map.of(DOCUMENT, json)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every object schema with named properties and no word on others gets {@code additionalProperties: false}.
     * The headers stay open: the transport adds headers of its own.
     */
    private static void closeObjects(JsonNode schema) {
        if (schema instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
            object.elements().forEachRemaining(EventSchemas::closeObjects);
        } else if (schema.isArray()) {
            schema.elements().forEachRemaining(EventSchemas::closeObjects);
        }
    }
}
