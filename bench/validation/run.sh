#!/usr/bin/env bash
# Validation benchmark: per-core throughput of the check pipeline, and the near-duplicate lookup as a datanet
# grows to 10k, 100k and 1M records, and the paraphrase index (recall against exact search, candidates a lookup) at the
# same sizes. Needs PostgreSQL (started here if it is not running). Takes ~20 minutes.
#   bench/validation/run.sh [pipeline|paraphrase|lookup|all]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/deploy/local/lib.sh"
cd "$root"
part="${1:-all}"
PG_PORT=5432
DB_USER="${DATANET_DB_USER:-datanet}"
DB_PASSWORD="${DATANET_DB_PASSWORD:-datanet}"
bash deploy/local/postgres.sh start
# A throwaway database of its own (the platform's user may create databases: tests make one per class).
PGPASSWORD="$DB_PASSWORD" psql -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d postgres -X -q \
  -c "DROP DATABASE IF EXISTS datanet_bench" -c "CREATE DATABASE datanet_bench" 2>&1 | grep -v NOTICE || true
./datanet mvn -B -q install -DskipTests -pl events,platform -am
./datanet mvn -B -q test-compile -pl validation-service
cp_file="$root/validation-service/target/bench.classpath"
./datanet mvn -B -q dependency:build-classpath -pl validation-service -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1); $(date -u +%Y-%m-%dT%H:%MZ)"
cd validation-service
java -Xmx6g -Dbench.user="$DB_USER" -Dbench.password="$DB_PASSWORD" -cp "target/test-classes:target/classes:$(cat "$cp_file")" io.datanet.validation.bench.ValidationBench "$part"
