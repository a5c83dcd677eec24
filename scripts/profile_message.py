"""Where the milliseconds of one message go: a py-spy profile of both servers.

    make profile                                   # or:
    python scripts/profile_message.py --conversations 20 --out results/profile.json

Starts the whole stack (free ports, SQLite tracker store as `make run`), holds one
warm-up conversation, then records both processes with py-spy (a sampling profiler:
it reads the running interpreters from outside, so the servers run unmodified) while
one person at a time holds the six-turn conversation of the benchmarks.

It prints, per user message:
  * the wall time the person waits (median) and the CPU time each process spends
    (from /proc, so it also counts TensorFlow's own threads);
  * how many times Rasa called the action server (custom actions in the tracker);
  * the share of the sampled CPU time of each process by part (NLU components,
    policies, calls to the action server, tracker store; in the action server: the
    spaCy pass, medspaCy's ConText, our rules, rasa-sdk), in milliseconds.

py-spy lives in its own virtualenv (build/profile-tools), never in Rasa's.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.benchmark_workers import CONVERSATION  # noqa: E402
from scripts.stack import DEFAULT_MODEL, Stack  # noqa: E402

PY_SPY = ROOT / "build" / "profile-tools" / "bin" / "py-spy"
RATE = 250  # samples per second

# (part, any of these in a frame's file) in order of priority: a sample goes to the
# first part with a frame in it (a spaCy frame under our annotator is the annotator's).
RASA_PARTS: Sequence[Tuple[str, Tuple[str, ...]]] = (
    ("NLU: our safety annotator", ("components/safety.py",)),
    ("NLU: SpacyNLP (spaCy pass)", ("rasa/nlu/utils/spacy_utils.py",)),
    ("NLU: tokenizer and featurizers", ("rasa/nlu/tokenizers", "rasa/nlu/featurizers",
                                        "components/pattern_features.py")),
    ("NLU: DIET and ResponseSelector", ("diet_classifier.py", "response_selector.py",
                                        "components/length_batches.py")),
    ("NLU: entity extractors, synonyms, fallback", ("rasa/nlu/extractors", "fallback_classifier.py")),
    ("policies (rules, memoization, TED, ours)", ("rasa/core/policies", "components/emergency_policy.py")),
    ("tracker store", ("rasa/core/tracker_store.py", "sqlalchemy")),
    ("calls to the action server", ("rasa/utils/endpoints.py", "aiohttp")),
    ("other NLU/graph work", ("rasa/engine", "rasa/nlu")),
    ("Rasa: HTTP, processor, events", ("",)),
)
ACTION_PARTS: Sequence[Tuple[str, Tuple[str, ...]]] = (
    ("medspaCy ConText (context of each mention)", ("medspacy", "twitch_knowledge/context.py")),
    ("spaCy pass (vocabulary patterns)", ("spacy/", "thinc/", "twitch_knowledge/nlp.py")),
    ("our rules (extraction, interview, triage, replies)", ("twitch_knowledge/",)),
    ("our adapters (actions/)", ("actions/",)),
    ("rasa-sdk: HTTP, tracker JSON", ("",)),
)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children that were waited for."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(x) for x in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


# A thread waiting (for the network, a lock, a queue) is not working. py-spy cannot
# always tell inside a container, so a sample whose innermost frame waits is dropped.
# The servers' event loops run in C (uvloop): waiting shows as the Python frame that
# started them.
IDLE_LEAVES = ("selectors.py", "threading.py", "queue.py", "socket.py", "ssl.py",
               "sanic/server/runners.py")


def is_idle(stack: str) -> bool:
    leaf = stack.rsplit(";", 1)[-1]
    return any(f"({name}" in leaf or f"/{name}" in leaf for name in IDLE_LEAVES)


def categorise(raw: str, parts: Sequence[Tuple[str, Tuple[str, ...]]]) -> Dict[str, int]:
    """Samples per part from py-spy's raw (collapsed) output: ``frame;frame;... count``."""
    counts: Dict[str, int] = collections.Counter()
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit() or is_idle(stack):
            continue
        for part, needles in parts:
            if any(needle in stack for needle in needles):
                counts[part] += int(count)
                break
    return dict(counts)


