#!/usr/bin/env python3
"""Slow and idle clients against `monjo serve` (docs/performance.md, "Slow clients").

    tools/bench/slow_clients.py MONJO_BIN [--data DIR | --volumes N] [--slow 1000] [--idle 1000]
                                [--duration 30] [--interval 10] [--per-address 20]
                                [--url http(s)://127.0.0.1:PORT] [--serve-arg ARG ...] [--out FILE]

Starts `monjo serve --port 0` on DIR (or on a fresh import of `monjo sample --volumes N`),
or attacks a server already running at --url (e.g. nginx in front of monjo, over TLS
with a certificate that is not checked). Holds
--slow slowloris connections (a request line and one header, then one more header line
every --interval seconds, never the end of the head; reconnecting whenever the server
closes one) and --idle keep-alive connections (one request answered, then silence;
reconnecting when closed), spread over source addresses 127.0.1.1, 127.0.1.2, … with
--per-address connections each (127.0.0.0/8 is all loopback on Linux). Meanwhile another
client (127.0.0.1) asks /healthz and a search every 0.2 s on a fresh connection each and
times the answers. Prints what was held open and the latency figures; --out appends them
as tab-separated lines. A measurement, not a test: it passes or fails nothing.
"""

import argparse
import asyncio
import os
import re
import resource
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

PROBES = [("healthz", "/healthz"), ("search", "/search?q=" + urllib.parse.quote("議会")),
          ("api_search", "/api/search?q=" + urllib.parse.quote("昭和 予算") + "&size=10")]


def raise_files_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def start_server(monjo, data, extra):
    log = tempfile.NamedTemporaryFile(prefix="monjo-serve-", suffix=".log", delete=False)
    proc = subprocess.Popen([monjo, "--data", data, "serve", "--port", "0", "--no-access-log", *extra],
                            stdout=subprocess.DEVNULL, stderr=log)
    for _ in range(400):
        text = open(log.name, encoding="utf-8", errors="replace").read()
        m = re.search(r"monjo serving http://([^:]+):(\d+)", text)
        if m:
            return proc, int(m.group(2)), log.name
        if proc.poll() is not None:
            sys.exit("monjo serve exited: " + text)
        time.sleep(0.05)
    proc.kill()
    sys.exit("monjo serve did not start")


def prepare_data(monjo, volumes):
    work = tempfile.mkdtemp(prefix="monjo-slow-")
    sample = os.path.join(work, "sample.xml")
    subprocess.run([monjo, "sample", "--volumes", str(volumes), "--seed", "1", "--out", sample], check=True,
                   stdout=subprocess.DEVNULL)
    mib = os.path.getsize(sample) // (1 << 20) + 2
    subprocess.run([monjo, "--data", os.path.join(work, "data"), "import", "--max-size", str(mib), sample],
                   check=True, stdout=subprocess.DEVNULL)
    return os.path.join(work, "data")


def tls_context(use_tls):
    if not use_tls:
        return None
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # a test certificate on loopback
    return ctx


