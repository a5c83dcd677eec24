"""Per-message cost of this assistant beside a stock `rasa init` bot (issue 17).

    make benchmark-cost                    # or: python scripts/benchmark_cost.py
    python scripts/benchmark_cost.py --seconds 15 --users 1 10 50
    python scripts/benchmark_cost.py --our-train-seconds 265.1   # compare training too
    python scripts/benchmark_cost.py --train-ours                # ... timed now, from scratch

The stock bot is `rasa init --no-prompt --init-dir build/stock-bot` with the same
Rasa; it is trained once (rasa init trains it) and reused while
build/stock-bot/models/*.tar.gz exists. Its training time from scratch (empty
training cache) is saved in build/stock-bot/train_seconds.json and read back when
the bot is reused. Our training time is not measured unless given
(--our-train-seconds) or asked for (--train-ours: the stock bot's `rasa train` is timed
again, then ours, each `rasa train` into a temporary
directory with an empty cache, about 5 minutes on 2 cores).

One bot at a time on the same machine: the stock bot (`rasa run --enable-api`, in
memory tracker store, no action server: it has no custom actions), then this
assistant (scripts/stack.py: action server and Rasa, in-memory tracker store, one
worker, flood limit off). For each: time to ready (process start to /status naming
the model) and to the first reply; a warm-up; then, at each number of users, every
simulated person sends the next message as soon as the previous one is answered,
cycling through the six-turn conversation of scripts/benchmark_workers.py (the same
text for both bots), with a new sender every 6 messages. Reported: messages/s,
p50/p95/p99 latency, errors (non-200 or exception) and empty replies (a 200 with no
message, counted apart: the stock bot may answer nothing to a message it does not
know), and each process's resident memory after the load (with its children).

Writes results/benchmark.json and results/benchmark.png, prints a table, and as the
last line the ratios ours/stock. Exit 3 when a request failed (the figures are then
not comparable). Numbers depend on the machine; on a shared 2-core machine they vary
from run to run.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import math
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.benchmark_workers import CONVERSATION, run_load  # noqa: E402
from scripts.runtime_config import RuntimeConfig  # noqa: E402
from scripts.stack import DEFAULT_MODEL, VENV_BIN, Stack, _get, free_port  # noqa: E402

STOCK_DIR = ROOT / "build" / "stock-bot"
TRAIN_RECORD = "train_seconds.json"
RSS_TARGET_MB = 300.0
NOT_TIMED = "reused, not timed"
WARMUP = {"users": 4, "seconds": 8.0}  # as benchmark_workers: lazy parts load on first messages


# --------------------------------------------------------------------------- pure parts
def ratio(ours: Optional[float], stock: Optional[float]) -> Optional[float]:
    """ours / stock, or None when either is unknown or the stock figure is 0."""
    if ours is None or stock is None:
        return None
    if math.isnan(ours) or math.isnan(stock) or stock == 0:
        return None
    return ours / stock


def _level(bot: Mapping[str, Any], users: int) -> Optional[Mapping[str, Any]]:
    return next((r for r in bot.get("levels", []) if r["users"] == users), None)


def compute_ratios(ours: Mapping[str, Any], stock: Mapping[str, Any],
                   users: Sequence[int]) -> Dict[str, Optional[float]]:
    """The ours/stock ratios of the last line: throughput at each level, p95 at the
    fewest users, ready time, training time. Above 1 means more for ours (more
    messages/s is better; more ms or seconds is worse)."""
    out: Dict[str, Optional[float]] = {}
    for n in users:
        a, b = _level(ours, n), _level(stock, n)
        out[f"msg/s@{n}"] = ratio(a and a["per_second"], b and b["per_second"])
    if users:
        n = min(users)
        a, b = _level(ours, n), _level(stock, n)
        out[f"p95@{n}"] = ratio(a and a["p95_ms"], b and b["p95_ms"])
    out["ready"] = ratio(ours.get("ready_seconds"), stock.get("ready_seconds"))
    out["train"] = ratio((ours.get("train") or {}).get("seconds"),
                         (stock.get("train") or {}).get("seconds"))
    return out


def format_ratio_line(ratios: Mapping[str, Optional[float]], action_rss_mb: Optional[float],
                      target_mb: float = RSS_TARGET_MB) -> str:
    parts = []
    for name, value in ratios.items():
        if value is not None:
            parts.append(f"{name} {value:.2f}x")
        elif name == "train":
            parts.append("train n/a (not measured for both)")
        else:
            parts.append(f"{name} n/a")
    if action_rss_mb is None:
        memory = f"action server RSS not measured (target < {target_mb:.0f})"
    else:
        verdict = "met" if action_rss_mb < target_mb else "NOT MET"
        memory = f"action server RSS {action_rss_mb:.0f} MB (target < {target_mb:.0f}: {verdict})"
    return f"ratios ours/stock: {', '.join(parts)}; {memory}"


def _num(value: Optional[float], digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:.{digits}f}"


def format_tables(bots: Mapping[str, Mapping[str, Any]]) -> List[str]:
    """Two Markdown tables: load per bot and level; start-up, training and memory."""
    lines = ["| bot | users | messages/s | p50 ms | p95 ms | p99 ms | errors | empty replies |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, bot in bots.items():
        for r in bot.get("levels", []):
            lines.append(f"| {name} | {r['users']} | {_num(r['per_second'], 1)} | {_num(r['p50_ms'])} | "
                         f"{_num(r['p95_ms'])} | {_num(r['p99_ms'])} | {r['errors']} | {r['empty']} |")
    lines += ["", "| bot | ready s | first reply s | training s | RSS Rasa MB | RSS action server MB |",
              "| --- | --- | --- | --- | --- | --- |"]
    for name, bot in bots.items():
        train = bot.get("train") or {}
        seconds = train.get("seconds")
        train_text = _num(seconds, 1) if seconds is not None else (train.get("how") or "not measured")
        rss = bot.get("rss_mb") or {}
        actions = _num(rss.get("actions")) if "actions" in rss else "none"
        lines.append(f"| {name} | {_num(bot.get('ready_seconds'), 1)} | "
                     f"{_num(bot.get('first_reply_seconds'), 1)} | {train_text} | "
                     f"{_num(rss.get('rasa'))} | {actions} |")
    return lines


# --------------------------------------------------------------------------- memory
def _children_map() -> Dict[int, List[int]]:
    children: Dict[int, List[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def tree_rss_mb(pid: int) -> float:
    """VmRSS of a process and all its descendants, in MB (psutil is not in the venv)."""
    children = _children_map()
    pending, seen, total_kb = [pid], set(), 0
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        pending.extend(children.get(current, []))
        with contextlib.suppress(OSError, ValueError, IndexError):
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
    return total_kb / 1024


# --------------------------------------------------------------------------- training
def _rasa() -> str:
    return str(VENV_BIN / "rasa")


def stock_env(cache_dir: Optional[Path] = None) -> Dict[str, str]:
    """Environment of a stock Rasa: without this project on PYTHONPATH (so without its
    sitecustomize), telemetry off, one worker."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(TF_CPP_MIN_LOG_LEVEL="2", RASA_TELEMETRY_ENABLED="false",
               SQLALCHEMY_SILENCE_UBER_WARNING="1", SANIC_WORKERS="1")
    if cache_dir is not None:
        env["RASA_CACHE_DIRECTORY"] = str(cache_dir)
    return env


