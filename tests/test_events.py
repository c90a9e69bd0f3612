"""Events: written with the change in one transaction, relayed to a Redis stream and to live
views, read by consumer groups that drop duplicates, and delivered to partners' webhooks,
signed, retried, dead-lettered and replayed."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field, replace
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from conftest import (
    OPERATIONS,
    TEST_USER_HEADER,
    GraphQLClient,
    World,
    count_rows,
    websocket_transport,
)
from httpx_ws import AsyncWebSocketSession, aconnect_ws
from redis.asyncio import Redis
from sqlalchemy import select, text, update
from sqlmodel import col
from test_fulfilment import confirm, deliver
from test_matches import need_and_pledge, propose
from test_needs import post, water_need

from ecosystem.api.relay import from_global_id, to_global_id
from ecosystem.database import Database, utcnow
from ecosystem.errors import DomainError
from ecosystem.events import webhooks
from ecosystem.events.consumer import EventConsumer
from ecosystem.events.envelope import Event
from ecosystem.events.models import OutboxEvent, WebhookDelivery
from ecosystem.events.relay import relay_once
from ecosystem.events.webhooks import WebhookPolicy, check_url, deliver_due
from ecosystem.lifecycle.record import Facts, Transition, record_transitions
from ecosystem.parties import service as parties
from ecosystem.parties.models import Role


async def outbox(db: Database) -> list[OutboxEvent]:
    async with db.read() as session:
        return list(await session.scalars(select(OutboxEvent).order_by(col(OutboxEvent.id))))


@pytest.fixture
def stream() -> str:
    """A stream of the test's own, so that tests on one real Redis do not meet."""
    return f"hope:test-events:{uuid.uuid4().hex}"


async def stream_entries(redis: Redis, stream: str) -> list[tuple[str, dict[str, str]]]:
    """Every entry of a stream, oldest first."""
    entries: Any = await redis.xrange(stream)
    return [(str(entry_id), dict(fields)) for entry_id, fields in entries]


@pytest.fixture
def redis(app: Any) -> Redis:
    return app.state.redis  # type: ignore[no-any-return]


async def approved_match(gql: GraphQLClient, world: World) -> dict[str, Any]:
    need, offer = await need_and_pledge(gql, world)
    match = await propose(gql, world, need, offer, 3)
    await gql.data(
        "RespondToMatch", {"input": {"id": match["id"], "accept": True}}, user=world.principal
    )
    approved = await gql.data(
        "ApproveMatch", {"input": {"id": match["id"]}}, user=world.county_official
    )
    assert approved["approveMatch"]["errors"] == []
    return match


# The outbox


