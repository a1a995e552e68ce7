#!/usr/bin/python3
"""Replays one stock firmware sequence with a real third-party client (Debian's paho-mqtt 1.6).

Reads a JSON plan on stdin (built by replay.ts from libs/protocol's stock fixtures), connects with
the firmware's own client id, protocol level, keepalive and will, subscribes and publishes what the
firmware does at connect and later, with its QoS and retain flags, at the firmware's times (scaled),
and prints one JSON line per thing that happens: connack, suback, message, disconnect, done.
It never reconnects unless the plan says so, so a broker that drops the device shows.
"""
import json
import sys
import threading
import time

import paho.mqtt.client as mqtt

plan = json.load(sys.stdin)
started = time.monotonic()
lock = threading.Lock()
state = {"connected": False, "connects": 0, "disconnects": 0, "sent": 0, "failed": 0}


def now_ms():
    return round((time.monotonic() - started) * 1000)


def emit(event, **fields):
    with lock:
        sys.stdout.write(json.dumps({"t": now_ms(), "ev": event, **fields}) + "\n")
        sys.stdout.flush()


connect = plan["connect"]
level = mqtt.MQTTv5 if connect["protocolLevel"] == 5 else mqtt.MQTTv311
client = mqtt.Client(client_id=connect["clientId"], clean_session=None if level == mqtt.MQTTv5 else connect["clean"], protocol=level)
client.username_pw_set(plan["username"], plan["password"])
will = connect.get("will")
if will:
    client.will_set(will["topic"], will["payload"], will["qos"], will["retain"])
connected_once = threading.Event()


def on_connect(_client, _userdata, flags, rc, _properties=None):
    code = rc if isinstance(rc, int) else rc.value
    emit("connack", rc=code, sessionPresent=bool(flags.get("session present")))
    if code == 0:
        state["connected"] = True
        state["connects"] += 1
        if connected_once.is_set():  # a reconnect: a clean session lost the subscriptions
            for sub in plan["subscribe"]:
                client.subscribe(sub["topic"], sub["qos"])
        connected_once.set()


def on_disconnect(_client, _userdata, rc, _properties=None):
    was = state["connected"]
    state["connected"] = False
    if was and not stopping.is_set():
        state["disconnects"] += 1
    emit("disconnect", rc=rc if isinstance(rc, int) else rc.value, expected=stopping.is_set(), wasConnected=was)


def on_subscribe(_client, _userdata, mid, granted, _properties=None):
    emit("suback", mid=mid, granted=[g if isinstance(g, int) else g.value for g in granted])


def on_message(_client, _userdata, message):
    emit("message", topic=message.topic, payload=message.payload.decode("utf-8", "replace"), qos=message.qos, retain=bool(message.retain))


client.on_connect = on_connect
client.on_disconnect = on_disconnect
client.on_subscribe = on_subscribe
client.on_message = on_message
stopping = threading.Event()
closing = threading.Event()


def publish(step):
    if not state["connected"]:
        state["failed"] += 1
        return
    info = client.publish(step["topic"], step["payload"].encode("utf-8"), step["qos"], step["retain"])
    if info.rc == mqtt.MQTT_ERR_SUCCESS:
        state["sent"] += 1
    else:
        state["failed"] += 1


def run_sequence(t0):
    """The firmware's own timeline after a CONNACK: subscribe, connect-time publishes, later ones."""
    scale = plan.get("timeScale", 1)
    steps = [(0, "subscribe", s) for s in plan["subscribe"]]
    steps += [(p["atMs"] * scale, "publish", p) for p in plan["publishes"]]
    steps += [(u["atMs"] * scale, "unsubscribe", u) for u in plan.get("unsubscribe", [])]
    steps += [(p["atMs"], "publish", p) for p in plan.get("later", [])]
    for p in plan.get("periodic", []):
        every = max(p["everyMs"] * scale, 50)
        steps += [(every * k, "publish", p) for k in range(1, int(plan["holdMs"] // every) + 1)]
    steps.sort(key=lambda s: s[0])
    for at, kind, step in steps:
        wait = t0 + at / 1000 - time.monotonic()
        if wait > 0 and stopping.wait(wait):
            return
        if kind == "subscribe" and state["connected"]:
            client.subscribe(step["topic"], step["qos"])
        elif kind == "unsubscribe" and state["connected"]:
            client.unsubscribe(step["topic"])
        elif kind == "publish":
            publish(step)


keepalive = plan.get("keepaliveS", connect["keepaliveS"])
try:
    client.connect(plan["host"], plan["port"], keepalive)
except OSError as error:
    emit("error", message=str(error))
    emit("done", **state)
    sys.exit(0)
def network_loop():
    """paho's loop_start() reconnects on its own; this loop does not, so a drop stays visible."""
    while not closing.is_set():
        if client.loop(0.05) != mqtt.MQTT_ERR_SUCCESS:
            time.sleep(0.05)


network = threading.Thread(target=network_loop, daemon=True)
network.start()
deadline = started + plan["holdMs"] / 1000
if connected_once.wait(5):
    sequence = threading.Thread(target=run_sequence, args=(time.monotonic(),), daemon=True)
    sequence.start()
    while time.monotonic() < deadline:
        time.sleep(0.05)
        if plan.get("reconnect") and not state["connected"] and not stopping.is_set():
            time.sleep(1)
            try:
                client.reconnect()
            except OSError:
                pass
stopping.set()
client.disconnect()
time.sleep(0.1)
closing.set()
network.join(1)
emit("done", **state)
