"""One MQTT session with Debian's python3-paho-mqtt 1.6, a client no Cantine code wrote.

Reads a JSON script on stdin, prints one JSON report on stdout:
  {"port", "connect": {"client_id", "username", "password", "clean", "keepalive", "will"?},
   "steps": [{"publish": topic, "payload"?: str, "size"?: bytes, "qos"?, "retain"?},
             {"subscribe": filter, "qos"?}, {"expect": topic, "timeout"?}, {"sleep": seconds},
             {"mark": path} (creates the file: the test waits for it instead of guessing a delay)]}
  -> {"connack": rc, "steps": [per step: {"acked"} | {"granted"} | {"payload"} | {"timeout"}],
      "disconnected": rc or null (the broker closed the session before the script ended)}
"""
import json
import sys
import threading
import time

import paho.mqtt.client as mqtt

script = json.load(sys.stdin)
connect = script["connect"]
connected = threading.Event()
report = {"connack": None, "steps": [], "disconnected": None}
acks = {}
messages = []
lock = threading.Condition()


def on_connect(client, userdata, flags, rc):
    report["connack"] = rc
    connected.set()


def on_disconnect(client, userdata, rc):
    if report["disconnected"] is None and not userdata.get("closing"):
        report["disconnected"] = rc
    connected.set()


def on_event(mid, value):
    with lock:
        acks[mid] = value
        lock.notify_all()


def on_message(client, userdata, message):
    with lock:
        messages.append((message.topic, message.payload.decode("utf-8", "replace")))
        lock.notify_all()


def wait_for(check, timeout):
    deadline = time.time() + timeout
    with lock:
        while True:
            value = check()
            if value is not None or time.time() > deadline:
                return value
            lock.wait(0.05)


state = {"closing": False}
client = mqtt.Client(client_id=connect["client_id"], clean_session=connect.get("clean", True), userdata=state, protocol=mqtt.MQTTv311)
client.username_pw_set(connect.get("username"), connect.get("password"))
will = connect.get("will")
if will:
    client.will_set(will["topic"], will.get("payload", ""), will.get("qos", 0), will.get("retain", False))
client.on_connect = on_connect
client.on_disconnect = on_disconnect
client.on_publish = lambda c, u, mid: on_event(mid, True)
client.on_subscribe = lambda c, u, mid, granted: on_event(mid, list(granted))
client.on_message = on_message
client.connect("127.0.0.1", script["port"], connect.get("keepalive", 30))
client.loop_start()
connected.wait(5)

if report["connack"] == 0:
    for step in script["steps"]:
        if report["disconnected"] is not None:
            break
        if "publish" in step:
            payload = step.get("payload")
            if "size" in step:
                payload = '{"pad":"' + "x" * max(0, step["size"] - 10) + '"}'
            info = client.publish(step["publish"], payload, step.get("qos", 0), step.get("retain", False))
            qos = step.get("qos", 0)
            acked = wait_for(lambda: acks.get(info.mid), 5) if qos > 0 else True
            report["steps"].append({"acked": bool(acked)})
        elif "subscribe" in step:
            result, mid = client.subscribe(step["subscribe"], step.get("qos", 0))
            report["steps"].append({"granted": wait_for(lambda: acks.get(mid), 5)})
        elif "expect" in step:
            topic = step["expect"]
            found = wait_for(lambda: next((p for t, p in messages if t == topic), None), step.get("timeout", 3))
            report["steps"].append({"payload": found} if found is not None else {"timeout": True})
        elif "mark" in step:
            open(step["mark"], "w").close()
            report["steps"].append({})
        elif "sleep" in step:
            time.sleep(step["sleep"])
            report["steps"].append({})

state["closing"] = True
client.disconnect()
client.loop_stop()
print(json.dumps(report))