async def test_each_change_writes_its_event_with_public_facts_only(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    match = await approved_match(gql, world)

    events = await outbox(db)
    types = [e.type for e in events]
    assert types[:2] == ["need.OPEN", "pledge.ACTIVE"]
    assert [t for t in types if t.startswith("match.")] == [
        "match.PROPOSED",
        "match.ACCEPTED",
        "match.APPROVED",
    ]
    assert "need.PARTIALLY_MATCHED" in types
    approval = next(e for e in events if e.type == "match.APPROVED")
    assert approval.published_at is None and approval.region_code == "370983"
    assert approval.payload["partyIds"] == [world.school, world.store]
    assert approval.payload["actorRole"] == "GOV_OFFICIAL"
    assert approval.payload["valueFen"] == 3 * 350000
    assert approval.payload["fromStatus"] == "ACCEPTED"
    assert approval.payload["entityId"] == approval.entity_id == int(from_global_id(match["id"])[1])
    # Nothing that names a person: no user ids, no free text.
    assert not {"actorUserId", "reason", "actor_user_id"} & set(approval.payload)
    assert len({e.event_id for e in events}) == len(events)


async def test_a_refused_mutation_writes_no_event(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    need, offer = await need_and_pledge(gql, world)
    match = await propose(gql, world, need, offer, 3)
    before = await count_rows(db, "outbox_event")

    early = await gql.data(
        "ApproveMatch", {"input": {"id": match["id"]}}, user=world.county_official
    )
    foreign = await gql.op(
        "ApproveMatch", {"input": {"id": match["id"]}}, user=world.other_county_official
    )

    assert early["approveMatch"]["errors"][0]["code"] == "INVALID_TRANSITION"
    assert foreign["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await count_rows(db, "outbox_event") == before


async def test_events_roll_back_with_the_change(db: Database, world: World) -> None:
    transition = Transition(
        entity="need",
        entity_id=1,
        from_status="DRAFT",
        to_status="OPEN",
        actor_user_id=None,
        reason=None,
        at=utcnow(),
        facts=Facts(region_code="370983", party_ids=(world.school,), actor_role="PRINCIPAL"),
    )
    with pytest.raises(RuntimeError):
        async with db.transaction() as session:
            await record_transitions(session, [transition])
            assert await session.scalar(text("SELECT COUNT(*) FROM outbox_event")) == 1
            raise RuntimeError("the change fails after its transition was recorded")

    assert await count_rows(db, "outbox_event") == 0
    assert await count_rows(db, "status_change") == 0


# The relay and consumers


async def test_the_relay_publishes_in_order_and_marks_published(
    gql: GraphQLClient, world: World, db: Database, redis: Redis, stream: str
) -> None:
    await approved_match(gql, world)
    events = await outbox(db)

    assert await relay_once(db, redis, stream=stream) == len(events)

    entries = await stream_entries(redis, stream)
    assert [fields["event_id"] for _, fields in entries] == [str(e.event_id) for e in events]
    first = Event.from_json(entries[0][1]["body"])
    assert first.type == events[0].type and first.seq == events[0].id
    assert all(e.published_at is not None for e in await outbox(db))
    assert await relay_once(db, redis, stream=stream) == 0
    assert await redis.xlen(stream) == len(events)


async def test_a_consumer_group_acknowledges_and_drops_a_duplicate(
    gql: GraphQLClient, world: World, db: Database, redis: Redis, stream: str
) -> None:
    await approved_match(gql, world)
    published = await relay_once(db, redis, stream=stream)
    # As if the relay had died after XADD and before marking: the next pass publishes again.
    async with db.transaction() as session:
        await session.execute(update(OutboxEvent).values(published_at=None))
    assert await relay_once(db, redis, stream=stream) == published
    assert await redis.xlen(stream) == 2 * published

    seen: list[str] = []

    async def handle(event: Event) -> None:
        seen.append(event.event_id)

    consumer = EventConsumer(redis, group="ledger-mirror", consumer="c1", stream=stream)
    result = await consumer.consume(handle, count=1000)

    assert result.handled == published and result.duplicates == published
    assert seen == [str(e.event_id) for e in await outbox(db)]
    assert (await redis.xpending(stream, "ledger-mirror"))["pending"] == 0
    again = await consumer.consume(handle, count=1000)
    assert (again.handled, again.duplicates) == (0, 0)


async def test_an_event_whose_handler_failed_stays_pending_and_is_handled_later(
    gql: GraphQLClient, world: World, db: Database, redis: Redis, stream: str
) -> None:
    await approved_match(gql, world)
    published = await relay_once(db, redis, stream=stream)
    handled: list[str] = []
    failing = {"once": True}

    async def handle(event: Event) -> None:
        if event.type == "match.APPROVED" and failing.pop("once", False):
            raise RuntimeError("the consumer's own store is down")
        handled.append(event.type)

    consumer = EventConsumer(redis, group="dashboard", consumer="c1", stream=stream)
    with pytest.raises(RuntimeError):
        await consumer.consume(handle, count=1000)
    assert (await redis.xpending(stream, "dashboard"))["pending"] >= 1
    assert "match.APPROVED" not in handled

    # After a restart the consumer reads its own pending messages first.
    restarted = EventConsumer(redis, group="dashboard", consumer="c1", stream=stream)
    await restarted.consume(handle, count=1000)

    assert sorted(handled) == sorted(e.type for e in await outbox(db))
    assert len(handled) == published
    assert (await redis.xpending(stream, "dashboard"))["pending"] == 0


# Live views


async def _connect(
    stack: contextlib.AsyncExitStack, client: httpx.AsyncClient, user: int | None
) -> AsyncWebSocketSession:
    headers = {TEST_USER_HEADER: str(user)} if user is not None else {}
    return await stack.enter_async_context(
        aconnect_ws("/graphql", client, subprotocols=["graphql-transport-ws"], headers=headers)
    )


async def _subscribe(ws: AsyncWebSocketSession, region_code: str) -> None:
    await ws.send_json({"type": "connection_init"})
    assert (await ws.receive_json())["type"] == "connection_ack"
    await _send_subscription(ws, "1", region_code)


async def _send_subscription(ws: AsyncWebSocketSession, op_id: str, region_code: str) -> None:
    await ws.send_json(
        {
            "id": op_id,
            "type": "subscribe",
            "payload": {
                "query": OPERATIONS["MatchEvents"],
                "variables": {"regionCode": region_code},
            },
        }
    )


async def _listening(redis: Redis, patterns: int) -> None:
    """Wait until the subscriptions are listening to their channels."""
    for _ in range(200):
        if await redis.pubsub_numpat() >= patterns:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the subscriptions never listened")


async def _next_event(ws: AsyncWebSocketSession) -> dict[str, Any]:
    message = await asyncio.wait_for(ws.receive_json(), timeout=10)
    assert message["type"] == "next", message
    return dict(message["payload"]["data"]["matchEvents"])


async def test_match_events_are_seen_as_the_matches_query_sees_matches(
    app: Any, gql: GraphQLClient, world: World, db: Database, redis: Redis, stream: str
) -> None:
    transport = websocket_transport(app)
    before = await redis.pubsub_numpat()
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
        contextlib.AsyncExitStack() as stack,
    ):
        official = await _connect(stack, client, world.county_official)
        foreign_official = await _connect(stack, client, world.other_county_official)
        public = await _connect(stack, client, None)
        elsewhere = await _connect(stack, client, None)
        await _subscribe(official, "3709")
        await _subscribe(foreign_official, "37")
        await _subscribe(public, "370983")
        await _subscribe(elsewhere, "45")
        await _listening(redis, before + 4)

        match = await approved_match(gql, world)
        await relay_once(db, redis, stream=stream)

        official_saw = [await _next_event(official) for _ in range(3)]
        foreign_first = await _next_event(foreign_official)
        public_first = await _next_event(public)
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(elsewhere.receive_json(), timeout=0.5)

    assert [e["toStatus"] for e in official_saw] == ["PROPOSED", "ACCEPTED", "APPROVED"]
    assert all(e["matchId"] == match["id"] for e in official_saw)
    # The official of another county and the public see the approval, and nothing before it.
    assert foreign_first["type"] == "match.APPROVED"
    assert public_first["type"] == "match.APPROVED"
    assert public_first["match"] == {"id": match["id"], "status": "APPROVED"}
    approval = next(e for e in await outbox(db) if e.type == "match.APPROVED")
    assert public_first["eventId"] == str(approval.event_id)


async def test_a_live_view_does_not_run_the_engine_for_suggestions_at_every_event(
    app: Any, gql: GraphQLClient, world: World, db: Database, redis: Redis, stream: str
) -> None:
    """An event's match leads to its pledge, whose suggestions run the engine: a live view
    asking for them would run it again at every event, for every socket."""
    transport = websocket_transport(app)
    query = (
        "subscription ($r: String!) { matchEvents(regionCode: $r) "
        "{ type match { pledge { suggestions(first: 1) { score } } } } }"
    )
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
        contextlib.AsyncExitStack() as stack,
    ):
        donor = await _connect(stack, client, world.store_admin)
        await donor.send_json({"type": "connection_init"})
        assert (await donor.receive_json())["type"] == "connection_ack"
        await donor.send_json(
            {
                "id": "1",
                "type": "subscribe",
                "payload": {"query": query, "variables": {"r": "370983"}},
            }
        )
        # Other tests' live views may hold the region's pattern already (the app is shared),
        # so how many patterns Redis holds does not tell when this one listens: events are
        # made until one arrives.
        message: dict[str, Any] | None = None
        for _ in range(10):
            await approved_match(gql, world)
            await relay_once(db, redis, stream=stream)
            with contextlib.suppress(TimeoutError):
                message = await asyncio.wait_for(donor.receive_json(), timeout=2)
                break

    assert message is not None and message["type"] == "next", message
    [error] = message["payload"]["errors"]
    assert error["message"] == "Suggestions are not sent in live views; ask for them in a query."
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_live_views_share_one_redis_connection_and_each_socket_holds_sixteen(
    app: Any, gql: GraphQLClient, world: World, db: Database, redis: Redis, stream: str
) -> None:
    # Each live view used to take a Redis connection of its own, out of a pool of 100: 112 of
    # them, from anyone, left the whole process without Redis (readiness said unreachable).
    transport = websocket_transport(app)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
        contextlib.AsyncExitStack() as stack,
    ):
        sockets = [await _connect(stack, client, None) for _ in range(7)]
        refusals = []
        for ws in sockets:
            await ws.send_json({"type": "connection_init"})
            assert (await ws.receive_json())["type"] == "connection_ack"
            for k in range(17):
                await _send_subscription(ws, str(k), "37")
            # One of the 17 is refused (an error, then complete): the other 16 are listening.
            refusal = await asyncio.wait_for(ws.receive_json(), timeout=10)
            ended = await asyncio.wait_for(ws.receive_json(), timeout=10)
            assert ended == {"id": refusal["id"], "type": "complete"}, ended
            refusals.append(refusal)
        ready = await gql.http.get("/readyz")
        match = await approved_match(gql, world)
        await relay_once(db, redis, stream=stream)
        approvals = [(await _next_event(ws))["match"]["id"] for ws in sockets for _ in range(16)]

    assert ready.status_code == 200, ready.text
    assert approvals == [match["id"]] * 112
    for refused in refusals:
        assert refused["type"] == "next" and refused["payload"]["data"] is None, refused
        assert refused["payload"]["errors"][0]["extensions"]["reason"] == "TOO_MANY"


