package io.datanet.platform.testing;

/**
 * Samples read from a service's {@code /q/metrics}. A sample line is its name, its labels, its value, and possibly an
 * exemplar after a {@code #} (the trace whose span last counted it, which Micrometer adds beside OpenTelemetry), so
 * the value is the first field after the labels, never the line's last.
 */
public final class MetricSamples {

    private MetricSamples() {
    }

    /** The sum of the samples of {@code name} (exactly, labels aside) whose line contains every one of {@code labels}. */
    public static double sum(String scrape, String name, String... labels) {
        return scrape.lines().filter(line -> named(line, name))
                .filter(line -> java.util.Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(MetricSamples::value).sum();
    }

    /** Whether the scrape has a sample of {@code name}. */
    public static boolean has(String scrape, String name) {
        return scrape.lines().anyMatch(line -> named(line, name));
    }

    /** The value of one sample line. */
    public static double value(String line) {
        int at = labelsEnd(line);
        String rest = line.substring(at).strip();
        int space = rest.indexOf(' ');
        return Double.parseDouble(space < 0 ? rest : rest.substring(0, space));
    }

    private static boolean named(String line, String name) {
        return line.startsWith(name) && line.length() > name.length()
                && (line.charAt(name.length()) == '{' || line.charAt(name.length()) == ' ');
    }

    /** Where the name and labels end: after the closing brace outside quotes, else at the first space. */
    private static int labelsEnd(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        if (brace < 0 || (space >= 0 && space < brace)) {
            return space;
        }
        boolean quoted = false;
        for (int i = brace + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("unterminated labels: " + line);
    }
}
