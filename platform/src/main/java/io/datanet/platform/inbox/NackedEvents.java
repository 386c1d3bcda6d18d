package io.datanet.platform.inbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.IncomingInterceptor;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionException;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Every event a consumer fails on, in every service and channel: logged with where it was and why, and counted
 * ({@code datanet_events_nacked_total} by topic and cause). The channels' dead-letter strategy then parks the event
 * on the topic's {@code .dlq} with the reason in its headers, but SmallRye logs only that it did so, not why: an
 * operator saw a dead letter and had to read it off the DLQ topic to learn the cause. With no channel-specific
 * interceptor, SmallRye applies this default one to all incoming channels.
 */
@ApplicationScoped
public class NackedEvents implements IncomingInterceptor {

    private static final Logger LOG = Logger.getLogger(NackedEvents.class);

    @Inject
    MeterRegistry registry;

    @Override
    public void onMessageAck(Message<?> message) {
    }

    @Override
    public void onMessageNack(Message<?> message, Throwable failure) {
        nacked(message, failure);
    }

    /**
     * Logs and counts a nack. Interceptors see only the message a consumer method was given: a batch consumer, which
     * nacks single records of its batch ({@link ProcessedEvents#applyEachOnce}), calls this for each of them.
     */
    public void nacked(Message<?> message, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        IncomingKafkaRecordMetadata<?, ?> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        String topic = kafka == null ? "unknown" : kafka.getTopic();
        String where = kafka == null ? "(not a Kafka record)"
                : topic + "/" + kafka.getPartition() + "@" + kafka.getOffset() + " key " + kafka.getKey();
        LOG.warnf(cause, "event %s failed and is nacked (parked on the dead-letter topic where the channel has one): %s",
                where, cause.toString());
        registry.counter("datanet.events.nacked", "topic", topic, "cause", cause.getClass().getSimpleName()).increment();
    }
}
