package io.datanet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a rendered overlay's NetworkPolicies allow, evaluated as Kubernetes does: who may open a TCP connection to
 * whom, on which port, pods selected by labels and namespaces, or addresses by CIDR.
 */
final class NetworkPolicies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NetworkPolicies() {
    }

    /**
     * A pod (or, with no labels known, any pod) in a namespace, as NetworkPolicy peers select it; or, with an
     * {@code address}, an IPv4 address that is no pod's (a node-local or link-local service).
     */
    record Endpoint(String namespace, Map<String, String> labels, String address) {
        Endpoint(String namespace, Map<String, String> labels) {
            this(namespace, labels, null);
        }

        static Endpoint at(String address) {
            return new Endpoint("", Map.of(), address);
        }
    }


    static Endpoint pod(Overlays.Rendered rendered, String namespace, String deployment) {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        rendered.get("Deployment", deployment).path("spec").path("template").path("metadata").path("labels").fields()
                .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new Endpoint(namespace, labels);
    }


    /** Whether the policies let {@code from} open a TCP connection to {@code to}'s port (by name or number). */
    static boolean reaches(Overlays.Rendered rendered, String namespace, Endpoint from, Endpoint to,
                                   String portName, int port) {
        return allows(rendered, namespace, from, to, "Egress", portName, port)
                && allows(rendered, namespace, to, from, "Ingress", portName, port);
    }


    /**
     * Whether the namespace's policies let {@code subject} send ("Egress") to, or take ("Ingress") from, {@code peer}
     * on a TCP port. A pod no policy of that direction selects is not isolated in it. Only the Datanet namespace's
     * pods are subjects here.
     */
    static boolean allows(Overlays.Rendered rendered, String namespace, Endpoint subject, Endpoint peer,
                                  String direction, String portName, int port) {
        if (!subject.namespace().equals(namespace)) {
            return true; // other namespaces' policies are not ours
        }
        JsonNode subjectLabels = JSON.valueToTree(subject.labels());
        boolean isolated = false;
        for (ObjectNode policy : rendered.ofKind("NetworkPolicy")) {
            JsonNode spec = policy.path("spec");
            if (!Workloads.selects(spec.path("podSelector"), subjectLabels) || !types(policy).contains(direction)) {
                continue;
            }
            isolated = true;
            for (JsonNode rule : spec.path(direction.toLowerCase())) {
                JsonNode peers = rule.path("Egress".equals(direction) ? "to" : "from");
                boolean peerAllowed = peers.isMissingNode() || peers.isEmpty();
                for (JsonNode p : peers) {
                    peerAllowed |= peerMatches(p, namespace, peer);
                }
                if (peerAllowed && portAllowed(rule.path("ports"), portName, port)) {
                    return true;
                }
            }
        }
        return !isolated;
    }


    /** NetworkPolicy peer semantics: a bare podSelector means the policy's own namespace. */
    static boolean peerMatches(JsonNode peer, String policyNamespace, Endpoint endpoint) {
        if (peer.has("ipBlock")) {
            if (endpoint.address() == null) {
                return true; // addresses: counted as reaching any pod or the outside (CNIs differ here)
            }
            boolean excepted = false;
            for (JsonNode except : peer.path("ipBlock").path("except")) {
                excepted |= inCidr(endpoint.address(), except.asText());
            }
            return inCidr(endpoint.address(), peer.path("ipBlock").path("cidr").asText()) && !excepted;
        }
        if (endpoint.address() != null) {
            return false; // selectors pick pods, and this address is none
        }
        boolean namespaceOk = peer.has("namespaceSelector")
                ? Workloads.selects(peer.path("namespaceSelector"),
                        JSON.valueToTree(Map.of("kubernetes.io/metadata.name", endpoint.namespace())))
                : endpoint.namespace().equals(policyNamespace);
        boolean podOk = !peer.has("podSelector") || Workloads.selects(peer.path("podSelector"), JSON.valueToTree(endpoint.labels()));
        return namespaceOk && podOk;
    }


    /** Whether an IPv4 address lies in a CIDR block (an IPv6 block holds no IPv4 address). */
    static boolean inCidr(String address, String cidr) {
        if (cidr.contains(":")) {
            return false;
        }
        String[] block = cidr.split("/");
        int bits = block.length > 1 ? Integer.parseInt(block[1]) : 32;
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (ipv4(address) & mask) == (ipv4(block[0]) & mask);
    }


    static long ipv4(String address) {
        long value = 0;
        for (String octet : address.split("\\.")) {
            value = value << 8 | Integer.parseInt(octet);
        }
        return value;
    }


    static boolean portAllowed(JsonNode ports, String portName, int port) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode p : ports) {
            if (!"TCP".equals(p.path("protocol").asText("TCP"))) {
                continue;
            }
            JsonNode value = p.path("port");
            if (value.isMissingNode()
                    || (value.isInt() && (value.asInt() == port
                        || (p.has("endPort") && port >= value.asInt() && port <= p.path("endPort").asInt())))
                    || (value.isTextual() && value.asText().equals(portName))) {
                return true;
            }
        }
        return false;
    }


    static Set<String> types(JsonNode policy) {
        Set<String> types = new HashSet<>();
        policy.path("spec").path("policyTypes").forEach(t -> types.add(t.asText()));
        return types;
    }
}