async def test_match_events_refuse_a_region_that_is_not_a_code(app: Any) -> None:
    transport = websocket_transport(app)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
        contextlib.AsyncExitStack() as stack,
    ):
        ws = await _connect(stack, client, None)
        await _subscribe(ws, "37*")
        message = await asyncio.wait_for(ws.receive_json(), timeout=10)
    assert message["type"] == "next" and message["payload"]["data"] is None, message
    [error] = message["payload"]["errors"]
    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": "regionCode",
        "reason": "UNKNOWN_REGION",
    }


# Webhooks


@dataclass
class Received:
    headers: dict[str, str]
    body: str
    path: str = ""


@dataclass
class Receiver:
    """A partner's HTTP endpoint on a free local port, answering with ``status``."""

    url: str = ""
    status: int = 204
    endless: bool = False
    """Answer with a body that never ends (a little every 0.1 s, until the sender leaves)."""
    silent_paths: tuple[str, ...] = ()
    """Paths that answer nothing for 5 s (well past a test's timeout), as a hung server."""
    slow_paths: tuple[str, ...] = ()
    """Paths that answer after 0.5 s."""
    trickle_paths: tuple[str, ...] = ()
    """Paths that send their answer's header lines one every 0.2 s, for 3 s."""
    hold_first: threading.Event | None = None
    """When set, the first request waits for this event before it is answered."""
    requests: list[Received] = field(default_factory=list)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode()
            headers = {k.lower(): v for k, v in self.headers.items()}
            state.requests.append(Received(headers, body, self.path))
            if self.path in state.silent_paths:
                time.sleep(5)
                return
            if self.path in state.trickle_paths:
                with contextlib.suppress(OSError):
                    self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                    for k in range(15):
                        self.wfile.flush()
                        time.sleep(0.2)
                        self.wfile.write(f"X-Slowly-{k}: 1\r\n".encode())
                return
            if self.path in state.slow_paths:
                time.sleep(0.5)
            if state.hold_first is not None and len(state.requests) == 1:
                state.hold_first.wait(10)
            self.send_response(state.status)
            if state.endless:
                self.end_headers()
                with contextlib.suppress(OSError):
                    while True:
                        self.wfile.write(b"x" * 1024)
                        self.wfile.flush()
                        time.sleep(0.1)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/hope"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
async def partner_http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(trust_env=False) as client:
        yield client


LOCAL = WebhookPolicy(allow_private_addresses=True, max_attempts=3, backoff_seconds=10)


async def register(
    gql: GraphQLClient,
    world: World,
    url: str,
    event_types: list[str] | None = None,
    *,
    party_id: str | None = None,
    user: int | None = None,
) -> dict[str, Any]:
    """A webhook of the store (or of ``party_id``, registered by ``user``)."""
    result = await gql.data(
        "RegisterWebhook",
        {
            "input": {
                "partyId": party_id or world.store_id,
                "url": url,
                "eventTypes": event_types or ["match.*"],
            }
        },
        user=user or world.store_admin,
    )
    payload = result["registerWebhook"]
    assert payload["errors"] == [], payload
    return dict(payload)


async def log_of(gql: GraphQLClient, user: int) -> list[dict[str, Any]]:
    data = await gql.data("WebhookDeliveries", {"first": 100}, user=user)
    return [edge["node"] for edge in data["webhookDeliveries"]["edges"]]


