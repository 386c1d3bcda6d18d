#!/usr/bin/env bash
# A single-node Apache Kafka broker in KRaft mode (combined broker + controller) on 127.0.0.1:9092, run
# from Kafka's own jars resolved from Maven Central, with production's listener security (kafka/sasl.properties):
# every client signs in, SCRAM-SHA-512 as its own principal or PLAIN as the administrator (kafka/admin.properties),
# and may do only what an ACL grants. Usage: kafka.sh start|stop|status|classpath|cluster-ids [N]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KAFKA_DIR="$DATANET_STATE/kafka"
KAFKA_LIBS="$KAFKA_DIR/libs"
KAFKA_PORT=9092

resolve_jars() {
  if [[ ! -f "$KAFKA_LIBS/.complete" ]]; then
    log "resolving Apache Kafka jars"
    rm -rf "$KAFKA_LIBS"; mkdir -p "$KAFKA_LIBS"
    "$(mvn_cmd)" -q -B -f "$DATANET_ROOT/deploy/local/kafka/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$KAFKA_LIBS" >&2
    touch "$KAFKA_LIBS/.complete"
  fi
}

classpath() { resolve_jars; echo "$KAFKA_LIBS/*"; }

kafka_java() {
  java -Xms256m -Xmx768m -XX:+UseG1GC -Djava.awt.headless=true \
       -Dlog4j2.configurationFile="$DATANET_ROOT/deploy/local/kafka/log4j2.properties" \
       -cp "$KAFKA_LIBS/*" "$@"
}

write_config() {
  mkdir -p "$KAFKA_DIR/data"
  cat > "$KAFKA_DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:9093
listeners=SASL_PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:9093
advertised.listeners=SASL_PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_PLAINTEXT
listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.retention.hours=168
PROPS
  cat "$DATANET_ROOT/deploy/local/kafka/sasl.properties" >> "$KAFKA_DIR/server.properties"
}

broker_answers() {
  kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" \
    --command-config "$DATANET_ROOT/deploy/local/kafka/admin.properties" --list
}

start() {
  if pid_alive kafka; then log "Kafka already running (pid $(cat "$DATANET_STATE/pids/kafka.pid"))"; return 0; fi
  if port_open 127.0.0.1 $KAFKA_PORT; then log "a broker already listens on 127.0.0.1:$KAFKA_PORT; using it"; return 0; fi
  resolve_jars
  write_config
  if [[ ! -f "$KAFKA_DIR/data/meta.properties" ]]; then
    log "formatting KRaft storage"
    kafka_java kafka.tools.StorageTool format -t "$(new_cluster_id)" -c "$KAFKA_DIR/server.properties" \
      --ignore-formatted >"$DATANET_STATE/logs/kafka-format.log" 2>&1 \
      || { grep -v '^[[:space:]]' "$DATANET_STATE/logs/kafka-format.log" | tail -n 20 >&2
           die "formatting Kafka storage failed; see $DATANET_STATE/logs/kafka-format.log"; }
  fi
  log "starting Kafka on 127.0.0.1:$KAFKA_PORT"
  nohup java -Xms256m -Xmx768m -XX:+UseG1GC -Djava.awt.headless=true \
       -Dlog4j2.configurationFile="$DATANET_ROOT/deploy/local/kafka/log4j2.properties" \
       -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_DIR/server.properties" \
       >"$DATANET_STATE/logs/kafka.log" 2>&1 &
  echo $! > "$DATANET_STATE/pids/kafka.pid"
  wait_for "Kafka port" 60 port_open 127.0.0.1 $KAFKA_PORT || die "Kafka did not open its port; see $DATANET_STATE/logs/kafka.log"
  wait_for "Kafka" 60 broker_answers || die "Kafka does not answer; see $DATANET_STATE/logs/kafka.log"
}

# Kafka's cluster ids are 16 random bytes in URL-safe base64 without padding (22 characters). Like Kafka's
# own Uuid.randomUuid(), never one starting with '-': the storage tool would read it as an option and fail
# (one id in 64; it once failed CI).
new_cluster_id() {
  local id
  while id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"; [[ "$id" == -* ]]; do :; done
  echo "$id"
}

stop() { stop_pid kafka; }

status() {
  if pid_alive kafka; then echo "kafka       running  pid $(cat "$DATANET_STATE/pids/kafka.pid")  127.0.0.1:$KAFKA_PORT";
  elif port_open 127.0.0.1 $KAFKA_PORT; then echo "kafka       running  (not started by datanet)  127.0.0.1:$KAFKA_PORT";
  else echo "kafka       stopped"; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  classpath) classpath ;;
  cluster-ids) for _ in $(seq 1 "${2:-1}"); do new_cluster_id; done ;;  # what a fresh format would use (tests)
  *) die "usage: kafka.sh start|stop|status|classpath|cluster-ids [COUNT]" ;;
esac
