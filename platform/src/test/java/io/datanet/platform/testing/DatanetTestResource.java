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
 * <p>Use with {@code @WithTestResource(DatanetTestResource.class)}. With swagger-request-validator on the test class
 * path, every response of the service is also held to its OpenAPI document ({@link OpenApiContract}).
 */
public class DatanetTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String KAFKA = IsolatedEnvironment.KAFKA;

    private IsolatedEnvironment environment;

    @Override
    public Map<String, String> start() {
        if (contractValidatorPresent()) {
            OpenApiContract.install();
        }
        environment = IsolatedEnvironment.create();
        return environment.config();
    }

    /** Whether the service's tests declare swagger-request-validator: their opt-in to {@link OpenApiContract}. */
    private static boolean contractValidatorPresent() {
        try {
            Class.forName("com.atlassian.oai.validator.OpenApiInteractionValidator", false,
                    DatanetTestResource.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException absent) {
            return false;
        }
    }

    @Override
    public void stop() {
        if (environment != null) {
            environment.close();
        }
    }
}
