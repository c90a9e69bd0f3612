"""Fixed-window rate limits counted in Redis.

A window allows ``limit`` hits; the counter is created with the window's expiry and incremented
in one MULTI/EXEC transaction, so concurrent requests on any number of replicas count exactly.
A fixed window may let up to twice the limit through around a window boundary, which is fine
for slowing down guessing and floods.

When Redis cannot be reached the limiter fails OPEN: the request is allowed and a warning is
logged. Rate limits protect capacity; refusing every login and mutation because the cache is down
would turn a Redis outage into a full outage, which DESIGN.md rules out ("Redis down: the API
keeps serving and writing").
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    """At most ``hits`` requests per ``window_seconds``."""

    hits: int
    window_seconds: int


@dataclass(frozen=True)
class RateDecision:
    """The answer for one hit. When Redis is down: allowed, ``remaining`` is the full limit."""

    allowed: bool
    retry_after_seconds: int
    remaining: int


class RateLimiter:
    """Counts hits per key in Redis, under ``prefix``. A hit never waits longer than
    ``timeout_seconds`` for Redis, whatever the client's own timeouts and retries."""

    def __init__(
        self, redis: Redis, *, prefix: str = "ratelimit:", timeout_seconds: float = 0.5
    ) -> None:
        self._redis = redis
        self._prefix = prefix
        self._timeout = timeout_seconds

    async def hit(self, key: str, limit: int, window_seconds: int) -> RateDecision:
        """Count one hit on ``key`` and say whether it is within ``limit`` per window."""
        if limit < 1 or window_seconds < 1:
            raise ValueError("limit and window_seconds must be positive")
        name = self._prefix + key
        try:
            async with (
                asyncio.timeout(self._timeout),
                self._redis.pipeline(transaction=True) as pipe,
            ):
                # SET NX starts the window with its expiry; INCR keeps that expiry.
                pipe.set(name, 0, ex=window_seconds, nx=True)
                pipe.incr(name)
                pipe.ttl(name)
                _, count, ttl = await pipe.execute()
        except (RedisError, OSError) as error:
            log.warning("Rate limiter cannot reach Redis (%s); allowing %s", self._why(error), key)
            return RateDecision(allowed=True, retry_after_seconds=0, remaining=limit)
        count = int(count)
        retry_after = int(ttl) if int(ttl) > 0 else window_seconds
        if count > limit:
            return RateDecision(allowed=False, retry_after_seconds=retry_after, remaining=0)
        return RateDecision(allowed=True, retry_after_seconds=0, remaining=limit - count)

    async def forget(self, key: str) -> None:
        """Start ``key``'s count afresh (a login that succeeded was no guess). Best effort: with
        Redis down nothing was counted either."""
        try:
            async with asyncio.timeout(self._timeout):
                await self._redis.delete(self._prefix + key)
        except (RedisError, OSError) as error:
            log.warning("Rate limiter cannot reach Redis (%s); %s not reset", self._why(error), key)

    def _why(self, error: BaseException) -> str:
        """What went wrong, in words: a timeout's own text is empty."""
        if isinstance(error, TimeoutError) and not str(error):
            return f"no answer within {self._timeout:g} s"
        return f"{type(error).__name__}: {error}"
