"""scripts/benchmark_cost.py: the parts that need no bot (percentiles, ratios, report,
memory of a process tree, reuse of the stock bot, the load driver's error counting)."""
import json
import math
import os
import subprocess
import sys
import threading
import time
from argparse import Namespace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scripts import benchmark_cost as bc
from scripts.benchmark_workers import _percentile, run_load


# --------------------------------------------------------------------------- percentile
def test_percentile_of_1_to_100_is_the_nearest_rank():
    values = list(range(100, 0, -1))  # unsorted on purpose
    assert _percentile(values, 0.0) == 1
    assert _percentile(values, 0.95) == 95
    assert _percentile(values, 0.99) == 99
    assert _percentile(values, 1.0) == 100


def test_percentile_one_value_and_none():
    assert _percentile([0.2], 0.5) == 0.2
    assert _percentile([0.2], 0.99) == 0.2
    assert math.isnan(_percentile([], 0.5))


def test_percentiles_are_ordered_and_a_slow_tail_shows_only_at_the_top():
    values = [0.1] * 97 + [5.0] * 3
    assert _percentile(values, 0.5) == 0.1
    assert _percentile(values, 0.95) == 0.1
    assert _percentile(values, 0.99) == 5.0


# --------------------------------------------------------------------------- ratios
def bot(levels, ready=None, train=None, rss=None):
    return {"levels": [{"users": u, "per_second": s, "p50_ms": p50, "p95_ms": p95, "p99_ms": p99,
                        "errors": e, "empty": m} for u, s, p50, p95, p99, e, m in levels],
            "ready_seconds": ready, "first_reply_seconds": None if ready is None else ready + 0.5,
            "train": {"seconds": train, "how": "x" if train else "not measured"},
            "rss_mb": rss or {}}


OURS = bot([(1, 10.0, 90, 120, 150, 0, 0), (10, 12.0, 800, 1100, 1300, 0, 0),
            (50, 13.0, 3800, 4500, 5000, 0, 0)], ready=30.0, train=260.0,
           rss={"rasa": 900.0, "actions": 590.0})
STOCK = bot([(1, 40.0, 20, 40, 60, 0, 2), (10, 50.0, 190, 260, 300, 0, 25),
             (50, 52.0, 950, 1200, 1400, 0, 130)], ready=12.0, train=130.0,
            rss={"rasa": 450.0})


def test_ratio():
    assert bc.ratio(6.0, 3.0) == 2.0
    assert bc.ratio(1.0, 4.0) == 0.25
    assert bc.ratio(None, 3.0) is None
    assert bc.ratio(3.0, None) is None
    assert bc.ratio(3.0, 0.0) is None
    assert bc.ratio(float("nan"), 3.0) is None


def test_compute_ratios_throughput_at_every_level_p95_at_the_fewest_users():
    ratios = bc.compute_ratios(OURS, STOCK, [1, 10, 50])
    assert list(ratios) == ["msg/s@1", "msg/s@10", "msg/s@50", "p95@1", "ready", "train"]
    assert ratios["msg/s@1"] == pytest.approx(0.25)
    assert ratios["msg/s@10"] == pytest.approx(0.24)
    assert ratios["msg/s@50"] == pytest.approx(0.25)
    assert ratios["p95@1"] == pytest.approx(3.0)
    assert ratios["ready"] == pytest.approx(2.5)
    assert ratios["train"] == pytest.approx(2.0)


def test_compute_ratios_unknown_figures_are_none():
    ours = bot([(10, 12.0, 800, 1100, 1300, 0, 0)], ready=30.0, train=None)
    ratios = bc.compute_ratios(ours, STOCK, [10, 50])
    assert ratios["msg/s@10"] == pytest.approx(0.24)
    assert ratios["msg/s@50"] is None  # ours has no 50-user level
    assert ratios["p95@10"] == pytest.approx(1100 / 260)
    assert "p95@1" not in ratios
    assert ratios["train"] is None


def test_ratio_line():
    ratios = bc.compute_ratios(OURS, STOCK, [1, 10, 50])
    line = bc.format_ratio_line(ratios, 590.0)
    assert line == ("ratios ours/stock: msg/s@1 0.25x, msg/s@10 0.24x, msg/s@50 0.25x, p95@1 3.00x, "
                    "ready 2.50x, train 2.00x; action server RSS 590 MB (target < 300: NOT MET)")


def test_ratio_line_unknowns_and_the_memory_target():
    ratios = {"msg/s@10": 0.5, "msg/s@50": None, "ready": 1.0, "train": None}
    line = bc.format_ratio_line(ratios, 299.4)
    assert "msg/s@50 n/a" in line
    assert "train n/a (not measured for both)" in line
    assert line.endswith("action server RSS 299 MB (target < 300: met)")
    assert bc.format_ratio_line(ratios, 300.0).endswith("(target < 300: NOT MET)")
    assert "RSS not measured" in bc.format_ratio_line(ratios, None)


def test_tables_have_a_row_per_bot_and_level_and_say_what_is_unknown():
    stock = dict(STOCK, train={"seconds": None, "how": bc.NOT_TIMED},
                 levels=[dict(STOCK["levels"][0], p99_ms=float("nan")), *STOCK["levels"][1:]])
    lines = bc.format_tables({"ours": OURS, "stock": stock})
    load = [line for line in lines if line.startswith("| ours |") or line.startswith("| stock |")]
    assert len(load) == 3 + 3 + 2  # 3 levels per bot, then one start-up row each
    assert "| ours | 10 | 12.0 | 800 | 1100 | 1300 | 0 | 0 |" in lines
    assert "| stock | 1 | 40.0 | 20 | 40 | n/a | 0 | 2 |" in lines
    assert "| ours | 30.0 | 30.5 | 260.0 | 900 | 590 |" in lines
    assert f"| stock | 12.0 | 12.5 | {bc.NOT_TIMED} | 450 | none |" in lines
    header = lines.index("| bot | users | messages/s | p50 ms | p95 ms | p99 ms | errors | empty replies |")
    assert lines[header + 1].count("---") == 8


