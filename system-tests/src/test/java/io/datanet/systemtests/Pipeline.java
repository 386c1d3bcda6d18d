package io.datanet.systemtests;

import io.datanet.platform.testing.BrokerProcess;
import io.datanet.platform.testing.IsolatedEnvironment;
import io.datanet.platform.testing.ServiceProcess;
import io.datanet.platform.testing.TraceCollectorProcess;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole of Datanet as separate processes: a broker of its own (so crashing it disturbs nobody else's tests),
 * the four services from their packaged jars, each with its own database on the shared PostgreSQL, all in one
 * {@link IsolatedEnvironment} (one topic prefix, one blob directory).
 */
final class Pipeline implements AutoCloseable {

    private final BrokerProcess broker;
    private final IsolatedEnvironment environment;
    private final TraceCollectorProcess traces;
    private final Map<Service, ServiceProcess> services = new EnumMap<>(Service.class);

    private Pipeline(BrokerProcess broker, IsolatedEnvironment environment, TraceCollectorProcess traces) {
        this.broker = broker;
        this.environment = environment;
        this.traces = traces;
    }

    /** Starts the broker, then the four services side by side; returns once all are ready. */
    static Pipeline start() {
        return start(false);
    }

    /** {@link #start()} with a trace collector (Zipkin) beside it, which every service exports its spans to. */
    static Pipeline startTraced() {
        return start(true);
    }

    private static Pipeline start(boolean traced) {
        // The collector starts while the broker does; the services need both.
        CompletableFuture<TraceCollectorProcess> collector = traced
                ? CompletableFuture.supplyAsync(TraceCollectorProcess::start) : CompletableFuture.completedFuture(null);
        BrokerProcess broker = null;
        Pipeline pipeline;
        try {
            broker = BrokerProcess.start("system");
            pipeline = new Pipeline(broker, IsolatedEnvironment.create(broker.bootstrapServers()), collector.join());
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            collector.thenAccept(started -> {
                if (started != null) {
                    started.close();
                }
            });
            throw e;
        }
        try {
            pipeline.services.putAll(ServiceLauncher.startAll(pipeline.environment,
                    (service, launch) -> pipeline.customise(service, launch.config())));
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();   // the environment and the broker too
            throw e;
        }
    }

    private void customise(Service service, Map<String, String> config) {
        if (traces != null) {
            config.put("datanet.traces.zipkin-endpoint", traces.spansEndpoint());
            // Spans leave in batches every 5 s by default; sooner here, so a test reads a trace soon after it ends.
            config.put("quarkus.otel.bsp.schedule.delay", "500ms");
        }
        switch (service) {
            case UPLOAD -> {
                // The steady load sends a few thousand files from a few dozen contributors in minutes, and uploads
                // wait for validation while it is down: the daily and pending limits are not under test here.
                config.put("datanet.quota.files-per-day", "1000000");
                config.put("datanet.quota.bytes-per-day", "10737418240");
                config.put("datanet.quota.datanet-bytes-per-day", "10737418240");
                config.put("datanet.quota.max-pending", "1000000");
            }
            case TRAINING -> {
                // Datasets are under test, not training (TrainingWorkerCrashIT kills a worker mid-job): no automatic
                // jobs, and no worker, so the one job the test queues to freeze a snapshot does not take the two
                // cores while the test reads the results.
                config.put("datanet.training.auto.enabled", "false");
                config.put("mp.messaging.incoming.\"datanet.training.jobs.v1\".enabled", "false");
            }
            default -> {
            }
        }
    }

    ServiceProcess service(Service service) {
        return services.get(service);
    }

    String url(Service service) {
        return services.get(service).url();
    }

    BrokerProcess broker() {
        return broker;
    }

    IsolatedEnvironment environment() {
        return environment;
    }

    /** The trace collector of a {@link #startTraced()} pipeline. */
    TraceCollectorProcess traces() {
        if (traces == null) {
            throw new IllegalStateException("this pipeline was started without a trace collector");
        }
        return traces;
    }

    /** The service's own database, for reading what it stored. */
    Connection connect(Service service) throws SQLException {
        return environment.connect(service.module());
    }

    @Override
    public void close() {
        services.values().forEach(ServiceProcess::close);
        environment.close();
        broker.close();
        if (traces != null) {
            traces.close();
        }
    }
}
