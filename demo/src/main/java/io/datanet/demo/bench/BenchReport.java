package io.datanet.demo.bench;

import io.datanet.events.DatanetJson;
import com.fasterxml.jackson.databind.JsonNode;
import io.datanet.demo.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one run's outputs into the markdown block for BENCHMARKS.md: the table per offered load, CPU per part, the
 * broker's own ceiling (Kafka's ProducerPerformance) and PostgreSQL's (pgbench), the pipeline as a fraction of each,
 * and the profile of each JVM during the saturation step.
 *
 * <pre>BenchReport DIR "machine line" "command"</pre>
 * DIR holds results.json (from {@link PipelineBench}), ceiling-received.txt and ceiling-validated.txt (the Kafka
 * tool's output), ceiling-pgbench.txt (pgbench's) and jfr/NAME.jfr (one recording per JVM, covering the whole run).
 */
public final class BenchReport {

    private static final Pattern PERF = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), "
            + "([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

    private final StringBuilder md = new StringBuilder();

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String report = new BenchReport().render(dir, args.length > 1 ? args[1] : "", args.length > 2 ? args[2] : "");
        Files.writeString(dir.resolve("results.md"), report);
        System.out.print(report);
    }

    private String render(Path dir, String machine, String command) throws Exception {
        JsonNode results = DatanetJson.mapper().readTree(dir.resolve("results.json").toFile());
        JsonNode steps = results.get("steps");
        line("### Run %s (%s)", results.get("run").asText(), results.get("startedAt").asText().substring(0, 16) + "Z");
        line("");
        line("`%s` — %s. Load average (1/5/15 min) at start %s, at end %s. %d datanets, %d contributors; "
                        + "training jobs queued for the benchmark's datanets (cancelled): %d.",
                command, machine, loadAverage(results, "loadAverageAtStart"), loadAverage(results, "loadAverageAtEnd"),
                results.get("datanets").asInt(), results.get("contributors").asInt(),
                results.get("trainingJobsCancelled").size());
        line("");
        latencyTable(steps);
        cpuTable(results, steps);
        JsonNode saturated = firstSaturated(steps);
        double capacity = capacity(steps, saturated);
        ceiling(dir, results, capacity, saturated != null);
        if (saturated != null) {
            profile(dir, saturated, steps);
        }
        return md.toString();
    }

    private void latencyTable(JsonNode steps) {
        line("| offered /s | accepted /s | MiB/s | not 202 | POST→202 ms p50 / p95 / p99 | POST→received event | "
                + "POST→validated event | POST→reputation update | second half /s: received / validated / reputation "
                + "| backlog at end | drain s | kept up |");
        line("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (JsonNode s : steps) {
            JsonNode rates = s.get("secondHalfPerSecond");
            line("| %s | %.1f | %.3f | %d | %s | %s | %s | %s | %.1f / %.1f / %.1f | %d | %s | %s |",
                    num(s.get("offeredPerSecond").asDouble()), s.get("uploadsPerSecond").asDouble(),
                    s.get("mibPerSecond").asDouble(), s.get("posted").asInt() - s.get("accepted202").asInt(),
                    pct(s.get("postTo202")), pct(s.get("postToReceived")), pct(s.get("postToValidated")),
                    pct(s.get("postToReputation")), rates.get("received").asDouble(), rates.get("validated").asDouble(),
                    rates.get("reputation").asDouble(), s.get("backlogAtEnd").asInt(),
                    String.format(Locale.ROOT, s.get("drained").asBoolean() ? "%.1f" : "> %.0f (gave up)",
                            s.get("drainSeconds").asDouble()),
                    s.get("keptUp").asBoolean() ? "yes" : "**no**: " + s.get("why").asText());
        }
        line("");
        List<String> notes = new ArrayList<>();
        for (JsonNode s : steps) {
            String verdicts = s.get("verdicts").toString().replaceAll("[{}\"]", "").replace(":", " ").replace(",", ", ");
            int jobs = s.path("trainingJobsActive").asInt(0);
            notes.add(String.format(Locale.ROOT, "%s/s: %s%s, mean file %.0f B, dispatch lag ≤ %.0f ms%s",
                    num(s.get("offeredPerSecond").asDouble()), verdicts,
                    s.get("unexpectedVerdicts").asInt() > 0 ? " (" + s.get("unexpectedVerdicts").asInt() + " unexpected)" : "",
                    s.get("meanFileBytes").asDouble(), s.get("maxDispatchLagMs").asDouble(),
                    jobs > 0 ? ", **" + jobs + " training job(s) of others queued or running**" : ""));
        }
        line("Verdicts per load (spam files are meant to be rejected): %s.", String.join("; ", notes));
        line("");
    }

    /** One row per part, one column per load: parts are many, loads are few. */
    private void cpuTable(JsonNode results, JsonNode steps) {
        line("CPU during each step, per process (PostgreSQL backends by the database they serve), in cores (CPU "
                + "seconds per second) and, in brackets, CPU milliseconds per accepted upload; \"others\" is the "
                + "rest of the machine (other people's builds and tests):");
        line("");
        StringBuilder head = new StringBuilder("| offered uploads/s |");
        StringBuilder rule = new StringBuilder("|---|");
        JsonNode idle = results.path("idleCpuSeconds");
        if (!idle.isMissingNode()) {
            head.append(" idle (no uploads) |");
            rule.append("---|");
        }
        for (JsonNode s : steps) {
            head.append(' ').append(num(s.get("offeredPerSecond").asDouble())).append(" |");
            rule.append("---|");
        }
        line("%s", head);
        line("%s", rule);
        List<String> parts = new ArrayList<>();
        steps.get(0).get("cpuSeconds").fieldNames().forEachRemaining(parts::add);
        for (String part : parts) {
            StringBuilder row = new StringBuilder("| " + (part.equals("machine") ? "**whole machine**" : part) + " |");
            if (!idle.isMissingNode()) {
                row.append(String.format(Locale.ROOT, " %.2f |", idle.path(part).asDouble(Double.NaN)
                        / results.get("idleSeconds").asDouble()));
            }
            for (JsonNode s : steps) {
                double cpu = s.get("cpuSeconds").path(part).asDouble(Double.NaN);
                int uploads = Math.max(1, s.get("accepted202").asInt());
                row.append(Double.isNaN(cpu) ? " n/a |" : String.format(Locale.ROOT, " %.2f (%.0f) |",
                        cpu / s.get("seconds").asDouble(), cpu * 1000 / uploads));
            }
            line("%s", row);
        }
        line("");
    }

    private void ceiling(Path dir, JsonNode results, double capacity, boolean saturated) throws Exception {
        line("Broker ceiling: Kafka's own `ProducerPerformance` (kafka-tools, `acks=all`, `enable.idempotence=true`, "
                + "`--throughput -1`, producer defaults otherwise) on a throwaway topic with the same %d partitions, "
                + "records of the mean size of the run's events (key + value + headers). The pipeline's capacity is "
                + "%s%.1f uploads/s%s; each upload makes three records (received, validated, reputation update).",
                results.get("partitions").get("received").asInt(), saturated ? "" : "≥ ", capacity,
                saturated ? " (the slowest stage's rate in the second half of the saturated step)"
                        : " (no step saturated: the highest load)");
        line("");
        line("| records like | bytes | records/s | MiB/s | producer latency ms p50 / p95 / p99 | pipeline uploads/s ÷ "
                + "broker records/s |");
        line("|---|---|---|---|---|---|");
        for (String kind : List.of("received", "validated")) {
            int bytes = results.get("meanEventBytes").get(kind).asInt();
            Path file = dir.resolve("ceiling-" + kind + ".txt");
            Matcher m = Files.exists(file) ? lastMatch(Files.readString(file)) : null;
            if (m == null) {
                line("| uploads.%s | %d | (no result) | | | |", kind, bytes);
                continue;
            }
            double perSecond = Double.parseDouble(m.group(2));
            line("| uploads.%s | %d | %.0f | %.1f | %s / %s / %s | %.5f (1 : %.0f) |", kind, bytes, perSecond,
                    perSecond * bytes / (1 << 20), m.group(6), m.group(7), m.group(8), capacity / perSecond,
                    perSecond / capacity);
        }
        line("");
        Path pgbench = dir.resolve("ceiling-pgbench.txt");
        Matcher tps = Files.exists(pgbench) ? PGBENCH_TPS.matcher(Files.readString(pgbench)) : null;
        Matcher latency = Files.exists(pgbench) ? PGBENCH_LATENCY.matcher(Files.readString(pgbench)) : null;
        if (tps != null && tps.find()) {
            double perSecond = Double.parseDouble(tps.group(1));
            line("Database ceiling: `pgbench` on the same PostgreSQL server, after the load has drained, in a throwaway "
                    + "database: single-row inserts of 700 B (about an event's size), each its own transaction, 8 "
                    + "clients: **%.0f inserts/s** (latency average %s ms). The pipeline's %.1f uploads/s is 1 : %.0f of "
                    + "it.", perSecond, latency != null && latency.find() ? latency.group(1) : "?", capacity,
                    perSecond / capacity);
        } else {
            line("Database ceiling: (no pgbench result)");
        }
        line("");
    }

    private static final Pattern PGBENCH_TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern PGBENCH_LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

    private void profile(Path dir, JsonNode step, JsonNode steps) throws Exception {
        Instant from = Instant.parse(step.get("startedAt").asText());
        Instant to = Instant.parse(step.get("endedAt").asText());
        line("Profile during the saturation step (%s uploads/s offered, %s to %s): JFR execution samples "
                        + "(`settings=profile`: every 10 ms, threads running Java code; time in the kernel, the JIT "
                        + "and GC threads is not sampled). \"Parts\" charge JDK frames to their caller; \"Datanet "
                        + "methods\" splits the part \"Datanet code\" by method (JDK callees included).",
                num(step.get("offeredPerSecond").asDouble()), from.toString().substring(11, 19),
                to.toString().substring(11, 19));
        line("");
        line("| JVM | cores | samples | GC pauses | parts (share of samples) | top methods (self) | Datanet methods |");
        line("|---|---|---|---|---|---|---|");
        double seconds = step.get("seconds").asDouble();
        for (String name : List.of("upload-service", "validation-service", "reputation-service", "training-service",
                "kafka")) {
            Path jfr = dir.resolve("jfr").resolve(name + ".jfr");
            if (!Files.exists(jfr)) {
                line("| %s | | (no recording) | | | | |", name);
                continue;
            }
            ProfileSummary p = ProfileSummary.read(name, jfr, from, to);
            line("| %s | %.2f | %d | %.0f ms | %s | %s | %s |", name,
                    step.get("cpuSeconds").path(name).asDouble(Double.NaN) / seconds, p.samples(), p.gcPauseMs(),
                    shares(p.byPart(), p.samples(), 5), shares(p.topMethods(), p.samples(), 5),
                    shares(p.datanetMethods(), p.samples(), 5));
        }
        line("");
    }

    private static String shares(Map<String, Integer> counts, int total, int n) {
        List<String> out = new ArrayList<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(n).forEach(e -> out.add(String.format(Locale.ROOT, "%s %.0f%%",
                        e.getKey().replace("|", "\\|"), 100.0 * e.getValue() / Math.max(1, total))));
        return String.join("; ", out);
    }

    private static JsonNode firstSaturated(JsonNode steps) {
        for (JsonNode s : steps) {
            if (!s.get("keptUp").asBoolean()) {
                return s;
            }
        }
        return null;
    }

    /** Uploads/s through the whole pipeline: the slowest stage at saturation, else the highest load carried. */
    private static double capacity(JsonNode steps, JsonNode saturated) {
        if (saturated == null) {
            return steps.size() == 0 ? 0 : steps.get(steps.size() - 1).get("uploadsPerSecond").asDouble();
        }
        JsonNode r = saturated.get("secondHalfPerSecond");
        return Math.min(Math.min(r.get("posted").asDouble(), r.get("received").asDouble()),
                Math.min(r.get("validated").asDouble(), r.get("reputation").asDouble()));
    }

    private static Matcher lastMatch(String output) {
        Matcher last = null;
        for (String l : output.split("\n")) {
            Matcher m = PERF.matcher(l);
            if (m.find()) {
                last = m;
            }
        }
        return last;
    }

    private static String loadAverage(JsonNode results, String field) {
        String[] f = results.get(field).asText().split(" ");
        return f[0] + " / " + f[1] + " / " + f[2];
    }

    private static String pct(JsonNode p) {
        if (p.get("count").asInt() == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f", p.get("p50").asDouble(), p.get("p95").asDouble(),
                p.get("p99").asDouble());
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private void line(String format, Object... args) {
        md.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
