package io.datanet.platform.testing;

import io.datanet.events.KafkaAccess;
import io.datanet.events.KafkaAccessProvisioner;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;

/**
 * How tests sign in to the shared local broker (deploy/local/kafka.sh), which has the listener security of
 * deploy/local/kafka/sasl.properties: the administrator of deploy/local/kafka/admin.properties
 * for the tests' own clients (publishing a service's input, reading its output, creating topics), and each service as
 * its own principal with only its {@link KafkaAccess}, so a test fails when a service uses a topic or group it is not
 * granted.
 */
public final class LocalKafka {

    private static final Path SETTINGS = BrokerProcess.projectRoot().resolve("deploy/local/kafka");

    private LocalKafka() {
    }

    /** The administrator's client settings (add the bootstrap address). */
    public static Map<String, Object> adminSettings() {
        return read(SETTINGS.resolve("admin.properties"));
    }

    /**
     * The service whose module is under test: the {@code quarkus.application.name} of the application.properties of
     * the module the tests run in. (Read from the module, not the classpath: Quarkus' test class loader answers for
     * application.properties with a resource of its own.)
     */
    public static Optional<String> serviceUnderTest() {
        Path file = Path.of("src", "main", "resources", "application.properties");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.ofNullable(properties.getProperty("quarkus.application.name"));
    }

    /** Client settings of {@code principal}, with its local password. */
    public static Map<String, Object> principalSettings(String principal) {
        return KafkaAccessProvisioner.clientSettings(principal, KafkaAccessProvisioner.localPassword(principal));
    }

    /**
     * Grants {@code principal} its access on the broker at {@code bootstrapServers}, its topics and groups named with
     * {@code prefix}; returns the ACLs made, for {@link #revoke}.
     */
    public static List<AclBinding> grant(String bootstrapServers, String principal, String prefix) {
        KafkaAccess access = KafkaAccess.of(principal)
                .orElseThrow(() -> new IllegalArgumentException("no KafkaAccess for " + principal));
        try (Admin admin = admin(bootstrapServers)) {
            return KafkaAccessProvisioner.grant(admin, access, KafkaAccessProvisioner.localPassword(principal), prefix);
        }
    }

    public static void revoke(String bootstrapServers, List<AclBinding> bindings) {
        try (Admin admin = admin(bootstrapServers)) {
            KafkaAccessProvisioner.revoke(admin, bindings);
        }
    }

    private static Admin admin(String bootstrapServers) {
        Map<String, Object> settings = new HashMap<>(adminSettings());
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Kafka loads its plugins through the thread's context class loader, which under Quarkus' test resources is not
        // the client's own (TopicProvisioner.createAdmin does the same; the console's tests have this class without it)
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Admin.class.getClassLoader());
        try {
            return Admin.create(settings);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Map<String, Object> read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, Object> settings = new HashMap<>();
        properties.forEach((key, value) -> settings.put((String) key, value));
        return Map.copyOf(settings);
    }
}