def _timed(cmd: List[str], cwd: Path, env: Dict[str, str], log: Path) -> float:
    started = time.monotonic()
    with open(log, "w") as out:
        code = subprocess.call(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    seconds = time.monotonic() - started
    if code != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(cmd)} failed (exit {code}), log {log}:\n{tail}")
    return seconds


def stock_models(directory: Path) -> List[Path]:
    return sorted((directory / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)


def ensure_stock_bot(directory: Path = STOCK_DIR) -> Dict[str, Any]:
    """The stock bot's model and its training time from scratch (reused when trained)."""
    models = stock_models(directory)
    if models:
        record = directory / TRAIN_RECORD
        saved: Dict[str, Any] = {}
        with contextlib.suppress(OSError, ValueError):
            saved = json.loads(record.read_text())
        if isinstance(saved.get("seconds"), (int, float)):
            how = f"reused; timed when trained on {saved.get('date', '?')} ({saved.get('how', '?')})"
            return {"model": str(models[-1]), "seconds": float(saved["seconds"]), "how": how,
                    "reused": True}
        return {"model": str(models[-1]), "seconds": None, "how": NOT_TIMED, "reused": True}

    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="stock-cache-") as cache:
        env = stock_env(Path(cache))
        log = directory / "train.log"
        if not (directory / "config.yml").exists():
            # rasa init --no-prompt trains the new project itself: the same rasa.train
            # call as `rasa train` in that directory, after copying the template (< 1 s).
            print(f"Creating and training the stock bot in {directory} (rasa init)...", flush=True)
            how = "rasa init --no-prompt (copies the template, then trains), empty cache"
            seconds = _timed([_rasa(), "init", "--no-prompt", "--init-dir", str(directory)],
                             ROOT, env, log)
        else:  # the project is there but not its model (an interrupted run, models/ removed)
            print(f"Training the stock bot in {directory} (rasa train)...", flush=True)
            how = "rasa train in build/stock-bot, empty cache"
            seconds = _timed([_rasa(), "train"], directory, env, log)
    models = stock_models(directory)
    if not models:
        raise RuntimeError(f"no model in {directory / 'models'} after training; see {log}")
    import rasa

    (directory / TRAIN_RECORD).write_text(json.dumps({
        "seconds": round(seconds, 1), "how": how,
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "rasa": rasa.__version__, "cores": os.cpu_count()}, indent=2) + "\n")
    return {"model": str(models[-1]), "seconds": seconds, "how": how, "reused": False}


