"""`make purge DAYS=N` deletes conversations idle longer than N days, in SQLite and in
PostgreSQL, and nothing else."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from production.tracker_store import ForgettingSQLTrackerStore
from scripts.purge import purge
from scripts.stack import ROOT

DAY = 86400


def _fill(url: str) -> None:
    store = ForgettingSQLTrackerStore(url=url)  # creates the schema like Rasa does
    now = time.time()
    rows = {"old": [now - 40 * DAY, now - 39 * DAY], "recent": [now - 1 * DAY],
            "old-but-back": [now - 60 * DAY, now - 2 * DAY]}
    with store.session_scope() as session:
        for sender, stamps in rows.items():
            for stamp in stamps:
                session.add(store.SQLEvent(sender_id=sender, type_name="user", timestamp=stamp,
                                           data="{}"))
        session.commit()
    store.engine.dispose()


def _senders(url: str):
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        found = sorted(r[0] for r in conn.execute(sa.text("SELECT DISTINCT sender_id FROM events")))
    engine.dispose()
    return found


def _run_purge(url: str, *args: str):
    env = dict(os.environ, TRACKER_STORE_URL=url, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "purge.py"), *args],
                          env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'conversations.db'}"
    postgres = request.getfixturevalue("postgres")
    postgres.query("DROP TABLE IF EXISTS events")
    return postgres.url


def test_purge_deletes_only_conversations_idle_longer_than_the_limit(store_url):
    _fill(store_url)
    dry = _run_purge(store_url, "--days", "30", "--dry-run")
    assert dry.returncode == 0 and "Would delete 1 conversation(s), 2 event(s)" in dry.stdout
    assert _senders(store_url) == ["old", "old-but-back", "recent"]
    result = _run_purge(store_url, "--days", "30")
    assert result.returncode == 0, result.stderr
    assert "Deleted 1 conversation(s), 2 event(s)" in result.stdout
    assert "old" not in result.stdout.replace("old for", "")  # no sender ids printed
    assert _senders(store_url) == ["old-but-back", "recent"]
    assert purge(store_url, 30) == (0, 0)  # nothing left to do


def test_make_purge_target(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    _fill(url)
    result = subprocess.run(["make", "--no-print-directory", "purge", "DAYS=0.5"], cwd=ROOT,
                            env=dict(os.environ, TRACKER_STORE_URL=url), capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _senders(url) == []


def test_purge_unreachable_store_says_so():
    result = _run_purge("postgresql://u:secretpw@127.0.0.1:1/d", "--days", "30")
    assert result.returncode == 2 and "Could not purge" in result.stderr
    assert "secretpw" not in result.stderr
