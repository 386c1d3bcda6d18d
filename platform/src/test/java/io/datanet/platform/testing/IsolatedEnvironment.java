package io.datanet.platform.testing;

import io.datanet.platform.kafka.TopicProvisioner;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A private corner of the shared local broker and PostgreSQL for one test: its own database (dropped on close),
 * its own topic prefix (topics deleted on close), its own blob directory, the test JWT key. {@link #config()} is
 * the configuration a service needs to run in it, whether in-process ({@link DatanetTestResource}) or as a
 * separate process ({@link ServiceProcess}).
 */
public final class IsolatedEnvironment implements AutoCloseable {

    public static final String KAFKA = System.getProperty("datanet.test.kafka", "127.0.0.1:9092");
    public static final String POSTGRES = System.getProperty("datanet.test.postgres", "127.0.0.1:5432");
    static final String DB_USER = System.getProperty("datanet.test.db-user", "datanet");
    static final String DB_PASSWORD = System.getProperty("datanet.test.db-password", "datanet");

    private final String suffix;
    private final String database;
    private final String prefix;
    private final Map<String, String> config = new LinkedHashMap<>();

    private IsolatedEnvironment() {
        suffix = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        prefix = suffix + ".";
        database = "test_" + suffix;
    }

    public static IsolatedEnvironment create() {
        IsolatedEnvironment environment = new IsolatedEnvironment();
        environment.provision();
        return environment;
    }

    private void provision() {
        execute("CREATE DATABASE " + database);
        TopicProvisioner.ensureTopics(KAFKA, prefix, 3);
        config.put("quarkus.datasource.reactive.url", "postgresql://" + POSTGRES + "/" + database);
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + POSTGRES + "/" + database);
        config.put("quarkus.datasource.username", DB_USER);
        config.put("quarkus.datasource.password", DB_PASSWORD);
        config.put("kafka.bootstrap.servers", KAFKA);
        config.put("datanet.kafka.topic-prefix", prefix);
        config.put("datanet.kafka.create-topics", "false");
        config.put("datanet.blob.dir", Path.of("target", "test-blobs", suffix).toAbsolutePath().toString());
        config.put("mp.jwt.verify.publickey.location", TestKeys.publicKeyPath().toUri().toString());
    }

    /** Configuration that points a service at this environment. */
    public Map<String, String> config() {
        return Map.copyOf(config);
    }

    /** The physical name of a logical topic in this environment. */
    public String topic(String logicalTopic) {
        return prefix + logicalTopic;
    }

    public String prefix() {
        return prefix;
    }

    public String database() {
        return database;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + POSTGRES + "/" + database;
    }

    /** Opens a JDBC connection to this environment's database, for assertions on stored state. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), DB_USER, DB_PASSWORD);
    }

    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        TopicProvisioner.deleteTopics(KAFKA, prefix);
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
