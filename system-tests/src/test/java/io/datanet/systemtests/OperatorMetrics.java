package io.datanet.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics operators alert on and chart (deploy/kubernetes/base/observability: the PrometheusRule and the Grafana
 * dashboard) against what the running services expose on /q/metrics: an alert on a metric no service has would never
 * fire, and nothing else would say so.
 */
final class OperatorMetrics {

    static final Path OBSERVABILITY = Path.of("..", "deploy", "kubernetes", "base", "observability");

    /** Metric families the manifests name (PromQL identifiers of the families the services export). */
    private static final Pattern NAME = Pattern.compile("\\b((?:datanet|http_server|kafka_consumer|jvm)_[a-z0-9_]+)\\b");

    /**
     * Metrics a service registers on their first occurrence, so a clean run has none, each with the test that makes
     * one occur and reads it.
     */
    static final Map<String, String> ON_FIRST_OCCURRENCE = Map.of(
            "datanet_events_nacked_total", "validation-service ValidationFlowTest (a poison message)");

    private OperatorMetrics() {
    }

    /** Every metric name in the observability manifests. */
    static Set<String> named() throws IOException {
        Set<String> names = new TreeSet<>();
        try (var files = Files.list(OBSERVABILITY)) {
            for (Path file : files.toList()) {
                Matcher m = NAME.matcher(Files.readString(file));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /** The names of the samples a service exposes now (one scrape of /q/metrics). */
    static Set<String> exposed(String baseUrl) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(baseUrl + "/q/metrics answered " + response.statusCode());
        }
        Set<String> names = new TreeSet<>();
        response.body().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0]).forEach(names::add);
        return names;
    }

    /** Named in the manifests and exposed by no service (other than those registered on first occurrence). */
    static Map<String, String> missing(Map<String, String> serviceUrls) throws IOException, InterruptedException {
        Set<String> exposed = new TreeSet<>();
        for (String url : serviceUrls.values()) {
            exposed.addAll(exposed(url));
        }
        Map<String, String> missing = new TreeMap<>();
        for (String name : named()) {
            if (!exposed.contains(name) && !ON_FIRST_OCCURRENCE.containsKey(name)) {
                missing.put(name, "in no service's /q/metrics (" + String.join(", ", serviceUrls.keySet()) + ")");
            }
        }
        return missing;
    }
}
