package io.datanet.systemtests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The fault test's results: the measured counts, the timeline of crashes and every check with what it expected and
 * found. Written whole (stdout and {@code target/fault-report.md}) before anything is asserted, so a failing run
 * still reports every count.
 */
final class FaultReport {

    private record Check(String name, String expected, String actual, boolean passed) {
    }

    private final Map<String, Object> counts = new LinkedHashMap<>();
    private final List<Outage> outages = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void count(String name, Object value) {
        counts.put(name, value);
    }

    void outage(Outage outage) {
        outages.add(outage);
    }

    void note(String line) {
        notes.add(line);
    }

    /** A check that {@code actual} equals {@code expected}. */
    void expect(String name, Object expected, Object actual) {
        checks.add(new Check(name, String.valueOf(expected), String.valueOf(actual), Objects.equals(expected, actual)));
    }

    /** A check that a list of offenders is empty; the first few are reported. */
    void expectNone(String name, List<String> offenders) {
        String actual = offenders.isEmpty() ? "0"
                : offenders.size() + " (" + String.join(", ", offenders.subList(0, Math.min(5, offenders.size())))
                        + (offenders.size() > 5 ? ", ..." : "") + ")";
        checks.add(new Check(name, "0", actual, offenders.isEmpty()));
    }

    void expectTrue(String name, String expected, String actual, boolean passed) {
        checks.add(new Check(name, expected, actual, passed));
    }

    String markdown(Duration took) {
        StringBuilder out = new StringBuilder("# Fault test report\n\n");
        out.append(String.format(Locale.ROOT, "PipelineFaultIT, %d processors, %s total.%n%n",
                Runtime.getRuntime().availableProcessors(), seconds(took.toMillis())));
        out.append("## Crashes (times from the start of the load)\n\n");
        out.append("| killed | at | ready again after | caught up after the kill | uploads caught up |\n|---|---:|---:|---:|---:|\n");
        for (Outage o : outages) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d |%n", o.component(), seconds(o.killedAt()),
                    seconds(o.downMillis()), o.settled() ? seconds(o.settleMillis()) : "not within the bound",
                    o.backlog()));
        }
        out.append("\n## Counts\n\n| what | count |\n|---|---:|\n");
        counts.forEach((name, value) -> out.append("| ").append(name).append(" | ").append(value).append(" |\n"));
        out.append("\n## Checks\n\n| check | expected | found | |\n|---|---:|---:|---|\n");
        for (Check c : checks) {
            out.append("| ").append(c.name()).append(" | ").append(c.expected()).append(" | ").append(c.actual())
                    .append(" | ").append(c.passed() ? "ok" : "**FAILED**").append(" |\n");
        }
        if (!notes.isEmpty()) {
            out.append("\n");
            notes.forEach(n -> out.append("- ").append(n).append('\n'));
        }
        return out.toString();
    }

    void write(Path file, Duration took) {
        String text = markdown(took);
        System.out.println(text);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails naming every check that did not hold. */
    void assertAllPassed() {
        List<String> failed = checks.stream().filter(c -> !c.passed())
                .map(c -> c.name() + ": expected " + c.expected() + ", found " + c.actual()).toList();
        if (!failed.isEmpty()) {
            fail(failed.size() + " of " + checks.size() + " checks failed (target/fault-report.md):\n  "
                    + String.join("\n  ", failed));
        }
    }

    int checkCount() {
        return checks.size();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
