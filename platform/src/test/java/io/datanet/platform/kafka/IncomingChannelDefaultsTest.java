package io.datanet.platform.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a service's properties leave out of an incoming channel, the platform's defaults give it; what they say wins. */
class IncomingChannelDefaultsTest {

    @Test
    void everyChannelWithATopicGetsTheSharedSettingsAndItsOwnDeadLetterTopic() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(Map.of(
                        "datanet.kafka.topic-prefix", "t1-",
                        "mp.messaging.incoming.\"datanet.a.v1\".topic", "${datanet.kafka.topic-prefix:}datanet.a.v1",
                        "mp.messaging.incoming.jobs.topic", "datanet.jobs.v1",
                        "mp.messaging.incoming.jobs.failure-strategy", "fail",
                        "mp.messaging.incoming.jobs.dead-letter-queue.topic", "elsewhere"), "service", 250))
                .withSources(new IncomingChannelDefaults())
                .build();
        String a = "mp.messaging.incoming.\"datanet.a.v1\".";
        assertEquals("smallrye-kafka", config.getRawValue(a + "connector"));
        assertEquals("earliest", config.getRawValue(a + "auto.offset.reset"));
        assertEquals("dead-letter-queue", config.getRawValue(a + "failure-strategy"));
        assertEquals("org.apache.kafka.common.serialization.StringDeserializer", config.getRawValue(a + "value.deserializer"));
        assertEquals("org.apache.kafka.common.serialization.StringSerializer",
                config.getRawValue(a + "dead-letter-queue.value.serializer"));
        assertEquals("t1-datanet.a.v1.dlq", config.getValue(a + "dead-letter-queue.topic", String.class),
                "the topic's dead-letter topic, prefix expanded");
        assertEquals("fail", config.getRawValue("mp.messaging.incoming.jobs.failure-strategy"), "the service's own wins");
        assertEquals("elsewhere", config.getRawValue("mp.messaging.incoming.jobs.dead-letter-queue.topic"));
        assertEquals("earliest", config.getRawValue("mp.messaging.incoming.jobs.auto.offset.reset"));
        assertNull(config.getRawValue("mp.messaging.incoming.\"datanet.a.v1\".dead-letter-queue.dead-letter-queue.topic"),
                "a dead-letter topic is not a channel of its own");
        assertNull(config.getRawValue("mp.messaging.outgoing.datanet-outbox.failure-strategy"), "outgoing channels untouched");
    }
}