def valid_signature(secret: str, request: Received) -> bool:
    timestamp = request.headers["x-hope-timestamp"]
    expected = hmac.new(
        secret.encode(), f"{timestamp}.{request.body}".encode(), hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected, request.headers["x-hope-signature"])


async def test_a_registered_webhook_receives_signed_events(
    gql: GraphQLClient,
    world: World,
    db: Database,
    redis: Redis,
    stream: str,
    receiver: Receiver,
    partner_http: httpx.AsyncClient,
) -> None:
    registered = await register(gql, world, receiver.url, ["match.PROPOSED", "match.APPROVED"])
    secret = registered["secret"]
    assert secret.startswith("whsec_") and len(secret) > 40
    listed = await gql.data("Webhooks", {}, user=world.store_admin)
    assert [w["url"] for w in listed["webhooks"]] == [receiver.url]
    assert secret not in json.dumps(listed)

    await approved_match(gql, world)
    await relay_once(db, redis, stream=stream)
    assert await deliver_due(db, partner_http, LOCAL) == 2

    assert len(receiver.requests) == 2
    events = {str(e.event_id): e for e in await outbox(db)}
    for request in receiver.requests:
        assert valid_signature(secret, request)
        envelope = json.loads(request.body)
        assert envelope["id"] == request.headers["x-hope-event-id"]
        assert (
            events[envelope["id"]].type == envelope["type"] == request.headers["x-hope-event-type"]
        )
    assert [json.loads(r.body)["type"] for r in receiver.requests] == [
        "match.PROPOSED",
        "match.APPROVED",
    ]
    tampered = Received(receiver.requests[0].headers, receiver.requests[0].body + " ")
    assert not valid_signature(secret, tampered)

    log = await log_of(gql, world.store_admin)
    assert {(d["status"], d["attemptCount"], d["lastResponseCode"]) for d in log} == {
        ("DELIVERED", 1, 204)
    }
    assert await deliver_due(db, partner_http, LOCAL) == 0


async def test_a_government_webhook_hears_of_published_needs_and_not_of_drafts(
    gql: GraphQLClient,
    world: World,
    db: Database,
    redis: Redis,
    stream: str,
    receiver: Receiver,
    partner_http: httpx.AsyncClient,
) -> None:
    async with db.read() as session:
        county = (
            await session.execute(text("SELECT id FROM party WHERE name = '肥城市人民政府'"))
        ).scalar_one()
    await register(
        gql,
        world,
        receiver.url,
        ["need.*"],
        party_id=to_global_id("Party", county),
        user=world.county_official,
    )
    draft = await post(gql, world.principal, water_need(world.school_id, publish=False))
    await gql.data("CancelNeed", {"input": {"id": draft["need"]["id"]}}, user=world.principal)
    published = await post(gql, world.principal, water_need(world.school_id))

    await relay_once(db, redis, stream=stream)
    await deliver_due(db, partner_http, LOCAL)

    heard = [json.loads(r.body) for r in receiver.requests]
    assert [(e["type"], e["data"]["entityId"]) for e in heard] == [
        ("need.OPEN", int(from_global_id(published["need"]["id"])[1]))
    ]
    # The school's own events still carry the draft's (the outbox keeps every transition).
    types = [e.type for e in await outbox(db) if e.type.startswith("need.")]
    assert types == ["need.DRAFT", "need.CANCELLED", "need.OPEN"]

    # The government's donor admin posts its pledges, but its webhooks carry the whole
    # county's events, proposals too, which only officials see: neither registering one nor
    # reading their log.
    async with db.transaction() as session:
        await parties.grant_role(
            session, user_id=world.outsider, party_id=county, role=Role.DONOR_ADMIN
        )
    refused = await gql.op(
        "RegisterWebhook",
        {
            "input": {
                "partyId": to_global_id("Party", county),
                "url": receiver.url,
                "eventTypes": ["match.*"],
            }
        },
        user=world.outsider,
    )
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await log_of(gql, world.outsider) == []
    assert len(await log_of(gql, world.county_official)) == 1


async def test_a_webhook_may_choose_delivery_and_receipt_events(
    gql: GraphQLClient,
    world: World,
    db: Database,
    redis: Redis,
    stream: str,
    receiver: Receiver,
    partner_http: httpx.AsyncClient,
) -> None:
    registered = await register(gql, world, receiver.url, ["delivery.*", "receipt.RECEIVED"])
    assert registered["webhook"]["eventTypes"] == ["delivery.*", "receipt.RECEIVED"]
    match = await approved_match(gql, world)
    await deliver(gql, world, match["id"], 3)
    await confirm(gql, world.principal, match["id"], 1)  # a part, without a photo

    await relay_once(db, redis, stream=stream)
    await deliver_due(db, partner_http, LOCAL)

    assert [json.loads(r.body)["type"] for r in receiver.requests] == [
        "delivery.RECORDED",
        "receipt.RECEIVED",
    ]


async def test_the_secret_is_stored_sealed_and_another_secret_key_cannot_sign_with_it(
    gql: GraphQLClient,
    world: World,
    db: Database,
    redis: Redis,
    stream: str,
    receiver: Receiver,
    partner_http: httpx.AsyncClient,
) -> None:
    secret = (await register(gql, world, receiver.url, ["match.PROPOSED"]))["secret"]
    async with db.read() as session:
        stored = (await session.execute(text("SELECT secret FROM webhook_subscription"))).all()
    assert len(stored) == 1
    # A copy of the database does not hold the secret.
    assert stored[0][0].startswith("v1:") and secret not in stored[0][0]

    need, offer = await need_and_pledge(gql, world)
    await propose(gql, world, need, offer, 1)
    await relay_once(db, redis, stream=stream)
    rotated = replace(LOCAL, secret_key="another-secret-key")
    assert await deliver_due(db, partner_http, rotated) == 1
    # Nothing was sent unsigned or signed wrongly; the log says why.
    assert receiver.requests == []
    [failed] = await log_of(gql, world.store_admin)
    assert failed["status"] == "PENDING" and failed["lastResponseCode"] is None
    assert "SECRET_KEY" in failed["lastError"]


