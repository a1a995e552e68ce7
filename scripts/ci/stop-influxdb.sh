#!/usr/bin/env bash
# Stops the InfluxDB started by start-influxdb.sh DIR (its data stays under DIR).
# Usage: stop-influxdb.sh DIR
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
pidfile=$1/influxd.pid

if [ ! -f "$pidfile" ]; then
  echo "stop-influxdb: no $pidfile, nothing to stop"
  exit 0
fi
pid=$(cat "$pidfile")
if ! kill -0 "$pid" 2>/dev/null; then
  echo "stop-influxdb: pid $pid is not running"
  rm -f "$pidfile"
  exit 0
fi

kill -TERM "$pid"
for _ in $(seq 1 40); do
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$pidfile"
    echo "stop-influxdb: stopped pid $pid"
    exit 0
  fi
  sleep 0.25
done
echo "stop-influxdb: pid $pid ignored SIGTERM for 10 s, sending SIGKILL" >&2
kill -KILL "$pid" 2>/dev/null || true
rm -f "$pidfile"
