package io.datanet.systemtests;

import io.datanet.platform.testing.IsolatedEnvironment;
import io.datanet.platform.testing.ServiceProcess;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Starts the four services side by side (their start-ups overlap, which halves a system test's set-up). */
final class ServiceLauncher {

    /** What one service is started with; a test may change both before it starts. */
    record Launch(Map<String, String> config, List<String> jvmOptions) {
    }

    interface Customisation {
        void customise(Service service, Launch launch);
    }

    private ServiceLauncher() {
    }

    /**
     * Starts every service in {@code environment} with its own database, after {@code customisation} has adjusted
     * its settings; returns once all are ready. If one fails, those already started are stopped.
     */
    static Map<Service, ServiceProcess> startAll(IsolatedEnvironment environment, Customisation customisation) {
        Map<Service, ServiceProcess> started = Collections.synchronizedMap(new EnumMap<>(Service.class));
        ExecutorService starter = Executors.newFixedThreadPool(Service.values().length);
        try {
            List<CompletableFuture<Void>> starts = new ArrayList<>();
            for (Service service : Service.values()) {
                Launch launch = new Launch(new HashMap<>(environment.config(service.module())),
                        new ArrayList<>(service.jvmOptions()));
                customisation.customise(service, launch);
                starts.add(CompletableFuture.runAsync(() -> started.put(service, ServiceProcess.start(service.module(),
                        service.jar(), launch.config(), launch.jvmOptions())), starter));
            }
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
            return started;
        } catch (RuntimeException e) {
            started.values().forEach(ServiceProcess::close);   // no process outlives a failed start
            throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause ? cause : e;
        } finally {
            starter.shutdown();
        }
    }
}
