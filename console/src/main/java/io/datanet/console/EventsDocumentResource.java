package io.datanet.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The events' AsyncAPI document (events' asyncapi.yaml, the contract AsyncApiContractTest holds the payload records
 * to), published on the console's public host for downstream consumers: every event's {@code ce_dataschema} points
 * into it when the services are given its address ({@code DATANET_EVENTS_SCHEMA_URL}). No sign-in: it describes
 * the events' shape, never their content.
 */
@Path("/events/asyncapi.yaml")
public class EventsDocumentResource {

    private static final byte[] DOCUMENT = read();
    private static final EntityTag ETAG = new EntityTag(sha256(DOCUMENT));

    /** One document per release: caches revalidate it, cheaply by its ETag, rather than keep a stale one. */
    @GET
    public Response document(@Context Request request) {
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(ETAG);
        Response.ResponseBuilder answer = unchanged != null ? unchanged
                : Response.ok(DOCUMENT, "application/yaml; charset=utf-8").tag(ETAG);
        return answer.header("Cache-Control", "no-cache").build();
    }

    private static byte[] read() {
        try (InputStream in = EventsDocumentResource.class.getResourceAsStream("/asyncapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("asyncapi.yaml is missing from the events jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
