#!/usr/bin/env bash
# Serve the dashboard as several Streamlit processes ("workers") behind nginx, on one PostgreSQL:
#
#   SPM_DATABASE_URL=postgresql://spm@db.internal/spm ./scripts/run_cluster.sh
#
# Starts SPM_WORKERS workers (default 2) on 127.0.0.1:8601, 8602, ..., renders
# deploy/nginx.conf.template into a runtime folder (var/cluster/) and runs nginx in front of them
# with TLS on SPM_HTTPS_PORT (default 8443). Each browser sticks to one worker by a random cookie.
# Without SPM_TLS_CERT/SPM_TLS_KEY a self-signed certificate is made (browsers will warn).
# Ctrl-C or SIGTERM stops everything; a worker that dies is started again.
#
# Settings (environment): SPM_DATABASE_URL (required, PostgreSQL), SPM_WORKERS, SPM_WORKER_BASE_PORT
# (8601), SPM_WORKER_PORTS ("8601 8602": overrides the two before), SPM_HTTPS_PORT (8443),
# SPM_LISTEN (0.0.0.0), SPM_TLS_CERT + SPM_TLS_KEY, SPM_TLS_NAME (localhost: the self-signed
# certificate's name), SPM_RUNTIME_DIR (var/cluster), SPM_NGINX (nginx), SPM_NGINX_USER (as root:
# www-data, the user of nginx's worker processes), SPM_APP (app.py; the load benchmark serves its
# one-line floor app, scripts/floor_app/app.py, the same way).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

say() { echo "run_cluster: $*" >&2; }
die() { say "$*"; exit 2; }

case "${SPM_DATABASE_URL:-}" in
  postgresql://* | postgresql+*://* | postgres://*) ;;
  "") die "SPM_DATABASE_URL is not set. Several workers must share one PostgreSQL database, e.g.
  SPM_DATABASE_URL=postgresql://spm@127.0.0.1:5432/spm $0" ;;
  *) die "SPM_DATABASE_URL must point at PostgreSQL (postgresql://...): an SQLite file cannot be shared
by several workers, let alone several machines." ;;
esac
NGINX=${SPM_NGINX:-$(command -v nginx || true)}
[ -n "$NGINX" ] && [ -x "$NGINX" ] || die "nginx not found (Debian: apt-get install nginx-light or nginx)"
command -v openssl >/dev/null || die "openssl not found (Debian: apt-get install openssl)"
command -v curl >/dev/null || die "curl not found (Debian: apt-get install curl)"

source scripts/setup_env.sh

# --- settings -------------------------------------------------------------------------------------
read -r -a PORTS <<< "${SPM_WORKER_PORTS:-}"
if [ "${#PORTS[@]}" -eq 0 ]; then
  for ((k = 0; k < ${SPM_WORKERS:-2}; k++)); do PORTS+=($(( ${SPM_WORKER_BASE_PORT:-8601} + k ))); done
fi
[ "${#PORTS[@]}" -ge 1 ] || die "no workers (SPM_WORKERS=${SPM_WORKERS:-})"
HTTPS_PORT=${SPM_HTTPS_PORT:-8443}
LISTEN=${SPM_LISTEN:-0.0.0.0}
RUNTIME=$(mkdir -p "${SPM_RUNTIME_DIR:-var/cluster}" && cd "${SPM_RUNTIME_DIR:-var/cluster}" && pwd)
mkdir -p "$RUNTIME"/{logs,tmp,tls}
chmod 755 "$RUNTIME" "$RUNTIME/tmp"

# --- certificate ------------------------------------------------------------------------------------
if [ -n "${SPM_TLS_CERT:-}${SPM_TLS_KEY:-}" ]; then
  [ -r "${SPM_TLS_CERT:-}" ] && [ -r "${SPM_TLS_KEY:-}" ] \
    || die "SPM_TLS_CERT and SPM_TLS_KEY must both name readable files (certificate chain and key, PEM)"
  TLS_CERT=$(realpath "$SPM_TLS_CERT"); TLS_KEY=$(realpath "$SPM_TLS_KEY")
else
  TLS_CERT=$RUNTIME/tls/self-signed.crt; TLS_KEY=$RUNTIME/tls/self-signed.key
  if [ ! -s "$TLS_CERT" ] || [ ! -s "$TLS_KEY" ]; then
    name=${SPM_TLS_NAME:-localhost}
    say "no SPM_TLS_CERT/SPM_TLS_KEY: making a self-signed certificate for $name (browsers will warn)"
    openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=$name" \
      -addext "subjectAltName=DNS:$name,DNS:localhost,IP:127.0.0.1" \
      -keyout "$TLS_KEY" -out "$TLS_CERT" 2>/dev/null
    chmod 600 "$TLS_KEY"
  fi
fi

# One cookie secret for every worker (Streamlit signs its cookies with it).
if [ -z "${STREAMLIT_SERVER_COOKIE_SECRET:-}" ]; then
  [ -s "$RUNTIME/cookie_secret" ] || (umask 077 && openssl rand -hex 32 > "$RUNTIME/cookie_secret")
  STREAMLIT_SERVER_COOKIE_SECRET=$(cat "$RUNTIME/cookie_secret")
  export STREAMLIT_SERVER_COOKIE_SECRET
fi

