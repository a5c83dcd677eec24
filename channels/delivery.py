"""Posting a reply to a platform: retried with backoff when the platform is busy or down.

A 429 or 5xx answer (or no answer) is retried up to CHANNEL_RETRY_ATTEMPTS times in all
(default 4), waiting Retry-After when the platform says how long (capped at
CHANNEL_RETRY_MAX_DELAY, default 30 s), otherwise CHANNEL_RETRY_BASE_DELAY (default 1 s)
doubled each time. Then the reply is logged as undelivered. Any other 4xx is not
retried (it would fail the same way). The conversation itself is already in the
tracker store by then, so nothing is lost but the delivery.

Logs name the platform, the recipient and the status, never the text.
"""
from __future__ import annotations

import asyncio
import email.utils
import logging
import os
import time
from dataclasses import dataclass
from typing import Any, Callable, Dict, Mapping, Optional

import aiohttp

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    base_delay: float = 1.0
    max_delay: float = 30.0
    timeout: float = 10.0

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "RetryPolicy":
        env = os.environ if env is None else env

        def number(name: str, default: float) -> float:
            try:
                return max(0.0, float(env.get(name, default)))
            except ValueError:
                return default

        return cls(attempts=max(1, int(number("CHANNEL_RETRY_ATTEMPTS", cls.attempts))),
                   base_delay=number("CHANNEL_RETRY_BASE_DELAY", cls.base_delay),
                   max_delay=number("CHANNEL_RETRY_MAX_DELAY", cls.max_delay),
                   timeout=number("CHANNEL_SEND_TIMEOUT", cls.timeout) or cls.timeout)


def retry_delay(attempt: int, retry_after: Optional[str], policy: RetryPolicy,
                now: Optional[float] = None) -> float:
    """Seconds to wait before attempt ``attempt + 1``: Retry-After (seconds or an HTTP
    date) when given, else exponential backoff; never more than ``policy.max_delay``."""
    if retry_after:
        value = retry_after.strip()
        try:
            return min(max(0.0, float(value)), policy.max_delay)
        except ValueError:
            try:
                parsed = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                parsed = None  # unreadable: fall back to the backoff
            if parsed is not None:
                seconds = parsed.timestamp() - (time.time() if now is None else now)
                return min(max(0.0, seconds), policy.max_delay)
    return min(policy.base_delay * 2 ** (attempt - 1), policy.max_delay)


def retryable(status: Optional[int]) -> bool:
    return status is None or status == 429 or status >= 500


async def post(session: aiohttp.ClientSession, url: str, *, platform: str, recipient: str,
               policy: RetryPolicy, json: Any = None, data: Any = None,
               headers: Optional[Dict[str, str]] = None, auth: Optional[aiohttp.BasicAuth] = None,
               accept: Optional[Callable[[int, Any], bool]] = None) -> bool:
    """POST until the platform accepts it; True if delivered. ``accept(status, body)``
    decides whether a 2xx answer means success (Slack answers 200 with ``ok: false``)."""
    status: Optional[int] = None
    for attempt in range(1, policy.attempts + 1):
        retry_after = None
        try:
            async with session.post(url, json=json, data=data, headers=headers, auth=auth,
                                    timeout=aiohttp.ClientTimeout(total=policy.timeout)) as response:
                status = response.status
                retry_after = response.headers.get("Retry-After")
                body = await response.json(content_type=None) if 200 <= status < 300 else None
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            status, body = None, None
            logger.info("%s: sending to %s failed (%s)", platform, recipient, type(error).__name__)
        if status is not None and 200 <= status < 300:
            if accept is None or accept(status, body):
                return True
            logger.error("%s: reply to %s refused by the platform (%s); not retried",
                         platform, recipient, (body or {}).get("error", "no reason given")
                         if isinstance(body, dict) else "unreadable answer")
            return False
        if not retryable(status):
            logger.error("%s: reply to %s undelivered: HTTP %s, not retried", platform, recipient, status)
            return False
        if attempt < policy.attempts:
            delay = retry_delay(attempt, retry_after, policy)
            logger.info("%s: platform answered %s for %s; retry %d in %.2fs",
                        platform, status or "nothing", recipient, attempt, delay)
            await asyncio.sleep(delay)
    logger.error("%s: reply to %s undelivered after %d attempts (last: %s)",
                 platform, recipient, policy.attempts, status or "no answer")
    return False
