package io.datanet.platform.problem;

import io.quarkus.arc.Arc;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The methods a path answers, for the {@code Allow} header every 405 must carry (RFC 9110 §15.5.6). Quarkus REST
 * answers OPTIONS with them but throws its 405 without, so this reads the same thing from the resource classes: each
 * bean whose class has {@code @Path}, each of its methods with an HTTP method annotation, the class and method paths
 * joined into a template whose {@code {name}} and {@code {name: regex}} parameters match as Jakarta REST matches them.
 */
final class AllowedMethods {

    private record Route(Pattern path, String method) { }

    private static final Pattern PARAMETER = Pattern.compile("\\{\\s*\\w[\\w.-]*\\s*(?::\\s*((?:[^{}]|\\{[^{}]*})+))?}");

    private static volatile List<Route> routes;

    private AllowedMethods() {
    }

    /** The methods {@code path} answers, OPTIONS (and HEAD with GET) included; empty when no resource matches it. */
    static Set<String> of(String path) {
        Set<String> allowed = new TreeSet<>();
        for (Route route : routes()) {
            if (route.path().matcher(path).matches()) {
                allowed.add(route.method());
            }
        }
        if (!allowed.isEmpty()) {
            allowed.add("OPTIONS");
            if (allowed.contains("GET")) {
                allowed.add("HEAD");
            }
        }
        return allowed;
    }

    private static List<Route> routes() {
        List<Route> known = routes;
        if (known == null) {
            known = List.copyOf(readRoutes());
            routes = known;
        }
        return known;
    }

    private static List<Route> readRoutes() {
        List<Route> found = new ArrayList<>();
        for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            Path classPath = type.getAnnotation(Path.class);
            if (classPath == null) {
                continue;
            }
            for (Method method : type.getMethods()) {
                String httpMethod = httpMethodOf(method);
                if (httpMethod != null) {
                    Path methodPath = method.getAnnotation(Path.class);
                    found.add(new Route(templatePattern(classPath.value(), methodPath == null ? "" : methodPath.value()),
                            httpMethod));
                }
            }
        }
        return found;
    }

    private static String httpMethodOf(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod httpMethod = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (httpMethod != null) {
                return httpMethod.value();
            }
        }
        return null;
    }

    /** A regular expression for the joined template; a parameter without its own expression is one segment. */
    static Pattern templatePattern(String classPath, String methodPath) {
        String template = ("/" + classPath + "/" + methodPath).replaceAll("/+", "/");
        if (template.length() > 1 && template.endsWith("/")) {
            template = template.substring(0, template.length() - 1);
        }
        StringBuilder regex = new StringBuilder();
        Matcher parameter = PARAMETER.matcher(template);
        int literalStart = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(template.substring(literalStart, parameter.start())));
            regex.append('(').append(parameter.group(1) == null ? "[^/]+" : parameter.group(1).trim()).append(')');
            literalStart = parameter.end();
        }
        regex.append(Pattern.quote(template.substring(literalStart))).append("/?");
        return Pattern.compile(regex.toString());
    }
}
