"""The shared store: a delivery is claimed once, across worker processes (SQLite for
real; Redis when redis-server is installed)."""
from __future__ import annotations

import multiprocessing
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from channels import store
from scripts.stack import free_port


def _claim_many(path: str, keys: list, queue) -> None:
    s = store.SQLiteStore(Path(path))
    queue.put([k for k in keys if s.claim(k)])


def test_sqlite_claims_once_across_processes(tmp_path):
    path = str(tmp_path / "channels.db")
    keys = [f"telegram:{i}" for i in range(300)]
    queue = multiprocessing.get_context("spawn").Queue()
    procs = [multiprocessing.get_context("spawn").Process(target=_claim_many, args=(path, keys, queue))
             for _ in range(4)]
    for p in procs:
        p.start()
    won = [k for _ in procs for k in queue.get(timeout=60)]
    for p in procs:
        p.join(30)
    assert sorted(won) == sorted(keys)  # every key claimed exactly once among 4 processes


def test_sqlite_uses_wal_and_claims_expire(tmp_path):
    s = store.SQLiteStore(tmp_path / "c.db")
    assert s._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert s.claim("k", ttl=1) and not s.claim("k", ttl=1)
    time.sleep(1.1)
    assert s.claim("k")  # an expired claim can be taken again (exactly once)
    assert not s.claim("k")
    s.release("k")
    assert s.claim("k")


def test_sqlite_notes(tmp_path):
    s = store.SQLiteStore(tmp_path / "c.db")
    assert s.get("details:x") is None
    s.put("details:x", "full text \u2764")
    assert s.get("details:x") == "full text \u2764"
    s.put("details:x", "newer", ttl=0)
    time.sleep(0.01)
    assert s.get("details:x") is None


def test_from_env_picks_sqlite_by_default_and_redis_for_a_redis_url(tmp_path):
    assert isinstance(store.from_env({"CHANNEL_STORE_PATH": str(tmp_path / "x.db")}), store.SQLiteStore)
    assert isinstance(store.from_env({"LOCK_STORE_URL": "redis://127.0.0.1:1/0"}), store.RedisStore)
    assert store.DEFAULT_PATH.parts[-2:] == ("build", "channels.db")


@pytest.fixture(scope="module")
def redis_url():
    binary = shutil.which("redis-server")
    if not binary:
        pytest.skip("redis-server is not installed (apt-get install redis-server); SQLite path tested above")
    port = free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/3"
    proc.terminate()
    proc.wait(10)


def _claim_many_redis(url: str, keys: list, queue) -> None:
    s = store.RedisStore(url)
    queue.put([k for k in keys if s.claim(k)])


def test_redis_claims_once_across_processes_and_keeps_notes(redis_url):
    keys = [f"twilio:SM{i}" for i in range(300)]
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_claim_many_redis, args=(redis_url, keys, queue)) for _ in range(4)]
    for p in procs:
        p.start()
    won = [k for _ in procs for k in queue.get(timeout=60)]
    for p in procs:
        p.join(30)
    assert sorted(won) == sorted(keys)
    s = store.from_env({"LOCK_STORE_URL": redis_url})
    s.put("buttons:sms:+1", "[1]")
    assert s.get("buttons:sms:+1") == "[1]" and s.get("nothing") is None
    assert s.claim("once", ttl=1) and not s.claim("once")
    time.sleep(1.2)
    assert s.claim("once")
