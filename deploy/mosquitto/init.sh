#!/bin/sh
# Entry point of the mosquitto container: makes sure the account files exist and hold the
# service's account (MQTT_USERNAME / MQTT_PASSWORD), then starts Mosquitto (it drops to the
# mosquitto user itself).
set -eu
dir=/mosquitto/config/accounts
: "${MQTT_USERNAME:?MQTT_USERNAME is required}"
: "${MQTT_PASSWORD:?MQTT_PASSWORD is required}"

mkdir -p "$dir"
[ -f "$dir/passwd" ] || : >"$dir/passwd"
if [ ! -f "$dir/acl" ]; then
  cp /cantine/acl "$dir/acl"
fi
if ! grep -qx "user $MQTT_USERNAME" "$dir/acl"; then
  printf '\nuser %s\ntopic readwrite cantine/#\ntopic read $SYS/#\n' "$MQTT_USERNAME" >>"$dir/acl"
fi
# -b: password on the command line, updating only this user (device accounts stay).
mosquitto_passwd -b "$dir/passwd" "$MQTT_USERNAME" "$MQTT_PASSWORD"
chown -R mosquitto:mosquitto "$dir"
chmod 0700 "$dir"
chmod 0600 "$dir/passwd" "$dir/acl"
# The image's own entrypoint would chown all of /mosquitto, read-only mounts included.
chown -R mosquitto:mosquitto /mosquitto/data

exec /usr/sbin/mosquitto -c /mosquitto/config/mosquitto.conf
