#!/usr/bin/env bash
# Starts a throwaway InfluxDB 1.x (Debian's influxd) for the integration suites.
# Usage: start-influxdb.sh PORT DIR
#   HTTP API on 127.0.0.1:PORT, RPC on 127.0.0.1:PORT+1; config, data, WAL, pid and log under DIR.
# Stop it with stop-influxdb.sh DIR.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 PORT DIR" >&2
  exit 2
fi
port=$1
dir=$2
rpc_port=$((port + 1))
template=${INFLUXD_CONFIG_TEMPLATE:-/etc/influxdb/influxdb.conf}
influxd_bin=${INFLUXD:-$(command -v influxd || echo /usr/bin/influxd)}

if [ ! -x "$influxd_bin" ]; then
  echo "start-influxdb: influxd not found (apt-get install -y influxdb)" >&2
  exit 1
fi
if [ ! -r "$template" ]; then
  echo "start-influxdb: config template $template not readable" >&2
  exit 1
fi

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
pidfile=$dir/influxd.pid
logfile=$dir/influxd.log
config=$dir/influxdb.conf

ping_ok() { curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$port/ping"; }

if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  if ping_ok; then
    echo "start-influxdb: already running (pid $(cat "$pidfile")) on 127.0.0.1:$port"
    exit 0
  fi
  echo "start-influxdb: pid $(cat "$pidfile") from $pidfile is alive but 127.0.0.1:$port does not answer" >&2
  exit 1
fi
if ping_ok; then
  echo "start-influxdb: something already answers on 127.0.0.1:$port; choose another port" >&2
  exit 1
fi

# Rewrite the template: every key we set is removed from its section and written right after
# the section header (TOML refuses duplicate keys). Top-level keys go before the first section.
awk -v dir="$dir" -v port="$port" -v rpc="$rpc_port" '
  function emit(section) {
    if (section == "")          { print "reporting-enabled = false"; print "bind-address = \"127.0.0.1:" rpc "\"" }
    else if (section == "[meta]") { print "  dir = \"" dir "/meta\"" }
    else if (section == "[data]") { print "  dir = \"" dir "/data\""; print "  wal-dir = \"" dir "/wal\"" }
    else if (section == "[http]") { print "  bind-address = \"127.0.0.1:" port "\""; print "  log-enabled = false" }
    else if (section == "[monitor]") { print "  store-enabled = false" }
    else if (section == "[ifql]") { print "  enabled = false" }
  }
  function overridden(section, key) {
    if (section == "")          return key == "reporting-enabled" || key == "bind-address"
    if (section == "[meta]")    return key == "dir"
    if (section == "[data]")    return key == "dir" || key == "wal-dir"
    if (section == "[http]")    return key == "bind-address" || key == "log-enabled"
    if (section == "[monitor]") return key == "store-enabled"
    if (section == "[ifql]")    return key == "enabled"
    return 0
  }
  BEGIN { section = ""; emit("") }
  /^[ \t]*\[/ {
    section = $0; gsub(/[ \t]/, "", section)
    print; emit(section); next
  }
  /^[ \t]*[A-Za-z0-9_-]+[ \t]*=/ {
    key = $0; sub(/^[ \t]*/, "", key); sub(/[ \t]*=.*/, "", key)
    if (overridden(section, key)) next
  }
  { print }
' "$template" >"$config"

: >"$logfile"
nohup "$influxd_bin" -config "$config" >>"$logfile" 2>&1 </dev/null &
echo $! >"$pidfile"
pid=$(cat "$pidfile")

for _ in $(seq 1 60); do
  if ping_ok; then
    echo "start-influxdb: InfluxDB answering on http://127.0.0.1:$port (pid $pid, dir $dir)"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "start-influxdb: influxd exited during startup; last lines of $logfile:" >&2
    tail -n 20 "$logfile" >&2
    rm -f "$pidfile"
    exit 1
  fi
  sleep 0.5
done

echo "start-influxdb: InfluxDB did not answer /ping on 127.0.0.1:$port within 30 s; last lines of $logfile:" >&2
tail -n 20 "$logfile" >&2
kill "$pid" 2>/dev/null || true
rm -f "$pidfile"
exit 1
