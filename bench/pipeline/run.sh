#!/usr/bin/env bash
# Pipeline benchmark: open-loop uploads at rising offered loads (each for a fixed time, then drained) until the
# pipeline falls behind: uploads/s, MiB/s and POST → 202 / received / validated / reputation-update latency per
# load; in the same run the broker's own ceiling for records of the same sizes (Kafka's ProducerPerformance,
# acks=all), PostgreSQL's own ceiling (pgbench: single-row inserts of 700 B, 8 clients, in a throwaway database) and a
# JFR profile of every JVM, cut to the saturation step. Uses the running platform (./datanet up
# if it is not ready). About 10 minutes; --quick about 2.
#   bench/pipeline/run.sh [--quick] [--loads 2,4,6,8,10,12,15,20,30,40,60,80] [--step-seconds 30] [--drain-seconds 120]
#                         [--ceiling-records 400000] [--warmup-seconds 10]
# The JVMs need minutes of load before the JIT has compiled the hot paths (right after ./datanet up, C2 compilation
# took a third of a service's CPU): give a freshly started platform --warmup-seconds 240 (5 uploads/s).
# Results: a markdown block on stdout, kept with everything measured in .datanet/bench/pipeline-<time>/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/deploy/local/lib.sh"
cd "$root"

loads=2,4,6,8,10,12,15,20,30,40,60,80 step=30 idle=10 warmup=10 drain=120 ceiling_records=400000
command="bench/pipeline/run.sh${*:+ $*}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) loads=2,10 step=10 idle=5 warmup=5 drain=30 ceiling_records=100000; shift ;;
    --loads) loads="$2"; shift 2 ;;
    --step-seconds) step="$2"; shift 2 ;;
    --drain-seconds) drain="$2"; shift 2 ;;
    --ceiling-records) ceiling_records="$2"; shift 2 ;;
    --warmup-seconds) warmup="$2"; shift 2 ;;
    *) die "usage: bench/pipeline/run.sh [--quick] [--loads 2,5,10] [--step-seconds 30] [--drain-seconds 120] [--ceiling-records N] [--warmup-seconds 10]" ;;
  esac
done

