package io.datanet.platform.testing;

import io.datanet.platform.kafka.TopicProvisioner;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.acl.AclBinding;

/**
 * A private corner of the shared local broker and PostgreSQL for one test: its own database (dropped on close),
 * its own topic prefix (topics deleted on close), its own blob directory, the test JWT key. {@link #config()} is
 * the configuration a service needs to run in it, whether in-process ({@link DatanetTestResource}) or as a
 * separate process ({@link ServiceProcess}). {@link #create(String)} puts it on another broker instead (a test's own
 * {@link BrokerProcess}, which it may crash); PostgreSQL is always the shared one. Several services run together in one
 * environment with {@link #config(String)}: the same topics and blob directory, a database each, as in production.
 */
public final class IsolatedEnvironment implements AutoCloseable {

    public static final String KAFKA = System.getProperty("datanet.test.kafka", "127.0.0.1:9092");
    /** Where the tests' services say the events' AsyncAPI document is (events carry ce_dataschema under it). */
    public static final String EVENTS_SCHEMA_URL = "https://datanet.test/events/asyncapi.yaml";
    public static final String POSTGRES = System.getProperty("datanet.test.postgres", "127.0.0.1:5432");
    static final String DB_USER = System.getProperty("datanet.test.db-user", "datanet");
    static final String DB_PASSWORD = System.getProperty("datanet.test.db-password", "datanet");

    private final String kafka;
    private final Map<String, Object> kafkaAdmin;
    private final List<AclBinding> grants = new ArrayList<>();
    private final Set<String> grantedPrincipals = new HashSet<>();
    private final String suffix;
    private final String database;
    private final String prefix;
    private final Map<String, String> config = new LinkedHashMap<>();
    private final List<String> serviceDatabases = new ArrayList<>();

    private IsolatedEnvironment(String kafka, Map<String, Object> kafkaAdmin) {
        this.kafka = kafka;
        this.kafkaAdmin = kafkaAdmin;
        suffix = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        prefix = suffix + ".";
        database = "test_" + suffix;
    }

    /**
     * An environment on the shared local broker ({@link #KAFKA}), which has production's listener security
     * (deploy/local/kafka/sasl.properties): services sign in as themselves, the test's own clients as the administrator.
     */
    public static IsolatedEnvironment create() {
        IsolatedEnvironment environment = new IsolatedEnvironment(KAFKA, LocalKafka.adminSettings());
        environment.provision();
        return environment;
    }

    /** An environment whose topics live on the plain (unsecured) broker at {@code kafkaBootstrapServers}. */
    public static IsolatedEnvironment create(String kafkaBootstrapServers) {
        IsolatedEnvironment environment = new IsolatedEnvironment(kafkaBootstrapServers, Map.of());
        environment.provision();
        return environment;
    }

