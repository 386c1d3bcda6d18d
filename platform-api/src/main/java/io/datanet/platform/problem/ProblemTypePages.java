package io.datanet.platform.problem;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * What a problem's {@code type} points at: {@code /problems/<slug>} resolves against the service that answered to a
 * page saying what the problem means and what to do about it, from the catalogue {@code problem-types.json}
 * (META-INF/datanet). Public: a client reading a problem may hold no valid token, which is often why it got one.
 */
@Path("/problems")
@PermitAll
public class ProblemTypePages {

    /** One kind of problem, as the catalogue describes it. */
    public record ProblemType(int status, String title, String meaning, String action) {
    }

    static final Map<String, ProblemType> CATALOGUE = load();

    @GET
    @Path("/{slug}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(operationId = "getProblemType", summary = "What a kind of problem means and what to do about it")
    @APIResponse(responseCode = "200", description = "the page a problem's `type` points at")
    @APIResponse(responseCode = "404", description = "no such kind of problem")
    public String page(@PathParam("slug") String slug) {
        ProblemType type = CATALOGUE.get(slug);
        if (type == null) {
            throw ProblemException.notFound("problem type " + slug);
        }
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>%1$s: %2$s</title></head>
                <body><h1>%2$s</h1>
                <p>HTTP %3$d %4$s, <code>type</code> <code>/problems/%1$s</code>.</p>
                <h2>What it means</h2><p>%5$s</p>
                <h2>What to do</h2><p>%6$s</p>
                <p>Every Datanet error is an RFC 9457 problem (application/problem+json): <code>type</code>, <code>title</code>,
                <code>status</code>, <code>detail</code> (this request's case), <code>instance</code> (its path), and the
                kind's own members named above.</p></body></html>
                """.formatted(escape(slug), escape(humanised(slug)), type.status(), escape(type.title()),
                escape(type.meaning()), escape(type.action()));
    }

    private static String humanised(String slug) {
        String words = slug.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** HTML-escaped, with `code` spans kept as code. */
    private static String escape(String text) {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        return escaped.replaceAll("`([^`]+)`", "<code>$1</code>");
    }

    private static Map<String, ProblemType> load() {
        try (InputStream in = ProblemTypePages.class.getResourceAsStream("/META-INF/datanet/problem-types.json")) {
            if (in == null) {
                throw new IllegalStateException("META-INF/datanet/problem-types.json is not on the class path");
            }
            return Map.copyOf(new ObjectMapper().readValue(in, new TypeReference<Map<String, ProblemType>>() {
            }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
