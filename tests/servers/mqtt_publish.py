#!/usr/bin/env python3
"""Publishes a dump's F.1 lines to a local MQTT broker, as MeshCore observers do, for end-to-end tests.

Each line goes to meshcore/{IATA}/{KEY}/packets, KEY being the line's origin_id (upper case) or --key.
Before the packets, each observer's retained status (online) goes to meshcore/{IATA}/{KEY}/status.
Lines that are not JSON (hex) are published as they are. One `mosquitto_pub -l` runs per topic.

Usage: python3 tests/servers/mqtt_publish.py --port 1883 --file DUMP [--host 127.0.0.1] [--rate 50]
           [--iata SEA] [--key HEX64] [--skip N] [--count N] [--no-status] [--count-file PATH]
  --skip / --count  publish lines [skip, skip + count) only: restart with --skip to resume mid-test
Reports on stdout, one JSON object per line: {"event":"status","observers":K}, {"event":"done","sent":N}
(or {"event":"stopped","sent":N} on SIGTERM).
"""

import argparse
import json
import re
import signal
import subprocess
import sys
import time

HEX64 = re.compile(r"^[0-9A-Fa-f]{64}$")


def report(event, **fields):
    print(json.dumps({"event": event, **fields}), flush=True)


def observer_key(line, default):
    try:
        message = json.loads(line)
    except ValueError:
        return default, None
    if not isinstance(message, dict):
        return default, None
    key = message.get("origin_id")
    if isinstance(key, str) and HEX64.match(key):
        return key.upper(), message.get("origin")
    return default, message.get("origin")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--file", required=True)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--iata", default="SEA")
    parser.add_argument("--key", default="AA" * 32)
    parser.add_argument("--skip", type=int, default=0)
    parser.add_argument("--count", type=int, default=None)
    parser.add_argument("--no-status", action="store_true")
    parser.add_argument("--count-file", default=None)
    args = parser.parse_args()

    with open(args.file, encoding="utf-8") as dump:
        lines = [line.strip() for line in dump if line.strip()]
    end = None if args.count is None else args.skip + args.count
    lines = lines[args.skip:end]
    base = ["mosquitto_pub", "-h", args.host, "-p", str(args.port), "-q", "0"]

    if not args.no_status:
        observers = {}
        for line in lines:
            key, name = observer_key(line, args.key)
            observers.setdefault(key, name)
        for key, name in observers.items():
            status = {
                "status": "online",
                "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
                "origin": name or "test observer",
                "origin_id": key,
                "model": "Heltec V3",
                "firmware_version": "v1.9.0",
                "radio": "910.525,62.5,7,5",
                "client_version": "meshscope-test",
            }
            topic = f"meshcore/{args.iata}/{key}/status"
            subprocess.run(base + ["-r", "-t", topic, "-m", json.dumps(status)], check=True)
        report("status", observers=len(observers))

    publishers = {}
    sent = 0
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def record():
        if args.count_file:
            with open(args.count_file, "w", encoding="utf-8") as out:
                out.write(f"{sent}\n")

    interval = 1.0 / args.rate
    for line in lines:
        if stopping:
            break
        key, _ = observer_key(line, args.key)
        topic = f"meshcore/{args.iata}/{key}/packets"
        publisher = publishers.get(topic)
        if publisher is None:
            publisher = subprocess.Popen(base + ["-l", "-t", topic], stdin=subprocess.PIPE, text=True)
            publishers[topic] = publisher
        try:
            publisher.stdin.write(line + "\n")
            publisher.stdin.flush()
        except BrokenPipeError:
            report("error", reason=f"mosquitto_pub for {topic} exited")
            break
        sent += 1
        record()
        time.sleep(interval)

    for publisher in publishers.values():
        try:
            publisher.stdin.close()
        except BrokenPipeError:
            pass
    for publisher in publishers.values():
        publisher.wait(timeout=10)
    record()
    report("stopped" if stopping else "done", sent=sent)
    return 0


if __name__ == "__main__":
    sys.exit(main())
