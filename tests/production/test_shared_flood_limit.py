"""The flood limit with a Redis lock store: one allowance per sender for all workers
(production/limits.py), against a real Redis; and never an error when Redis is down."""
from __future__ import annotations

import redis

from production.limits import RedisTokenBuckets, TokenBuckets, buckets_from_env
from scripts.stack import free_port


def test_two_workers_share_one_allowance_per_sender(redis_server):
    redis.Redis.from_url(redis_server.url).flushdb()
    worker_1 = RedisTokenBuckets(redis_server.url, per_minute=60, burst=3)
    worker_2 = RedisTokenBuckets(redis_server.url, per_minute=60, burst=3)
    # the burst of 3 is spent across both workers, not 3 on each
    assert [worker_1.take("s:/webhooks/rest/webhook:ann", now=100.0),
            worker_2.take("s:/webhooks/rest/webhook:ann", now=100.0),
            worker_1.take("s:/webhooks/rest/webhook:ann", now=100.0)] == [0, 0, 0]
    assert worker_2.take("s:/webhooks/rest/webhook:ann", now=100.0) > 0
    assert worker_1.take("s:/webhooks/rest/webhook:bob", now=100.0) == 0  # others unaffected
    assert worker_2.take("s:/webhooks/rest/webhook:ann", now=101.01) == 0  # a token a second
    # the sender id is not stored as such
    keys = [k.decode() for k in redis.Redis.from_url(redis_server.url).keys("twitch:rate:*")]
    assert len(keys) == 2 and not any("ann" in k or "bob" in k for k in keys)


def test_redis_down_falls_back_to_the_workers_own_buckets():
    buckets = RedisTokenBuckets(f"redis://127.0.0.1:{free_port()}/0", per_minute=60, burst=2)
    assert [buckets.take("s:x"), buckets.take("s:x")] == [0, 0]  # no exception, no 500
    assert buckets.take("s:x") > 0  # and still limited


def test_the_lock_store_url_decides_where_buckets_live(monkeypatch, redis_server):
    monkeypatch.delenv("LOCK_STORE_URL", raising=False)
    assert isinstance(buckets_from_env(30, 10), TokenBuckets)
    monkeypatch.setenv("LOCK_STORE_URL", redis_server.url)
    assert isinstance(buckets_from_env(30, 10), RedisTokenBuckets)
