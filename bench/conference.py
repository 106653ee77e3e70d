"""Load benchmark of the public conference programme. Prints its figures; run by `make bench`.

A throwaway SQLite database (or HIWAR_DATABASE_URL if set) is migrated and seeded with the
demo, whose conference is the concept note's two-day programme; gunicorn serves it with two
sync workers, as in production on these 2-core machines, with persistent database
connections (HIWAR_DATABASE_CONN_MAX_AGE), then once more without them for comparison. After a
warm-up, a load generator keeps 10, then 50, connections busy for a fixed time each (HTTP/1.0:
gunicorn's sync workers close each connection) and reports throughput and latency percentiles.

The load generator shares the two cores with the server, so its CPU use is printed too: what it
takes is capacity the server did not have. ApacheBench (`ab`, Debian package apache2-utils,
installed by `make bench`) is used when present: a C program, it takes a fraction of what a
Python client does, which saturates before the server. Without it, a small asyncio client runs
and the figures say so.

Target (issue 5): at 10 connections, >= 500 requests/s and p95 <= 50 ms.
"""

from __future__ import annotations

import asyncio
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SLUG = "arab-rrc-2021"
PAGES = [f"/en/conference/{SLUG}/", f"/ar/conference/{SLUG}/"]
JSON = f"/en/conference/{SLUG}/programme.json"
# A query string makes the page personal (the language switcher returns to it): the layout is
# rendered around the cached programme body, as for a signed-in reader.
RENDERED = f"/en/conference/{SLUG}/?from=bench"
CONNECTIONS = [10, 50]
SECONDS = float(os.environ.get("HIWAR_BENCH_SECONDS", "10"))
WARM_UP_SECONDS = 3.0
MAX_REQUESTS = 200_000  # a bound on every run, whatever the duration
TARGET_RPS, TARGET_P95_MS = 500, 50.0
# pretalx, measured on the same two-day programme on the same kind of machine (issue 5).
PRETALX = [("schedule page, no JavaScript", 27), ("schedule data (JSON)", 170)]
AB = shutil.which("ab")


