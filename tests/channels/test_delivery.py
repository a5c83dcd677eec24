"""Replies are retried with backoff when the platform answers 429 or 5xx, then logged
as undelivered (channels/delivery.py), against the local stand-in."""
from __future__ import annotations

import logging
import time

import aiohttp
import pytest

from channels.delivery import RetryPolicy, post, retry_delay
from tests.channels.standin import StandIn

FAST = RetryPolicy(attempts=4, base_delay=0.01, max_delay=2.0, timeout=5)


@pytest.fixture(scope="module")
def standin():
    server = StandIn().start()
    yield server
    server.stop()


def test_retry_delay_honours_retry_after_and_caps_it():
    policy = RetryPolicy(base_delay=0.5, max_delay=10)
    assert retry_delay(1, None, policy) == 0.5
    assert retry_delay(3, None, policy) == 2.0
    assert retry_delay(10, None, policy) == 10  # capped
    assert retry_delay(1, "3", policy) == 3.0
    assert retry_delay(1, "120", policy) == 10  # capped
    assert retry_delay(1, "Wed, 21 Oct 2015 07:28:00 GMT", policy, now=1445412475.0) == 5.0
    assert retry_delay(2, "soon", policy) == 1.0  # unreadable: backoff


def test_retry_policy_from_env():
    policy = RetryPolicy.from_env({"CHANNEL_RETRY_ATTEMPTS": "2", "CHANNEL_RETRY_BASE_DELAY": "0.1",
                                   "CHANNEL_RETRY_MAX_DELAY": "x"})
    assert (policy.attempts, policy.base_delay, policy.max_delay) == (2, 0.1, 30.0)


async def _send(standin, platform="facebook", policy=FAST):
    async with aiohttp.ClientSession() as session:
        return await post(session, f"{standin.url}/facebook/v18.0/me/messages", platform=platform,
                          recipient="facebook:1", policy=policy,
                          json={"recipient": {"id": "delivery-test"}, "message": {"text": "secret words"}})


def _attempts(standin):
    return [r for r in standin.of("facebook") if r.body["recipient"]["id"] == "delivery-test"]


async def test_a_429_then_success_is_delivered_once_after_retrying(standin, caplog):
    standin.requests.clear()
    standin.fail("facebook", 429, times=2, retry_after="0")
    assert await _send(standin)
    assert [r.status for r in _attempts(standin)] == [429, 429, 200]
    standin.heal()


async def test_retry_after_is_waited(standin):
    standin.requests.clear()
    standin.fail("facebook", 503, times=1, retry_after="1")
    assert await _send(standin)
    first, second = _attempts(standin)
    assert second.at - first.at >= 0.95
    standin.heal()


async def test_giving_up_after_the_attempts_logs_undelivered_without_the_text(standin, caplog):
    standin.requests.clear()
    standin.fail("facebook", 500)
    with caplog.at_level(logging.INFO, logger="channels.delivery"):
        started = time.monotonic()
        assert not await _send(standin)
    assert len(_attempts(standin)) == 4
    assert time.monotonic() - started < 2  # small configured delays
    assert "undelivered after 4 attempts" in caplog.text
    assert "secret words" not in caplog.text
    standin.heal()


async def test_a_400_is_not_retried(standin, caplog):
    standin.requests.clear()
    standin.fail("facebook", 400, times=1)
    assert not await _send(standin)
    assert len(_attempts(standin)) == 1
    standin.heal()


async def test_no_answer_at_all_is_retried_then_given_up():
    async with aiohttp.ClientSession() as session:
        from scripts.stack import free_port
        ok = await post(session, f"http://127.0.0.1:{free_port()}/x", platform="slack", recipient="r",
                        policy=RetryPolicy(attempts=2, base_delay=0.01, timeout=1), json={})
    assert ok is False