def train_ours() -> Dict[str, Any]:
    """This assistant's training from scratch, timed (into a temporary directory)."""
    print("Training this assistant from scratch (--train-ours)...", flush=True)
    with tempfile.TemporaryDirectory(prefix="twitch-train-") as out:
        env = dict(os.environ, PYTHONPATH=str(ROOT), TF_CPP_MIN_LOG_LEVEL="2",
                   RASA_TELEMETRY_ENABLED="false", SQLALCHEMY_SILENCE_UBER_WARNING="1",
                   RASA_CACHE_DIRECTORY=str(Path(out) / "cache"))
        seconds = _timed([_rasa(), "train", "--force", "--config", "config.yml", "--domain", "domain.yml",
                          "--data", "data", "--out", out], ROOT, env, Path(out) / "train.log")
    return {"seconds": seconds, "how": "rasa train --force, empty cache (--train-ours)"}


def retrain_stock(directory: Path) -> Dict[str, Any]:
    """The stock bot's training from scratch, timed now (into a temporary directory).

    With --train-ours both bots are trained one after the other in the same run: a
    training time saved on another day, under another load, is no yardstick (the stock
    bot took 145 s at 06:44 on 2026-12-07 while other work ran, 83 s at 11:27 alone).
    """
    print(f"Training the stock bot from scratch in {directory} (timed in this run)...", flush=True)
    with tempfile.TemporaryDirectory(prefix="stock-train-") as out:
        env = stock_env(Path(out) / "cache")
        seconds = _timed([_rasa(), "train", "--force", "--out", out], directory, env,
                         Path(out) / "train.log")
    return {"seconds": seconds, "how": "rasa train --force in the stock project, empty cache, this run"}


def our_training(args: argparse.Namespace) -> Dict[str, Any]:
    # scripts/benchmark_startup.py prints its training time but saves none: nothing to read.
    if args.train_ours:
        return train_ours()
    if args.our_train_seconds is not None:
        return {"seconds": args.our_train_seconds, "how": "given (--our-train-seconds)"}
    return {"seconds": None, "how": "not measured (--our-train-seconds or --train-ours)"}


# --------------------------------------------------------------------------- the stock bot
class StockBot:
    """`rasa run --enable-api` on the stock project: default (in-memory) tracker store."""

    def __init__(self, directory: Path, model: Path) -> None:
        self.directory, self.model = directory, model
        self.port = 0
        self.proc: Optional[subprocess.Popen] = None
        self.ready_seconds: Optional[float] = None
        self.started = 0.0
        self.log = directory / "run.log"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 300.0) -> "StockBot":
        self.port = free_port()
        cmd = [_rasa(), "run", "--enable-api", "-m", str(self.model), "-i", "127.0.0.1",
               "--port", str(self.port), "--endpoints", "endpoints.yml",
               "--credentials", "credentials.yml"]
        self.started = time.monotonic()
        log = open(self.log, "w")  # noqa: SIM115 (closed with the process)
        self.proc = subprocess.Popen(cmd, cwd=self.directory, env=stock_env(), stdout=log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = self.started + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the stock bot exited early:\n{self.log.read_text(errors='replace')[-3000:]}")
            body = _get(f"{self.rasa_url}/status")
            if body is not None and b"model_file" in body:
                break
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(f"the stock bot was not ready after {timeout:.0f}s")
            time.sleep(0.3)
        self.ready_seconds = time.monotonic() - self.started
        return self

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=15)


