"""The environment contract (scripts/runtime_config.py) and the refusals an operator
sees, without starting Rasa."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from production.limits import TokenBuckets
from scripts.runtime_config import SQLITE_DB, ConfigError, RuntimeConfig
from scripts.stack import ROOT, free_port
from scripts.supervisor import Supervisor


def test_no_variables_is_embedded_sqlite_one_worker_api_on():
    config = RuntimeConfig.from_env({})
    assert config.tracker_store == "sqlite" and config.tracker_store_url == f"sqlite:///{SQLITE_DB}"
    assert config.workers == 1 and config.lock_store_url is None
    assert config.api_enabled and config.rasa_api_args() == ["--enable-api"]
    assert config.action_token_generated and len(config.action_token) >= 32
    endpoints = config.endpoints_yaml()
    assert "ForgettingSQLTrackerStore" in endpoints and "lock_store" not in endpoints
    assert config.process_env("http://x/webhook")["SANIC_WORKERS"] == "1"


def test_postgres_redis_and_workers():
    config = RuntimeConfig.from_env({
        "TRACKER_STORE_URL": "postgresql://rasa:s3cret@db:5432/twitch",
        "LOCK_STORE_URL": "redis://redis:6379/1", "RASA_WORKERS": "3",
        "RASA_API_TOKEN": "tok"})
    assert config.tracker_store == "postgresql" and config.workers == 3
    assert config.rasa_api_args() == ["--enable-api", "--auth-token", "tok"]
    env = config.process_env("http://actions:5055/webhook")
    assert env["SANIC_WORKERS"] == "3" and env["LOCK_STORE_URL"] == "redis://redis:6379/1"
    summary = "\n".join(config.summary())
    assert "PostgreSQL" in summary and "Redis" in summary and "Workers:      3" in summary
    assert "s3cret" not in summary  # passwords never printed


def test_workers_without_redis_are_refused_with_a_reason():
    with pytest.raises(ConfigError, match="LOCK_STORE_URL"):
        RuntimeConfig.from_env({"RASA_WORKERS": "2", "TRACKER_STORE_URL": "postgresql://u:p@h:5432/d"})


@pytest.mark.parametrize("env, words", [
    ({"RASA_WORKERS": "two"}, "whole number"),
    ({"RASA_WORKERS": "0"}, "at least 1"),
    ({"TRACKER_STORE_URL": "mysql://u:p@h/d"}, "postgresql://"),
    ({"TRACKER_STORE_URL": "postgresql://u:p@h:5432"}, "database"),
    ({"LOCK_STORE_URL": "http://redis:6379"}, "redis://"),
    ({"RASA_ENV": "staging"}, "RASA_ENV"),
    ({"RASA_ENV": "production"}, "ACTION_SERVER_TOKEN"),
    ({"RASA_WORKERS": "2", "LOCK_STORE_URL": "redis://r:6379/1"}, "PostgreSQL"),
])
def test_bad_configuration_is_refused(env, words):
    with pytest.raises(ConfigError, match=words):
        RuntimeConfig.from_env(env)


def test_production_without_api_token_turns_the_http_api_off():
    config = RuntimeConfig.from_env({"RASA_ENV": "production", "ACTION_SERVER_TOKEN": "a" * 40})
    assert not config.api_enabled and config.rasa_api_args() == []
    with_token = RuntimeConfig.from_env({"RASA_ENV": "production", "ACTION_SERVER_TOKEN": "a" * 40,
                                         "RASA_API_TOKEN": "t"})
    assert with_token.rasa_api_args() == ["--enable-api", "--auth-token", "t"]


def _run_stack(env_extra):
    env = dict(os.environ, PYTHONPATH=str(ROOT), **env_extra)
    for name in ("TRACKER_STORE_URL", "LOCK_STORE_URL", "RASA_WORKERS"):
        if name not in env_extra:
            env.pop(name, None)
    started = time.monotonic()
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "stack.py"), "run",
                             "--rasa-port", str(free_port()), "--action-port", str(free_port()),
                             "--web-port", str(free_port())],
                            env=env, capture_output=True, text=True, timeout=120)
    return result, time.monotonic() - started


def test_stack_refuses_two_workers_without_redis():
    result, _ = _run_stack({"RASA_WORKERS": "2"})
    assert result.returncode == 2
    assert "RASA_WORKERS=2 needs a Redis lock store" in result.stderr


def test_stack_fails_fast_when_postgres_cannot_be_reached():
    port = free_port()  # nothing listens there
    result, seconds = _run_stack({"TRACKER_STORE_URL": f"postgresql://u:pw@127.0.0.1:{port}/d"})
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Cannot reach PostgreSQL" in result.stderr and "pw" not in result.stderr.replace("postgresql", "")
    assert seconds < 60


def test_stack_fails_fast_when_redis_cannot_be_reached(postgres):
    port = free_port()
    result, _ = _run_stack({"TRACKER_STORE_URL": postgres.url,
                            "LOCK_STORE_URL": f"redis://127.0.0.1:{port}/1", "RASA_WORKERS": "2"})
    assert result.returncode == 2 and "Cannot reach Redis" in result.stderr


def test_token_bucket_limits_one_sender_not_another():
    buckets = TokenBuckets(per_minute=60, burst=3)
    assert [buckets.take("a", now=0.0) for _ in range(3)] == [0, 0, 0]
    assert buckets.take("a", now=0.0) > 0  # fourth at once: wait
    assert buckets.take("b", now=0.0) == 0  # another sender is not affected
    assert buckets.take("a", now=1.01) == 0  # one token per second comes back


class _FakeStack:
    def __init__(self):
        self._procs = {"actions": object()}
        self.up = False
        self.restarted = 0

    def alive(self, name):
        return self.up

    def restart(self, name, wait=False):
        self.restarted += 1
        self.up = False  # crashes again at once


def test_supervisor_backs_off_then_gives_up():
    stack = _FakeStack()
    supervisor = Supervisor(stack, base_delay=1, max_delay=8, max_crashes=4, window=1000,
                            log=lambda _: None)
    now, delays = 0.0, []
    while supervisor.check(now) is None:
        if "actions" in supervisor._due:
            delays.append(supervisor._due["actions"] - now)
            now = supervisor._due["actions"]
            supervisor.check(now)  # restart happens when due
        now += 0.01
    assert [round(d, 6) for d in delays] == [1, 2, 4]
    assert stack.restarted == 3 and "crashed 4 times" in supervisor.gave_up


def test_flood_limit_is_on_in_production_and_off_in_development(monkeypatch):
    monkeypatch.delenv("RATE_LIMIT_PER_MINUTE", raising=False)
    dev = RuntimeConfig.from_env({}).process_env("http://a/webhook")
    prod = RuntimeConfig.from_env({"RASA_ENV": "production", "ACTION_SERVER_TOKEN": "x" * 40}
                                  ).process_env("http://a/webhook")
    assert dev["RATE_LIMIT_PER_MINUTE"] == "0"
    assert "RATE_LIMIT_PER_MINUTE" not in prod  # production/limits.py's default: 30/min
