package io.datanet.platform.api;

import io.datanet.platform.problem.ProblemException;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a request whose path or query parameters hold control characters (a percent-encoded NUL, CR, LF...) with
 * 400, before any of them reaches a query: ids and filters are one-line values ({@link TextInput}), and PostgreSQL
 * fails on a NUL in a query parameter.
 */
public class ParameterChecks {

    @ServerRequestFilter
    public void refuseControlCharacters(UriInfo uri) {
        check(uri.getPathParameters(), "path");
        check(uri.getQueryParameters(), "query");
    }

    private static void check(MultivaluedMap<String, String> parameters, String where) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            for (String value : parameter.getValue()) {
                String why = TextInput.whyNotALine(value);
                if (why != null) {
                    throw ProblemException.badRequest(where + " parameter " + parameter.getKey() + " " + why)
                            .with("parameter", parameter.getKey());
                }
            }
        }
    }
}
