#!/bin/sh
# Entry point of each EMQX node of docker-compose.yml's `cluster` profile: writes the service's own
# account (MQTT_USERNAME / MQTT_PASSWORD, a superuser) into the file EMQX's built-in database
# imports at start (bootstrap_file in EMQX_AUTHENTICATION), then runs the image's own entry point.
# Device accounts are not here: EMQX reads them from PostgreSQL (device.mosquitto_hash, broker_acl).
set -eu
: "${MQTT_USERNAME:?MQTT_USERNAME is required}"
: "${MQTT_PASSWORD:?MQTT_PASSWORD is required}"
case "$MQTT_USERNAME$MQTT_PASSWORD" in
  *,* | *'"'*) echo "init.sh: MQTT_USERNAME and MQTT_PASSWORD may not contain a comma or a quote" >&2; exit 1 ;;
esac
file=/opt/emqx/data/cantine-service.csv
umask 077
printf 'user_id,password,is_superuser\n%s,%s,true\n' "$MQTT_USERNAME" "$MQTT_PASSWORD" > "$file"
# Setting `entrypoint` in compose drops the image's command: both are given back here.
exec /usr/bin/docker-entrypoint.sh /opt/emqx/bin/emqx foreground
