package io.datanet.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a service under test at the real local broker and PostgreSQL (started by {@code ./datanet test}) inside
 * an {@link IsolatedEnvironment}: its own database, topic prefix, blob directory and the test JWT key.
 *
 * <p>Services name their channels' topics {@code ${datanet.kafka.topic-prefix:}<topic>} in application.properties,
 * so the prefix set here reaches every incoming channel and its dead-letter topic.
 *
 * <p>Use with {@code @WithTestResource(DatanetTestResource.class)}.
 */
public class DatanetTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String KAFKA = IsolatedEnvironment.KAFKA;

    private IsolatedEnvironment environment;

    @Override
    public Map<String, String> start() {
        environment = IsolatedEnvironment.create();
        return environment.config();
    }

    @Override
    public void stop() {
        if (environment != null) {
            environment.close();
        }
    }
}
