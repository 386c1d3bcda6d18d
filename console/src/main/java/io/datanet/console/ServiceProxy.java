package io.datanet.console;

import io.datanet.platform.problem.ProblemException;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Same-origin routes to the services: {@code /svc/<service>/api/...} is forwarded to that service's
 * {@code /api/...} with the session's token as the bearer token. Bodies are streamed both ways (an upload of a
 * few MB is never held in memory, and the browser's upload progress is the real progress). Only the services'
 * public {@code /api/} paths are reachable; their management endpoints ({@code /q/...}) are not. (The page a
 * problem's {@code type} names, {@code /problems/<slug>}, resolves against the public host, whose {@code /} is the
 * console: it serves the same pages as every service, from datanet-platform-api.)
 */
@ApplicationScoped
public class ServiceProxy {

    private static final Logger LOG = Logger.getLogger(ServiceProxy.class);
    /** Percent-encoded '.', '/', '\\' and '%' (double encoding), in either case. */
    private static final Pattern ENCODED_SEPARATORS = Pattern.compile("%(2[eEfF5]|5[cC])");
    /** What a browser request may carry upstream; everything else (its cookies above all) stays here. */
    private static final Set<String> REQUEST_HEADERS = Set.of("content-type", "content-length", "accept",
            "accept-language", "if-none-match", "if-match", "if-modified-since", "range", "if-range", "idempotency-key");
    private static final Set<String> RESPONSE_HEADERS = Set.of("content-type", "content-length",
            "content-disposition", "etag", "last-modified", "retry-after", "cache-control", "content-range",
            "accept-ranges", "x-total-count", "link");

    private final Sessions sessions;
    private final ConsoleSettings settings;
    private HttpClient client;

    ServiceProxy(Sessions sessions, ConsoleSettings settings) {
        this.sessions = sessions;
        this.settings = settings;
    }

    void register(@Observes Router router, Vertx vertx) {
        client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(5_000)
                .setKeepAlive(true)
                .setMaxPoolSize(64));
        router.route("/svc/:service/*").handler(this::forward);
    }

    private void forward(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        String service = context.pathParam("service");
        URI base = settings.services().get(service);
        if (base == null) {
            Problems.send(response, ProblemException.notFound("service '" + service + "'"));
            return;
        }
        String prefix = "/svc/" + service + "/";
        // the raw path: a service name written with escapes does not line up with the decoded one routed on
        String path = request.path().startsWith(prefix)
                ? forwardable(request.path().substring(prefix.length() - 1)) : null;
        if (path == null) {
            Problems.send(response, new ProblemException(404, "not-found", "Not Found",
                    "only a service's /api/ paths are reachable, written plainly (no dot segments, encoded dots, "
                            + "slashes, backslashes or percent signs)"));
            return;
        }
        Optional<Viewer> viewer = sessions.viewerOf(request);
        if (viewer.isEmpty()) {
            Problems.send(response, ProblemException.unauthorized("not signed in, or the session expired"));
            return;
        }
        // Hold the body until the upstream connection exists, then stream it through.
        request.pause();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        copy(request.headers(), headers, REQUEST_HEADERS);
        headers.add("Authorization", "Bearer " + viewer.get().token());
        if (request.remoteAddress() != null) {
            headers.add("X-Forwarded-For", request.remoteAddress().host());
        }
        RequestOptions upstream = new RequestOptions()
                .setHeaders(headers)
                .setMethod(request.method())
                .setHost(base.getHost())
                .setPort(base.getPort() > 0 ? base.getPort() : 80)
                .setURI(stripTrailingSlash(base.getRawPath()) + path
                        + (request.query() == null ? "" : "?" + request.query()))
                .setIdleTimeout(settings.proxyTimeout().toMillis());
        client.request(upstream)
                .compose(out -> out.send(request))
                .onSuccess(in -> relay(service, in, response))
                .onFailure(failure -> {
                    LOG.debugf(failure, "forwarding to %s failed", service);
                    Problems.send(response, new ProblemException(502, "bad-gateway", "Bad Gateway",
                            service + "-service did not answer; it may be restarting, try again shortly"));
                });
    }

    /**
     * {@code rawPath} (as the browser sent it, still percent-encoded) if the service would see it as the same path
     * under {@code /api/}, else null. The service decodes and normalises what it receives, so
     * {@code /api/%2e%2e/q/metrics} would reach its {@code /q/metrics}: a path is refused if it holds an encoded dot,
     * slash, backslash or percent sign (the last is double encoding: {@code %252e} decodes to {@code %2e}), in either
     * case, a backslash, an empty segment or a dot segment. Other escapes may stay ({@code %7C} in an id): none of
     * them decodes to a separator or a dot, so the segments checked are the segments the service sees.
     */
    static String forwardable(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/api/") || rawPath.indexOf('\\') >= 0
                || ENCODED_SEPARATORS.matcher(rawPath).find()) {
            return null;
        }
        String[] segments = rawPath.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            boolean last = i == segments.length - 1;   // empty after a trailing slash, as in /api/
            if ((segments[i].isEmpty() && !last) || segments[i].equals(".") || segments[i].equals("..")) {
                return null;
            }
        }
        return rawPath;
    }

    private static void relay(String service, HttpClientResponse in, HttpServerResponse out) {
        out.setStatusCode(in.statusCode());
        copy(in.headers(), out.headers(), RESPONSE_HEADERS);
        String location = in.getHeader("Location");
        if (location != null) {
            out.putHeader("Location", consolePath(service, location));
        }
        if (!in.headers().contains("content-length")) {
            out.setChunked(true);
        }
        out.send(in);
    }

    /**
     * A service names its resources by its own paths ({@code Location: /api/uploads/u1}); the browser reaches them
     * through the console, at {@code /svc/upload/api/uploads/u1}.
     */
    static String consolePath(String service, String location) {
        URI uri = URI.create(location);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!path.startsWith("/api/")) {
            return location;
        }
        return "/svc/" + service + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private static void copy(MultiMap from, MultiMap to, Set<String> allowed) {
        from.forEach(header -> {
            if (allowed.contains(header.getKey().toLowerCase())) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }

    private static String stripTrailingSlash(String path) {
        return path == null ? "" : path.replaceAll("/+$", "");
    }
}
