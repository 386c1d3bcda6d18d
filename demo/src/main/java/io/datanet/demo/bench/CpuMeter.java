package io.datanet.demo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time used by each part of the platform, from {@code /proc/<pid>/stat} (user + system ticks), and by the whole
 * machine from {@code /proc/stat}: what is busy at a load, and how much of the machine others were using.
 */
final class CpuMeter {

    /**
     * CPU seconds used so far by each process of each part, and by the whole machine (all cores). Per process,
     * because PostgreSQL starts and ends backends: a part's total would drop when one ends.
     */
    record Sample(long nanos, Map<String, Map<Long, Double>> parts, double machineBusy) {
    }

    static final String GENERATOR = "load generator";
    static final List<String> SERVICES = List.of("upload-service", "validation-service", "reputation-service",
            "training-service", "kafka");
    /** The platform's databases; each service's queries run in the PostgreSQL backends of its own database. */
    static final List<String> DATABASES = List.of("datanet_upload", "datanet_validation", "datanet_reputation",
            "datanet_training");
    static final String PG_SERVER = "postgresql server (WAL, checkpoints, vacuum)";
    static final String PG_OTHER = "postgresql, other databases";

    private final Path pidDir;
    private final double ticksPerSecond;

    CpuMeter(Path pidDir, int ticksPerSecond) {
        this.pidDir = pidDir;
        this.ticksPerSecond = ticksPerSecond;
    }

    Sample sample() {
        Map<String, Map<Long, Double>> parts = new LinkedHashMap<>();
        for (String service : SERVICES) {
            Long pid = pidOf(service);
            parts.put(service, seconds(pid == null ? List.of() : List.of(pid)));
        }
        Map<String, List<Long>> postgres = postgresPidsByPart();
        for (String db : DATABASES) {
            parts.put("postgresql " + db, seconds(postgres.getOrDefault("postgresql " + db, List.of())));
        }
        parts.put(PG_SERVER, seconds(postgres.getOrDefault(PG_SERVER, List.of())));
        parts.put(PG_OTHER, seconds(postgres.getOrDefault(PG_OTHER, List.of())));
        parts.put(GENERATOR, seconds(List.of(ProcessHandle.current().pid())));
        return new Sample(System.nanoTime(), parts, machineBusySeconds());
    }

    /**
     * CPU seconds each part used between two samples (a process that started in between counts whole; one that
     * ended in between loses its last moments), plus "others": the machine less all parts.
     */
    static Map<String, Double> used(Sample from, Sample to) {
        Map<String, Double> used = new LinkedHashMap<>();
        double parts = 0;
        for (var part : to.parts().entrySet()) {
            Map<Long, Double> before = from.parts().getOrDefault(part.getKey(), Map.of());
            double d = 0;
            for (var process : part.getValue().entrySet()) {
                d += process.getValue() - before.getOrDefault(process.getKey(), 0.0);
            }
            boolean running = !part.getValue().isEmpty() || part.getKey().startsWith("postgresql");
            used.put(part.getKey(), running ? d : Double.NaN);
            parts += d;
        }
        double machine = to.machineBusy() - from.machineBusy();
        used.put("others", Math.max(0, machine - parts));
        used.put("machine", machine);
        return used;
    }

    private Long pidOf(String name) {
        try {
            long pid = Long.parseLong(Files.readString(pidDir.resolve(name + ".pid")).trim());
            return Files.exists(Path.of("/proc", Long.toString(pid))) ? pid : null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /**
     * PostgreSQL is one process per connection, and each names its database in its title
     * ({@code postgres: 15/main: USER DATABASE HOST(PORT) STATE}); processes without a database are the server's own.
     */
    private static Map<String, List<Long>> postgresPidsByPart() {
        Map<String, List<Long>> byPart = new LinkedHashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    if (Files.readString(p.resolve("comm")).trim().equals("postgres")) {
                        String title = Files.readString(p.resolve("cmdline")).replace('\0', ' ').trim();
                        byPart.computeIfAbsent(postgresPart(title), k -> new ArrayList<>())
                                .add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // the process ended meanwhile
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return byPart;
    }

    static String postgresPart(String title) {
        String[] words = title.split("\\s+");
        // A backend: postgres: [CLUSTER:] USER DATABASE HOST(PORT)|[local] STATE...
        for (int i = 3; words[0].equals("postgres:") && i < words.length; i++) {
            if (words[i].matches(".*\\(\\d+\\)") || words[i].equals("[local]")) {
                return DATABASES.contains(words[i - 1]) ? "postgresql " + words[i - 1] : PG_OTHER;
            }
        }
        return PG_SERVER;
    }

    private Map<Long, Double> seconds(List<Long> pids) {
        Map<Long, Double> seconds = new LinkedHashMap<>();
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                // Fields after the command name (which may hold spaces) start at state (field 3); utime and stime
                // are fields 14 and 15.
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                seconds.put(pid, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / ticksPerSecond);
            } catch (IOException | RuntimeException e) {
                // the process ended meanwhile
            }
        }
        return seconds;
    }

    private double machineBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            // cpu user nice system idle iowait irq softirq steal (guest time is already inside user)
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy / ticksPerSecond;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/stat", e);
        }
    }
}
