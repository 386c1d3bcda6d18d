package io.datanet.platform.kafka;

import io.datanet.events.KafkaAccess;
import io.datanet.events.KafkaAccessProvisioner;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;

/**
 * Readies the local broker of {@code ./datanet up} (deploy/local/kafka.sh) for the services, as its administrator:
 * every event and dead-letter topic, and every principal of {@link KafkaAccess} with its local password and ACLs.
 * On Kubernetes Strimzi does both (KafkaTopics, KafkaUsers), and the services do not create topics.
 *
 * <p>Usage: {@code LocalBrokerAccess <bootstrap servers> <admin client properties> <partitions>}.
 */
public final class LocalBrokerAccess {

    private LocalBrokerAccess() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: LocalBrokerAccess <bootstrap servers> <admin client properties> <partitions>");
            System.exit(2);
        }
        Properties adminProperties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(args[1]))) {
            adminProperties.load(reader);
        }
        Map<String, Object> admin = new HashMap<>();
        adminProperties.forEach((key, value) -> admin.put((String) key, value));
        admin.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        TopicProvisioner.ensureTopics(admin, "", Integer.parseInt(args[2]));
        try (Admin client = Admin.create(admin)) {
            for (KafkaAccess access : KafkaAccess.ALL) {
                KafkaAccessProvisioner.grant(client, access, KafkaAccessProvisioner.localPassword(access.principal()), "");
            }
        }
        System.out.println("granted " + KafkaAccess.ALL.size() + " Kafka principals their topics and groups");
    }
}
