package io.datanet.demo.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where one JVM spent its CPU within a time window, from a JFR recording's execution samples (this JDK's
 * {@code jfr} tool has no {@code view hot-methods}). Three views: the method on top of the stack; the part of the
 * stack the time belongs to (the first frame from the top outside the JDK's own packages, so time in, say,
 * {@code java.util.regex} counts for whoever called it); and, of that "Datanet code" part, which Datanet method.
 *
 * @param topMethods     samples by the method on top of the stack
 * @param byPart         samples by the part of the stack they belong to
 * @param datanetMethods the samples of the part "Datanet code", by the Datanet method that was running
 */
record ProfileSummary(String name, int samples, Map<String, Integer> topMethods, Map<String, Integer> byPart,
                      Map<String, Integer> datanetMethods, double gcPauseMs) {

    private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");
    /** Package prefixes and the part of the stack they stand for; the first match wins. */
    private static final Map<String, String> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("io.datanet.", "Datanet code");
        PARTS.put("org.hibernate.", "Hibernate Reactive");
        PARTS.put("io.vertx.pgclient.", "PostgreSQL client (Vert.x)");
        PARTS.put("io.vertx.sqlclient.", "PostgreSQL client (Vert.x)");
        PARTS.put("org.postgresql.", "PostgreSQL JDBC");
        PARTS.put("io.smallrye.reactive.messaging.", "SmallRye Reactive Messaging");
        PARTS.put("org.apache.kafka.", "Kafka (client or broker)");
        PARTS.put("kafka.", "Kafka broker");
        PARTS.put("scala.", "Kafka broker (Scala runtime)");
        PARTS.put("io.netty.", "Netty (sockets, HTTP)");
        PARTS.put("io.vertx.", "Vert.x");
        PARTS.put("com.fasterxml.jackson.", "Jackson (JSON)");
        PARTS.put("io.smallrye.jwt.", "JWT");
        PARTS.put("org.jose4j.", "JWT");
        PARTS.put("io.micrometer.", "Micrometer");
        PARTS.put("org.jboss.resteasy.", "Quarkus REST");
        PARTS.put("io.quarkus.", "Quarkus");
        PARTS.put("io.smallrye.", "SmallRye (Mutiny, config, ...)");
    }

    static ProfileSummary read(String name, Path jfr, Instant from, Instant to) throws IOException {
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> parts = new HashMap<>();
        Map<String, Integer> datanet = new HashMap<>();
        int samples = 0;
        double gcPauseMs = 0;
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                Instant at = event.getStartTime();
                if (at.isBefore(from) || !at.isBefore(to)) {
                    continue;
                }
                String type = event.getEventType().getName();
                if (type.equals("jdk.GarbageCollection")) {
                    gcPauseMs += event.getDuration("sumOfPauses").toNanos() / 1e6;
                } else if (type.equals("jdk.ExecutionSample") && event.getStackTrace() != null) {
                    samples++;
                    count(event.getStackTrace(), top, parts, datanet);
                }
            }
        }
        return new ProfileSummary(name, samples, top, parts, datanet, gcPauseMs);
    }

    private static void count(RecordedStackTrace stack, Map<String, Integer> top, Map<String, Integer> parts,
                              Map<String, Integer> datanet) {
        List<RecordedFrame> frames = stack.getFrames();
        if (frames.isEmpty()) {
            return;
        }
        top.merge(method(frames.get(0)), 1, Integer::sum);
        String part = "JDK only (threads of the JDK itself)";
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (JDK.stream().noneMatch(type::startsWith)) {
                part = partOf(type);
                if (type.startsWith("io.datanet.")) {
                    datanet.merge(method(frame), 1, Integer::sum);
                }
                break;
            }
        }
        parts.merge(part, 1, Integer::sum);
    }

    private static String partOf(String type) {
        for (var e : PARTS.entrySet()) {
            if (type.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        String[] p = type.split("\\.");
        return p.length >= 3 ? p[0] + "." + p[1] + "." + p[2] : type;
    }

    private static String method(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }
}
