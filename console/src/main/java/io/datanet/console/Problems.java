package io.datanet.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.core.Response;

/**
 * RFC 9457 problem bodies for the console's own answers, in the same shape the services give ({@code type}
 * {@code /problems/<slug>}), so the web app handles every error one way whether it came from here or upstream.
 */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    static String body(int status, String slug, String title, String detail) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "/problems/" + slug);
        node.put("title", title);
        node.put("status", status);
        node.put("detail", detail);
        return node.toString();
    }

    static Response response(int status, String slug, String title, String detail) {
        return Response.status(status).type(MEDIA_TYPE).entity(body(status, slug, title, detail)).build();
    }

    static Response unauthorized(String detail) {
        return response(401, "unauthorized", "Unauthorized", detail);
    }

    /** For answers written on Vert.x routes (the proxy and the event stream), outside JAX-RS. */
    static void send(HttpServerResponse response, int status, String slug, String title, String detail) {
        if (response.headWritten()) {
            response.reset();
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", MEDIA_TYPE).end(body(status, slug, title, detail));
    }
}
