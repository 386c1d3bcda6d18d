package io.datanet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The paths of a rendered overlay's Ingresses, and the one ingress-nginx picks for a request. */
final class IngressRoutes {

    private IngressRoutes() {
    }

    /** One path of an Ingress rule. */
    record Route(String ingress, String host, String path, String pathType, String backend) {
        boolean matches(String request) {
            if ("Exact".equals(pathType)) {
                return request.equals(path);
            }
            String prefix = path.endsWith("/") ? path : path + "/";
            return request.equals(path) || request.startsWith(prefix);
        }
    }


    static List<Route> routes(Overlays.Rendered rendered) {
        List<Route> routes = new ArrayList<>();
        for (ObjectNode ingress : rendered.ofKind("Ingress")) {
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    routes.add(new Route(Overlays.name(ingress), rule.path("host").asText(), path.path("path").asText(),
                            path.path("pathType").asText(), path.path("backend").path("service").path("name").asText()));
                }
            }
        }
        return routes;
    }


    /** The route ingress-nginx picks for a request path: the longest matching path, Exact before Prefix. */
    static Optional<Route> route(List<Route> routes, String host, String request) {
        return routes.stream().filter(r -> host.equals(r.host()) && r.matches(request))
                .max(Comparator.comparingInt((Route r) -> r.path().length())
                        .thenComparing(r -> "Exact".equals(r.pathType())));
    }
}