class Attack:
    def __init__(self, host, port, slow, idle, interval, per_address, tls=None):
        self.host, self.port = host, port
        self.tls = tls
        self.slow, self.idle = slow, idle
        self.interval = interval
        self.per_address = per_address
        self.open = {"slow": 0, "idle": 0}
        self.reconnects = {"slow": 0, "idle": 0}
        self.refused = 0
        self.stop = False

    def source(self, i):
        n = i // self.per_address
        return "127.0.%d.%d" % (1 + n // 250, 1 + n % 250)

    async def connect(self, i):
        return await asyncio.wait_for(
            asyncio.open_connection(self.host, self.port, local_addr=(self.source(i), 0), ssl=self.tls,
                                    server_hostname=self.host if self.tls else None), 10)

    async def slowloris(self, i):
        while not self.stop:
            try:
                reader, writer = await self.connect(i)
            except (OSError, asyncio.TimeoutError):
                await asyncio.sleep(0.5)
                continue
            self.open["slow"] += 1
            try:
                writer.write(b"GET /search?q=x HTTP/1.1\r\nHost: x\r\nX-Slow-0: 1\r\n")
                await writer.drain()
                n = 1
                while not self.stop:
                    # Wait for the next trickle, or for the server to close (or answer 408).
                    try:
                        data = await asyncio.wait_for(reader.read(4096), self.interval)
                        if not data or data.startswith(b"HTTP/1.1 503"):
                            if data.startswith(b"HTTP/1.1 503"):
                                self.refused += 1
                            break
                        break  # an answer (408): the server gave up on us
                    except asyncio.TimeoutError:
                        writer.write(b"X-Slow-%d: 1\r\n" % n)
                        n += 1
                        await writer.drain()
            except OSError:
                pass
            finally:
                self.open["slow"] -= 1
                writer.close()
            self.reconnects["slow"] += 1
            await asyncio.sleep(0.1)

    async def keepalive(self, i):
        i += self.slow
        while not self.stop:
            try:
                reader, writer = await self.connect(i)
            except (OSError, asyncio.TimeoutError):
                await asyncio.sleep(0.5)
                continue
            try:
                writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                await writer.drain()
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
                if not head.startswith(b"HTTP/1.1 200"):
                    self.refused += 1
                    writer.close()
                    await asyncio.sleep(0.5)
                    continue
                m = re.search(rb"Content-Length: (\d+)", head, re.I)
                await reader.readexactly(int(m.group(1)) if m else 0)
                self.open["idle"] += 1
                try:
                    while not self.stop:  # silent until the server closes
                        if not await reader.read(4096):
                            break
                finally:
                    self.open["idle"] -= 1
            except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                pass
            finally:
                writer.close()
            self.reconnects["idle"] += 1

    async def run(self, until):
        tasks = []
        # Open them gradually (the listen backlog is finite).
        for i in range(max(self.slow, self.idle)):
            if i < self.slow:
                tasks.append(asyncio.ensure_future(self.slowloris(i)))
            if i < self.idle:
                tasks.append(asyncio.ensure_future(self.keepalive(i)))
            if i % 50 == 49:
                await asyncio.sleep(0.05)
        while time.monotonic() < until.value:
            await asyncio.sleep(0.2)
        self.stop = True
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def probe_once(host, port, target, timeout=10.0, tls=None):
    start = time.perf_counter()
    try:
        with socket.create_connection((host, port), timeout=timeout) as raw:
            s = tls.wrap_socket(raw, server_hostname=host) if tls else raw
            s.settimeout(timeout)
            s.sendall(("GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % (target, host)).encode())
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        status = int(data[9:12]) if data.startswith(b"HTTP/1.") else 0
    except OSError:
        status = 0
    return status, time.perf_counter() - start


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    k = min(len(values) - 1, max(0, int(round(p / 100.0 * (len(values) - 1)))))
    return values[k]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("monjo")
    ap.add_argument("--data")
    ap.add_argument("--volumes", type=int, default=340)
    ap.add_argument("--url", help="attack a server already running here instead of starting one")
    ap.add_argument("--slow", type=int, default=1000)
    ap.add_argument("--idle", type=int, default=1000)
    ap.add_argument("--duration", type=float, default=30)
    ap.add_argument("--interval", type=float, default=10, help="seconds between a slowloris's header lines")
    ap.add_argument("--per-address", type=int, default=20)
    ap.add_argument("--serve-arg", action="append", default=[], help="passed on to monjo serve")
    ap.add_argument("--label", default="monjo")
    ap.add_argument("--out")
    args = ap.parse_args()

    limit = raise_files_limit()
    if args.slow + args.idle + 100 > limit:
        sys.exit("the open-files limit (%d) is too low for %d connections" % (limit, args.slow + args.idle))

    proc = None
    if args.url:
        u = urllib.parse.urlparse(args.url)
        host, port = u.hostname, u.port or (443 if u.scheme == "https" else 80)
        tls = tls_context(u.scheme == "https")
    else:
        data = args.data or prepare_data(args.monjo, args.volumes)
        proc, port, _ = start_server(args.monjo, data, args.serve_arg)
        host = "127.0.0.1"
        tls = None
    for _, target in PROBES:  # warm the caches, as a visitor before us would have
        probe_once(host, port, target, tls=tls)

    attack = Attack(host, port, args.slow, args.idle, args.interval, args.per_address, tls)

    class Until:
        value = time.monotonic() + 3600

    until = Until()
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=lambda: loop.run_until_complete(attack.run(until)), daemon=True)
    thread.start()

    # Wait until the connections are up (or 30 s), then probe for --duration seconds.
    ready_by = time.monotonic() + 30
    while time.monotonic() < ready_by and (attack.open["slow"] < args.slow * 0.98 or
                                           attack.open["idle"] < args.idle * 0.98):
        time.sleep(0.2)
    results = {name: [] for name, _ in PROBES}
    failures = {name: 0 for name, _ in PROBES}
    held = []
    end = time.monotonic() + args.duration
    i = 0
    while time.monotonic() < end:
        name, target = PROBES[i % len(PROBES)]
        i += 1
        status, secs = probe_once(host, port, target, tls=tls)
        if status == 200:
            results[name].append(secs)
        else:
            failures[name] += 1
        held.append((attack.open["slow"], attack.open["idle"]))
        time.sleep(0.2)
    until.value = 0
    thread.join(30)
    if proc:
        proc.terminate()
        proc.wait(20)

    slow_open = [h[0] for h in held]
    idle_open = [h[1] for h in held]
    lines = []
    print("held open while probing: slowloris min %d mean %.0f (target %d), idle keep-alive min %d mean %.0f "
          "(target %d); reconnects slow %d idle %d; refused %d" %
          (min(slow_open), statistics.mean(slow_open), args.slow, min(idle_open), statistics.mean(idle_open),
           args.idle, attack.reconnects["slow"], attack.reconnects["idle"], attack.refused))
    print("%-11s %6s %8s %8s %8s %8s %6s %6s" % ("probe", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", ">1 s", "fail"))
    for name, _ in PROBES:
        v = results[name]
        over = sum(1 for x in v if x > 1.0)
        print("%-11s %6d %8.1f %8.1f %8.1f %8.1f %6d %6d" %
              (name, len(v), percentile(v, 50) * 1e3, percentile(v, 95) * 1e3, percentile(v, 99) * 1e3,
               (max(v) if v else float("nan")) * 1e3, over, failures[name]))
        lines.append("\t".join(str(x) for x in [
            "slow_clients", args.label, name, args.slow, args.idle, "%.0f" % statistics.mean(slow_open),
            "%.0f" % statistics.mean(idle_open), len(v),
            "%.1f" % (percentile(v, 50) * 1e3), "%.1f" % (percentile(v, 95) * 1e3),
            "%.1f" % ((max(v) if v else float("nan")) * 1e3), over, failures[name]]))
    if args.out:
        with open(args.out, "a", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
