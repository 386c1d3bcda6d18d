package io.datanet.training.worker;

import io.datanet.events.Topics;
import io.datanet.events.TrainingJobRequested;
import io.datanet.platform.inbox.IncomingEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * A training worker: takes jobs from {@code training.jobs} as a member of the consumer group {@code training-worker},
 * one at a time (blocking, ordered), so each replica runs one job and more replicas run more. The message is
 * acknowledged once its job has ended; a worker that dies leaves it unacknowledged, the group hands it to another
 * member, and that one resumes the job from its last checkpoint once the dead worker's lease has run out.
 */
@ApplicationScoped
public class JobWorker {

    @Inject
    JobRunner runner;

    @Incoming(Topics.TRAINING_JOBS)
    @Blocking
    public void onJob(ConsumerRecord<String, String> record) throws Exception {
        runner.run(IncomingEvents.decode(record, TrainingJobRequested.class).data().jobId());
    }
}