# --- nginx configuration ------------------------------------------------------------------------------
# nginx serves its own files (the busy page, the reconnect script) from a copy in the runtime folder,
# so only that folder must be reachable by nginx's worker user, wherever the checkout lies.
rm -rf "$RUNTIME/static" && cp -R deploy/static "$RUNTIME/static" && chmod -R a+rX "$RUNTIME/static"
USER_LINE=""
if [ "$(id -u)" -eq 0 ]; then
  # as root, nginx's own worker processes run as an unprivileged user: it must reach the runtime
  # folder (temporary files and the copy of deploy/static)
  NGINX_USER=${SPM_NGINX_USER:-$(id -u www-data >/dev/null 2>&1 && echo www-data || echo nobody)}
  USER_LINE="user $NGINX_USER;"
  for path in "$RUNTIME/tmp" "$RUNTIME/static/sibuk.html"; do
    runuser -u "$NGINX_USER" -- test -r "$path" \
      || die "nginx's worker user $NGINX_USER cannot read $path: put SPM_RUNTIME_DIR (and the checkout) where every user may enter, or set SPM_NGINX_USER"
  done
fi
WORKERS=""
for port in "${PORTS[@]}"; do
  WORKERS+="        server 127.0.0.1:$port max_fails=0;"$'\n'
done
conf=$(<deploy/nginx.conf.template)
conf=${conf//@USER_LINE@/$USER_LINE}
conf=${conf//@RUNTIME@/$RUNTIME}
conf=${conf//@WORKERS@/${WORKERS%$'\n'}}
conf=${conf//@LISTEN@/$LISTEN}
conf=${conf//@HTTPS_PORT@/$HTTPS_PORT}
conf=${conf//@TLS_CERT@/$TLS_CERT}
conf=${conf//@TLS_KEY@/$TLS_KEY}
conf=${conf//@STATIC@/$RUNTIME/static}
printf '%s\n' "$conf" > "$RUNTIME/nginx.conf"
"$NGINX" -q -t -c "$RUNTIME/nginx.conf" -p "$RUNTIME/" -e "$RUNTIME/logs/error.log" \
  || die "nginx refused $RUNTIME/nginx.conf (see above)"

# --- database: migrate and load the first data once, before several workers could race on it -------
.venv/bin/python -c '
import os
from spm_core.catalog import load_catalog
from spm_core.store import initialize, open_store
engine = open_store(os.environ["SPM_DATABASE_URL"])
initialize(engine, load_catalog())
engine.dispose()' || die "could not prepare the database at SPM_DATABASE_URL"

# --- processes ---------------------------------------------------------------------------------------
declare -A WORKER_PID=()
NGINX_PID=""
stopping=0

start_worker() {
  local port=$1
  # nginx on this machine is the only client of a worker: the address it forwards is the browser's
  SPM_TRUSTED_PROXY=${SPM_TRUSTED_PROXY:-127.0.0.1} \
  .venv/bin/python -m streamlit run "${SPM_APP:-app.py}" --server.port "$port" --server.headless true \
    --server.address 127.0.0.1 --browser.gatherUsageStats false --server.fileWatcherType none \
    >> "$RUNTIME/logs/worker-$port.log" 2>&1 &
  WORKER_PID[$port]=$!
  echo "${WORKER_PID[$port]}" > "$RUNTIME/worker-$port.pid"
}

stop_all() {
  stopping=1
  trap - INT TERM
  say "stopping"
  [ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2>/dev/null || true
  for port in "${!WORKER_PID[@]}"; do kill -TERM "${WORKER_PID[$port]}" 2>/dev/null || true; done
  for ((i = 0; i < 100; i++)); do
    alive=0
    for pid in $NGINX_PID "${WORKER_PID[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" -eq 0 ] && break
    sleep 0.1
  done
  for pid in $NGINX_PID "${WORKER_PID[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -f "$RUNTIME"/worker-*.pid
}
trap 'stop_all; exit 0' INT TERM
trap '[ "$stopping" -eq 1 ] || stop_all' EXIT

wait_healthy() {  # URL PID NAME
  for ((i = 0; i < 600; i++)); do
    [ "$(curl -ksf --max-time 2 "$1" 2>/dev/null)" = ok ] && return 0
    kill -0 "$2" 2>/dev/null || { say "$3 stopped while starting (log: $4)"; return 1; }
    sleep 0.1
  done
  say "$3 did not answer $1 within 60 s (log: $4)"; return 1
}

for port in "${PORTS[@]}"; do start_worker "$port"; done
for port in "${PORTS[@]}"; do
  wait_healthy "http://127.0.0.1:$port/_stcore/health" "${WORKER_PID[$port]}" "worker $port" \
    "$RUNTIME/logs/worker-$port.log" || exit 1
done
"$NGINX" -c "$RUNTIME/nginx.conf" -p "$RUNTIME/" -e "$RUNTIME/logs/error.log" -g 'daemon off;' &
NGINX_PID=$!
wait_healthy "https://127.0.0.1:$HTTPS_PORT/_stcore/health" "$NGINX_PID" nginx "$RUNTIME/logs/error.log" || exit 1
say "ready: https://localhost:$HTTPS_PORT/ (workers ${PORTS[*]} on 127.0.0.1; logs in $RUNTIME/logs)"

# --- supervise: nginx gone → stop everything; a worker gone → start it again -------------------------
declare -A STARTED=()
while true; do
  wait -n || true
  [ "$stopping" -eq 1 ] && break
  if ! kill -0 "$NGINX_PID" 2>/dev/null; then
    say "nginx stopped (log: $RUNTIME/logs/error.log)"; exit 1
  fi
  for port in "${PORTS[@]}"; do
    if ! kill -0 "${WORKER_PID[$port]}" 2>/dev/null; then
      now=$(date +%s)
      # one that dies right after starting is retried only every 5 s
      if [ $(( now - ${STARTED[$port]:-0} )) -lt 10 ]; then sleep 5; fi
      say "worker $port stopped; starting it again (log: $RUNTIME/logs/worker-$port.log)"
      start_worker "$port"
      STARTED[$port]=$now
    fi
  done
done
