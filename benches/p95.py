#!/usr/bin/env python3
"""Warm latency of a few paths of a running server, under a bounded load.

usage: p95.py HOST PORT PATH... [--clients 4] [--requests 400] [--warm 20]

Each path is first requested --warm times, then --requests times in all by --clients
keep-alive clients at once (with Accept-Encoding: gzip, bodies read whole). Prints one
JSON line per path: requests, clients, p50/p95/p99/max in milliseconds, requests/s, and
how many answers were 400 or above. Standard library only.
"""

import argparse
import http.client
import json
import threading
import time


def run(host, port, path, n, out, errors):
    connection = http.client.HTTPConnection(host, port)
    for _ in range(n):
        started = time.perf_counter()
        connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        response.read()
        out.append((time.perf_counter() - started) * 1000)
        if response.status >= 400:
            errors.append(response.status)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--warm", type=int, default=20)
    a = parser.parse_args()
    for path in a.paths:
        run(a.host, a.port, path, a.warm, [], [])
        latencies, errors = [], []
        each = max(1, a.requests // a.clients)
        threads = [
            threading.Thread(target=run, args=(a.host, a.port, path, each, latencies, errors))
            for _ in range(a.clients)
        ]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        latencies.sort()

        def q(p):
            return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1)

        print(json.dumps({
            "path": path, "requests": len(latencies), "clients": a.clients,
            "p50_ms": q(0.50), "p95_ms": q(0.95), "p99_ms": q(0.99), "max_ms": round(latencies[-1], 1),
            "requests_per_s": round(len(latencies) / wall), "errors": len(errors),
        }))


if __name__ == "__main__":
    main()
