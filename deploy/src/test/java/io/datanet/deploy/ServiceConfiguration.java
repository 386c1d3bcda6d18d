package io.datanet.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What a deployable's own configuration says, read from the sources it is built from: its application.properties
 * over platform's META-INF/microprofile-config.properties when it is built on the platform (profile-specific keys
 * such as {@code %dev.} and {@code %test.} left out, as in production), and the configuration names its Java code
 * and the platform's read ({@code @ConfigProperty}, {@code @ConfigMapping}).
 */
final class ServiceConfiguration {

    /** The four back-end services, by HTTP port: each has its database, consumer groups and outbox. */
    static final Map<String, Integer> SERVICES = orderedPorts(List.of("upload-service", "validation-service",
            "reputation-service", "training-service"));
    /** The web console: stateless, in front of the services (it forwards to them) and reading Kafka without a group. */
    static final String CONSOLE = "console";
    /** Everything Datanet deploys of its own, by HTTP port: the services and the console. */
    static final Map<String, Integer> DEPLOYABLES = orderedPorts(List.of("upload-service", "validation-service",
            "reputation-service", "training-service", CONSOLE));

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-\"]+)(?::([^}]*))?}");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern INCOMING_TOPIC =
            Pattern.compile("^mp\\.messaging\\.incoming\\.\"?([^\"]+)\"?\\.topic$");
    /** Variables the Java launcher and the JVM read themselves. */
    static final Set<String> JVM_VARIABLES = Set.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS");

    final String service;
    final Map<String, String> properties;
    final Set<String> javaPropertyNames = new HashSet<>();
    final Set<String> javaMappingPrefixes = new HashSet<>();

    private ServiceConfiguration(String service) {
        this.service = service;
        Map<String, String> merged = new LinkedHashMap<>();
        // Only a module built on the platform inherits its configuration and code (the console is not: it would
        // otherwise appear to read the database and blob-store settings it never sees).
        if (dependsOnPlatform(service)) {
            merged.putAll(load(Overlays.ROOT.resolve("platform/src/main/resources/META-INF/microprofile-config.properties")));
        }
        // The platform's modules the deployable is built on, each module's code read for the names it reads.
        for (String module : platformModules(service)) {
            scanJava(Overlays.ROOT.resolve(module + "/src/main/java"));
        }
        merged.putAll(load(Overlays.ROOT.resolve(service + "/src/main/resources/application.properties")));
        this.properties = Map.copyOf(merged);
        scanJava(Overlays.ROOT.resolve(service + "/src/main/java"));
    }

    static ServiceConfiguration of(String service) {
        return new ServiceConfiguration(service);
    }

    /** Whether the module's pom has datanet-platform among its main (not test) dependencies. */
    static boolean dependsOnPlatform(String module) {
        return mainDependencies(module).contains("datanet-platform");
    }

    /**
     * The folders of the platform's modules {@code module} is built on: datanet-platform brings datanet-platform-api;
     * datanet-platform-api and datanet-platform-blob may also be named alone.
     */
    static Set<String> platformModules(String module) {
        Set<String> dependencies = mainDependencies(module);
        Set<String> modules = new java.util.TreeSet<>();
        if (dependencies.contains("datanet-platform")) {
            modules.add("platform");
            modules.add("platform-api");
        }
        if (dependencies.contains("datanet-platform-api")) {
            modules.add("platform-api");
        }
        if (dependencies.contains("datanet-platform-blob")) {
            modules.add("platform-blob");
        }
        return modules;
    }

    /** The artifact ids of the module's main (not test, not test-jar) dependencies. */
    private static Set<String> mainDependencies(String module) {
        Path pom = Overlays.ROOT.resolve(module + "/pom.xml");
        Set<String> artifacts = new HashSet<>();
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
            for (Node dependencies = project.getFirstChild(); dependencies != null; dependencies = dependencies.getNextSibling()) {
                if (!"dependencies".equals(dependencies.getNodeName())) {
                    continue;
                }
                NodeList list = ((Element) dependencies).getElementsByTagName("dependency");
                for (int i = 0; i < list.getLength(); i++) {
                    Element dependency = (Element) list.item(i);
                    String scope = child(dependency, "scope");
                    if ((scope == null || scope.equals("compile") || scope.equals("runtime"))
                            && child(dependency, "type") == null) {
                        artifacts.add(child(dependency, "artifactId"));
                    }
                }
            }
            return artifacts;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("cannot read " + pom, e);
        }
    }

    private static String child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (name.equals(node.getNodeName())) {
                return node.getTextContent().trim();
            }
        }
        return null;
    }

    private static Map<String, Integer> orderedPorts(List<String> modules) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String service : modules) {
            ports.put(service, Integer.parseInt(load(Overlays.ROOT.resolve(service + "/src/main/resources/application.properties"))
                    .get("quarkus.http.port")));
        }
        return java.util.Collections.unmodifiableMap(ports);
    }

    private static Map<String, String> load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (!key.startsWith("%")) {
                result.put(key, properties.getProperty(key).trim());
            }
        }
        return result;
    }

    private void scanJava(Path sources) {
        if (!Files.isDirectory(sources)) {
            return;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = Files.readString(file);
                Matcher property = CONFIG_PROPERTY.matcher(code);
                while (property.find()) {
                    javaPropertyNames.add(property.group(1));
                }
                Matcher mapping = CONFIG_MAPPING.matcher(code);
                while (mapping.find()) {
                    javaMappingPrefixes.add(mapping.group(1));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + sources, e);
        }
    }

    String get(String key) {
        return properties.get(key);
    }

    String getOrDefault(String key, String defaultValue) {
        return Optional.ofNullable(properties.get(key)).map(ServiceConfiguration::expandDefaults).orElse(defaultValue);
    }

    /** {@code ${NAME:default}} replaced by its default (the value without the environment). */
    static String expandDefaults(String value) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * A property's value in a container with this environment, as MicroProfile Config resolves it: the variable of
     * the property's environment form wins, otherwise the configured value with its {@code ${VARIABLE:default}}
     * placeholders taken from the environment or their defaults; null if nothing sets it.
     */
    String resolve(String property, Map<String, String> environment) {
        String direct = environment.get(environmentName(property));
        if (direct != null) {
            return direct;
        }
        String value = properties.get(property);
        if (value == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String fallback = m.group(2) == null ? "" : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(environment.getOrDefault(m.group(1), fallback)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The environment variables the configuration names in {@code ${...}} placeholders, with their defaults. */
    Map<String, String> placeholderVariables() {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String value : properties.values()) {
            Matcher m = PLACEHOLDER.matcher(value);
            while (m.find()) {
                if (m.group(1).matches("[A-Z][A-Z0-9_]*")) {
                    variables.put(m.group(1), m.group(2));
                }
            }
        }
        return variables;
    }

    /**
     * Whether an environment variable means something to this service: named by a placeholder, or the
     * environment form (MicroProfile Config's rule: upper case, every other character {@code _}) of a property that
     * its configuration or code reads, or a member of a {@code @ConfigMapping}, or read by the JVM itself.
     */
    boolean understands(String variable) {
        if (JVM_VARIABLES.contains(variable) || placeholderVariables().containsKey(variable)) {
            return true;
        }
        for (String key : properties.keySet()) {
            if (environmentName(key).equals(variable)) {
                return true;
            }
        }
        for (String name : javaPropertyNames) {
            if (environmentName(name).equals(variable)) {
                return true;
            }
        }
        for (String prefix : javaMappingPrefixes) {
            if (variable.startsWith(environmentName(prefix) + "_")) {
                return true;
            }
        }
        return false;
    }

    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    /** Topic (without the test prefix) to consumer group, for every incoming Kafka channel. */
    Map<String, String> consumedTopics() {
        Map<String, String> topics = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            Matcher m = INCOMING_TOPIC.matcher(e.getKey());
            if (m.matches()) {
                String channel = m.group(1);
                String topic = expandDefaults(e.getValue());
                String group = properties.getOrDefault("mp.messaging.incoming.\"" + channel + "\".group.id",
                        properties.getOrDefault("mp.messaging.incoming." + channel + ".group.id",
                                properties.getOrDefault("kafka.group.id", properties.get("quarkus.application.name"))));
                topics.put(topic, expandDefaults(group));
            }
        }
        return topics;
    }

    /**
     * Dead-letter topics the incoming channels write to: a channel's own {@code dead-letter-queue.topic}, else the
     * platform's default for every channel of a service on it, {@code <topic>.dlq} (IncomingChannelDefaults).
     */
    Set<String> deadLetterTopics() {
        Set<String> topics = new HashSet<>();
        properties.forEach((key, value) -> {
            if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".dead-letter-queue.topic")) {
                topics.add(expandDefaults(value));
            } else if (dependsOnPlatform(service) && INCOMING_TOPIC.matcher(key).matches()
                    && !properties.containsKey(key.substring(0, key.length() - ".topic".length()) + ".dead-letter-queue.topic")) {
                topics.add(expandDefaults(value) + ".dlq");
            }
        });
        return topics;
    }

    /** The database name in the service's JDBC URL. */
    String database() {
        String url = expandDefaults(properties.get("quarkus.datasource.jdbc.url"));
        return url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
    }

    /** The path of a health group as the service serves it (SmallRye Health's defaults under the management root). */
    String healthPath(String group) {
        String root = "/" + getOrDefault("quarkus.http.non-application-root-path", "q").replaceAll("^/+|/+$", "");
        String health = getOrDefault("quarkus.smallrye-health.root-path", "health").replaceAll("^/+|/+$", "");
        String leaf = getOrDefault("quarkus.smallrye-health." + group + "-path", switch (group) {
            case "readiness" -> "ready";
            case "liveness" -> "live";
            case "startup" -> "started";
            default -> throw new IllegalArgumentException(group);
        });
        return leaf.startsWith("/") ? leaf : root + "/" + health + "/" + leaf;
    }

    /** quarkus.shutdown.timeout in seconds (0 when unset: no drain). */
    long shutdownSeconds() {
        String value = getOrDefault("quarkus.shutdown.timeout", "0s").trim().toLowerCase();
        if (value.endsWith("ms")) {
            return (long) Math.ceil(Long.parseLong(value.substring(0, value.length() - 2)) / 1000.0);
        }
        if (value.endsWith("s")) {
            return Long.parseLong(value.substring(0, value.length() - 1));
        }
        if (value.endsWith("m")) {
            return 60 * Long.parseLong(value.substring(0, value.length() - 1));
        }
        if (value.startsWith("pt")) {
            return java.time.Duration.parse(value.toUpperCase()).toSeconds();
        }
        return Long.parseLong(value);
    }
}
