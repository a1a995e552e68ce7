#!/bin/sh
# Entry point of the mosquitto container: at first start, creates the dynamic security plugin's
# file with the service's account (MQTT_USERNAME / MQTT_PASSWORD) as its admin, then starts
# Mosquitto (it drops to the mosquitto user itself). Device accounts are the service's business
# (MQTT_DYNSEC=1); the file then belongs to the plugin, which rewrites it on every change.
set -eu
dir=/mosquitto/config/accounts
file="$dir/dynamic-security.json"
: "${MQTT_USERNAME:?MQTT_USERNAME is required}"
: "${MQTT_PASSWORD:?MQTT_PASSWORD is required}"

mkdir -p "$dir"
if [ ! -f "$file" ]; then
  mosquitto_ctrl dynsec init "$file" "$MQTT_USERNAME" "$MQTT_PASSWORD" >/dev/null
  echo "init.sh: created $file with the account $MQTT_USERNAME"
fi
# A later change of MQTT_PASSWORD in .env is not applied here (the file is the plugin's): see
# docs/operations.md, "Mosquitto", for mosquitto_ctrl dynsec setClientPassword.
chown -R mosquitto:mosquitto "$dir"
chmod 0700 "$dir"
chmod 0600 "$file"
# The image's own entrypoint would chown all of /mosquitto, read-only mounts included.
chown -R mosquitto:mosquitto /mosquitto/data

exec /usr/sbin/mosquitto -c /mosquitto/config/mosquitto.conf
