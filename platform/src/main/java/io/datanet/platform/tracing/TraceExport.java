package io.datanet.platform.tracing;

import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * Where finished spans go: Zipkin's v2 span API at {@code datanet.traces.zipkin-endpoint}, which Zipkin itself (the
 * local collector of {@code ./datanet up}), the OpenTelemetry Collector's zipkin receiver, Jaeger and Grafana Tempo
 * all accept. Unset, spans are made (the trace context still travels through HTTP and the events) but exported
 * nowhere. Quarkus batches them (its {@code cdi} exporter takes this bean); sending never blocks a request.
 */
@ApplicationScoped
public class TraceExport {

    private static final Logger LOG = Logger.getLogger(TraceExport.class);

    @Produces
    @Singleton
    SpanExporter spanExporter(@ConfigProperty(name = "datanet.traces.zipkin-endpoint") Optional<String> endpoint) {
        if (endpoint.isEmpty() || endpoint.get().isBlank()) {
            return SpanExporter.composite();
        }
        LOG.infof("exporting traces to %s", endpoint.get());
        return ZipkinSpanExporter.builder().setSender(URLConnectionSender.create(endpoint.get())).build();
    }
}
