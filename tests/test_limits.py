"""Query and websocket limits, introspection and suggestions in production, and masking of
unexpected errors."""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets
from conftest import (
    OPERATIONS,
    TEST_USER_HEADER,
    GraphQLClient,
    World,
    authenticate_from_test_header,
    count_rows,
    free_port,
    serving,
    websocket_transport,
)
from httpx_ws import aconnect_ws
from test_needs import water_need
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import InvalidStatus
from websockets.typing import Subprotocol

from ecosystem.app import create_app
from ecosystem.database import Database
from ecosystem.settings import Environment, Settings


async def test_too_deep_query_is_refused(gql: GraphQLClient) -> None:
    deep = "{ regions { " + "parent { " * 10 + "code" + " }" * 10 + " } }"
    body = await gql.raw(deep)
    assert body["data"] is None
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]


async def test_too_many_aliases_are_refused(gql: GraphQLClient) -> None:
    aliases = " ".join(f"a{i}: regions {{ code }}" for i in range(20))
    body = await gql.raw(f"{{ {aliases} }}")
    assert "aliases" in body["errors"][0]["message"].lower()


async def test_too_many_tokens_are_refused(gql: GraphQLClient) -> None:
    fields = " ".join("code" for _ in range(2500))
    body = await gql.raw(f"{{ regions {{ {fields} }} }}")
    assert "token" in body["errors"][0]["message"].lower()


async def test_several_operations_need_a_name_and_run_only_that_one(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    before = await count_rows(db, "need")
    document = OPERATIONS["PostNeed"] + "\nquery Regions { regions { code } }"
    variables = {"input": water_need(world.school_id)}
    unnamed = await gql.http.post(
        "/graphql",
        json={"query": document, "variables": variables},
        headers={TEST_USER_HEADER: str(world.principal)},
    )
    needs_after_unnamed = await count_rows(db, "need")
    named = await gql.http.post(
        "/graphql",
        json={"query": document, "variables": variables, "operationName": "Regions"},
        headers={TEST_USER_HEADER: str(world.principal)},
    )

    assert unnamed.status_code == 200
    [error] = unnamed.json()["errors"]
    assert unnamed.json()["data"] is None
    assert (
        error["message"] == "The document holds 2 operations; name the one to run in operationName."
    )
    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": "operationName",
        "reason": "REQUIRED",
    }
    assert needs_after_unnamed == before
    assert "regions" in named.json()["data"]


async def test_mutation_over_get_is_refused(gql: GraphQLClient) -> None:
    response = await gql.http.get(
        "/graphql",
        params={"query": 'mutation { cancelNeed(input: {id: "x"}) { errors { code } } }'},
    )
    assert response.status_code == 400
    assert "not allowed" in response.text.lower()


@pytest.fixture
async def production(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    prod = settings.model_copy(
        update={"environment": Environment.PRODUCTION, "secret_key": "s" * 40}
    )
    app = create_app(prod, authenticate=authenticate_from_test_header)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        yield client
    await app.state.db.dispose()


async def test_production_turns_introspection_and_suggestions_off(
    production: httpx.AsyncClient,
) -> None:
    introspection = (
        await production.post("/graphql", json={"query": "{ __schema { types { name } } }"})
    ).json()
    typo = (await production.post("/graphql", json={"query": "{ regoins { code } }"})).json()
    # Arguments, enum values and input fields: graphql-core suggests these on its own.
    near_misses = [
        (await production.post("/graphql", json=body)).json()
        for body in (
            {"query": "{ needs(firs: 1) { edges { cursor } } }"},
            {"query": "{ needs(first: 1, orderBy: NEWES) { edges { cursor } } }"},
            {
                "query": "query ($f: NeedFilter) { needs(filter: $f) { edges { cursor } } }",
                "variables": {"f": {"statu": ["OPEN"]}},
            },
        )
    ]
    ide = await production.get("/graphql", headers={"accept": "text/html"})

    assert introspection["data"] is None
    assert "introspection" in introspection["errors"][0]["message"].lower()
    assert "Did you mean" not in typo["errors"][0]["message"]
    for answer in near_misses:
        assert answer["errors"], answer
        assert "Did you mean" not in json.dumps(answer), answer
    assert ide.status_code != 200 or "graphiql" not in ide.text.lower()


async def test_production_subscriptions_suggest_nothing_either(settings: Settings) -> None:
    prod = settings.model_copy(
        update={"environment": Environment.PRODUCTION, "secret_key": "s" * 40}
    )
    app = create_app(prod, authenticate=authenticate_from_test_header)
    transport = websocket_transport(app)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
        aconnect_ws("/graphql", client, subprotocols=["graphql-transport-ws"]) as ws,
    ):
        await ws.send_json({"type": "connection_init"})
        assert (await ws.receive_json())["type"] == "connection_ack"
        query = 'subscription { matchEvents(regionCod: "37") { type } }'
        await ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": query}})
        refused = await ws.receive_json()
    await app.state.db.dispose()

    assert refused["type"] == "error", refused
    assert "regionCod" in json.dumps(refused)
    assert "Did you mean" not in json.dumps(refused), refused