async def test_a_failing_receiver_is_retried_with_backoff_then_dead_then_replayed(
    gql: GraphQLClient,
    world: World,
    db: Database,
    redis: Redis,
    stream: str,
    receiver: Receiver,
    partner_http: httpx.AsyncClient,
) -> None:
    registered = await register(gql, world, receiver.url, ["match.APPROVED"])
    await approved_match(gql, world)
    await relay_once(db, redis, stream=stream)
    receiver.status = 500
    now = utcnow()

    assert await deliver_due(db, partner_http, LOCAL, now=now) == 1
    [pending] = await log_of(gql, world.store_admin)
    assert (pending["status"], pending["attemptCount"], pending["lastResponseCode"]) == (
        "PENDING",
        1,
        500,
    )
    # Not due again before the pause, counted from the attempt's end: 10 s, then 20 s.
    assert await deliver_due(db, partner_http, LOCAL, now=now + timedelta(seconds=9)) == 0
    async with db.read() as session:
        first_retry = await session.scalar(select(col(WebhookDelivery.next_attempt_at)))
    assert first_retry is not None
    assert timedelta(seconds=10) < first_retry - now < timedelta(seconds=11)
    assert await deliver_due(db, partner_http, LOCAL, now=first_retry) == 1
    async with db.read() as session:
        second_retry = await session.scalar(select(col(WebhookDelivery.next_attempt_at)))
    assert second_retry is not None
    assert timedelta(seconds=20) < second_retry - first_retry < timedelta(seconds=21)
    assert await deliver_due(db, partner_http, LOCAL, now=second_retry) == 1

    [dead] = await log_of(gql, world.store_admin)
    assert (dead["status"], dead["attemptCount"], dead["nextAttemptAt"]) == ("DEAD", 3, None)
    assert dead["lastError"] == "The receiver answered 500."
    assert len(receiver.requests) == 3
    assert len({r.headers["x-hope-event-id"] for r in receiver.requests}) == 1
    assert await deliver_due(db, partner_http, LOCAL, now=now + timedelta(days=1)) == 0

    receiver.status = 200
    replayed = await gql.data(
        "ReplayWebhookDelivery", {"input": {"id": dead["id"]}}, user=world.store_admin
    )
    replay = replayed["replayWebhookDelivery"]["delivery"]
    assert replay["status"] == "PENDING" and replay["replayOfId"] == dead["id"]
    assert await deliver_due(db, partner_http, LOCAL) == 1

    assert len(receiver.requests) == 4
    assert receiver.requests[-1].headers["x-hope-event-id"] == dead["eventId"]
    assert valid_signature(registered["secret"], receiver.requests[-1])
    statuses = {d["id"]: d["status"] for d in await log_of(gql, world.store_admin)}
    assert statuses == {dead["id"]: "DEAD", replay["id"]: "DELIVERED"}


async def test_a_url_the_party_already_has_a_webhook_at_is_refused(
    gql: GraphQLClient,
    world: World,
    db: Database,
    redis: Redis,
    stream: str,
    receiver: Receiver,
    partner_http: httpx.AsyncClient,
) -> None:
    # A partner retrying after a lost answer registered a second webhook at the same URL, and
    # got every event twice.
    first = await register(gql, world, receiver.url, ["match.PROPOSED"])
    again = await gql.data(
        "RegisterWebhook",
        {"input": {"partyId": world.store_id, "url": receiver.url, "eventTypes": ["match.*"]}},
        user=world.store_admin,
    )
    assert [(e["field"], e["code"]) for e in again["registerWebhook"]["errors"]] == [
        ("url", "INVALID")
    ]
    assert await count_rows(db, "webhook_subscription") == 1
    # Another party may use the same URL, and so may the store once it deleted its own.
    other = await register(
        gql, world, receiver.url, party_id=world.enterprise_id, user=world.enterprise_admin
    )
    assert other["errors"] == []
    await gql.data(
        "DeleteWebhook", {"input": {"id": first["webhook"]["id"]}}, user=world.store_admin
    )
    assert (await register(gql, world, receiver.url))["errors"] == []
    need, offer = await need_and_pledge(gql, world)
    await propose(gql, world, need, offer, 1)
    await relay_once(db, redis, stream=stream)
    await deliver_due(db, partner_http, LOCAL)
    # Once: the store has one webhook at the URL (the enterprise has no part in the match).
    assert [r.headers["x-hope-event-type"] for r in receiver.requests] == ["match.PROPOSED"]


async def test_a_partner_that_does_not_answer_costs_one_timeout_and_holds_up_nobody(
    gql: GraphQLClient,
    world: World,
    db: Database,
    redis: Redis,
    stream: str,
    receiver: Receiver,
    partner_http: httpx.AsyncClient,
) -> None:
    # Each of a hung endpoint's deliveries used to wait out its timeout, one after another,
    # and every other partner's new events waited for the whole batch (a probe: 60 s).
    receiver.silent_paths = ("/hung",)
    base = receiver.url.rsplit("/hooks/", 1)[0]
    hung = await register(gql, world, f"{base}/hung", ["match.PROPOSED"])
    await register(gql, world, f"{base}/fine", ["match.PROPOSED"])
    need, offer = await need_and_pledge(gql, world)
    for _ in range(4):
        await propose(gql, world, need, offer, 1)
    await relay_once(db, redis, stream=stream)
    policy = replace(LOCAL, timeout_seconds=0.5)

    clock = time.monotonic()
    attempted = await deliver_due(db, partner_http, policy)
    took = time.monotonic() - clock

    assert attempted == 5  # four to the partner that answers, one to the hung one
    assert took < 1.9, took  # one timeout (0.5 s), not four
    assert [r.path for r in receiver.requests].count("/fine") == 4
    assert [r.path for r in receiver.requests].count("/hung") == 1
    log = [
        d for d in await log_of(gql, world.store_admin) if d["webhookId"] == hung["webhook"]["id"]
    ]
    tried = [d for d in log if d["attemptCount"] == 1]
    waiting = [d for d in log if d["attemptCount"] == 0]
    assert len(tried) == 1 and len(waiting) == 3
    assert "Timeout" in tried[0]["lastError"]
    # The later ones wait for the failed one's retry, still in order behind it.
    assert {d["nextAttemptAt"] for d in waiting} == {tried[0]["nextAttemptAt"]}
    assert {d["status"] for d in log} == {"PENDING"}
    # Not due again before the retry.
    assert await deliver_due(db, partner_http, policy) == 0


