package io.datanet.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Grants {@link KafkaAccess} on a broker through its admin API, as an administrator: the principal's SCRAM-SHA-512
 * credential and one ACL per topic and group it may use. On Kubernetes Strimzi's User Operator does the same from the
 * {@code KafkaUser}s; this is for the brokers the project runs itself (the local one, the tests'). {@code prefix} is
 * put before every topic and group name, as the tests' topic prefix is; {@link #revoke} takes the ACLs away again.
 */
public final class KafkaAccessProvisioner {

    /** SCRAM-SHA-512, the mechanism every Datanet principal authenticates with. */
    public static final String MECHANISM = "SCRAM-SHA-512";
    private static final int SCRAM_ITERATIONS = 4096;

    private KafkaAccessProvisioner() {
    }

    /**
     * The password of {@code principal} on a broker the project runs on this machine (listening on 127.0.0.1 only):
     * no secret, like the local PostgreSQL's, but each principal still signs in as itself, so the ACLs are exercised.
     */
    public static String localPassword(String principal) {
        return principal + "-local";
    }

    /**
     * Gives the principal its credential, unless it has one, and adds its ACLs (adding one that exists changes
     * nothing); returns the ACLs, for {@link #revoke}. An existing credential is kept: replacing it (a new salt) would
     * fail the sign-ins of that principal under way, and every test grants the services again.
     */
    public static List<AclBinding> grant(Admin admin, KafkaAccess access, String password, String prefix) {
        List<AclBinding> bindings = bindings(access, prefix);
        try {
            boolean hasCredential = admin.describeUserScramCredentials().all().get().containsKey(access.principal());
            if (!hasCredential) {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(access.principal(),
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), password))).all().get();
            }
            admin.createAcls(bindings).all().get();
            return bindings;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("granting Kafka access to " + access.principal() + " failed: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Deletes exactly these ACLs (a test's, when its topics go); the credentials stay for the next grant. */
    public static void revoke(Admin admin, List<AclBinding> bindings) {
        if (bindings.isEmpty()) {
            return;
        }
        try {
            admin.deleteAcls(bindings.stream().map(AclBinding::toFilter).toList()).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("revoking Kafka ACLs failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The ACLs of {@code access}: write its topics, read what it consumes, join its groups; each implies describe. */
    public static List<AclBinding> bindings(KafkaAccess access, String prefix) {
        List<AclBinding> bindings = new ArrayList<>();
        for (String topic : access.writes()) {
            bindings.add(allow(access, ResourceType.TOPIC, prefix + topic, AclOperation.WRITE));
        }
        for (String topic : access.reads()) {
            bindings.add(allow(access, ResourceType.TOPIC, prefix + topic, AclOperation.READ));
        }
        for (String group : access.groups()) {
            bindings.add(allow(access, ResourceType.GROUP, prefix + group, AclOperation.READ));
        }
        return bindings;
    }

    /** What a client authenticating as {@code user} adds to its bootstrap address (plain-text transport). */
    public static Map<String, Object> clientSettings(String user, String password) {
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"" + user + "\" password=\"" + password + "\";");
    }

    /** {@link #clientSettings} as Properties with the bootstrap address, for a client built by hand. */
    public static Properties clientProperties(String bootstrapServers, String user, String password) {
        Properties properties = new Properties();
        properties.putAll(clientSettings(user, password));
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return properties;
    }

    private static AclBinding allow(KafkaAccess access, ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:" + access.principal(), "*", operation, AclPermissionType.ALLOW));
    }
}
