"""Faults: Redis stopped while the API works, the relay dying between publishing and marking,
and the PostgreSQL connection lost in the middle of a mutation. Nothing is lost or doubled."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import subprocess
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from conftest import GraphQLClient, World, authenticate_from_test_header, count_rows
from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlmodel import col
from test_events import approved_match, stream_entries
from test_matches import need_and_pledge, propose

from ecosystem.app import create_app
from ecosystem.database import Database, create_engine
from ecosystem.events import relay
from ecosystem.events.consumer import EventConsumer
from ecosystem.events.envelope import Event
from ecosystem.events.models import OutboxEvent
from ecosystem.events.relay import relay_once, run_relay
from ecosystem.settings import Settings

REDIS_SERVER = shutil.which("redis-server")


async def outbox(db: Database) -> list[OutboxEvent]:
    async with db.read() as session:
        return list(await session.scalars(select(OutboxEvent).order_by(col(OutboxEvent.id))))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RedisProcess:
    """A redis-server of the test's own, on its own port, that the test stops and restarts."""

    def __init__(self) -> None:
        assert REDIS_SERVER is not None
        self.binary = REDIS_SERVER
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    async def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--daemonize", "no"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = Redis.from_url(self.url)
        try:
            for _ in range(100):
                with contextlib.suppress(RedisError, OSError):
                    if await client.ping():
                        return
                await asyncio.sleep(0.05)
        finally:
            await client.aclose()
        raise AssertionError("redis-server did not start")

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def own_redis() -> Iterator[RedisProcess]:
    if REDIS_SERVER is None:
        pytest.skip("needs the redis-server binary to start and stop a Redis of its own")
    server = RedisProcess()
    yield server
    server.kill()


@pytest.fixture
async def app_on_own_redis(settings: Settings, own_redis: RedisProcess) -> AsyncIterator[Any]:
    await own_redis.start()
    application = create_app(
        settings.model_copy(update={"redis_url": own_redis.url, "worker_in_process": False}),
        authenticate=authenticate_from_test_header,
    )
    yield application
    await application.state.redis.aclose()
    await application.state.db.dispose()


