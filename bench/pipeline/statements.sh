#!/usr/bin/env bash
# SQL statements per upload, per service database: PostgreSQL logs every statement (log_statement = all, set for the
# run and reset afterwards) while the pipeline benchmark's quick run posts uploads; each database's count, less what
# it runs idle in as long, divided by the uploads stored meanwhile. Uses the running platform (./datanet up if it is
# not ready) and the distribution's PostgreSQL cluster (its log file, and the postgres superuser to change the
# setting). About 4 minutes.
#   bench/pipeline/statements.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/deploy/local/lib.sh"
cd "$root"

databases=(datanet_upload datanet_validation datanet_reputation datanet_training)
read -r _ _ _ _ _ _ server_log < <(pg_lsclusters --no-header | sort -k1,1V | tail -n 1)
[[ -f "$server_log" ]] || die "no PostgreSQL log file at '$server_log' (pg_lsclusters)"
superuser() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "$1" >/dev/null; }
reset() { superuser "ALTER SYSTEM RESET log_statement" && superuser "SELECT pg_reload_conf()"; }
trap reset EXIT

# Statements logged per database from byte $1 of the log on: "statement:" (simple protocol) and "execute" (an
# extended-protocol execution; its parse and bind are not logged separately).
count_since() {
  tail -c +"$(( $1 + 1 ))" "$server_log" | awk -v dbs="${databases[*]}" '
    BEGIN { n = split(dbs, list, " "); for (i = 1; i <= n; i++) count[list[i]] = 0 }
    / LOG:  (statement|execute [^:]*): / {
      for (i = 1; i <= n; i++) if (index($0, "@" list[i] " ") > 0) { count[list[i]]++; break }
    }
    END { for (i = 1; i <= n; i++) printf "%s %d\n", list[i], count[list[i]] }'
}

ready=true
for port in 8081 8082 8083 8084; do
  curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 || ready=false
done
$ready || ./datanet up

superuser "ALTER SYSTEM SET log_statement = 'all'"
superuser "SELECT pg_reload_conf()"
grep -q "%d" <(runuser -u postgres -- psql -X -tA -d postgres -c "SHOW log_line_prefix") \
  || die "log_line_prefix does not name the database (%d): cannot tell the services apart"

idle_seconds=30
echo "[statements] idle for $idle_seconds s (relay polls, sweeps, health checks)" >&2
start=$(stat -c %s "$server_log")
sleep "$idle_seconds"
declare -A idle
while read -r db n; do idle[$db]=$n; done < <(count_since "$start")

stored_uploads() {
  PGPASSWORD="${DATANET_DB_PASSWORD:-datanet}" psql -h 127.0.0.1 -U "${DATANET_DB_USER:-datanet}" -d datanet_upload \
    -X -tA -c "SELECT count(*) FROM upload"
}

echo "[statements] the pipeline benchmark's quick run" >&2
before=$(stored_uploads)
start=$(stat -c %s "$server_log")
began=$SECONDS
bench/pipeline/run.sh --quick > "$DATANET_STATE/bench/statements-run.log" 2>&1
elapsed=$(( SECONDS - began ))
declare -A busy
while read -r db n; do busy[$db]=$n; done < <(count_since "$start")
uploads=$(( $(stored_uploads) - before ))
(( uploads > 0 )) || die "no upload was stored during the run: see $DATANET_STATE/bench/statements-run.log"

echo
echo "Statements per upload ($(date -u +%Y-%m-%dT%H:%MZ), $(git rev-parse --short HEAD), $uploads uploads stored"
echo "in ${elapsed} s, less each database's idle rate measured over $idle_seconds s just before):"
echo
echo "| database | statements in the run | idle rate /s | per upload |"
echo "|---|---|---|---|"
total=0
for db in "${databases[@]}"; do
  per=$(awk -v b="${busy[$db]}" -v i="${idle[$db]}" -v s="$idle_seconds" -v e="$elapsed" -v u="$uploads" \
    'BEGIN { printf "%.1f", (b - i / s * e) / u }')
  total=$(awk -v t="$total" -v p="$per" 'BEGIN { print t + p }')
  echo "| $db | ${busy[$db]} | $(awk -v i="${idle[$db]}" -v s="$idle_seconds" 'BEGIN { printf "%.1f", i / s }') | $per |"
done
echo "| **all four** | | | **$total** |"