@dataclass
class Run:
    path: str
    connections: int
    seconds: float = 0.0
    requests: int = 0
    errors: int = 0
    percentiles: dict[int, float] = field(default_factory=dict)  # 50, 95, 99, 100 -> ms
    client_cpu: float = 0.0  # seconds of CPU the load generator used
    server_cpu: float = 0.0  # seconds of CPU the gunicorn processes used
    body_bytes: int = 0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def p(self, percent: int) -> float:
        return self.percentiles.get(percent, float("nan"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _get(port: int, request: bytes) -> tuple[int, int]:
    """One HTTP/1.0 GET on a new connection: the status and the length of the response."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request)
        data = await reader.read()  # to EOF: the server closes after the response
    finally:
        writer.close()
    status = int(data[9:12]) if data.startswith(b"HTTP/1.") else 0
    return status, len(data)


async def _load(port: int, run: Run, seconds: float) -> None:
    """The Python load generator: `connections` coroutines, one request at a time each."""
    request = f"GET {run.path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode()
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    latencies: list[float] = []

    async def connection() -> None:
        while time.perf_counter() < deadline and len(latencies) + run.errors < MAX_REQUESTS:
            begun = time.perf_counter()
            try:
                status, size = await _get(port, request)
            except OSError:
                status, size = 0, 0
            if status == 200:
                latencies.append(time.perf_counter() - begun)
                run.body_bytes = size
            else:
                run.errors += 1

    await asyncio.gather(*(connection() for _ in range(run.connections)))
    run.seconds = time.perf_counter() - started
    run.requests = len(latencies)
    latencies.sort()
    if latencies:
        for percent in (50, 95, 99, 100):
            index = min(len(latencies) - 1, int(percent / 100 * len(latencies)))
            run.percentiles[percent] = latencies[index] * 1000


def _ab(port: int, run: Run, seconds: float) -> None:
    """ApacheBench for a fixed time (bounded by MAX_REQUESTS); -l: the CSRF token makes the
    length of a page vary from one response to the next."""
    assert AB is not None
    output = subprocess.run(  # noqa: S603 - our own arguments
        [AB, "-l", "-q", "-t", str(round(seconds)), "-n", str(MAX_REQUESTS), "-c",
         str(run.connections), f"http://127.0.0.1:{port}{run.path}"],
        capture_output=True, text=True, check=True, timeout=seconds + 60,
    ).stdout  # fmt: skip

    def number(label: str) -> float:
        match = re.search(rf"^{label}:\s+([\d.]+)", output, re.MULTILINE)
        if match is None:
            raise RuntimeError(f"ab printed no {label!r}:\n{output}")
        return float(match.group(1))

    run.seconds = number("Time taken for tests")
    run.requests = int(number("Complete requests"))
    run.errors = int(number("Failed requests"))
    non_2xx = re.search(r"^Non-2xx responses:\s+(\d+)", output, re.MULTILINE)
    if non_2xx:
        run.errors += int(non_2xx.group(1))
    run.requests -= run.errors
    run.body_bytes = int(number("HTML transferred") / max(1, run.requests + run.errors))
    for percent, value in re.findall(r"^\s+(\d+)%\s+(\d+)", output, re.MULTILINE):
        run.percentiles[int(percent)] = float(value)


def _cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU of these processes, from /proc (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def _server_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    found = [int(pid) for pid in children.read_text().split()] if children.exists() else []
    return [master, *found]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(port: int, master: int, path: str, connections: int, seconds: float) -> Run:
    run = Run(path=path, connections=connections)
    pids = _server_pids(master)
    server_before = _cpu_seconds(pids)
    if AB:
        # ab is a child that ends (and is waited for) within the run; gunicorn is not.
        client_before = _children_cpu()
        _ab(port, run, seconds)
        run.client_cpu = _children_cpu() - client_before
    else:
        client_before = time.process_time()
        asyncio.run(_load(port, run, seconds))
        run.client_cpu = time.process_time() - client_before
    run.server_cpu = _cpu_seconds(pids) - server_before
    return run


def prepare(env: dict[str, str]) -> None:
    for command in (["migrate", "--no-input", "-v", "0"], ["seed_demo"]):
        subprocess.run(  # noqa: S603 - our own arguments
            [str(BIN / "hiwar"), *command], env=env, check=True, capture_output=True, cwd=ROOT
        )


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603 - our own arguments
            [str(BIN / "gunicorn"), "hiwar.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--timeout", "60"],
            env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
        )  # fmt: skip
    for _attempt in range(150):  # bounded: at most ~30 s
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{PAGES[0]}", timeout=5) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"gunicorn did not serve {PAGES[0]}:\n{log.read_text()[-3000:]}")


def report(runs: list[Run], *, references: bool = True) -> None:
    print(
        f"{'GET':<44} {'conns':>5} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'max ms':>7} {'errors':>6} {'KB':>5} {'client CPU':>10} {'server CPU':>10}"
    )
    for run in runs:
        print(
            f"{run.path:<44} {run.connections:>5} {run.requests:>8} {run.rps:>7.0f} "
            f"{run.p(50):>7.1f} {run.p(95):>7.1f} {run.p(99):>7.1f} {run.p(100):>7.1f} "
            f"{run.errors:>6} {run.body_bytes / 1024:>5.0f} "
            f"{run.client_cpu / run.seconds:>10.0%} {run.server_cpu / run.seconds:>10.0%}"
        )
    print(f"(CPU: share of one core over the run; the machine has {os.cpu_count()} cores)")
    if references:
        for label, rps in PRETALX:
            print(f"reference: pretalx {label}: about {rps} requests/s (issue 5)")


def serve_and_measure(env: dict[str, str], plan: list[tuple[str, int]], log: Path) -> list[Run]:
    """Start gunicorn, let each worker render and cache every page, run the plan, stop."""
    port = _free_port()
    server = start_server(env, port, log)
    try:
        for path in {path for path, _connections in plan}:
            measure(port, server.pid, path, 10, WARM_UP_SECONDS)
        return [measure(port, server.pid, path, conns, SECONDS) for path, conns in plan]
    finally:
        server.terminate()
        server.wait(timeout=15)


def main() -> None:
    var_dir = Path(tempfile.mkdtemp(prefix="hiwar-bench-conference-"))
    env = {
        **os.environ,
        "HIWAR_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "hiwar.settings",
        "HIWAR_LOG_LEVEL": "WARNING",
    }
    env.setdefault("HIWAR_DATABASE_URL", f"sqlite:///{var_dir / 'bench.sqlite3'}")
    started = time.perf_counter()
    prepare(env)
    print(f"migrate + seed_demo: {time.perf_counter() - started:.1f} s")
    generator = "ab (ApacheBench)" if AB else "a Python asyncio client (no ab: apache2-utils)"
    print(f"load from {generator}; {SECONDS:.0f} s per run after a warm-up")

    # Persistent database connections: opening a SQLite connection reads the whole schema,
    # about 5 ms on these machines, longer than serving a cached page.
    kept = {**env, "HIWAR_DATABASE_CONN_MAX_AGE": env.get("HIWAR_DATABASE_CONN_MAX_AGE", "600")}
    plan = [(path, conns) for path in PAGES for conns in CONNECTIONS]
    plan += [(RENDERED, 10), (JSON, 10)]
    runs = serve_and_measure(kept, plan, var_dir / "gunicorn.log")
    print(
        f"\npublic programme of {SLUG}: gunicorn, 2 sync workers, database connections kept "
        f"{kept['HIWAR_DATABASE_CONN_MAX_AGE']} s (HIWAR_DATABASE_CONN_MAX_AGE):"
    )
    report(runs)
    at_ten = [run for run in runs if run.connections == 10 and run.path in PAGES]
    ok = all(r.rps >= TARGET_RPS and r.p(95) <= TARGET_P95_MS for r in at_ten)
    target = f">= {TARGET_RPS} req/s, p95 <= {TARGET_P95_MS:.0f} ms"
    print(f"target at 10 connections ({target}): {'met' if ok else 'NOT met'}")

    # For comparison, a new database connection per request (Django's default, CONN_MAX_AGE 0).
    fresh = {**env, "HIWAR_DATABASE_CONN_MAX_AGE": "0"}
    compared = serve_and_measure(fresh, [(PAGES[0], 10)], var_dir / "gunicorn-fresh.log")
    print("\nthe same with a new database connection per request (HIWAR_DATABASE_CONN_MAX_AGE=0):")
    report(compared, references=False)

    if any(r.errors for r in runs + compared):
        print(f"errors: see the logs in {var_dir}")
    else:
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