out="$DATANET_STATE/bench/pipeline-$(date -u +%Y%m%dT%H%MZ)"
mkdir -p "$out/jfr"
jvms=(upload-service validation-service reputation-service training-service kafka)
kafka_tool() {
  java -Xmx512m -Dlog4j2.configurationFile="$root/bench/pipeline/log4j2.properties" \
    -cp "$DATANET_STATE/kafka/libs/*" "$@"
}
# the local broker's administrator (it signs in like every client; the services' own users cannot make topics)
kafka_admin="$root/deploy/local/kafka/admin.properties"
ceiling_topic="bench.pipeline.ceiling.$(date +%s)"
ceiling_topic_made=false
ceiling_database="bench_pgbench_$(date +%s)"
ceiling_database_made=false
pg_as_datanet() { PGPASSWORD="${DATANET_DB_PASSWORD:-datanet}" "$@" -h 127.0.0.1 -p 5432 -U "${DATANET_DB_USER:-datanet}"; }
recording=false
cleanup() {
  if $recording; then
    for name in "${jvms[@]}"; do
      pid_alive "$name" && jcmd "$(cat "$DATANET_STATE/pids/$name.pid")" JFR.stop name=pipeline-bench >/dev/null 2>&1 || true
    done
  fi
  if $ceiling_database_made; then
    pg_as_datanet psql -d postgres -X -q -c "DROP DATABASE IF EXISTS $ceiling_database" >/dev/null 2>&1 || true
  fi
  if $ceiling_topic_made; then
    kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --command-config "$kafka_admin" \
      --delete --topic "$ceiling_topic" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

# 1. The platform: all four services ready, or ./datanet up.
ready=true
for port in 8081 8082 8083 8084; do
  curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 || ready=false
done
$ready || ./datanet up

# 2. The load generator (demo module) and its classpath.
./datanet mvn -B -q -pl demo -am install -DskipTests
./datanet mvn -B -q -pl demo dependency:build-classpath -Dmdep.outputFile="$out/classpath" >/dev/null
classpath="$root/demo/target/classes:$(cat "$out/classpath")"

machine="$(nproc) cores $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), \
$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1 | tr -d '"')"
echo "machine: $machine; $(date -u +%Y-%m-%dT%H:%MZ); load average $(cut -d' ' -f1-3 /proc/loadavg)"

# 3. A profile of every JVM for the whole load run; the report cuts it to the saturation step.
for name in "${jvms[@]}"; do
  pid_alive "$name" || die "$name is not running"
  jcmd "$(cat "$DATANET_STATE/pids/$name.pid")" JFR.start name=pipeline-bench settings=profile >/dev/null
done
recording=true

# 4. The load.
java -Xmx512m -cp "$classpath" io.datanet.demo.bench.PipelineBench --loads "$loads" --step-seconds "$step" \
  --idle-seconds "$idle" --warmup-seconds "$warmup" --drain-seconds "$drain" --clk-tck "$(getconf CLK_TCK)" --out "$out" \
  --key "$JWT_DIR/private.pem" --issuer "$LOCAL_ISSUER" --key-id "$(local_key_id)" --pids "$DATANET_STATE/pids" 2>&1 | { grep -v "^SLF4J" || true; }

for name in "${jvms[@]}"; do
  jcmd "$(cat "$DATANET_STATE/pids/$name.pid")" JFR.stop name=pipeline-bench filename="$out/jfr/$name.jfr" >/dev/null
done
recording=false

# 5. The broker's own ceiling, after the load has drained: one producer, records of the mean sizes measured above.
source "$out/event-sizes.env"
kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --command-config "$kafka_admin" \
  --create --topic "$ceiling_topic" --partitions "$RECEIVED_PARTITIONS" --replication-factor 1 >/dev/null 2>&1
ceiling_topic_made=true
for kind in received validated; do
  size_var="${kind^^}_EVENT_BYTES"
  echo "[pipeline-bench] broker ceiling: $ceiling_records records of ${!size_var} B (like uploads.$kind)" >&2
  kafka_tool org.apache.kafka.tools.ProducerPerformance --topic "$ceiling_topic" --num-records "$ceiling_records" \
    --record-size "${!size_var}" --throughput -1 \
    --producer.config "$kafka_admin" \
    --producer-props bootstrap.servers=127.0.0.1:9092 acks=all enable.idempotence=true >"$out/ceiling-$kind.txt"
done

# 6. PostgreSQL's own ceiling, on the server the services use, after the load has drained: pgbench committing
# single-row inserts of 700 B (about an event's size) from 8 clients, each insert its own transaction.
echo "[pipeline-bench] database ceiling: pgbench, single-row inserts of 700 B, 8 clients, ${pg_seconds:=20} s" >&2
pg_as_datanet psql -d postgres -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $ceiling_database" >/dev/null
ceiling_database_made=true
pg_as_datanet psql -d "$ceiling_database" -X -q -v ON_ERROR_STOP=1 \
  -c "CREATE TABLE ceiling (id bigserial PRIMARY KEY, written_at timestamptz NOT NULL DEFAULT now(), payload text NOT NULL)"
echo "INSERT INTO ceiling (payload) VALUES (repeat('x', 700));" > "$out/pgbench-insert.sql"
pg_as_datanet pgbench -n -c 8 -j 2 -T "$pg_seconds" -f "$out/pgbench-insert.sql" "$ceiling_database" \
  >"$out/ceiling-pgbench.txt" 2>&1 || echo "[pipeline-bench] pgbench failed: see $out/ceiling-pgbench.txt" >&2

# 7. The report.
echo
java -Xmx1g -cp "$classpath" io.datanet.demo.bench.BenchReport "$out" "$machine" "$command"
echo "(kept in $out/results.md)" >&2
