#!/usr/bin/env bash
# Shared helpers for the local platform scripts. Everything the scripts make lives under $DATANET_STATE
# (git-ignored), so a fresh clone starts clean and `rm -rf .datanet` resets it.
set -euo pipefail

DATANET_ROOT="${DATANET_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
DATANET_STATE="${DATANET_STATE:-$DATANET_ROOT/.datanet}"
MAVEN_VERSION="3.9.16"
MAVEN_HOME_LOCAL="$DATANET_STATE/maven/apache-maven-$MAVEN_VERSION"
mkdir -p "$DATANET_STATE/logs" "$DATANET_STATE/pids"

log() { printf '\033[1;34m[datanet]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[datanet]\033[0m %s\n' "$*" >&2; exit 1; }

# Quarkus' Maven plugin needs Maven 3.9.16+; the machine may have an older one. Fetch the newer Maven
# through the machine's own mvn and its configured repositories (no host is named here), once.
mvn_cmd() {
  if [[ ! -x "$MAVEN_HOME_LOCAL/bin/mvn" ]]; then
    command -v mvn >/dev/null || die "Maven is required (apt-get install maven)"
    log "bootstrapping Maven $MAVEN_VERSION into $DATANET_STATE/maven"
    local tmp="$DATANET_STATE/maven/download"
    mkdir -p "$tmp"
    # Run outside the project so the old Maven does not try to read the project's POMs.
    (cd "$tmp" && mvn -q -B dependency:copy -Dartifact="org.apache.maven:apache-maven:$MAVEN_VERSION:zip:bin" \
        -DoutputDirectory="$tmp" >&2) || die "could not fetch Maven $MAVEN_VERSION"
    (cd "$DATANET_STATE/maven" && jar xf "$tmp/apache-maven-$MAVEN_VERSION-bin.zip") || die "could not unpack Maven"
    chmod +x "$MAVEN_HOME_LOCAL/bin/mvn"
    rm -rf "$tmp"
  fi
  echo "$MAVEN_HOME_LOCAL/bin/mvn"
}

# fetch_artifact COORDINATES DIR: an artifact (group:artifact:version[:type[:classifier]]) from the configured Maven
# repositories into DIR, run outside the project, like the Maven bootstrap: the goal needs no project and should
# read none.
fetch_artifact() {
  mkdir -p "$2"
  (cd "$2" && "$(mvn_cmd)" -q -B dependency:copy -Dartifact="$1" -DoutputDirectory="$2" >&2)
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# wait_for NAME SECONDS COMMAND...: polls COMMAND every half second until it succeeds.
wait_for() {
  local name="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || return 1
    sleep 0.5
  done
  log "$name is ready"
}

# daemon_status NAME WHERE: the line ./datanet status prints for a daemon a script started (running, its pid and
# where it answers, or stopped).
daemon_status() {
  if pid_alive "$1"; then printf '%-11s running  pid %s  %s\n' "$1" "$(cat "$DATANET_STATE/pids/$1.pid")" "$2";
  else printf '%-11s stopped\n' "$1"; fi
}

pid_alive() { local f="$DATANET_STATE/pids/$1.pid"; [[ -f "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null; }

# stop_pid NAME: TERM the recorded process (so it drains), KILL it if it has not gone after 30 s.
stop_pid() {
  local f="$DATANET_STATE/pids/$1.pid"
  [[ -f "$f" ]] || return 0
  local pid; pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    log "stopped $1 (pid $pid)"
  fi
  rm -f "$f"
}

# The local signing key: Keycloak's realm datanet signs with it (keycloak.sh imports it as the realm's key), and so
# do ./datanet token, the console's development sign-in, the demo and the pipeline benchmark, so every local token
# comes from one issuer with one key set (LOCAL_ISSUER, its JWKS at LOCAL_JWKS).
JWT_DIR="$DATANET_STATE/jwt"
LOCAL_ISSUER="http://127.0.0.1:8180/realms/datanet"
LOCAL_JWKS="$LOCAL_ISSUER/protocol/openid-connect/certs"

ensure_jwt_keys() {
  if [[ ! -f "$JWT_DIR/private.pem" ]]; then
    mkdir -p "$JWT_DIR" && chmod 700 "$JWT_DIR"
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$JWT_DIR/private.pem" 2>/dev/null
    openssl pkey -in "$JWT_DIR/private.pem" -pubout -out "$JWT_DIR/public.pem"
    log "made a local JWT key pair in $JWT_DIR (git-ignored)"
  fi
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# The local key's id as Keycloak names it (base64url of the SHA-256 of its public key's DER encoding): tokens name it
# in their kid header, and the services pick it from the realm's key set by it.
local_key_id() {
  ensure_jwt_keys
  openssl pkey -in "$JWT_DIR/private.pem" -pubout -outform DER 2>/dev/null | openssl dgst -sha256 -binary | b64url
}
