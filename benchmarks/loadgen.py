"""A small closed-loop HTTP load generator in Python, for machines without wrk: one process per connection."""

from __future__ import annotations

import http.client
import multiprocessing
import statistics
import time
from urllib.parse import urlsplit


def _client(url: str, bodies: list[bytes], seconds: float, results) -> None:
    """Post the bodies in turn on new connections until the time is up; report latencies and errors."""
    parts = urlsplit(url)
    latencies, errors, n = [], 0, 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
            connection.request("POST", parts.path or "/", bodies[n % len(bodies)], {"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            connection.close()
            errors += response.status >= 400
        except OSError:
            errors += 1
        latencies.append(time.perf_counter() - started)
        n += 1
    results.put((latencies, errors))


def python_load(url: str, bodies: list[bytes], seconds: float, connections: int) -> dict:
    """Requests per second, p50 and p99 in ms, and errors, over ``connections`` concurrent clients."""
    results = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=_client, args=(url, bodies, seconds, results)) for _ in range(connections)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    latencies, errors = [], 0
    for _ in workers:
        found, failed = results.get(timeout=seconds + 60)
        latencies += found
        errors += failed
    for worker in workers:
        worker.join(10)
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {"requests": len(latencies), "seconds": elapsed, "rps": len(latencies) / elapsed,
            "p50_ms": cuts[49] * 1000, "p99_ms": cuts[98] * 1000, "errors": errors}
