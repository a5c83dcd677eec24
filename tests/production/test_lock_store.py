"""The Redis lock (production/lock_store.py) really excludes: three processes, 30
concurrent read-increment-write sections each on one conversation, no update lost.
Rasa 3.6's own RedisLockStore loses tickets under this (see the module)."""
from __future__ import annotations

import asyncio
import multiprocessing

import redis


def _worker(url: str, n: int) -> None:
    from production.lock_store import RedisUrlLockStore

    store = RedisUrlLockStore(host=url)

    async def one() -> None:
        async with store.lock("one-conversation"):
            value = int(store.red.get("counter") or 0)
            await asyncio.sleep(0.002)
            store.red.set("counter", value + 1)

    async def main() -> None:
        await asyncio.gather(*[one() for _ in range(n)])

    asyncio.run(main())


def test_lock_serialises_across_processes(redis_server):
    client = redis.Redis.from_url(redis_server.url)
    client.delete("counter")
    procs = [multiprocessing.get_context("spawn").Process(target=_worker, args=(redis_server.url, 30))
             for _ in range(3)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=120)
        assert proc.exitcode == 0
    assert int(client.get("counter")) == 90
    assert not client.keys("*mutex*"), "a lock was left behind"


def test_lock_store_url_is_parsed():
    from production.lock_store import RedisUrlLockStore

    store = RedisUrlLockStore(host="redis://:pw@10.1.2.3:6390/4")
    kwargs = store.red.connection_pool.connection_kwargs
    assert (kwargs["host"], kwargs["port"], kwargs["db"], kwargs["password"]) == ("10.1.2.3", 6390, 4, "pw")
