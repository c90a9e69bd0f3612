"""The relay: publishes committed outbox events to Redis, then marks them published.

Order of work in one pass, and why nothing is lost:
1. read the oldest unpublished events (a short read; no lock is held while Redis is called);
2. XADD each to the stream (what must arrive) and PUBLISH it to its live channel (live views),
   in one MULTI/EXEC; if Redis fails, nothing is marked and the next pass tries again;
3. mark them published with a conditional UPDATE (``published_at IS NULL``) and, in the same
   transaction, create the webhook deliveries of the events this pass marked.

A crash between 2 and 3 publishes the events again on the next pass: the stream may hold an
event twice, and consumers drop the second by its event id (:mod:`ecosystem.events.consumer`).
Deliveries are created only by the pass whose UPDATE marked the event, so exactly once.

A short Redis lease keeps relays in several processes from publishing the same batch at once;
if the lease lapses mid-pass, the worst outcome is again a duplicate that consumers drop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Sequence

from redis.asyncio import Redis
from sqlalchemy import select, update
from sqlmodel import col

from ecosystem.database import Database, utcnow
from ecosystem.events.envelope import (
    STREAM_FIELD_BODY,
    STREAM_FIELD_ID,
    STREAM_FIELD_TYPE,
    Event,
)
from ecosystem.events.models import OutboxEvent
from ecosystem.events.webhooks import schedule_deliveries

log = logging.getLogger(__name__)

DEFAULT_STREAM = "hope:events"
LIVE_CHANNEL_PREFIX = "hope:events:live"
DEFAULT_BATCH = 500
LEASE_SECONDS = 10
# The stream keeps about this many entries; older ones are trimmed.
DEFAULT_MAX_LEN = 1_000_000


def live_channel(entity: str, region_code: str) -> str:
    """The pub/sub channel of an entity's events in one county."""
    return f"{LIVE_CHANNEL_PREFIX}:{entity}:{region_code}"


def live_pattern(entity: str, region_prefix: str) -> str:
    """The channel pattern of an entity's events anywhere in a region (a code prefix of
    digits only, so no pattern character reaches Redis)."""
    if not region_prefix.isdigit():
        raise ValueError(region_prefix)
    return f"{LIVE_CHANNEL_PREFIX}:{entity}:{region_prefix}*"


def _lease_key(stream: str) -> str:
    return f"{stream}:relay-lease"


async def relay_once(
    db: Database,
    redis: Redis,
    *,
    stream: str = DEFAULT_STREAM,
    batch: int = DEFAULT_BATCH,
    max_len: int = DEFAULT_MAX_LEN,
) -> int:
    """Publish up to ``batch`` unpublished events, oldest first; the number published.

    Raises when Redis or the database cannot be reached; then nothing is marked published
    and a later call publishes the same events."""
    token = uuid.uuid4().hex
    if not await redis.set(_lease_key(stream), token, nx=True, ex=LEASE_SECONDS):
        return 0
    try:
        async with db.read() as session:
            rows = list(
                await session.scalars(
                    select(OutboxEvent)
                    .where(col(OutboxEvent.published_at).is_(None))
                    .order_by(col(OutboxEvent.id))
                    .limit(batch)
                )
            )
        if not rows:
            return 0
        events = [Event.from_row(row) for row in rows]
        await _publish(redis, stream, events, max_len)
        return await _mark_published(db, rows)
    finally:
        await _release(redis, _lease_key(stream), token)


async def _publish(redis: Redis, stream: str, events: Sequence[Event], max_len: int) -> None:
    async with redis.pipeline(transaction=True) as pipe:
        for event in events:
            body = event.to_json()
            pipe.xadd(
                stream,
                {
                    STREAM_FIELD_ID: event.event_id,
                    STREAM_FIELD_TYPE: event.type,
                    STREAM_FIELD_BODY: body,
                },
                maxlen=max_len,
                approximate=True,
            )
            pipe.publish(live_channel(event.entity, event.region_code), body)
        await pipe.execute()


async def _mark_published(db: Database, rows: Sequence[OutboxEvent]) -> int:
    """Mark the events published; create the webhook deliveries of those this call marked."""
    by_id = {row.id: row for row in rows if row.id is not None}
    async with db.transaction() as session:
        marked = (
            await session.scalars(
                update(OutboxEvent)
                .where(
                    col(OutboxEvent.id).in_(list(by_id)), col(OutboxEvent.published_at).is_(None)
                )
                .values(published_at=utcnow())
                .returning(col(OutboxEvent.id))
            )
        ).all()
        await schedule_deliveries(
            session, [by_id[i] for i in sorted(i for i in marked if i is not None)]
        )
    return len(marked)


async def _release(redis: Redis, key: str, token: str) -> None:
    # Not atomic: at worst another relay's lease is dropped, which costs a duplicate that
    # consumers drop. With Redis down there is nothing to release.
    with contextlib.suppress(Exception):
        if await redis.get(key) == token:
            await redis.delete(key)


async def run_relay(
    db: Database,
    redis: Redis,
    stop: asyncio.Event,
    *,
    stream: str = DEFAULT_STREAM,
    interval: float = 0.5,
    max_backoff: float = 10.0,
) -> None:
    """Relay until ``stop`` is set: a pass every ``interval`` seconds, at once again while a
    backlog remains. When Redis or the database fails, wait longer each time (up to
    ``max_backoff``) and try again; the events wait in the outbox meanwhile."""
    delay = interval
    while not stop.is_set():
        try:
            published = await relay_once(db, redis, stream=stream)
            delay = 0.0 if published >= DEFAULT_BATCH else interval
        except Exception as error:  # the relay outlives any failure; the outbox keeps the events
            delay = min(max(delay * 2, interval), max_backoff)
            log.warning("Event relay failed (%s); retrying in %.1f s", error, delay)
        if delay > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)