def talk(url: str, sender: str, text: str) -> float:
    started = time.perf_counter()
    reply = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60)
    reply.raise_for_status()
    return time.perf_counter() - started


def action_calls(stack: Stack) -> int:
    """How many requests the action server has received so far (its debug log; the
    form's validation and questions are calls too, though the tracker does not list them)."""
    return stack.log("actions").count("Received request to run")


def run(conversations: int, model: Path, keep_raw: str = "") -> Dict[str, object]:
    os.environ["ACTION_CALLS_LOG"] = "1"
    if not PY_SPY.exists():
        raise SystemExit(f"py-spy is missing: run `make profile` (it installs it in {PY_SPY.parent.parent}).")
    with Stack(model=model, tracker_store="sqlite") as stack:
        pids = {"rasa": stack._procs["rasa"].pid, "actions": stack._procs["actions"].pid}
        for text in CONVERSATION:  # warm-up: first-use loading is not the cost of a message
            talk(stack.rasa_url, "warm-up", text)
        out = Path(tempfile.mkdtemp(prefix="twitch-profile-"))
        spies = {name: subprocess.Popen(
            [str(PY_SPY), "record", "--pid", str(pid), "--rate", str(RATE), "--format", "raw",
             "--nonblocking", "--output", str(out / f"{name}.txt")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for name, pid in pids.items()}
        time.sleep(1.0)
        cpu_before = {name: _cpu_seconds(pid) for name, pid in pids.items()}
        waits: List[float] = []
        calls = action_calls(stack)
        for _ in range(conversations):
            sender = f"profile-{uuid.uuid4().hex[:8]}"
            waits += [talk(stack.rasa_url, sender, text) for text in CONVERSATION]
        calls = action_calls(stack) - calls
        cpu = {name: _cpu_seconds(pid) - cpu_before[name] for name, pid in pids.items()}
        for spy in spies.values():
            spy.send_signal(2)  # SIGINT: py-spy writes its file and exits
        for spy in spies.values():
            spy.wait(timeout=60)
        raw = {name: (out / f"{name}.txt").read_text() if (out / f"{name}.txt").exists() else ""
               for name in pids}
        if keep_raw:
            Path(keep_raw).mkdir(parents=True, exist_ok=True)
            for name, text in raw.items():
                (Path(keep_raw) / f"{name}.txt").write_text(text)
        shutil.rmtree(out, ignore_errors=True)
    messages = len(waits)
    report: Dict[str, object] = {
        "messages": messages,
        "wall_ms_p50": round(statistics.median(waits) * 1000, 1),
        "cpu_ms_per_message": {name: round(sec * 1000 / messages, 1) for name, sec in cpu.items()},
        "action_server_calls_per_message": round(calls / messages, 2),
        "parts_ms_per_message": {},
    }
    for name, parts in (("rasa", RASA_PARTS), ("actions", ACTION_PARTS)):
        samples = categorise(raw[name], parts)
        report["parts_ms_per_message"][name] = {  # type: ignore[index]
            part: round(samples.get(part, 0) * 1000 / RATE / messages, 1) for part, _ in parts}
    return report


def print_report(report: Dict[str, object]) -> None:
    print(f"\n{report['messages']} messages, one person at a time")
    print(f"  wait per message (median):          {report['wall_ms_p50']} ms")
    for name, ms in report["cpu_ms_per_message"].items():  # type: ignore[union-attr]
        print(f"  CPU per message, {name + ':':<20} {ms} ms")
    print(f"  action server calls per message:    {report['action_server_calls_per_message']}")
    for name, parts in report["parts_ms_per_message"].items():  # type: ignore[union-attr]
        print(f"\n  sampled CPU per message, {name} (ms)")
        for part, ms in sorted(parts.items(), key=lambda kv: -kv[1]):
            print(f"    {ms:7.1f}  {part}")


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--model", default=os.environ.get("MODEL") or str(DEFAULT_MODEL))
    parser.add_argument("--out", default=str(ROOT / "results" / "profile.json"))
    parser.add_argument("--keep-raw", default="", metavar="DIR", help="keep py-spy's raw stacks here")
    args = parser.parse_args(argv)
    report = run(args.conversations, Path(args.model), args.keep_raw)
    print_report(report)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2))
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
