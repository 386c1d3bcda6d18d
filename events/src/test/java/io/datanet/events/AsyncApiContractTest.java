package io.datanet.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * asyncapi.yaml is the contract downstream consumers read; this test keeps it equal to the Java records, so a
 * field, topic or key cannot change in one place only.
 */
class AsyncApiContractTest {

    private static JsonNode doc;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = AsyncApiContractTest.class.getResourceAsStream("/asyncapi.yaml")) {
            assertNotNull(in, "asyncapi.yaml is on the classpath");
            doc = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        assertEquals("3.0.0", doc.path("asyncapi").asText(), "AsyncAPI version");
    }

    @Test
    void everyCataloguedEventHasItsChannelMessageAndKey() {
        List<String> problems = new ArrayList<>();
        for (EventDefinition<?> definition : EventCatalog.ALL) {
            JsonNode channel = channelWithAddress(definition.topic());
            if (channel == null) {
                problems.add("no channel with address " + definition.topic());
                continue;
            }
            JsonNode messages = channel.path("messages");
            if (messages.size() != 1) {
                problems.add(definition.topic() + " should carry exactly one message, has " + messages.size());
                continue;
            }
            JsonNode message = resolve(messages.elements().next());
            if (!definition.type().equals(message.path("x-cloudevents-type").asText())) {
                problems.add(definition.topic() + ": x-cloudevents-type " + message.path("x-cloudevents-type").asText()
                        + " != " + definition.type());
            }
            if (!"#/components/schemas/CloudEventHeaders".equals(message.path("headers").path("$ref").asText())) {
                problems.add(definition.topic() + ": headers must reference CloudEventHeaders");
            }
            String keyField = message.path("bindings").path("kafka").path("key").path("x-key-field").asText();
            if (!definition.key().equals(keyField)) {
                problems.add(definition.topic() + ": key field " + keyField + " != " + definition.key());
            }
            boolean compacted = channel.path("bindings").path("kafka").path("topicConfiguration")
                    .path("cleanup.policy").toString().contains("compact");
            if (compacted != definition.compacted()) {
                problems.add(definition.topic() + ": compaction documented " + compacted + ", catalogued " + definition.compacted());
            }
            compareSchema(definition.dataClass(), resolve(message.path("payload")), problems);
            String published = "Published by " + definition.producer() + " ";
            boolean documented = false;
            for (JsonNode operation : doc.path("operations")) {
                if (resolve(operation.path("channel")) == channel && "send".equals(operation.path("action").asText())) {
                    documented = operation.path("description").asText().startsWith(published);
                }
            }
            if (!documented) {
                problems.add(definition.topic() + ": no send operation says '" + published + "...'");
            }
        }
        assertTrue(problems.isEmpty(), "asyncapi.yaml differs from the event records:\n" + String.join("\n", problems));
    }

    @Test
    void everyTopicHasADeadLetterChannelAndNothingElseIsDocumented() {
        Set<String> expected = new TreeSet<>();
        for (String topic : Topics.ALL) {
            expected.add(topic);
            expected.add(Topics.deadLetter(topic));
        }
        Set<String> documented = new TreeSet<>();
        doc.path("channels").forEach(channel -> documented.add(channel.path("address").asText()));
        assertEquals(expected, documented, "channels in asyncapi.yaml");
        assertEquals(new HashSet<>(Topics.ALL),
                EventCatalog.ALL.stream().map(EventDefinition::topic).collect(Collectors.toSet()),
                "every topic has exactly one catalogued event");
    }

    @Test
    void cloudEventHeadersAreDocumented() {
        JsonNode headers = doc.path("components").path("schemas").path("CloudEventHeaders").path("properties");
        for (String header : List.of(CloudEventHeaders.ID, CloudEventHeaders.TYPE, CloudEventHeaders.SOURCE,
                CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.TIME, CloudEventHeaders.SUBJECT,
                CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.TRACEPARENT, CloudEventHeaders.DATA_SCHEMA)) {
            assertTrue(headers.has(header), "header " + header + " documented");
        }
    }

    @Test
    void everyEventsDataSchemaPointsAtItsPayloadsSchemaInThisDocument() {
        for (EventDefinition<?> event : EventCatalog.ALL) {
            String reference = event.dataSchema("https://datanet.example.com/events/asyncapi.yaml");
            String pointer = reference.substring(reference.indexOf('#') + 1);
            assertTrue(doc.at(pointer).path("properties").isObject(), event.type() + ": " + reference);
            String message = event.dataClass().getSimpleName();
            assertEquals("#" + pointer, doc.path("components").path("messages").path(message).path("payload")
                    .path("$ref").asText(), event.type() + ": the message's payload is the schema dataschema names");
        }
    }

    private static void compareSchema(Class<?> recordClass, JsonNode schema, List<String> problems) {
        String where = recordClass.getSimpleName();
        JsonNode properties = schema.path("properties");
        Set<String> documented = new TreeSet<>();
        properties.fieldNames().forEachRemaining(documented::add);
        Set<String> fields = Arrays.stream(recordClass.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        if (!documented.equals(fields)) {
            problems.add(where + ": documented properties " + documented + " != record components " + fields);
        }
        schema.path("required").forEach(r -> {
            if (!fields.contains(r.asText())) {
                problems.add(where + ": required " + r.asText() + " is not a field");
            }
        });
        for (RecordComponent component : recordClass.getRecordComponents()) {
            JsonNode property = properties.path(component.getName());
            if (property.isMissingNode()) {
                continue;
            }
            compareType(where + "." + component.getName(), component.getType(), component.getGenericType(),
                    property, problems);
        }
    }

    private static void compareType(String where, Class<?> type, Type genericType, JsonNode property,
                                    List<String> problems) {
        if (type.isRecord()) {
            compareSchema(type, resolve(property), problems);
            return;
        }
        String expected = jsonType(type);
        String actual = property.path("type").asText();
        if (!expected.equals(actual)) {
            problems.add(where + ": type " + actual + ", expected " + expected);
            return;
        }
        if (type.isEnum()) {
            Set<String> constants = new TreeSet<>();
            for (Object constant : type.getEnumConstants()) {
                constants.add(EventJson.write(constant).replace("\"", ""));
            }
            Set<String> documented = new TreeSet<>();
            property.path("enum").forEach(v -> documented.add(v.asText()));
            if (!constants.equals(documented)) {
                problems.add(where + ": enum " + documented + " != " + constants);
            }
        }
        if (type == Instant.class && !"date-time".equals(property.path("format").asText())) {
            problems.add(where + ": an Instant is documented with format date-time");
        }
        if (List.class.isAssignableFrom(type) && genericType instanceof ParameterizedType p) {
            Class<?> element = (Class<?>) p.getActualTypeArguments()[0];
            compareType(where + "[]", element, element, property.path("items"), problems);
        }
        if (Map.class.isAssignableFrom(type) && genericType instanceof ParameterizedType p) {
            Class<?> value = (Class<?>) p.getActualTypeArguments()[1];
            compareType(where + "{}", value, value, property.path("additionalProperties"), problems);
        }
    }

    private static String jsonType(Class<?> type) {
        if (type == String.class || type == Instant.class || type.isEnum()) {
            return "string";
        }
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "integer";
        }
        if (type == double.class || type == Double.class || type == float.class) {
            return "number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (List.class.isAssignableFrom(type)) {
            return "array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "object";
        }
        fail("no JSON type for " + type);
        return null;
    }

    private static JsonNode channelWithAddress(String address) {
        for (JsonNode channel : doc.path("channels")) {
            if (address.equals(channel.path("address").asText())) {
                return channel;
            }
        }
        return null;
    }

    private static JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText(null);
        if (ref == null) {
            return node;
        }
        JsonNode target = doc.at(ref.substring(1));
        assertTrue(!target.isMissingNode(), "reference " + ref + " resolves");
        return resolve(target);
    }
}
