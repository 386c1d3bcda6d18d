#!/usr/bin/env bash
# Backs up and restores the local platform's state with PostgreSQL's own tools: one pg_dump archive per service
# database and a tar of the blob directory, listed with their SHA-256 in manifest.json. The operator guide
# (deploy/README.md, "Backups and restore") has the production side (CloudNativePG) and the drill.
#
#   backup.sh backup  [--to DIR] [CONNECTION...]          default DIR: .datanet/backups/<UTC time>
#   backup.sh restore --from DIR [--replace] [CONNECTION...]
#   CONNECTION: --host H --port P (127.0.0.1 5432) --user U (datanet; password from DATANET_DB_PASSWORD)
#               --databases a,b,c (the four service databases) --blobs DIR (.datanet/blobs)
#
# Each database is dumped in one transaction, so each is consistent in itself. The databases are dumped one after
# the other, then the blobs: a row never names a blob missing from the tar (a blob is stored before the row that
# names it commits). Between the services' states a few seconds may separate: restoring then replaying Kafka from
# the manifest's startedAt (the guide's drill) lets the idempotent consumers close the gap.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

HOST=127.0.0.1 PORT=5432 USER_NAME="${DATANET_DB_USER:-datanet}"
export PGPASSWORD="${DATANET_DB_PASSWORD:-datanet}" PGOPTIONS="-c client_min_messages=warning"
DATABASES=(datanet_upload datanet_validation datanet_reputation datanet_training)
BLOBS="$DATANET_STATE/blobs"
DIR="" REPLACE=false

