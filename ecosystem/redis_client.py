"""The Redis client: a real server from REDIS_URL, or fakeredis in process."""

from __future__ import annotations

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import ConstantBackoff

from ecosystem.settings import Settings


def create_redis(settings: Settings) -> Redis:
    """A client that fails fast: short timeouts and a small retry budget.

    The retry is the asyncio client's own (`redis.asyncio.retry.Retry`): the synchronous one
    calls the command without awaiting it, so its retries never happen."""
    if settings.redis_url is None:
        import fakeredis

        return fakeredis.FakeAsyncRedis(decode_responses=True)
    return Redis.from_url(
        settings.redis_url,
        decode_responses=True,
        socket_timeout=settings.redis_timeout_seconds,
        socket_connect_timeout=settings.redis_timeout_seconds,
        retry=Retry(ConstantBackoff(0.01), settings.redis_retries),
        retry_on_timeout=False,
        health_check_interval=30,
    )