# --------------------------------------------------------------------------- memory
def test_tree_rss_counts_the_children():
    alone = bc.tree_rss_mb(os.getpid())
    assert alone > 10  # a Python with pytest loaded
    child = subprocess.Popen([sys.executable, "-c",
                              "x = bytearray(80 * 1024 * 1024); import sys, time; "
                              "print('ready', flush=True); time.sleep(60)"],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        assert bc.tree_rss_mb(child.pid) > 70
        assert bc.tree_rss_mb(os.getpid()) - alone > 70
    finally:
        child.kill()
        child.wait()
    assert bc.tree_rss_mb(child.pid) == 0  # gone: nothing to count


# --------------------------------------------------------------------------- stock bot reuse
def test_stock_bot_is_reused_with_its_saved_training_time(tmp_path, monkeypatch):
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "20260101-000000.tar.gz").write_bytes(b"x")
    (tmp_path / bc.TRAIN_RECORD).write_text(json.dumps({"seconds": 123.4, "how": "rasa init",
                                                         "date": "2026-12-07T10:00:00"}))
    monkeypatch.setattr(bc, "_timed", lambda *a, **k: pytest.fail("must not train"))
    info = bc.ensure_stock_bot(tmp_path)
    assert info["reused"] is True
    assert info["seconds"] == 123.4
    assert info["model"].endswith("20260101-000000.tar.gz")
    assert "2026-12-07T10:00:00" in info["how"]


def test_newest_stock_model_is_used(tmp_path, monkeypatch):
    (tmp_path / "models").mkdir()
    old, new = tmp_path / "models" / "b-old.tar.gz", tmp_path / "models" / "a-new.tar.gz"
    old.write_bytes(b"x")
    new.write_bytes(b"x")
    os.utime(old, (time.time() - 100, time.time() - 100))
    assert bc.ensure_stock_bot(tmp_path)["model"] == str(new)


@pytest.mark.parametrize("record", [None, "not json", json.dumps({"how": "no seconds"})])
def test_stock_bot_reused_without_a_figure_is_not_timed(tmp_path, record):
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "m.tar.gz").write_bytes(b"x")
    if record is not None:
        (tmp_path / bc.TRAIN_RECORD).write_text(record)
    info = bc.ensure_stock_bot(tmp_path)
    assert info["seconds"] is None and info["how"] == bc.NOT_TIMED


def test_our_training_time_is_not_invented():
    assert bc.our_training(Namespace(train_ours=False, our_train_seconds=None))["seconds"] is None
    given = bc.our_training(Namespace(train_ours=False, our_train_seconds=265.1))
    assert given["seconds"] == 265.1 and "given" in given["how"]


def test_retraining_the_stock_bot_times_rasa_train_in_its_project(tmp_path, monkeypatch):
    calls = []

    def fake_timed(cmd, cwd, env, log):
        calls.append((cmd, cwd, env))
        return 81.5

    monkeypatch.setattr(bc, "_timed", fake_timed)
    timed = bc.retrain_stock(tmp_path)
    assert timed["seconds"] == 81.5 and "this run" in timed["how"]
    (cmd, cwd, env), = calls
    assert cmd[1:3] == ["train", "--force"] and cwd == tmp_path
    assert "PYTHONPATH" not in env and env["RASA_CACHE_DIRECTORY"]  # stock, empty cache


def test_stock_environment_leaves_out_this_project(monkeypatch):
    monkeypatch.setenv("PYTHONPATH", "/somewhere")
    env = bc.stock_env()
    assert "PYTHONPATH" not in env  # no sitecustomize of ours in the stock bot
    assert env["SANIC_WORKERS"] == "1" and env["RASA_TELEMETRY_ENABLED"] == "false"


# --------------------------------------------------------------------------- load driver
class _Bot(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        answers = {"hello": (200, [{"text": "hi"}]), "a few seconds": (500, {"error": "boom"})}
        status, payload = answers.get(body["message"], (200, []))
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_bot():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Bot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Namespace(rasa_url=f"http://127.0.0.1:{server.server_address[1]}")
    server.shutdown()
    server.server_close()


def test_run_load_counts_empty_replies_apart_from_errors(fake_bot):
    # per 6-turn conversation: "hello" answered, "a few seconds" a 500, four empty lists
    result = run_load(fake_bot, users=1, seconds=0.5, empty_is_error=False)
    assert result["messages"] > 12
    assert result["errors"] > 0 and set(result["error_kinds"]) == {"HTTP 500"}
    assert result["empty"] > 0
    total = result["messages"] + result["errors"]
    assert result["errors"] == pytest.approx(total / 6, abs=1)
    assert result["empty"] == pytest.approx(total * 4 / 6, abs=4)
    assert result["p50_ms"] <= result["p95_ms"] <= result["p99_ms"]


def test_run_load_by_default_an_empty_reply_is_an_error(fake_bot):
    result = run_load(fake_bot, users=2, seconds=0.5)
    assert result["empty"] == 0
    assert set(result["error_kinds"]) == {"HTTP 500", "empty answer"}
    total = result["messages"] + result["errors"]
    assert result["messages"] == pytest.approx(total / 6, abs=2)  # only "hello" counts