async def test_a_slow_partner_is_sent_to_for_a_while_and_the_rest_wait_for_the_next_pass(
    gql: GraphQLClient,
    world: World,
    db: Database,
    redis: Redis,
    stream: str,
    receiver: Receiver,
    partner_http: httpx.AsyncClient,
) -> None:
    # Answering within the timeout, but slowly: one pass used to send the partner its whole
    # share of the batch, and every other partner's next pass waited for it.
    receiver.slow_paths = ("/slow",)
    base = receiver.url.rsplit("/hooks/", 1)[0]
    await register(gql, world, f"{base}/slow", ["match.PROPOSED"])
    need, offer = await need_and_pledge(gql, world)
    for _ in range(6):
        await propose(gql, world, need, offer, 1)
    await relay_once(db, redis, stream=stream)
    policy = replace(LOCAL, timeout_seconds=1.0)  # one pass sends to it for 2 s

    clock = time.monotonic()
    first = await deliver_due(db, partner_http, policy)
    took = time.monotonic() - clock
    rest = await deliver_due(db, partner_http, policy)

    # Six took 3 s; now none is sent after 2 s.
    assert 2 <= first < 6 and took < 2.9, (first, took)
    assert first + rest == 6
    log = await log_of(gql, world.store_admin)
    assert [(d["status"], d["attemptCount"]) for d in log] == [("DELIVERED", 1)] * 6
    # In event order across the two passes.
    sent = [json.loads(r.body)["id"] for r in receiver.requests]
    events = [str(e.event_id) for e in await outbox(db) if e.type == "match.PROPOSED"]
    assert sent == events


async def test_an_answer_trickled_a_line_at_a_time_is_cut_off_at_the_timeout(
    gql: GraphQLClient,
    world: World,
    db: Database,
    redis: Redis,
    stream: str,
    receiver: Receiver,
    partner_http: httpx.AsyncClient,
) -> None:
    # httpx's timeout bounds each read alone: a receiver sending a header line now and then
    # held the attempt for as long as it liked, past its claim (another worker then sent the
    # delivery too), and held up every other partner's next pass.
    receiver.trickle_paths = ("/trickle",)
    base = receiver.url.rsplit("/hooks/", 1)[0]
    await register(gql, world, f"{base}/trickle", ["match.PROPOSED"])
    need, offer = await need_and_pledge(gql, world)
    await propose(gql, world, need, offer, 1)
    await propose(gql, world, need, offer, 1)
    await relay_once(db, redis, stream=stream)
    policy = replace(LOCAL, timeout_seconds=0.5)

    clock = time.monotonic()
    attempted = await deliver_due(db, partner_http, policy)
    took = time.monotonic() - clock

    assert attempted == 1 and took < 2.5, (attempted, took)  # the trickle lasts 3 s
    log = await log_of(gql, world.store_admin)
    assert sorted((d["attemptCount"], d["status"]) for d in log) == [(0, "PENDING"), (1, "PENDING")]
    assert [d["lastError"] for d in log if d["attemptCount"]] == [
        "Timeout: no answer within 0.5 s."
    ]


async def test_a_partner_with_a_backlog_does_not_take_the_whole_batch(
    gql: GraphQLClient,
    world: World,
    db: Database,
    redis: Redis,
    stream: str,
    receiver: Receiver,
    partner_http: httpx.AsyncClient,
) -> None:
    # Oldest first across all partners: a slow partner's backlog filled every batch, and the
    # others' new deliveries waited behind it pass after pass.
    receiver.slow_paths = ("/slow",)
    base = receiver.url.rsplit("/hooks/", 1)[0]
    await register(gql, world, f"{base}/slow", ["match.PROPOSED"])
    need, offer = await need_and_pledge(gql, world, item_quantity=10, pledge_quantity=10)
    for _ in range(6):
        await propose(gql, world, need, offer, 1)
    await relay_once(db, redis, stream=stream)
    await register(gql, world, f"{base}/fast", ["match.PROPOSED"])
    for _ in range(2):
        await propose(gql, world, need, offer, 1)
    await relay_once(db, redis, stream=stream)
    # Batches of 4 served 2 at a time: each partner has 2 places first.
    policy = replace(LOCAL, timeout_seconds=5, batch=4, concurrency=2)

    assert await deliver_due(db, partner_http, policy) == 4

    paths = [r.path for r in receiver.requests]
    assert (paths.count("/fast"), paths.count("/slow")) == (2, 2)