# --------------------------------------------------------------------------- measuring
def first_reply_seconds(target: Any, ready_seconds: float) -> Optional[float]:
    """Ready time plus the first message's answer (sent right after ready)."""
    started = time.perf_counter()
    try:
        response = requests.post(f"{target.rasa_url}/webhooks/rest/webhook",
                                 json={"sender": "bench-first", "message": CONVERSATION[0]}, timeout=120)
    except requests.RequestException:
        return None
    if response.status_code != 200:
        return None
    return ready_seconds + time.perf_counter() - started


def measure(name: str, target: Any, users: Sequence[int], seconds: float) -> Dict[str, Any]:
    result: Dict[str, Any] = {"ready_seconds": target.ready_seconds}
    result["first_reply_seconds"] = first_reply_seconds(target, target.ready_seconds)
    print(f"  {name}: ready after {target.ready_seconds:.1f} s, first reply after "
          f"{_num(result['first_reply_seconds'], 1)} s; warming up", flush=True)
    run_load(target, users=WARMUP["users"], seconds=WARMUP["seconds"], empty_is_error=False)
    levels = []
    for n in users:
        r = run_load(target, n, seconds, empty_is_error=False)
        levels.append(r)
        kinds = f" {r['error_kinds']}" if r["errors"] else ""
        print(f"  {name} users={n}: {r['per_second']:.1f} msg/s, p50 {r['p50_ms']:.0f} ms, "
              f"p95 {r['p95_ms']:.0f} ms, p99 {r['p99_ms']:.0f} ms, errors {r['errors']}{kinds}, "
              f"empty {r['empty']}", flush=True)
    result["levels"] = levels
    return result


def sample_replies(target: Any) -> List[Dict[str, Any]]:
    """What the bot answers to each turn of the conversation (one sender): shows what an
    empty reply is, in the JSON."""
    sender, out = f"bench-sample-{int(time.time())}", []
    for message in CONVERSATION:
        try:
            response = requests.post(f"{target.rasa_url}/webhooks/rest/webhook",
                                     json={"sender": sender, "message": message}, timeout=120)
            texts = [m.get("text", "") for m in response.json()] if response.status_code == 200 else []
            out.append({"message": message, "status": response.status_code, "replies": len(texts),
                        "first": (texts[0] if texts else "")[:120]})
        except (requests.RequestException, ValueError) as error:
            out.append({"message": message, "error": type(error).__name__})
    return out


def run_stock(bot_info: Dict[str, Any], users: Sequence[int], seconds: float,
              directory: Path) -> Dict[str, Any]:
    print("Stock bot (rasa init):", flush=True)
    bot = StockBot(directory, Path(bot_info["model"]))
    bot.start()
    try:
        result = measure("stock", bot, users, seconds)
        assert bot.proc is not None
        result["rss_mb"] = {"rasa": tree_rss_mb(bot.proc.pid)}
        result["sample"] = sample_replies(bot)
    finally:
        bot.stop()
    result["train"] = {k: bot_info[k] for k in ("seconds", "how")}
    result["model"] = bot_info["model"]
    return result


def run_ours(model: Path, users: Sequence[int], seconds: float, train: Dict[str, Any]) -> Dict[str, Any]:
    print("This assistant (action server + Rasa):", flush=True)
    # only what is set here: a caller's TRACKER_STORE_URL or RASA_WORKERS must not leak in
    runtime = RuntimeConfig.from_env({"RASA_WORKERS": "1"}, default_store="memory")
    runtime.extra_env["RATE_LIMIT_PER_MINUTE"] = "0"  # measure the server, not the limit
    stack = Stack(model=model, runtime=runtime)
    stack.start(timeout=600)
    try:
        result = measure("ours", stack, users, seconds)
        result["rss_mb"] = {"rasa": tree_rss_mb(stack._procs["rasa"].pid),
                            "actions": tree_rss_mb(stack._procs["actions"].pid)}
        result["sample"] = sample_replies(stack)
    finally:
        stack.stop()
    result["train"] = train
    result["model"] = str(model)
    return result


def machine_info() -> Dict[str, Any]:
    import rasa

    info: Dict[str, Any] = {
        "cores": os.cpu_count(), "python": platform.python_version(), "rasa": rasa.__version__,
        "platform": platform.platform(), "date": dt.datetime.now().isoformat(timespec="seconds"),
        "load_average_start": round(os.getloadavg()[0], 2)}
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        info["commit"] = subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                                 text=True, stderr=subprocess.DEVNULL).strip()
    return info


