"""CPU micro-benchmarks, run the same way in the guest (the bench plugin's
"/api cpu:NAME N") and on native CPython (host's BenchmarkNativeCPU runs this
file: stdin "NAME N" -> stdout "ok NANOSECONDS").

Small pyperformance-style kernels: function calls (fib), float arithmetic
(nbody), the C json codec (json) and the C regex engine (regex).
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable


def fib(k: int) -> int:
    return k if k < 2 else fib(k - 1) + fib(k - 2)


def run_fib() -> None:
    fib(20)


_BODIES = [
    [4.84, -1.16, -0.10, 0.60, 2.81, -0.02, 0.03],
    [8.34, 4.12, -0.40, -1.01, 1.82, 0.008, 0.01],
    [12.89, -15.11, -0.22, 1.08, 0.86, -0.01, 0.001],
    [15.37, -25.91, 0.17, 0.97, 0.59, -0.03, 0.0001],
    [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 39.47],
]


def run_nbody() -> None:
    bodies = [list(b) for b in _BODIES]
    pairs = [(bodies[i], bodies[j]) for i in range(5) for j in range(i + 1, 5)]
    dt = 0.01
    for _ in range(100):
        for b1, b2 in pairs:
            dx, dy, dz = b1[0] - b2[0], b1[1] - b2[1], b1[2] - b2[2]
            mag = dt * ((dx * dx + dy * dy + dz * dz) ** -1.5)
            m1, m2 = b1[6] * mag, b2[6] * mag
            b1[3] -= dx * m2
            b1[4] -= dy * m2
            b1[5] -= dz * m2
            b2[3] += dx * m1
            b2[4] += dy * m1
            b2[5] += dz * m1
        for b in bodies:
            b[0] += dt * b[3]
            b[1] += dt * b[4]
            b[2] += dt * b[5]


_DOC = {
    "id": "p1",
    "message": "hello world " * 8,
    "props": {
        "attachments": [{"text": "t", "fields": [{"title": "a", "value": i} for i in range(10)]}]
    },
    "file_ids": [f"f{i}" for i in range(20)],
    "metadata": {"embeds": [], "emojis": [{"name": "smile", "id": "e1"}], "priority": None},
}


def run_json() -> None:
    for _ in range(10):
        json.loads(json.dumps(_DOC))


_RE = re.compile(r"(?i)\b(?:bad|worse|worst)word\b|https?://[^\s]+|@[a-z0-9._-]+")
_TEXT = (
    "Please review https://example.com/a/b?c=d with @alice.smith and @bob " * 10
) + "no badword here"


def run_regex() -> None:
    for _ in range(10):
        _RE.findall(_TEXT)


WORKLOADS: dict[str, Callable[[], None]] = {
    "fib": run_fib,
    "nbody": run_nbody,
    "json": run_json,
    "regex": run_regex,
}


def timed(name: str, n: int) -> int:
    """Runs workload NAME n times; returns the nanoseconds it took."""
    work = WORKLOADS[name]
    t0 = time.perf_counter_ns()
    for _ in range(n):
        work()
    return time.perf_counter_ns() - t0


def main() -> int:
    """Native side: "NAME N" -> "ok WALL_NS CPU_NS" (CPU = process time,
    which other load on the machine inflates much less than wall time)."""
    print("ready", flush=True)
    for line in sys.stdin:
        name, n = line.split()
        c0 = time.process_time_ns()
        wall = timed(name, int(n))
        print(f"ok {wall} {time.process_time_ns() - c0}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