async def test_a_delivery_taken_over_after_its_claim_lapsed_is_not_sent_again(
    gql: GraphQLClient,
    world: World,
    db: Database,
    redis: Redis,
    stream: str,
    receiver: Receiver,
    partner_http: httpx.AsyncClient,
) -> None:
    # A slow partner's first delivery outlived the claim on its second; another process took
    # the second over and sent it, then the first process sent it again and recorded its count
    # over the other's (a probe with two workers saw deliveries sent 5 to 6 times).
    receiver.hold_first = threading.Event()
    await register(gql, world, receiver.url, ["match.PROPOSED"])
    need, offer = await need_and_pledge(gql, world)
    await propose(gql, world, need, offer, 1)
    await propose(gql, world, need, offer, 1)
    await relay_once(db, redis, stream=stream)

    first_call = asyncio.create_task(deliver_due(db, partner_http, LOCAL))
    for _ in range(200):  # until the first delivery is on its way and held there
        if receiver.requests:
            break
        await asyncio.sleep(0.02)
    async with db.read() as session:
        leases = list(
            await session.scalars(
                select(col(WebhookDelivery.next_attempt_at)).order_by(col(WebhookDelivery.id))
            )
        )
    assert leases[0] is not None and leases[1] is not None and leases[0] > leases[1]
    # Another process, once the second's claim has lapsed (and the first's, renewed, not).
    second_call = await deliver_due(db, partner_http, LOCAL, now=leases[1])
    receiver.hold_first.set()
    first = await first_call

    assert (first, second_call) == (1, 1)
    sent = [r.headers["x-hope-delivery-id"] for r in receiver.requests]
    assert len(sent) == 2 and len(set(sent)) == 2
    log = await log_of(gql, world.store_admin)
    assert [(d["status"], d["attemptCount"]) for d in log] == [("DELIVERED", 1)] * 2


async def test_a_party_sees_and_replays_only_its_own_deliveries(
    gql: GraphQLClient,
    world: World,
    db: Database,
    redis: Redis,
    stream: str,
    receiver: Receiver,
    partner_http: httpx.AsyncClient,
) -> None:
    await register(gql, world, receiver.url)
    await approved_match(gql, world)
    await relay_once(db, redis, stream=stream)
    await deliver_due(db, partner_http, LOCAL)
    own = await log_of(gql, world.store_admin)
    assert len(own) == 3

    assert await log_of(gql, world.enterprise_admin) == []
    assert await log_of(gql, world.outsider) == []
    assert len(await log_of(gql, world.platform_admin)) == 3
    assert (await gql.data("Webhooks", {}, user=world.enterprise_admin))["webhooks"] == []
    foreign_replay = await gql.op(
        "ReplayWebhookDelivery", {"input": {"id": own[0]["id"]}}, user=world.enterprise_admin
    )
    assert foreign_replay["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    anonymous = await gql.op("WebhookDeliveries", {"first": 10})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_only_the_partys_admins_register_and_only_for_its_own_events(
    gql: GraphQLClient,
    world: World,
    db: Database,
    redis: Redis,
    stream: str,
    receiver: Receiver,
) -> None:
    stranger = await gql.op(
        "RegisterWebhook",
        {"input": {"partyId": world.store_id, "url": receiver.url, "eventTypes": ["*"]}},
        user=world.enterprise_admin,
    )
    assert stranger["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    bad = await gql.data(
        "RegisterWebhook",
        {
            "input": {
                "partyId": world.enterprise_id,
                "url": "ftp://partner.example/hook",
                "eventTypes": ["match.MAYBE", "match.*"],
            }
        },
        user=world.enterprise_admin,
    )
    assert {(e["field"], e["code"]) for e in bad["registerWebhook"]["errors"]} == {
        ("url", "INVALID")
    }
    types = await gql.data(
        "RegisterWebhook",
        {
            "input": {
                "partyId": world.enterprise_id,
                "url": receiver.url,
                "eventTypes": ["match.MAYBE", "match.*"],
            }
        },
        user=world.enterprise_admin,
    )
    assert [(e["field"], e["code"]) for e in types["registerWebhook"]["errors"]] == [
        ("eventTypes.0", "INVALID")
    ]
    # The enterprise's webhook for every event gets none of the store's match.
    await gql.data(
        "RegisterWebhook",
        {"input": {"partyId": world.enterprise_id, "url": receiver.url, "eventTypes": ["*"]}},
        user=world.enterprise_admin,
    )
    await approved_match(gql, world)
    await relay_once(db, redis, stream=stream)
    assert await count_rows(db, "webhook_delivery") == 0
    assert await count_rows(db, "webhook_subscription") == 1


async def test_a_receiver_answering_without_end_is_not_waited_for(
    gql: GraphQLClient,
    world: World,
    db: Database,
    redis: Redis,
    stream: str,
    receiver: Receiver,
    partner_http: httpx.AsyncClient,
) -> None:
    # The body used to be read to its end: an endless one held the delivery (and the memory)
    # for good, since each piece came well within the read timeout.
    receiver.status, receiver.endless = 200, True
    await register(gql, world, receiver.url, ["match.APPROVED"])
    await approved_match(gql, world)
    await relay_once(db, redis, stream=stream)

    assert await asyncio.wait_for(deliver_due(db, partner_http, LOCAL), timeout=5) == 1
    [delivered] = await log_of(gql, world.store_admin)
    assert (delivered["status"], delivered["lastResponseCode"]) == ("DELIVERED", 200)


async def test_a_deleted_webhook_gets_nothing_more(
    gql: GraphQLClient,
    world: World,
    db: Database,
    redis: Redis,
    stream: str,
    receiver: Receiver,
    partner_http: httpx.AsyncClient,
) -> None:
    registered = await register(gql, world, receiver.url)
    need, offer = await need_and_pledge(gql, world)
    await propose(gql, world, need, offer, 1)
    await relay_once(db, redis, stream=stream)
    deleted = await gql.data(
        "DeleteWebhook", {"input": {"id": registered["webhook"]["id"]}}, user=world.store_admin
    )
    assert deleted["deleteWebhook"]["webhook"]["active"] is False
    await propose(gql, world, need, offer, 1)
    await relay_once(db, redis, stream=stream)

    assert await deliver_due(db, partner_http, LOCAL) == 0
    assert receiver.requests == []
    [dead] = await log_of(gql, world.store_admin)
    assert (dead["status"], dead["lastError"]) == ("DEAD", "The webhook was deleted.")
    refused = await gql.data(
        "ReplayWebhookDelivery", {"input": {"id": dead["id"]}}, user=world.store_admin
    )
    assert refused["replayWebhookDelivery"]["errors"][0]["code"] == "STALE"


