#!/usr/bin/env bash
# Zipkin, the local trace collector: the services export their spans to its v2 API (DATANET_TRACES_ZIPKIN_ENDPOINT)
# and its UI on http://127.0.0.1:9411 shows an upload's trace through all four services. Zipkin's own server jar,
# resolved from Maven Central; spans are kept in memory (a restart forgets them).
# Usage: zipkin.sh start|stop|status|jar
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ZIPKIN_VERSION=3.6.1
ZIPKIN_DIR="$DATANET_STATE/zipkin"
ZIPKIN_JAR="$ZIPKIN_DIR/zipkin-server-$ZIPKIN_VERSION-exec.jar"
ZIPKIN_PORT=9411

resolve_jar() {
  if [[ ! -f "$ZIPKIN_JAR" ]]; then
    log "resolving Zipkin $ZIPKIN_VERSION"
    fetch_artifact "io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" "$ZIPKIN_DIR" \
      || die "could not fetch Zipkin $ZIPKIN_VERSION"
  fi
}

answers() { curl -sf "http://127.0.0.1:$ZIPKIN_PORT/health" >/dev/null; }

start() {
  if pid_alive zipkin; then log "Zipkin already running (pid $(cat "$DATANET_STATE/pids/zipkin.pid"))"; return 0; fi
  if port_open 127.0.0.1 $ZIPKIN_PORT; then log "something already listens on 127.0.0.1:$ZIPKIN_PORT; using it"; return 0; fi
  resolve_jar
  log "starting Zipkin on 127.0.0.1:$ZIPKIN_PORT"
  nohup java -Xms64m -Xmx256m -XX:+UseG1GC -jar "$ZIPKIN_JAR" --server.address=127.0.0.1 \
    --server.port=$ZIPKIN_PORT >"$DATANET_STATE/logs/zipkin.log" 2>&1 &
  echo $! > "$DATANET_STATE/pids/zipkin.pid"
  wait_for "Zipkin" 60 answers || die "Zipkin does not answer; see $DATANET_STATE/logs/zipkin.log"
}

stop() { stop_pid zipkin; }

status() { daemon_status zipkin "http://127.0.0.1:$ZIPKIN_PORT"; }

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  jar) resolve_jar; echo "$ZIPKIN_JAR" ;;   # for the tests that start a collector of their own
  *) die "usage: zipkin.sh start|stop|status|jar" ;;
esac
