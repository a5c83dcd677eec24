"""Throughput and latency of the Rasa server with 1 and with 2 Sanic workers.

    make benchmark-workers                 # or: python scripts/benchmark_workers.py
    python scripts/benchmark_workers.py --seconds 30 --users 10 50
    python scripts/benchmark_workers.py --soak 600      # steady load, RSS at start and end

Starts its own PostgreSQL and Redis (scripts/local_servers.py, Debian packages) and
the whole stack (free ports) once per worker count, with the flood limit off. Each
simulated person sends the next message as soon as the previous one is answered,
cycling through a short conversation (a greeting, a question, a description and its
first answers), and starts a new conversation every 6 messages. Reports messages/s,
p50/p95 latency and errors (anything but a 200 with a non-empty answer), and the
2-worker/1-worker ratio (target >= 1.5x, zero errors).

Numbers depend on the machine; on a shared 2-core machine they vary from run to run.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.local_servers import PostgresServer, RedisServer  # noqa: E402
from scripts.runtime_config import RuntimeConfig  # noqa: E402
from scripts.stack import DEFAULT_MODEL, Stack  # noqa: E402

CONVERSATION = [
    "hello",
    "what causes twitching?",
    "my left calf has been twitching for a week",
    "a few times a day",
    "a few seconds",
    "is it ALS?",
]


def _percentile(values: List[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(q * (len(ordered) - 1)))))
    return ordered[index]


def run_load(stack: Stack, users: int, seconds: float, think: float = 0.0,
             empty_is_error: bool = True) -> Dict[str, Any]:
    """`users` people talking at once for `seconds`, over REST.

    `stack` is anything with a `rasa_url` (a Stack, or the stock bot of
    scripts/benchmark_cost.py). An error is a non-200 or an exception; an empty answer
    list too, unless `empty_is_error` is False: then it is answered (its latency counts)
    and counted in `empty`.
    """
    latencies: List[float] = []
    errors: List[str] = []
    empties = [0]
    lock = threading.Lock()
    stop = threading.Event()
    url = f"{stack.rasa_url}/webhooks/rest/webhook"

    def person() -> None:
        session = requests.Session()
        sender, turn = f"bench-{uuid.uuid4().hex[:10]}", 0
        while not stop.is_set():
            message = CONVERSATION[turn % len(CONVERSATION)]
            started = time.perf_counter()
            empty = False
            try:
                response = session.post(url, json={"sender": sender, "message": message}, timeout=120)
                problem = None if response.status_code == 200 else f"HTTP {response.status_code}"
                empty = problem is None and not response.json()
                if empty and empty_is_error:
                    problem = "empty answer"
            except requests.RequestException as error:
                problem = type(error).__name__
            except ValueError:  # a 200 whose body is not JSON
                problem = "not JSON"
            elapsed = time.perf_counter() - started
            with lock:
                if stop.is_set():
                    return
                if problem:
                    errors.append(problem)
                else:
                    latencies.append(elapsed)
                    empties[0] += empty
            turn += 1
            if turn % len(CONVERSATION) == 0:
                sender = f"bench-{uuid.uuid4().hex[:10]}"
            if think:
                time.sleep(think)

    threads = [threading.Thread(target=person, daemon=True) for _ in range(users)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    with lock:
        stop.set()
        done, failed, empty_count = len(latencies), len(errors), empties[0]
        measured = time.perf_counter() - began
        lat = list(latencies)
        kinds = {kind: errors.count(kind) for kind in sorted(set(errors))}
    for thread in threads:
        thread.join(timeout=130)
    return {"users": users, "messages": done, "errors": failed, "empty": empty_count,
            "error_kinds": kinds, "seconds": measured,
            "per_second": done / measured, "p50_ms": _percentile(lat, 0.5) * 1000,
            "p95_ms": _percentile(lat, 0.95) * 1000, "p99_ms": _percentile(lat, 0.99) * 1000}


def rss_mb(stack: Stack) -> float:
    """Resident memory of every process of the stack (Rasa and its workers, actions)."""
    total = 0
    pids = set()
    for proc in stack._procs.values():
        pids.add(proc.pid)
    # children (Sanic workers) via /proc
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(stat[1]) in pids:
                    pids.add(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def start_stack(model: Path, pg: PostgresServer, redis: RedisServer, workers: int) -> Stack:
    runtime = RuntimeConfig.from_env({"TRACKER_STORE_URL": pg.url, "LOCK_STORE_URL": redis.url,
                                      "RASA_WORKERS": str(workers)})
    runtime.extra_env["RATE_LIMIT_PER_MINUTE"] = "0"  # measure the server, not the limit
    stack = Stack(model=model, runtime=runtime)
    stack.start(timeout=600)
    # warm-up: the first messages load lazy parts of the pipeline in every worker
    run_load(stack, users=4, seconds=8)
    return stack


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=os.environ.get("TWITCH_MODEL") or str(DEFAULT_MODEL))
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--users", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--soak", type=float, default=0, help="seconds of steady load with 2 workers")
    parser.add_argument("--soak-users", type=int, default=10)
    args = parser.parse_args(argv)
    model = Path(args.model)
    if not model.exists():
        print(f"No trained model at {model}", file=sys.stderr)
        return 1
    print(f"Machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start", flush=True)
    pg, redis = PostgresServer.launch(), RedisServer().start()
    results: Dict[Tuple[int, int], Dict[str, float]] = {}
    code = 0
    try:
        if not args.soak:
            for workers in args.workers:
                stack = start_stack(model, pg, redis, workers)
                try:
                    for users in args.users:
                        result = run_load(stack, users, args.seconds)
                        results[(workers, users)] = result
                        print(f"  workers={workers} users={users}: {result['per_second']:.1f} msg/s, "
                              f"p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, "
                              f"errors {result['errors']}", flush=True)
                finally:
                    stack.stop()
            print("\n| workers | users | messages/s | p50 ms | p95 ms | errors |")
            print("| --- | --- | --- | --- | --- | --- |")
            for (workers, users), r in sorted(results.items()):
                print(f"| {workers} | {users} | {r['per_second']:.1f} | {r['p50_ms']:.0f} | "
                      f"{r['p95_ms']:.0f} | {r['errors']} |")
            for users in args.users:
                one, two = results.get((1, users)), results.get((2, users))
                if one and two and one["per_second"]:
                    ratio = two["per_second"] / one["per_second"]
                    verdict = "meets" if ratio >= 1.5 else "BELOW"
                    print(f"{users} users: 2 workers = {ratio:.2f}x 1 worker ({verdict} the 1.5x target)")
                    if ratio < 1.5:
                        code = 3
            if any(r["errors"] for r in results.values()):
                print("Errors above: the target is 0.")
                code = 3
        else:
            stack = start_stack(model, pg, redis, 2)
            try:
                start_rss = rss_mb(stack)
                print(f"Soak: {args.soak:.0f}s, {args.soak_users} users (think time 0.5 s), 2 workers; "
                      f"RSS at start {start_rss:.0f} MB", flush=True)
                result = run_load(stack, args.soak_users, args.soak, think=0.5)
                end_rss = rss_mb(stack)
                change = (end_rss - start_rss) / start_rss * 100
                print(f"RSS at end {end_rss:.0f} MB ({change:+.1f} %); {result['messages']} messages, "
                      f"{result['per_second']:.1f} msg/s, p50 {result['p50_ms']:.0f} ms, "
                      f"p95 {result['p95_ms']:.0f} ms, errors {result['errors']}")
                flat = abs(change) <= 10
                print("Memory flat within 10 %" if flat else "Memory NOT flat within 10 %")
                code = 0 if flat and not result["errors"] else 3
            finally:
                stack.stop()
    finally:
        pg.destroy()
        redis.stop()
    print(f"Load average at end {os.getloadavg()[0]:.1f} (the machine is shared with other work).")
    return code


if __name__ == "__main__":
    sys.exit(main())