def plot(bots: Mapping[str, Mapping[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import NullFormatter, ScalarFormatter

    fig, (lat, thr) = plt.subplots(1, 2, figsize=(11, 4.2))
    colours = {"ours": "tab:blue", "stock": "tab:orange"}
    for name, bot in bots.items():
        levels = bot.get("levels", [])
        xs = [r["users"] for r in levels]
        colour = colours.get(name)
        lat.plot(xs, [r["p50_ms"] for r in levels], "o-", color=colour, label=f"{name} p50")
        lat.plot(xs, [r["p95_ms"] for r in levels], "s--", color=colour, label=f"{name} p95")
        thr.plot(xs, [r["per_second"] for r in levels], "o-", color=colour, label=name)
    for ax, title, ylabel in ((lat, "Latency", "ms"), (thr, "Throughput", "messages/s")):
        ax.set_xscale("log")
        ax.set_xlabel("concurrent users")
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.grid(True, alpha=0.3)
        ax.legend()
        users = sorted({r["users"] for bot in bots.values() for r in bot.get("levels", [])})
        ax.set_xticks(users)
        ax.set_xticklabels([str(u) for u in users])
        ax.xaxis.set_minor_formatter(NullFormatter())
    lat.set_yscale("log")
    lat.yaxis.set_major_formatter(ScalarFormatter())
    lat.yaxis.set_minor_formatter(NullFormatter())
    thr.set_ylim(bottom=0)
    fig.suptitle("Twitch assistant vs stock rasa init bot (REST, one Rasa worker)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=os.environ.get("TWITCH_MODEL") or str(DEFAULT_MODEL))
    parser.add_argument("--users", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--seconds", type=float, default=20, help="seconds of load at each number of users")
    parser.add_argument("--stock-dir", default=str(STOCK_DIR))
    parser.add_argument("--our-train-seconds", type=float, default=None,
                        help="this assistant's training time from scratch, measured elsewhere")
    parser.add_argument("--train-ours", action="store_true",
                        help="train this assistant from scratch into a temporary directory, timed, "
                             "right after timing the stock bot's training again in this run")
    parser.add_argument("--json-out", default=str(ROOT / "results" / "benchmark.json"))
    parser.add_argument("--png-out", default=str(ROOT / "results" / "benchmark.png"))
    args = parser.parse_args(argv)
    model = Path(args.model)
    if not model.exists():
        print(f"No trained model at {model}", file=sys.stderr)
        return 1
    users = sorted(set(args.users))
    machine = machine_info()
    print(f"Machine: {machine['cores']} CPUs, Python {machine['python']}, Rasa {machine['rasa']}, "
          f"load average {machine['load_average_start']:.1f} at start", flush=True)

    stock_info = ensure_stock_bot(Path(args.stock_dir))
    if args.train_ours and stock_info.get("reused"):
        stock_info.update(retrain_stock(Path(args.stock_dir)))
    train = our_training(args)
    bots: Dict[str, Dict[str, Any]] = {}
    bots["stock"] = run_stock(stock_info, users, args.seconds, Path(args.stock_dir))
    bots["ours"] = run_ours(model, users, args.seconds, train)
    machine["load_average_end"] = round(os.getloadavg()[0], 2)

    ratios = compute_ratios(bots["ours"], bots["stock"], users)
    line = format_ratio_line(ratios, bots["ours"]["rss_mb"].get("actions"))
    results = {"machine": machine,
               "settings": {"users": users, "seconds": args.seconds, "warmup": WARMUP,
                            "conversation": CONVERSATION, "new_sender_every": len(CONVERSATION),
                            "tracker_store": "in memory", "rasa_workers": 1, "flood_limit": "off",
                            "errors": "non-200 or exception; empty replies counted apart"},
               "bots": bots, "ratios": ratios, "ratio_line": line,
               "rss_target_mb": RSS_TARGET_MB}
    json_out, png_out = Path(args.json_out), Path(args.png_out)
    json_out.parent.mkdir(parents=True, exist_ok=True)
    json_out.write_text(json.dumps(results, indent=2) + "\n")
    plot({"ours": bots["ours"], "stock": bots["stock"]}, png_out)

    print()
    for text in format_tables({"ours": bots["ours"], "stock": bots["stock"]}):
        print(text)
    print(f"\nStock training: {bots['stock']['train']['how']}. Ours: {train['how']}.")
    print(f"Wrote {json_out} and {png_out}. Load average {machine['load_average_start']:.1f} at start, "
          f"{machine['load_average_end']:.1f} at end (the machine is shared with other work).")
    failed = any(r["errors"] for bot in bots.values() for r in bot["levels"])
    if failed:
        print("Some requests failed (see errors above): the figures are not comparable.")
    print(line, flush=True)
    return 3 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
