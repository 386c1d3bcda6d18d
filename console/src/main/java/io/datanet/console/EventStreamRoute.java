package io.datanet.console;

import io.datanet.platform.problem.ProblemException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code GET /console/events}: the signed-in viewer's live stream as server-sent events. A route of its own rather
 * than a JAX-RS resource so each stream is one response written on its connection's event loop, with nothing
 * buffered per viewer but what the socket has not yet taken.
 */
@ApplicationScoped
public class EventStreamRoute {

    private final Sessions sessions;
    private final LiveEvents liveEvents;
    private final ConsoleSettings settings;
    private Vertx vertx;

    EventStreamRoute(Sessions sessions, LiveEvents liveEvents, ConsoleSettings settings) {
        this.sessions = sessions;
        this.liveEvents = liveEvents;
        this.settings = settings;
    }

    void register(@Observes Router router, Vertx vertx) {
        this.vertx = vertx;
        router.get("/console/events").handler(this::open);
    }

    private void open(RoutingContext context) {
        HttpServerResponse response = context.response();
        Optional<Viewer> viewer = sessions.viewerOf(context.request());
        if (viewer.isEmpty()) {
            Problems.send(response, ProblemException.unauthorized("not signed in, or the session expired"));
            return;
        }
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no"); // nginx-style proxies must not buffer a stream
        // The browser reconnects after 3 s if the stream drops; the first comment flushes the headers.
        response.write("retry: 3000\n: connected\n\n");
        Stream stream = new Stream(viewer.get(), response, vertx.getOrCreateContext());
        liveEvents.subscribe(stream);
        long heartbeat = vertx.setPeriodic(settings.heartbeat().toMillis(), id -> stream.write(": keep-alive\n\n"));
        response.closeHandler(ignored -> {
            vertx.cancelTimer(heartbeat);
            liveEvents.unsubscribe(stream);
        });
    }

    private final class Stream implements LiveEvents.Subscriber {
        private final Viewer viewer;
        private final HttpServerResponse response;
        private final Context context;

        Stream(Viewer viewer, HttpServerResponse response, Context context) {
            this.viewer = viewer;
            this.response = response;
            this.context = context;
        }

        @Override
        public Viewer viewer() {
            return viewer;
        }

        @Override
        public void send(String frame) {
            context.runOnContext(ignored -> write(frame));
        }

        /** Ends the stream when the session expires or the viewer cannot keep up (the app reconnects and reloads). */
        void write(String frame) {
            if (response.ended() || response.closed()) {
                return;
            }
            if (Instant.now().isAfter(viewer.expiresAt()) || response.writeQueueFull()) {
                liveEvents.unsubscribe(this);
                response.end();
                return;
            }
            response.write(frame);
        }
    }
}