async def test_a_webhook_whose_url_cannot_be_sent_to_fails_alone(
    gql: GraphQLClient,
    world: World,
    db: Database,
    redis: Redis,
    stream: str,
    receiver: Receiver,
    partner_http: httpx.AsyncClient,
) -> None:
    # Registered before registration refused such URLs: the client raised on it, outside the
    # errors a delivery expected, and the whole batch (every partner's) stayed undelivered.
    broken = await register(gql, world, receiver.url)
    working = await register(gql, world, receiver.url.replace("/hooks/", "/other/"))
    async with db.transaction() as session:
        await session.execute(
            text("UPDATE webhook_subscription SET url = :url WHERE id = :id"),
            {"url": "http://😀.com/hook", "id": int(from_global_id(broken["webhook"]["id"])[1])},
        )
    need, offer = await need_and_pledge(gql, world)
    await propose(gql, world, need, offer, 1)
    await relay_once(db, redis, stream=stream)

    assert await deliver_due(db, partner_http, LOCAL) == 2

    assert [r.headers["x-hope-event-type"] for r in receiver.requests] == ["match.PROPOSED"]
    log = {d["webhookId"]: d for d in await log_of(gql, world.store_admin)}
    delivered = log[working["webhook"]["id"]]
    assert (delivered["status"], delivered["attemptCount"]) == ("DELIVERED", 1)
    failed = log[broken["webhook"]["id"]]
    assert (failed["status"], failed["attemptCount"]) == ("PENDING", 1)
    assert failed["lastError"].startswith("InvalidURL")
    assert await deliver_due(db, partner_http, LOCAL) == 0


async def test_a_delivery_connects_to_the_address_it_checked(
    gql: GraphQLClient,
    world: World,
    db: Database,
    redis: Redis,
    stream: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The name was checked, then resolved again to connect: a name whose records change
    # in between (DNS rebinding) passed the check and reached an internal address.
    answers = iter([["93.184.216.34"], ["127.0.0.1"], ["10.0.0.7", "93.184.216.34"]])
    looked_up: list[str] = []

    async def rebinding(host: str, port: int) -> list[str]:
        looked_up.append(f"{host}:{port}")
        return next(answers)

    monkeypatch.setattr(webhooks, "resolve", rebinding, raising=False)
    sent: list[httpx.Request] = []

    def partner(request: httpx.Request) -> httpx.Response:  # the network, as the partner
        sent.append(request)
        return httpx.Response(204)

    public = WebhookPolicy(allow_private_addresses=False, max_attempts=3, backoff_seconds=10)
    await register(gql, world, "https://partner.example:8443/hope", ["match.APPROVED"])
    await approved_match(gql, world)
    await relay_once(db, redis, stream=stream)
    async with httpx.AsyncClient(transport=httpx.MockTransport(partner)) as http:
        first = await deliver_due(db, http, public)
        [delivered] = await log_of(gql, world.store_admin)
        replayed = await gql.data(
            "ReplayWebhookDelivery", {"input": {"id": delivered["id"]}}, user=world.store_admin
        )
        await deliver_due(db, http, public)
        replay = replayed["replayWebhookDelivery"]["delivery"]
        mixed = await gql.data(
            "ReplayWebhookDelivery", {"input": {"id": delivered["id"]}}, user=world.store_admin
        )
        await deliver_due(db, http, public)

    assert first == 1 and delivered["status"] == "DELIVERED"
    [request] = sent
    assert str(request.url) == "https://93.184.216.34:8443/hope"
    assert request.headers["host"] == "partner.example:8443"
    assert request.extensions["sni_hostname"] == "partner.example"
    assert looked_up == ["partner.example:8443"] * 3
    log = {d["id"]: d for d in await log_of(gql, world.store_admin)}
    for attempt in (replay, mixed["replayWebhookDelivery"]["delivery"]):
        assert log[attempt["id"]]["status"] == "PENDING"
        assert (
            log[attempt["id"]]["lastError"] == "The URL resolves to an address that is not public."
        )


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.5/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://metadata.internal/hook",
        "https://user:pw@partner.example/hook",
        "javascript:alert(1)",
        "http:///nohost",
        # Loopback in the shorter forms resolvers take.
        "http://127.1/hook",
        "http://2130706433/hook",
        "http://0x7f000001/hook",
        # Multicast: "global" to Python, but every listener of the group on the network.
        "http://224.0.0.1/hook",
        "http://239.255.255.250:1900/hook",
        # What the client that delivers cannot send to (it stopped every partner's deliveries).
        "http://😀.com/hook",
        "http://partner.example/hook\nX-Injected: 1",
        "http://93.184.216.34/hook\x01",
        "http://exa mple.com/hook",
    ],
)
def test_production_refuses_internal_or_malformed_webhook_urls(url: str) -> None:
    with pytest.raises(DomainError):
        check_url(url, allow_private=False)


def test_production_accepts_a_public_webhook_url() -> None:
    assert check_url(" https://partner.example.org/hope ", allow_private=False) == (
        "https://partner.example.org/hope"
    )
    assert check_url("http://93.184.216.34:8080/h", allow_private=False)


def test_backoff_doubles_up_to_its_cap() -> None:
    policy = WebhookPolicy(backoff_seconds=10, max_backoff_seconds=60)
    assert [policy.pause_after(n).total_seconds() for n in range(1, 6)] == [10, 20, 40, 60, 60]
