#!/usr/bin/env bash
# Keycloak, the local OpenID Connect provider: realm "datanet" (deploy/local/keycloak/datanet-realm.json) with the
# groups contributor, validator and operator that become a token's roles, the console's client (authorization code
# with PKCE) and a command-line client. Keycloak's own server distribution, resolved from Maven Central; its
# database lives in memory, so each start imports the realm afresh (a restart forgets users added since).
# Usage: keycloak.sh start|stop|status|run PORT|issuer|home
#   run PORT   run in the foreground on 127.0.0.1:PORT (the tests start their own this way)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KEYCLOAK_VERSION=26.4.0
KEYCLOAK_DIR="$DATANET_STATE/keycloak"
KEYCLOAK_HOME="$KEYCLOAK_DIR/keycloak-$KEYCLOAK_VERSION"
KEYCLOAK_PORT=8180
REALM_FILE="$DATANET_ROOT/deploy/local/keycloak/datanet-realm.json"
ADMIN_PASSWORD_FILE="$KEYCLOAK_DIR/admin-password"

install() {
  if [[ ! -x "$KEYCLOAK_HOME/bin/kc.sh" ]]; then
    log "resolving Keycloak $KEYCLOAK_VERSION (its server distribution, about 160 MB)"
    fetch_artifact "org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" "$KEYCLOAK_DIR" \
      || die "could not fetch Keycloak $KEYCLOAK_VERSION"
    rm -rf "$KEYCLOAK_HOME.partial"
    mkdir -p "$KEYCLOAK_HOME.partial"
    # jar rather than unzip, which a fresh machine may lack; jar keeps no file modes, hence the chmod.
    (cd "$KEYCLOAK_HOME.partial" && jar xf "$KEYCLOAK_DIR/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip") \
      || die "could not unpack Keycloak"
    chmod +x "$KEYCLOAK_HOME.partial/keycloak-$KEYCLOAK_VERSION"/bin/*.sh
    # Renamed last, so an interrupted unpack is made again rather than taken for a finished one.
    mv "$KEYCLOAK_HOME.partial/keycloak-$KEYCLOAK_VERSION" "$KEYCLOAK_HOME"
    rm -rf "$KEYCLOAK_HOME.partial" "$KEYCLOAK_DIR/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
  fi
  if [[ ! -f "$ADMIN_PASSWORD_FILE" ]]; then
    (umask 077 && openssl rand -hex 16 > "$ADMIN_PASSWORD_FILE")
  fi
  import_realm
}

# The realm file as committed, plus its keys: the local key (lib.sh) as the RS256 signing key, so tokens minted
# locally with it verify against the realm's key set, and the generated keys Keycloak uses for itself (HMAC for
# its internal tokens, AES, RSA-OAEP), which it makes only when an import names no key providers at all.
import_realm() {
  ensure_jwt_keys
  local key provider
  key=$(grep -v -- '-----' "$JWT_DIR/private.pem" | tr -d '\n')
  provider() { printf '{"name":"%s","providerId":"%s","subComponents":{},"config":{"priority":["%s"],%s"active":["true"],"enabled":["true"]}}' "$@"; }
  local providers
  providers="$(provider datanet-local-key rsa 200 "\"privateKey\":[\"$key\"],\"algorithm\":[\"RS256\"],"),"
  providers+="$(provider hmac-generated hmac-generated 100 '"algorithm":["HS512"],'),"
  providers+="$(provider aes-generated aes-generated 100 ''),"
  providers+="$(provider rsa-enc-generated rsa-enc-generated 100 '"algorithm":["RSA-OAEP"],')"
  mkdir -p "$KEYCLOAK_HOME/data/import"
  sed "1s|^{\$|{ \"components\": { \"org.keycloak.keys.KeyProvider\": [ $providers ] },|" "$REALM_FILE" \
    > "$KEYCLOAK_HOME/data/import/datanet-realm.json"
}

# Development mode (plain HTTP on loopback, an in-memory database, the realm imported at start), on a fixed
# hostname so the issuer in tokens is the same whoever asks. The bootstrap admin (user admin, the password in
# $ADMIN_PASSWORD_FILE) is what ./datanet token manages local users with.
run() {
  local port="$1"
  install
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD="$(cat "$ADMIN_PASSWORD_FILE")" \
    JAVA_OPTS_KC_HEAP="-Xms64m -Xmx512m" \
    exec "$KEYCLOAK_HOME/bin/kc.sh" start-dev --db=dev-mem --http-host=127.0.0.1 --http-port="$port" \
      --hostname="http://127.0.0.1:$port" --import-realm
}

issuer() { echo "http://127.0.0.1:$KEYCLOAK_PORT/realms/datanet"; }

answers() { curl -sf "$(issuer)/.well-known/openid-configuration" >/dev/null; }

start() {
  if pid_alive keycloak; then log "Keycloak already running (pid $(cat "$DATANET_STATE/pids/keycloak.pid"))"; return 0; fi
  port_open 127.0.0.1 $KEYCLOAK_PORT && die "port $KEYCLOAK_PORT is taken by another process; cannot start Keycloak"
  install
  log "starting Keycloak on 127.0.0.1:$KEYCLOAK_PORT (realm datanet)"
  # Its own process group: kc.sh runs Keycloak's JVM as a child, and stop ends both.
  setsid nohup "$0" run $KEYCLOAK_PORT >"$DATANET_STATE/logs/keycloak.log" 2>&1 &
  echo $! > "$DATANET_STATE/pids/keycloak.pid"
  wait_for "Keycloak" 180 answers || die "Keycloak does not answer; see $DATANET_STATE/logs/keycloak.log"
}

stop() {
  local f="$DATANET_STATE/pids/keycloak.pid"
  if pid_alive keycloak; then kill -TERM -- "-$(cat "$f")" 2>/dev/null || true; fi
  stop_pid keycloak
}

status() { daemon_status keycloak "$(issuer)"; }

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  run) [[ "${2:-}" =~ ^[0-9]+$ ]] || die "usage: keycloak.sh run PORT"; run "$2" ;;
  issuer) issuer ;;
  home) install; echo "$KEYCLOAK_HOME" ;;   # for the tests: fetched and unpacked, nothing started
  *) die "usage: keycloak.sh start|stop|status|run PORT|issuer|home" ;;
esac
