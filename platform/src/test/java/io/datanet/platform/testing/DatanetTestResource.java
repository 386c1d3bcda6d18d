package io.datanet.platform.testing;

import io.datanet.platform.kafka.TopicProvisioner;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Points a service under test at the real local broker and PostgreSQL (started by {@code ./datanet test}) and
 * isolates the test class: a database of its own (dropped afterwards), topics of its own (a random prefix on
 * every topic and dead-letter topic), a blob directory of its own, and the test JWT key.
 *
 * <p>Services name their channels' topics {@code ${datanet.kafka.topic-prefix:}<topic>} in application.properties,
 * so the prefix set here reaches every incoming channel and its dead-letter topic.
 *
 * <p>Use with {@code @WithTestResource(DatanetTestResource.class)}; each annotated class gets a fresh service.
 */
public class DatanetTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String KAFKA = System.getProperty("datanet.test.kafka", "127.0.0.1:9092");
    public static final String POSTGRES = System.getProperty("datanet.test.postgres", "127.0.0.1:5432");
    static final String DB_USER = System.getProperty("datanet.test.db-user", "datanet");
    static final String DB_PASSWORD = System.getProperty("datanet.test.db-password", "datanet");

    private String database;
    private String prefix;

    @Override
    public Map<String, String> start() {
        String suffix = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        prefix = suffix + ".";
        database = "test_" + suffix;
        execute("CREATE DATABASE " + database);
        TopicProvisioner.ensureTopics(KAFKA, prefix, 3);

        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.reactive.url", "postgresql://" + POSTGRES + "/" + database);
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + POSTGRES + "/" + database);
        config.put("quarkus.datasource.username", DB_USER);
        config.put("quarkus.datasource.password", DB_PASSWORD);
        config.put("kafka.bootstrap.servers", KAFKA);
        config.put("datanet.kafka.topic-prefix", prefix);
        config.put("datanet.kafka.create-topics", "false");
        config.put("datanet.blob.dir", Path.of("target", "test-blobs", suffix).toAbsolutePath().toString());
        config.put("mp.jwt.verify.publickey.location", TestKeys.publicKeyPath().toUri().toString());
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
        if (prefix != null) {
            TopicProvisioner.deleteTopics(KAFKA, prefix);
        }
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
