"""A small HTTP load generator, run as its own process (`python -m benchmarks.loadgen`).

Reads one JSON request on stdin: {"port", "requests": [[path, headers], ...], "connections",
"seconds"}. Each of `connections` threads keeps one keep-alive connection to 127.0.0.1 and sends
GETs back to back (a closed loop: a new request as soon as the last answer is read), cycling
through `requests` from its own offset (the list split evenly between threads, so a list
longer than one run's requests is never repeated: a cache-miss run stays all misses). Prints
one JSON line: requests, elapsed seconds, statuses, errors and every latency in milliseconds.

Python threads share one interpreter lock, so on a small machine this client spends CPU the
server would otherwise have; `wrk` is used instead when it is installed (see api.py). Both the
figure and its reference are measured with the same client, so the ratio holds either way.
"""

from __future__ import annotations

import http.client
import json
import sys
import threading
import time
from collections import Counter
from typing import Any


def load(request: dict[str, Any]) -> dict[str, Any]:
    port, requests = request["port"], request["requests"]
    connections = int(request.get("connections", 8))
    deadline = time.perf_counter() + float(request["seconds"])
    latencies: list[list[float]] = [[] for _ in range(connections)]
    statuses: list[Counter] = [Counter() for _ in range(connections)]
    errors = [0] * connections

    def client(number: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        position = number * len(requests) // connections  # threads never overlap early
        mine, seen = latencies[number], statuses[number]
        while time.perf_counter() < deadline:
            path, headers = requests[position % len(requests)]
            position += 1
            began = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                errors[number] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append((time.perf_counter() - began) * 1000)
            seen[response.status] += 1
        conn.close()

    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,), daemon=True)
               for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=float(request["seconds"]) + 60)
    elapsed = time.perf_counter() - began
    merged: Counter = Counter()
    for counter in statuses:
        merged.update(counter)
    every = [round(value, 3) for values in latencies for value in values]
    return {"requests": len(every), "seconds": elapsed, "errors": sum(errors),
            "statuses": {str(k): v for k, v in merged.items()}, "latencies_ms": every}


def main() -> int:
    print(json.dumps(load(json.loads(sys.stdin.read()))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
