"""Reading the event stream in a consumer group: acknowledged, and de-duplicated by event id.

Redis keeps every message a consumer has read but not acknowledged in the group's pending list,
so an event is never lost to a consumer that dies while handling it: the same consumer reads
its own pending messages again when it comes back, and other consumers claim messages left
pending for longer than ``claim_idle_ms``.

Delivery is at least once; the relay may also put an event on the stream twice. So each event
id handled is remembered (a key with a time to live, per group) and a second copy is only
acknowledged. A handler that must apply an event exactly once even across a crash between its
own work and that mark should also record the event id in its own transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import ResponseError

from ecosystem.events.envelope import STREAM_FIELD_BODY, Event
from ecosystem.events.relay import DEFAULT_STREAM

log = logging.getLogger(__name__)

Handler = Callable[[Event], Awaitable[None]]
SEEN_TTL_SECONDS = 7 * 24 * 3600


@dataclass
class ConsumeResult:
    """What one call of :meth:`EventConsumer.consume` did."""

    handled: int = 0
    duplicates: int = 0


class EventConsumer:
    """One consumer of a group on the event stream."""

    def __init__(
        self,
        redis: Redis,
        *,
        group: str,
        consumer: str,
        stream: str = DEFAULT_STREAM,
        claim_idle_ms: int = 60_000,
        seen_ttl_seconds: int = SEEN_TTL_SECONDS,
    ) -> None:
        self.redis = redis
        self.group = group
        self.consumer = consumer
        self.stream = stream
        self.claim_idle_ms = claim_idle_ms
        self.seen_ttl_seconds = seen_ttl_seconds
        self._group_ready = False

    def _seen_key(self, event_id: str) -> str:
        return f"{self.stream}:seen:{self.group}:{event_id}"

    async def ensure_group(self, start: str = "0") -> None:
        """Create the group if it does not exist; a new group reads from ``start`` ("0": the
        whole stream, "$": only what comes next)."""
        if self._group_ready:
            return
        try:
            await self.redis.xgroup_create(self.stream, self.group, id=start, mkstream=True)
        except ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise
        self._group_ready = True

    async def consume(
        self, handler: Handler, *, count: int = 100, block_ms: int | None = None
    ) -> ConsumeResult:
        """Handle what this consumer left pending, what others left pending too long, then
        up to ``count`` new events (waiting up to ``block_ms`` for one, if given). Each event
        is acknowledged once handled; a duplicate is acknowledged without calling
        ``handler``. If ``handler`` raises, its event stays pending and the error propagates."""
        await self.ensure_group()
        result = ConsumeResult()
        own = await self.redis.xreadgroup(
            self.group, self.consumer, {self.stream: "0"}, count=count
        )
        await self._handle_all(_messages(own), handler, result)
        claimed = await self.redis.xautoclaim(
            self.stream, self.group, self.consumer, self.claim_idle_ms, "0-0", count=count
        )
        await self._handle_all(claimed[1], handler, result)
        new = await self.redis.xreadgroup(
            self.group, self.consumer, {self.stream: ">"}, count=count, block=block_ms
        )
        await self._handle_all(_messages(new), handler, result)
        return result

    async def _handle_all(
        self,
        messages: list[tuple[str, dict[str, str]]],
        handler: Handler,
        result: ConsumeResult,
    ) -> None:
        for message_id, fields in messages:
            if not fields:
                # Trimmed from the stream while pending: nothing left to handle.
                await self.redis.xack(self.stream, self.group, message_id)
                continue
            event = Event.from_json(fields[STREAM_FIELD_BODY])
            seen = self._seen_key(event.event_id)
            if await self.redis.exists(seen):
                result.duplicates += 1
            else:
                await handler(event)
                await self.redis.set(seen, 1, ex=self.seen_ttl_seconds)
                result.handled += 1
            await self.redis.xack(self.stream, self.group, message_id)


def _messages(reply: object) -> list[tuple[str, dict[str, str]]]:
    """The messages of an XREADGROUP reply for our one stream."""
    if not reply:
        return []
    streams = list(reply.values()) if isinstance(reply, dict) else [m for _, m in reply]  # type: ignore[attr-defined]
    return [(str(mid), dict(fields or {})) for messages in streams for mid, fields in messages]