async def test_development_suggests_field_names(gql: GraphQLClient) -> None:
    typo = await gql.raw("{ regoins { code } }")
    assert "Did you mean" in typo["errors"][0]["message"]


def test_production_refuses_the_default_secret() -> None:
    with pytest.raises(ValueError, match="SECRET_KEY"):
        Settings(environment=Environment.PRODUCTION)


async def test_unexpected_failure_is_masked(
    gql: GraphQLClient,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from ecosystem.needs import service

    async def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("password=hunter2 SELECT * FROM secrets")

    monkeypatch.setattr(service, "post_need", broken)
    body = await gql.op("PostNeed", {"input": water_need(world.school_id)}, user=world.principal)

    assert body["errors"] == [
        {
            "message": "Unexpected error.",
            "locations": [{"line": 2, "column": 3}],
            "path": ["postNeed"],
            "extensions": {"code": "INTERNAL_SERVER_ERROR"},
        }
    ]
    assert "hunter2" not in str(body)
    # Logged once, with the cause, for whoever runs the server.
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert errors[0].exc_info is not None and "hunter2" in str(errors[0].exc_info[1])


async def test_refusals_are_answers_and_are_not_logged_as_errors(
    gql: GraphQLClient, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    from test_bad_input import pledge

    forbidden = await gql.op("PostPledge", {"input": pledge(world.store_id)}, user=world.principal)
    anonymous = await gql.op("PostPledge", {"input": pledge(world.store_id)})
    bad_input = await gql.op(
        "PostPledge", {"input": pledge(world.store_id, quantity=0)}, user=world.store_admin
    )
    malformed = await gql.raw("{ regions { code ")

    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert bad_input["data"]["postPledge"]["errors"][0]["code"] == "OUT_OF_RANGE"
    assert malformed["errors"][0]["message"].startswith("Syntax Error")
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_mutations_past_the_rate_limit_are_refused_with_retry_after(
    settings: Settings, world: World
) -> None:
    limited = settings.model_copy(update={"mutation_rate_per_minute": 2})
    app = create_app(limited, authenticate=authenticate_from_test_header)
    # An address of its own (only a value in the ASGI scope), so other tests' counts don't add up.
    transport = httpx.ASGITransport(app=app, client=("192.0.2.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        responses = [
            await client.post(
                "/graphql",
                json={
                    "query": OPERATIONS["PostNeed"],
                    "variables": {"input": water_need(world.school_id, title=f"第{n}个")},
                },
                headers={TEST_USER_HEADER: str(world.principal)},
            )
            for n in range(3)
        ]
    await app.state.redis.aclose()
    await app.state.db.dispose()

    assert [r.status_code for r in responses] == [200, 200, 429]
    refused = responses[2].json()
    assert refused["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert int(responses[2].headers["retry-after"]) > 0
    assert await count_rows(app.state.db, "need") == 2


async def test_one_address_may_hold_only_so_many_websockets(
    database_url: str, tmp_path: Path
) -> None:
    # Each websocket costs the server a task and buffers: one address opening thousands could
    # wear the process down, so the fourth from one address is refused until one closes.
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "ENVIRONMENT": "test",
        "WEBSOCKETS_PER_ADDRESS": "3",
    }
    env.pop("REDIS_URL", None)
    port = free_port()
    url = f"ws://127.0.0.1:{port}/graphql"

    def open_from(address: str) -> Any:
        return websockets.connect(
            url, subprotocols=[Subprotocol("graphql-transport-ws")], local_addr=(address, 0)
        )

    async def acknowledged(ws: ClientConnection) -> bool:
        await ws.send(json.dumps({"type": "connection_init"}))
        return bool(json.loads(await ws.recv())["type"] == "connection_ack")

    with serving(env, tmp_path, port) as (_, log_path):
        async with contextlib.AsyncExitStack() as stack:
            first = [await stack.enter_async_context(open_from("127.0.0.1")) for _ in range(3)]
            with pytest.raises(InvalidStatus) as refused:
                await stack.enter_async_context(open_from("127.0.0.1"))
            # Another address is counted apart.
            other = await stack.enter_async_context(open_from("127.0.0.2"))
            answered = [await acknowledged(ws) for ws in [*first, other]]
            await first[0].close()
            again = await stack.enter_async_context(open_from("127.0.0.1"))
            answered.append(await acknowledged(again))

    assert answered == [True] * 5
    assert refused.value.response.status_code == 429
    error = json.loads(refused.value.response.body)["errors"][0]
    assert error["extensions"]["code"] == "TOO_MANY_CONNECTIONS"
    assert "3 open websockets" in error["message"]
    # A refusal is an answer, not a server error: uvicorn's default websocket protocol logged
    # "ASGI callable returned without completing handshake" at ERROR for each.
    assert "ERROR" not in log_path.read_text()


async def test_a_client_gone_mid_request_is_no_server_error(
    app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # A page left while its POST was still being read: uvicorn logged "Exception in ASGI
    # application" with a traceback for each.
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", b"application/json"),
            (b"content-length", b"40"),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    with caplog.at_level(logging.ERROR):
        await app(scope, receive, send)

    assert [m["status"] for m in sent if m["type"] == "http.response.start"] == [400]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
