"""Live views (GraphQL subscriptions) over one Redis pub/sub connection per process.

Each live view used to hold a pub/sub connection of its own. Redis's client takes at most 100
connections from its pool, so one anonymous websocket with 100 ``matchEvents`` subscriptions
took them all, and every other use of Redis in the process (sessions, rate limits, the job
queue, readiness) failed until it closed. The hub keeps a single pub/sub connection: its reader
task subscribes to the patterns its listeners want (each once, however many listen), and hands
every message to the queues of the listeners of its pattern. A listener that falls behind loses
its oldest messages rather than holding memory without bound; while Redis is unreachable the
reader retries every ``retry_seconds`` and the listeners simply hear nothing.

A websocket connection may hold at most ``MAX_LIVE_VIEWS_PER_CONNECTION`` live views at once
(``LiveViews``), so one connection cannot fill the server with listeners either.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError

from ecosystem.tasks import cancel_and_wait

log = logging.getLogger(__name__)

# How long the reader waits for a message before it looks for new or departed listeners.
POLL_SECONDS = 0.1
RETRY_SECONDS = 2.0
# Messages kept for a listener that has not read them yet; older ones give way.
QUEUE_SIZE = 256
MAX_LIVE_VIEWS_PER_CONNECTION = 16


class LiveHub:
    """Fans messages of Redis channel patterns out to any number of listeners."""

    def __init__(self, redis: Redis, *, retry_seconds: float = RETRY_SECONDS) -> None:
        self._redis = redis
        self._retry_seconds = retry_seconds
        self._listeners: dict[str, set[asyncio.Queue[str]]] = {}
        self._reader: asyncio.Task[None] | None = None
        self._wanted = asyncio.Event()

    @contextlib.asynccontextmanager
    async def listen(self, pattern: str) -> AsyncIterator[asyncio.Queue[str]]:
        """A queue of the messages published to channels matching ``pattern`` (a Redis glob;
        a channel name without ``*?[`` matches itself alone), for as long as the block lasts."""
        queue: asyncio.Queue[str] = asyncio.Queue(QUEUE_SIZE)
        self._listeners.setdefault(pattern, set()).add(queue)
        if self._reader is None or self._reader.done():
            self._reader = asyncio.create_task(self._read(), name="live views")
        self._wanted.set()
        try:
            yield queue
        finally:
            listeners = self._listeners.get(pattern)
            if listeners is not None:
                listeners.discard(queue)
                if not listeners:
                    del self._listeners[pattern]

    async def close(self) -> None:
        """Stop the reader and let go of its connection."""
        if self._reader is not None:
            await cancel_and_wait(self._reader)
            self._reader = None

    async def _read(self) -> None:
        pubsub: PubSub | None = None
        subscribed: set[str] = set()
        try:
            while True:
                wanted = set(self._listeners)
                if not wanted:
                    if pubsub is not None:
                        await _close(pubsub)
                        pubsub, subscribed = None, set()
                    self._wanted.clear()
                    await self._wanted.wait()
                    continue
                try:
                    if pubsub is None:
                        pubsub, subscribed = self._redis.pubsub(), set()
                    if wanted - subscribed:
                        await pubsub.psubscribe(*sorted(wanted - subscribed))
                    if subscribed - wanted:
                        await pubsub.punsubscribe(*sorted(subscribed - wanted))
                    subscribed = wanted
                    message = await pubsub.get_message(
                        ignore_subscribe_messages=True, timeout=POLL_SECONDS
                    )
                except (RedisError, OSError, RuntimeError) as error:
                    log.warning(
                        "Live views cannot listen to Redis (%s); trying again in %.0f s",
                        error,
                        self._retry_seconds,
                    )
                    if pubsub is not None:
                        await _close(pubsub)
                        pubsub, subscribed = None, set()
                    await asyncio.sleep(self._retry_seconds)
                    continue
                if message is not None and message.get("type") == "pmessage":
                    self._deliver(str(message["pattern"]), str(message["data"]))
        finally:
            if pubsub is not None:
                await _close(pubsub)

    def _deliver(self, pattern: str, data: str) -> None:
        for queue in tuple(self._listeners.get(pattern, ())):
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(data)


class TooManyLiveViews(Exception):
    """A connection asked for more live views than it may hold at once."""


class LiveViews:
    """The live views one connection holds; at most ``limit`` at once."""

    def __init__(self, hub: LiveHub, limit: int = MAX_LIVE_VIEWS_PER_CONNECTION) -> None:
        self.hub = hub
        self.limit = limit
        self.open = 0

    @contextlib.asynccontextmanager
    async def listen(self, pattern: str) -> AsyncIterator[asyncio.Queue[str]]:
        """The hub's queue for ``pattern``; raises TooManyLiveViews past the limit."""
        if self.open >= self.limit:
            raise TooManyLiveViews(
                f"A connection may follow at most {self.limit} live views at once; "
                "end one before starting another."
            )
        self.open += 1
        try:
            async with self.hub.listen(pattern) as queue:
                yield queue
        finally:
            self.open -= 1


async def _close(pubsub: PubSub) -> None:
    with contextlib.suppress(RedisError, OSError, RuntimeError):
        await pubsub.aclose()