    private void provision() {
        execute("CREATE DATABASE " + database);
        TopicProvisioner.ensureTopics(kafkaClientSettings(), prefix, 3);
        config.put("quarkus.datasource.reactive.url", "postgresql://" + POSTGRES + "/" + database);
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + POSTGRES + "/" + database);
        config.put("quarkus.datasource.username", DB_USER);
        config.put("quarkus.datasource.password", DB_PASSWORD);
        config.put("kafka.bootstrap.servers", kafka);
        config.put("datanet.kafka.topic-prefix", prefix);
        config.put("datanet.kafka.create-topics", "false");
        config.put("datanet.blob.dir", Path.of("target", "test-blobs", suffix).toAbsolutePath().toString());
        config.put("mp.jwt.verify.publickey.location", TestKeys.publicKeyPath().toUri().toString());
        config.put("datanet.events.schema-url", EVENTS_SCHEMA_URL);
    }

    /**
     * Configuration that points the service of the module under test at this environment, signed in as that service
     * (its quarkus.application.name); where the classpath names no service, as the administrator.
     */
    public Map<String, String> config() {
        Map<String, String> serviceConfig = new LinkedHashMap<>(config);
        serviceConfig.putAll(kafkaSignIn(LocalKafka.serviceUnderTest().orElse(null)));
        return Map.copyOf(serviceConfig);
    }

    /**
     * Configuration for {@code service} (e.g. {@code upload-service}) running with others in this environment: this
     * environment's topics and blob directory, and a database of the service's own (made on first use, dropped on
     * close), since every service migrates its own schema.
     */
    public synchronized Map<String, String> config(String service) {
        String serviceDatabase = databaseOf(service);
        if (!serviceDatabases.contains(serviceDatabase)) {
            execute("CREATE DATABASE " + serviceDatabase);
            serviceDatabases.add(serviceDatabase);
        }
        Map<String, String> serviceConfig = new LinkedHashMap<>(config);
        serviceConfig.putAll(kafkaSignIn(service));
        serviceConfig.put("quarkus.datasource.reactive.url", "postgresql://" + POSTGRES + "/" + serviceDatabase);
        serviceConfig.put("quarkus.datasource.jdbc.url", jdbcUrl(serviceDatabase));
        return Map.copyOf(serviceConfig);
    }

    /**
     * The kafka.* settings with which {@code principal} signs in, granted its {@link io.datanet.events.KafkaAccess} on
     * this environment's topics and groups (revoked on close); the administrator's for {@code null}; none on a plain
     * broker.
     */
    public synchronized Map<String, String> kafkaSignIn(String principal) {
        if (kafkaAdmin.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> settings = kafkaAdmin;
        if (principal != null) {
            if (grantedPrincipals.add(principal)) {
                grants.addAll(LocalKafka.grant(kafka, principal, prefix));
            }
            settings = LocalKafka.principalSettings(principal);
        }
        Map<String, String> signIn = new LinkedHashMap<>();
        settings.forEach((key, value) -> signIn.put("kafka." + key, String.valueOf(value)));
        return signIn;
    }

    /**
     * What a client of {@code principal} needs: the bootstrap address and its credentials, granted its access on this
     * environment's topics and groups (revoked on close).
     */
    public Map<String, Object> kafkaClientSettings(String principal) {
        Map<String, Object> settings = new LinkedHashMap<>();
        kafkaSignIn(principal).forEach((key, value) -> settings.put(key.substring("kafka.".length()), value));
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka);
        return settings;
    }

    /** What the test's own Kafka clients need: the bootstrap address and the administrator's credentials, if any. */
    public Map<String, Object> kafkaClientSettings() {
        Map<String, Object> settings = new LinkedHashMap<>(kafkaAdmin);
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka);
        return settings;
    }

    /** The physical name of a logical topic in this environment. */
    public String topic(String logicalTopic) {
        return prefix + logicalTopic;
    }

    /** The bootstrap address of the broker this environment's topics live on. */
    public String kafka() {
        return kafka;
    }

    public String prefix() {
        return prefix;
    }

    public String database() {
        return database;
    }

    /** The name of the database {@code service} has in this environment (see {@link #config(String)}). */
    public String database(String service) {
        return databaseOf(service);
    }

    public String jdbcUrl() {
        return jdbcUrl(database);
    }

    /** Opens a JDBC connection to this environment's database, for assertions on stored state. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), DB_USER, DB_PASSWORD);
    }

    /** Opens a JDBC connection to the database of {@code service} (see {@link #config(String)}). */
    public Connection connect(String service) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(databaseOf(service)), DB_USER, DB_PASSWORD);
    }

    @Override
    public synchronized void close() {
        execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        for (String serviceDatabase : serviceDatabases) {
            execute("DROP DATABASE IF EXISTS " + serviceDatabase + " WITH (FORCE)");
        }
        TopicProvisioner.deleteTopics(kafkaClientSettings(), prefix);
        if (!grants.isEmpty()) {
            LocalKafka.revoke(kafka, grants);
        }
    }

    private String databaseOf(String service) {
        if (!service.matches("[a-z][a-z0-9-]{0,30}")) {
            throw new IllegalArgumentException("service names are lower-case letters, digits and '-': " + service);
        }
        return database + "_" + service.replace('-', '_');
    }

    private static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + POSTGRES + "/" + database;
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + POSTGRES + "/postgres",
                DB_USER, DB_PASSWORD); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database setup failed (is PostgreSQL up? ./datanet test starts it): "
                    + e.getMessage(), e);
        }
    }
}
