#!/usr/bin/env bash
# Runs a private InfluxDB 1.x for Prescale on 127.0.0.1, with its data in a folder you give.
#
#   profile-db/influxdb.sh start DIR [PORT]     install if missing, start, create the database, load seed data;
#                                               prints the URL and writes DIR/url and DIR/influxd.pid
#   profile-db/influxdb.sh stop DIR             stop the server started in DIR (by its PID)
#   profile-db/influxdb.sh load DIR FILE [s|ms] write a line-protocol file (default precision: s)
#   profile-db/influxdb.sh url DIR              print the URL of the server started in DIR
#
# Environment: INFLUX_DATABASE (default prescale). INFLUX_AUTH_USER and INFLUX_AUTH_PASSWORD turn on
# authentication with that admin user.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
db="${INFLUX_DATABASE:-prescale}"

die() { echo "influxdb.sh: $*" >&2; exit 1; }

install_if_missing() {
  command -v influxd >/dev/null 2>&1 && return
  echo "influxdb.sh: installing InfluxDB from Debian's packages" >&2
  local sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq influxdb >&2 \
    || die "could not install the 'influxdb' package; install it by hand (apt-get install influxdb) and retry"
  # the package may start its own service on 8086; ours runs separately on its own port
}

free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  die "found no free port on 127.0.0.1"
}

auth_args() {
  if [ -n "${INFLUX_AUTH_USER:-}" ]; then echo "-u ${INFLUX_AUTH_USER}:${INFLUX_AUTH_PASSWORD:-}"; fi
}

query() { # query URL STATEMENT
  # shellcheck disable=SC2046
  curl -sS --fail-with-body $(auth_args) -XPOST "$1/query" --data-urlencode "q=$2" >/dev/null \
    || die "InfluxDB at $1 refused: $2"
}

load() { # load URL FILE PRECISION
  local url="$1" file="$2" precision="${3:-s}" out
  [ -f "$file" ] || die "no such file: $file"
  # shellcheck disable=SC2046
  out=$(curl -sS -w '\n%{http_code}' $(auth_args) -XPOST "$url/write?db=$db&precision=$precision" \
        --data-binary @"$file") || die "cannot reach $url to load $file"
  [ "$(tail -n1 <<<"$out")" = "204" ] || die "loading $file failed: $(head -n -1 <<<"$out")"
}

start() {
  local dir="$1" port="${2:-}"
  [ -n "$dir" ] || die "usage: influxdb.sh start DIR [PORT]"
  install_if_missing
  mkdir -p "$dir"; dir="$(cd "$dir" && pwd)"
  if [ -f "$dir/influxd.pid" ] && kill -0 "$(cat "$dir/influxd.pid")" 2>/dev/null; then
    cat "$dir/url"; return
  fi
  [ -n "$port" ] || port=$(free_port)
  local rpc; rpc=$(free_port)
  local auth="false"; [ -n "${INFLUX_AUTH_USER:-}" ] && auth="true"
  cat > "$dir/influxdb.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$rpc"
[meta]
  dir = "$dir/meta"
[data]
  dir = "$dir/data"
  wal-dir = "$dir/wal"
  query-log-enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:$port"
  auth-enabled = $auth
  log-enabled = false
[monitor]
  store-enabled = false
[continuous_queries]
  enabled = false
CONF
  nohup influxd run -config "$dir/influxdb.conf" >"$dir/influxd.log" 2>&1 &
  echo $! > "$dir/influxd.pid"
  local url="http://127.0.0.1:$port"
  for _ in $(seq 1 150); do
    if curl -s -o /dev/null -w '%{http_code}' "$url/ping" 2>/dev/null | grep -q 204; then break; fi
    kill -0 "$(cat "$dir/influxd.pid")" 2>/dev/null || die "influxd exited at start; see $dir/influxd.log: $(tail -n 3 "$dir/influxd.log")"
    sleep 0.2
  done
  curl -s -o /dev/null "$url/ping" || die "influxd did not answer /ping on $url within 30 s; see $dir/influxd.log"
  echo "$url" > "$dir/url"
  if [ "$auth" = "true" ] && [ ! -f "$dir/.admin" ]; then
    curl -sS -XPOST "$url/query" --data-urlencode \
      "q=CREATE USER \"$INFLUX_AUTH_USER\" WITH PASSWORD '${INFLUX_AUTH_PASSWORD:-}' WITH ALL PRIVILEGES" >/dev/null
    touch "$dir/.admin"
  fi
  # results of rehearsals are kept 30 days; profiles, calendar, history and decisions forever (see SCHEMA.md)
  query "$url" "CREATE DATABASE \"$db\" WITH DURATION INF NAME \"forever\""
  query "$url" "CREATE RETENTION POLICY \"rehearsals\" ON \"$db\" DURATION 30d REPLICATION 1"
  for seed in "$here"/seed/*.lp; do load "$url" "$seed" s; done
  echo "$url"
}

stop() {
  local dir="$1"
  [ -f "$dir/influxd.pid" ] || { echo "influxdb.sh: nothing started in $dir" >&2; return 0; }
  local pid; pid=$(cat "$dir/influxd.pid")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/influxd.pid"
}

case "${1:-}" in
  start) start "${2:-}" "${3:-}" ;;
  stop) stop "${2:?usage: influxdb.sh stop DIR}" ;;
  load) load "$(cat "${2:?usage: influxdb.sh load DIR FILE [s|ms]}/url")" "${3:?file}" "${4:-s}" ;;
  url) cat "${2:?usage: influxdb.sh url DIR}/url" ;;
  *) sed -n '2,12p' "$0"; exit 2 ;;
esac
