package io.datanet.platform.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.restassured.RestAssured;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The service's published contract held to what it does: every response a test receives from the service under test
 * is checked against the service's own OpenAPI document ({@code /q/openapi}), with Atlassian's
 * swagger-request-validator. A status the document does not list for the operation, a content type it does not name,
 * or a body its schema refuses fails the test that received it, so each test of the service is also a contract test.
 * Requests are not checked: the abuse tests send what the contract forbids on purpose, and paths outside the document
 * ({@code /q/...}, unknown ones) are answered as they are. And every problem's {@code type} must resolve, against the
 * service, to the page that explains it ({@code /problems/<slug>}).
 *
 * <p>On for a service whose tests have swagger-request-validator on their class path ({@link DatanetTestResource}
 * installs it; this class is not even loaded without it), which is how a service opts in once its document states
 * every answer ({@link #gaps}).
 */
public final class OpenApiContract implements OrderedFilter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile boolean installed;

    private final String serviceUrl;
    private volatile OpenApiValidationFilter validation;
    /** Problem types whose page was found already. */
    private final java.util.Set<String> pages = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private OpenApiContract(String serviceUrl) {
        this.serviceUrl = serviceUrl;
    }

    /** Adds the check to every REST Assured request of this JVM, once. */
    static synchronized void install() {
        if (!installed) {
            RestAssured.filters(new OpenApiContract(null));
            installed = true;
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                           FilterContext context) {
        String service = serviceUrl != null ? serviceUrl : testUrl();
        if (service == null || !request.getURI().startsWith(service + "/")) {
            return context.next(request, response);   // another server (a fake upstream, another service)
        }
        Response answer = validation(service).filter(request, response, context);
        String contentType = answer.getContentType();
        if (contentType != null && contentType.startsWith("application/problem+json")) {
            requirePage(service, answer.jsonPath().getString("type"));
        }
        return answer;
    }

    /** A problem's {@code type} resolves against the service to the page that explains it (ProblemTypePages). */
    private void requirePage(String service, String type) {
        if (type == null || !type.startsWith("/problems/")) {
            throw new AssertionError("a problem's type is /problems/<slug>, not " + type);
        }
        if (pages.contains(type)) {
            return;
        }
        HttpResponse<String> page = ChildProcesses.send(HttpRequest.newBuilder(URI.create(service + type)),
                Duration.ofSeconds(30));
        if (page.statusCode() != 200 || !page.body().contains("<h2>What it means</h2>")) {
            throw new AssertionError("problem type " + type + " has no page (" + page.statusCode()
                    + "): add it to platform-api's META-INF/datanet/problem-types.json");
        }
        pages.add(type);
    }

    @Override
    public int getOrder() {
        return OrderedFilter.HIGHEST_PRECEDENCE;
    }

    private OpenApiValidationFilter validation(String service) {
        OpenApiValidationFilter current = validation;
        if (current == null) {
            synchronized (this) {
                if (validation == null) {
                    validation = new OpenApiValidationFilter(OpenApiInteractionValidator
                            .createForInlineApiSpecification(document(service))
                            .withLevelResolver(LevelResolver.create()
                                    .withLevel("validation.request", ValidationReport.Level.IGNORE)
                                    .withLevel("validation.response", ValidationReport.Level.ERROR)
                                    .build())
                            .build());
                }
                current = validation;
            }
        }
        return current;
    }

    /** The service's document as it serves it, fetched once (the service is up by the first request). */
    private static String document(String service) {
        HttpResponse<String> answer = ChildProcesses.send(HttpRequest.newBuilder(
                URI.create(service + "/q/openapi?format=json")), Duration.ofSeconds(30));
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(service + "/q/openapi answered " + answer.statusCode());
        }
        return answer.body();
    }

    /**
     * What the document must say of every operation for the check above to mean anything: an operation id and a
     * summary, a success response with its content (unless 204), and each error as application/problem+json.
     * Returns what is missing, one line per gap; empty when nothing is.
     */
    public static List<String> gaps(String documentJson) {
        List<String> gaps = new ArrayList<>();
        JsonNode paths;
        try {
            paths = JSON.readTree(documentJson).path("paths");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            String operation = method.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
            JsonNode op = method.getValue();
            if (!op.hasNonNull("operationId")) {
                gaps.add(operation + ": no operationId");
            }
            if (!op.hasNonNull("summary")) {
                gaps.add(operation + ": no summary");
            }
            boolean success = false;
            for (var response : (Iterable<Map.Entry<String, JsonNode>>) op.path("responses")::fields) {
                String status = response.getKey();
                JsonNode content = response.getValue().path("content");
                if (status.startsWith("2")) {
                    success = true;
                    if (!status.equals("204") && content.isEmpty()) {
                        gaps.add(operation + ": " + status + " without content");
                    }
                } else if ((status.startsWith("4") || status.startsWith("5"))
                        && !content.has("application/problem+json")) {
                    gaps.add(operation + ": " + status + " not a problem");
                }
            }
            if (!success) {
                gaps.add(operation + ": no success response");
            }
        }));
        return gaps;
    }

    /** Where Quarkus' test runs the application ({@code test.url}), or null outside a Quarkus test. */
    private static String testUrl() {
        return ConfigProvider.getConfig().getOptionalValue("test.url", String.class).orElse(null);
    }
}