usage() { sed -n '7,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

parse() {
  while (( $# )); do
    case "$1" in
      --to|--from) DIR="${2:?}"; shift 2 ;;
      --host) HOST="${2:?}"; shift 2 ;;
      --port) PORT="${2:?}"; shift 2 ;;
      --user) USER_NAME="${2:?}"; shift 2 ;;
      --databases) IFS=, read -r -a DATABASES <<< "${2:?}"; shift 2 ;;
      --blobs) BLOBS="${2:?}"; shift 2 ;;
      --replace) REPLACE=true; shift ;;
      *) usage ;;
    esac
  done
  for db in "${DATABASES[@]}"; do
    [[ "$db" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "not a database name: '$db'"
  done
}

psql_at() { psql -h "$HOST" -p "$PORT" -U "$USER_NAME" -X -q -v ON_ERROR_STOP=1 -tA "$@"; }
database_exists() { [[ "$(psql_at -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" == 1 ]]; }
sha256() { sha256sum "$1" | cut -d' ' -f1; }
utc_now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

backup() {
  [[ -n "$DIR" ]] || DIR="$DATANET_STATE/backups/$(date -u +%Y%m%dT%H%M%SZ)"
  [[ ! -e "$DIR" || -z "$(ls -A "$DIR")" ]] || die "$DIR exists and is not empty"
  mkdir -p "$DIR"
  local started_at server entries=() db
  started_at="$(utc_now)"
  server="$(psql_at -d postgres -c 'SHOW server_version')" || die "cannot reach PostgreSQL at $HOST:$PORT as $USER_NAME"
  for db in "${DATABASES[@]}"; do
    database_exists "$db" || die "no database $db at $HOST:$PORT"
    # Custom format: compressed, and pg_restore can restore it in one transaction. Owners and grants are left out
    # so the archive restores into any cluster under whichever role restores it.
    pg_dump -h "$HOST" -p "$PORT" -U "$USER_NAME" -Fc --no-owner --no-privileges -f "$DIR/$db.dump" "$db" \
      || die "pg_dump of $db failed"
    local tables
    tables="$(psql_at -d "$db" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
    entries+=("{\"name\": \"$db\", \"file\": \"$db.dump\", \"tables\": $tables, \"sha256\": \"$(sha256 "$DIR/$db.dump")\"}")
    log "dumped $db ($(du -h "$DIR/$db.dump" | cut -f1))"
  done
  local blob_count=0
  if [[ -d "$BLOBS" ]]; then
    # Temporary files of uploads in progress are not blobs yet.
    tar -C "$BLOBS" --exclude=./tmp -cf "$DIR/blobs.tar" .
    blob_count="$(tar -tf "$DIR/blobs.tar" | grep -cE '/sha256/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}$' || true)"
  else
    tar -cf "$DIR/blobs.tar" --files-from /dev/null
  fi
  local joined
  joined="$(printf '%s,\n    ' "${entries[@]}")"
  cat > "$DIR/manifest.json" <<JSON
{
  "format": "datanet-backup/1",
  "startedAt": "$started_at",
  "finishedAt": "$(utc_now)",
  "postgresVersion": "$server",
  "databases": [
    ${joined%,*}
  ],
  "blobs": {"file": "blobs.tar", "count": $blob_count, "sha256": "$(sha256 "$DIR/blobs.tar")"}
}
JSON
  log "backup of ${#DATABASES[@]} databases and $blob_count blobs in $DIR"
  echo "$DIR"
}

# The files of the manifest, each checked against its SHA-256 before anything is restored.
verify_archive() {
  [[ -f "$DIR/manifest.json" ]] || die "$DIR has no manifest.json: not a Datanet backup"
  grep -q '"format": "datanet-backup/1"' "$DIR/manifest.json" || die "$DIR/manifest.json: unknown backup format"
  local file digest
  while read -r file digest; do
    [[ -f "$DIR/$file" ]] || die "$DIR/$file is missing"
    [[ "$(sha256 "$DIR/$file")" == "$digest" ]] || die "$DIR/$file is damaged (its SHA-256 differs from the manifest's)"
  done < <(grep -oE '"file": "[^"]+"[^}]*"sha256": "[0-9a-f]{64}"' "$DIR/manifest.json" \
             | sed -E 's/"file": "([^"]+)".*"sha256": "([0-9a-f]{64})"/\1 \2/')
}

restore() {
  [[ -n "$DIR" ]] || usage
  verify_archive
  # The local platform's services would keep writing into what is being replaced.
  local entry
  for entry in upload-service validation-service reputation-service training-service; do
    if [[ "$HOST:$PORT" == 127.0.0.1:5432 ]] && pid_alive "$entry"; then die "$entry is running: ./datanet down first"; fi
  done
  local db
  for db in "${DATABASES[@]}"; do
    [[ -f "$DIR/$db.dump" ]] || die "the backup has no database $db"
    if database_exists "$db"; then
      $REPLACE || die "database $db exists at $HOST:$PORT; restore with --replace to drop it and restore the backup's"
    fi
  done
  for db in "${DATABASES[@]}"; do
    # Restored under a temporary name and renamed at the end, so a failed restore leaves the old database as it was.
    local staging="${db:0:50}_restoring"
    psql_at -d postgres -c "DROP DATABASE IF EXISTS $staging WITH (FORCE)" -c "CREATE DATABASE $staging" >/dev/null
    if ! pg_restore -h "$HOST" -p "$PORT" -U "$USER_NAME" --no-owner --no-privileges --exit-on-error \
           --single-transaction -d "$staging" "$DIR/$db.dump"; then
      psql_at -d postgres -c "DROP DATABASE IF EXISTS $staging WITH (FORCE)" >/dev/null || true
      die "pg_restore of $db failed; $db is unchanged"
    fi
    psql_at -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "ALTER DATABASE $staging RENAME TO $db" >/dev/null
    log "restored $db"
  done
  mkdir -p "$BLOBS"
  # Blobs are addressed by their digest: extracting over existing ones writes the same bytes.
  tar -C "$BLOBS" -xf "$DIR/blobs.tar"
  log "restored the blobs into $BLOBS"
  local started_at
  started_at="$(grep -oE '"startedAt": "[^"]+"' "$DIR/manifest.json" | cut -d'"' -f4)"
  log "backup taken at $started_at; to let the services catch up on what happened since, replay Kafka from then"
  log "(deploy/README.md, 'Backups and restore': kafka-consumer-groups.sh --reset-offsets --to-datetime)"
}

command="${1:-}"; shift || true
parse "$@"
case "$command" in
  backup) backup ;;
  restore) restore ;;
  *) usage ;;
esac
