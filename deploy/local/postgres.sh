#!/usr/bin/env bash
# PostgreSQL on 127.0.0.1:5432 for the local platform and the tests. Reuses a server that already listens;
# otherwise starts the distribution's cluster, installing Debian's postgresql package when there is none.
# Then makes the `datanet` role (allowed to create databases, so tests can make one per test class) and one
# database per service. Usage: postgres.sh start|stop|status
#        postgres.sh scratch-start PORT DIR | scratch-stop DIR
# A scratch cluster is a fresh, empty one in DIR on 127.0.0.1:PORT with the same role, for restore drills and the
# backup test (./datanet restore --port PORT); scratch-stop stops it and deletes DIR.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_PORT=5432
DB_USER="${DATANET_DB_USER:-datanet}"
DB_PASSWORD="${DATANET_DB_PASSWORD:-datanet}"
SERVICE_DATABASES=(datanet_upload datanet_validation datanet_reputation datanet_training)

as_postgres() { runuser -u postgres -- "$@"; }
superuser_psql() { as_postgres psql -h 127.0.0.1 -p $PG_PORT -X -q -v ON_ERROR_STOP=1 -d postgres "$@" 2>/dev/null \
                   || as_postgres psql -p $PG_PORT -X -q -v ON_ERROR_STOP=1 -d postgres "$@"; }
role_can_connect() { PGPASSWORD="$DB_PASSWORD" psql -h 127.0.0.1 -p $PG_PORT -U "$DB_USER" -d postgres -X -q -c 'select 1'; }

newest_cluster() { pg_lsclusters --no-header 2>/dev/null | sort -k1,1V | tail -n 1; }

install_server() {
  log "installing PostgreSQL from the distribution's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2 || die "could not install postgresql"
}

start_cluster() {
  command -v pg_lsclusters >/dev/null && [[ -n "$(newest_cluster)" ]] || install_server
  local version name
  read -r version name _ < <(newest_cluster)
  [[ -n "${version:-}" ]] || die "no PostgreSQL cluster found after installing"
  local conf="/etc/postgresql/$version/$name"
  # Listen on loopback only, on the port the platform expects, with password auth for TCP clients.
  sed -i -E "s/^#?port *=.*/port = $PG_PORT/; s/^#?listen_addresses *=.*/listen_addresses = '127.0.0.1'/" "$conf/postgresql.conf"
  grep -q '^max_connections = 300' "$conf/postgresql.conf" || echo 'max_connections = 300' >> "$conf/postgresql.conf"
  log "starting PostgreSQL $version/$name"
  pg_ctlcluster "$version" "$name" start >&2 || true
  echo "$version $name" > "$DATANET_STATE/pids/postgres.cluster"
}

ensure_databases() {
  if ! role_can_connect >/dev/null 2>&1; then
    superuser_psql -c "DO \$\$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
          CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
        ELSE
          ALTER ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
        END IF; END \$\$;" || die "cannot create role $DB_USER (need local superuser access as 'postgres')"
  fi
  for db in "${SERVICE_DATABASES[@]}"; do
    if ! PGPASSWORD="$DB_PASSWORD" psql -h 127.0.0.1 -p $PG_PORT -U "$DB_USER" -d postgres -X -tAq \
           -c "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
      PGPASSWORD="$DB_PASSWORD" psql -h 127.0.0.1 -p $PG_PORT -U "$DB_USER" -d postgres -X -q -c "CREATE DATABASE $db" >&2
      log "created database $db"
    fi
  done
}

start() {
  if port_open 127.0.0.1 $PG_PORT; then
    log "PostgreSQL already listens on 127.0.0.1:$PG_PORT; using it"
  else
    start_cluster
    wait_for "PostgreSQL" 60 port_open 127.0.0.1 $PG_PORT || die "PostgreSQL did not start"
  fi
  wait_for "PostgreSQL queries" 30 superuser_or_role_ready || die "PostgreSQL does not answer queries"
  ensure_databases
}

superuser_or_role_ready() { role_can_connect || superuser_psql -c 'select 1'; }

# Stops the cluster only if this script started it (it recorded which), never a server it merely reused.
stop() {
  local f="$DATANET_STATE/pids/postgres.cluster"
  [[ -f "$f" ]] || return 0
  read -r version name < "$f"
  pg_ctlcluster "$version" "$name" stop >&2 || true
  rm -f "$f"
  log "stopped PostgreSQL $version/$name"
}

status() {
  if port_open 127.0.0.1 $PG_PORT; then echo "postgresql  running  127.0.0.1:$PG_PORT"; else echo "postgresql  stopped"; fi
}

# initdb and the server refuse to run as root: as root they run as the distribution's postgres user.
as_cluster_owner() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
server_bindir() {
  command -v pg_lsclusters >/dev/null || install_server
  local version; version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  echo "/usr/lib/postgresql/$version/bin"
}

scratch_start() {
  local port="${1:?usage: postgres.sh scratch-start PORT DIR}" dir="${2:?usage: postgres.sh scratch-start PORT DIR}"
  ! port_open 127.0.0.1 "$port" || die "something already listens on 127.0.0.1:$port"
  [[ ! -e "$dir" ]] || die "$dir exists: a scratch cluster gets a directory of its own"
  local bin; bin="$(server_bindir)"
  mkdir -p "$dir"
  if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir"; fi
  local pwfile="$dir.pw"
  printf '%s\n' "$DB_PASSWORD" > "$pwfile" && chmod 644 "$pwfile"
  as_cluster_owner "$bin/initdb" -D "$dir" -U "$DB_USER" --pwfile="$pwfile" -A scram-sha-256 --data-checksums >/dev/null \
    || { rm -f "$pwfile"; die "initdb in $dir failed"; }
  rm -f "$pwfile"
  as_cluster_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $dir" start >&2 || die "the scratch cluster did not start ($dir/server.log)"
  log "scratch PostgreSQL on 127.0.0.1:$port in $dir (role $DB_USER)"
}

scratch_stop() {
  local dir="${1:?usage: postgres.sh scratch-stop DIR}"
  [[ -f "$dir/PG_VERSION" ]] || die "$dir is not a cluster's directory"
  as_cluster_owner "$(server_bindir)/pg_ctl" -D "$dir" -m fast -w stop >&2 || true
  rm -rf "$dir"
  log "stopped and removed the scratch cluster in $dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  scratch-start) scratch_start "${2:-}" "${3:-}" ;;
  scratch-stop) scratch_stop "${2:-}" ;;
  *) die "usage: postgres.sh start|stop|status|scratch-start PORT DIR|scratch-stop DIR" ;;
esac
