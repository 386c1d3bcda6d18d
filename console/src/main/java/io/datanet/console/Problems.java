package io.datanet.console;

import io.datanet.platform.problem.Problem;
import io.datanet.platform.problem.ProblemException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;

/**
 * The console's answers on its Vert.x routes (the proxy and the event stream), outside Jakarta REST, as the same
 * problem JSON its resources and the services give (datanet-platform-api), so the web app handles every error one
 * way whether it came from here or upstream. Resources throw {@link ProblemException}; the platform maps it.
 */
final class Problems {

    private Problems() {
    }

    static void send(HttpServerResponse response, ProblemException problem) {
        if (response.headWritten()) {
            response.reset();
            return;
        }
        response.setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Json.encode(problem.toProblem()));
    }
}
