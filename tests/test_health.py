"""Health and readiness probes."""

from __future__ import annotations

import time

import httpx
from conftest import GraphQLClient

from ecosystem.app import create_app
from ecosystem.settings import Settings


async def test_healthz_says_the_process_is_alive(gql: GraphQLClient) -> None:
    response = await gql.http.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_reports_database_and_redis(gql: GraphQLClient) -> None:
    response = await gql.http.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "database": "ok", "redis": "ok"}


async def test_readyz_names_a_dead_redis_quickly(settings: Settings) -> None:
    dead = settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})
    app = create_app(dead)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        started = time.monotonic()
        response = await client.get("/readyz")
        elapsed = time.monotonic() - started
        regions = (await client.post("/graphql", json={"query": "{ regions { code } }"})).json()
    await app.state.db.dispose()

    assert response.status_code == 503
    assert response.json() == {"status": "not ready", "database": "ok", "redis": "unreachable"}
    assert elapsed < 1.0
    assert len(regions["data"]["regions"]) == 31


async def test_readyz_names_an_unreachable_database(settings: Settings, tmp_path: object) -> None:
    broken = settings.model_copy(
        update={"database_url": "postgresql+asyncpg://nobody@127.0.0.1:1/none"}
    )
    app = create_app(broken)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        response = await client.get("/readyz")
        query = await client.post("/graphql", json={"query": "{ regions { code } }"})
    await app.state.db.dispose()

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert query.status_code == 200
    # Retryable, and said so: the database is away, the request was not at fault.
    assert query.json()["errors"][0]["extensions"]["code"] == "UNAVAILABLE"
    assert query.json()["errors"][0]["message"] == (
        "The database cannot be reached; try again shortly."
    )
    assert "asyncpg" not in query.text and "127.0.0.1" not in query.text