async def test_with_redis_stopped_the_api_serves_and_every_event_arrives_once_it_is_back(
    app_on_own_redis: Any, own_redis: RedisProcess, world: World
) -> None:
    app = app_on_own_redis
    db: Database = app.state.db
    redis: Redis = app.state.redis
    stream = f"hope:test-events:{uuid.uuid4().hex}"
    stop = asyncio.Event()
    relaying = asyncio.create_task(
        run_relay(db, redis, stop, stream=stream, interval=0.05, max_backoff=0.5)
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        gql = GraphQLClient(http)
        before_outage = await approved_match(gql, world)
        await _until(lambda: _all_published(db))

        own_redis.kill()
        # Mutations still succeed (rate limits fail open; events wait in the outbox) ...
        during_outage = await approved_match(gql, world)
        # ... and reads still answer.
        matches = await gql.data("Matches", {"first": 10, "filter": {"status": ["APPROVED"]}})
        needs = await gql.data("Needs", {"first": 10})
        await asyncio.sleep(0.3)  # the relay keeps failing meanwhile, and survives it
        waiting = [e for e in await outbox(db) if e.published_at is None]
        with pytest.raises((RedisError, OSError)):
            await relay_once(db, redis, stream=stream)

        await own_redis.start()  # the same port, empty: what was published before is gone
        await _until(lambda: _all_published(db))
        stop.set()
        await relaying

    ids = {e["node"]["id"] for e in matches["matches"]["edges"]}
    assert {before_outage["id"], during_outage["id"]} <= ids
    assert len(needs["needs"]["edges"]) == 2
    assert waiting and {e.type for e in waiting} >= {"match.PROPOSED", "match.APPROVED"}
    published = [fields["event_id"] for _, fields in await stream_entries(redis, stream)]
    assert published == [str(e.event_id) for e in waiting]

    handled: list[str] = []

    async def handle(event: Event) -> None:
        handled.append(event.event_id)

    await EventConsumer(redis, group="after-outage", consumer="c1", stream=stream).consume(
        handle, count=1000
    )
    assert handled == published


async def _all_published(db: Database) -> bool:
    events = await outbox(db)
    return bool(events) and all(e.published_at is not None for e in events)


async def _until(condition: Any, seconds: float = 15.0) -> None:
    async with asyncio.timeout(seconds):
        while not await condition():
            await asyncio.sleep(0.05)


class RelayCrashed(BaseException):
    """Stands for the relay process dying: not an Exception, so nothing catches it."""


async def test_a_relay_that_dies_after_publishing_and_before_marking_publishes_again(
    app: Any,
    gql: GraphQLClient,
    world: World,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The crash is simulated at its worst point: an exception injected after XADD has
    succeeded and before the events are marked published (the relay's ``_mark_published``)."""
    redis: Redis = app.state.redis
    stream = f"hope:test-events:{uuid.uuid4().hex}"
    await gql.data(
        "RegisterWebhook",
        {"input": {"partyId": world.store_id, "url": "http://127.0.0.1:9/h", "eventTypes": ["*"]}},
        user=world.store_admin,
    )
    await approved_match(gql, world)
    committed = await outbox(db)

    async def die(*_args: Any) -> int:
        raise RelayCrashed

    with monkeypatch.context() as patched:
        patched.setattr(relay, "_mark_published", die)
        with pytest.raises(RelayCrashed):
            await relay_once(db, redis, stream=stream)
    assert await redis.xlen(stream) == len(committed)
    assert all(e.published_at is None for e in await outbox(db))
    assert await count_rows(db, "webhook_delivery") == 0

    # The relay restarts: the lease of the dead one lapses, and the events go out again.
    await redis.delete(f"{stream}:relay-lease")
    assert await relay_once(db, redis, stream=stream) == len(committed)

    assert all(e.published_at is not None for e in await outbox(db))
    assert await redis.xlen(stream) == 2 * len(committed)
    handled: list[str] = []

    async def handle(event: Event) -> None:
        handled.append(event.event_id)

    result = await EventConsumer(redis, group="crash", consumer="c1", stream=stream).consume(
        handle, count=1000
    )
    assert handled == [str(e.event_id) for e in committed]
    assert result.duplicates == len(committed)
    # Webhook deliveries come from the pass that marked the events: once each.
    concerning_the_store = [e for e in committed if world.store in e.payload["partyIds"]]
    assert await count_rows(db, "webhook_delivery") == len(concerning_the_store)


async def test_the_relay_holds_events_while_the_lease_is_taken_elsewhere(
    app: Any, gql: GraphQLClient, world: World, db: Database
) -> None:
    redis: Redis = app.state.redis
    stream = f"hope:test-events:{uuid.uuid4().hex}"
    await approved_match(gql, world)
    await redis.set(f"{stream}:relay-lease", "another-process", ex=30)

    assert await relay_once(db, redis, stream=stream) == 0
    assert await redis.xlen(stream) == 0
    await redis.delete(f"{stream}:relay-lease")
    assert await relay_once(db, redis, stream=stream) == len(await outbox(db))


def _postgres(settings: Settings) -> bool:
    return make_url(settings.database_url).get_backend_name() == "postgresql"


async def test_a_lost_database_connection_mid_mutation_is_a_retryable_error_and_changes_nothing(
    settings: Settings, gql: GraphQLClient, world: World, db: Database
) -> None:
    if not _postgres(settings):
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL) to kill a server backend")
    need, offer = await need_and_pledge(gql, world)
    match = await propose(gql, world, need, offer, 3)
    await gql.data(
        "RespondToMatch", {"input": {"id": match["id"], "accept": True}}, user=world.principal
    )
    item_id = await _need_item_id(db)
    before = await _state(db)

    # Another session locks the need item, so the approval blocks right after it has lowered
    # the pledge; then its connection is killed while it waits.
    locker = create_engine(settings.database_url)
    try:
        async with locker.connect() as lock:
            await lock.execute(
                text("SELECT id FROM need_item WHERE id = :id FOR UPDATE"), {"id": item_id}
            )
            approving = asyncio.create_task(
                gql.op("ApproveMatch", {"input": {"id": match["id"]}}, user=world.county_official)
            )
            backend = await _waiting_backend(lock)
            await lock.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
            answer = await asyncio.wait_for(approving, timeout=30)
            await lock.rollback()
    finally:
        await locker.dispose()

    [error] = answer["errors"]
    assert error["extensions"] == {"code": "UNAVAILABLE"}
    assert error["message"] == "The connection to the database was lost; try again shortly."
    assert answer["data"] is None or answer["data"].get("approveMatch") is None
    assert await _state(db) == before

    retried = await gql.data(
        "ApproveMatch", {"input": {"id": match["id"]}}, user=world.county_official
    )
    assert retried["approveMatch"]["match"]["status"] == "APPROVED"
    assert retried["approveMatch"]["match"]["pledge"]["remainingQuantity"] == 7


async def _need_item_id(db: Database) -> int:
    async with db.read() as session:
        return int((await session.execute(text("SELECT MIN(id) FROM need_item"))).scalar_one())


async def _state(db: Database) -> dict[str, Any]:
    async with db.read() as session:
        rows = {}
        for name, query in {
            "pledges": "SELECT id, remaining_quantity, status FROM pledge ORDER BY id",
            "items": "SELECT id, remaining_quantity FROM need_item ORDER BY id",
            "needs": "SELECT id, status FROM need ORDER BY id",
            "matches": "SELECT id, status, decided_at FROM match ORDER BY id",
            "changes": "SELECT COUNT(*) FROM status_change",
            "events": "SELECT type FROM outbox_event ORDER BY id",
        }.items():
            rows[name] = [tuple(r) for r in (await session.execute(text(query))).all()]
        return rows


async def _waiting_backend(lock: Any) -> int:
    """The server process of the app's connection, once it waits for the lock."""
    query = text(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
    )
    async with asyncio.timeout(15):
        while True:
            found = (await lock.execute(query)).scalars().all()
            if found:
                return int(found[0])
            await asyncio.sleep(0.02)


@pytest.mark.skipif(
    not os.environ.get("TEST_REDIS_URL"), reason="needs a real Redis (TEST_REDIS_URL)"
)
async def test_consumers_on_real_redis_share_the_work_and_claim_what_a_dead_one_left(
    app: Any, gql: GraphQLClient, world: World, db: Database
) -> None:
    redis: Redis = app.state.redis
    stream = f"hope:test-events:{uuid.uuid4().hex}"
    await approved_match(gql, world)
    published = await relay_once(db, redis, stream=stream)
    handled: list[str] = []

    async def handle(event: Event) -> None:
        handled.append(event.event_id)

    # The first consumer reads everything and dies before acknowledging anything.
    dead = EventConsumer(redis, group="shared", consumer="dead", stream=stream)
    await dead.ensure_group()
    taken: Any = await redis.xreadgroup("shared", "dead", {stream: ">"}, count=1000)
    assert len(taken[0][1]) == published

    survivor = EventConsumer(
        redis, group="shared", consumer="survivor", stream=stream, claim_idle_ms=0
    )
    result = await survivor.consume(handle, count=1000)

    assert result.handled == published
    assert sorted(handled) == sorted(str(e.event_id) for e in await outbox(db))
    assert (await redis.xpending(stream, "shared"))["pending"] == 0


async def test_after_redis_restarts_the_first_request_reconnects_instead_of_failing(
    app_on_own_redis: Any, own_redis: RedisProcess
) -> None:
    """A restart closes every pooled connection; the client's one retry opens a new one, so the
    first request after Redis is back finds it ready rather than reporting an outage."""
    transport = httpx.ASGITransport(app=app_on_own_redis)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        assert (await http.get("/readyz")).json()["redis"] == "ok"
        own_redis.kill()
        await own_redis.start()  # the same port; the pooled connection is closed under the app
        ready = await http.get("/readyz")
        assert ready.status_code == 200, ready.json()
        assert ready.json()["redis"] == "ok"
