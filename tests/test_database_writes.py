"""A database that cannot take writes (full disk, read-only file or server) is a clear, retryable
UNAVAILABLE that writes nothing, and /readyz says so, not an "Unexpected error" beside a ready
server. Each test runs an app of its own on a SQLite file of its own, whichever database the
suite runs on: SQLite's full and read-only conditions can be made without being root."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import TEST_USER_HEADER, World, authenticate_from_test_header
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from test_needs import water_need

from ecosystem.api.relay import to_global_id
from ecosystem.app import create_app
from ecosystem.database import Database
from ecosystem.migrations import upgrade
from ecosystem.parties import service as parties
from ecosystem.parties.models import Party, PartyKind, PovertyTier, Role, SchoolProfile
from ecosystem.settings import Settings

CANNOT_SAVE = "The database cannot save changes right now; try again later."
POST_NEED = """
mutation PostNeed($input: PostNeedInput!) {
  postNeed(input: $input) { need { id } errors { field message code } }
}
"""


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file built by the migrations, copied by each test."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture
def database_file(migrated: Path, tmp_path: Path) -> Path:
    path = tmp_path / "own.db"
    shutil.copy(migrated, path)
    return path


@asynccontextmanager
async def app_on(
    settings: Settings, path: Path, *pragmas: str
) -> AsyncIterator[tuple[httpx.AsyncClient, Database, Callable[[], Awaitable[None]]]]:
    """An app on the SQLite file at ``path``, its database, and a switch that runs ``pragmas``
    on every connection from then on (those open before are closed)."""
    app = create_app(
        settings.model_copy(update={"database_url": f"sqlite+aiosqlite:///{path}"}),
        authenticate=authenticate_from_test_header,
    )
    db: Database = app.state.db

    def on_connect(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        for pragma in pragmas:
            cursor.execute(pragma)
        cursor.close()

    async def switch() -> None:
        event.listen(db.engine.sync_engine, "connect", on_connect)
        await db.dispose()

    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as client:
            yield client, db, switch
    finally:
        await app.state.redis.aclose()
        await db.dispose()


async def school_principal(db: Database) -> tuple[int, str]:
    """A school and its principal: the user id and the school's global id."""
    async with db.transaction() as session:
        school = await parties.create_party(
            session,
            Party(kind=PartyKind.SCHOOL, name="希望小学", region_code="370983"),
            SchoolProfile(party_id=0, students=100, poverty_tier=PovertyTier.PROVINCIAL),
        )
        user = await parties.ensure_user(
            session, issuer="urn:test", subject="principal", name="principal", email=None
        )
        assert school.id is not None and user.id is not None
        await parties.grant_role(session, user_id=user.id, party_id=school.id, role=Role.PRINCIPAL)
    return user.id, to_global_id("School", school.id)


async def post_need(client: httpx.AsyncClient, user: int, school_id: str) -> dict[str, Any]:
    response = await client.post(
        "/graphql",
        json={"query": POST_NEED, "variables": {"input": water_need(school_id)}},
        headers={TEST_USER_HEADER: str(user)},
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def rows(db: Database) -> dict[str, int]:
    async with db.read() as session:
        return {
            table: int((await session.execute(text(f"SELECT COUNT(*) FROM {table}"))).scalar_one())
            for table in ("need", "need_item", "status_change", "idempotency_record")
        }


def fingerprint(path: Path) -> dict[str, str]:
    """The bytes of the database file and its write-ahead log, as hashes."""
    return {
        name.name: hashlib.sha256(name.read_bytes()).hexdigest()
        for name in (path, path.with_name(path.name + "-wal"))
        if name.exists()
    }


def assert_cannot_save(body: dict[str, Any]) -> None:
    assert body["data"] is None, body
    assert body["errors"] == [
        {
            "message": CANNOT_SAVE,
            "locations": body["errors"][0]["locations"],
            "path": ["postNeed"],
            "extensions": {"code": "UNAVAILABLE"},
        }
    ]


async def test_a_full_database_refuses_a_mutation_as_unavailable_and_keeps_what_it_had(
    settings: Settings, database_file: Path
) -> None:
    # SQLite's max_page_count is a real "database or disk is full", reached as a disk fills.
    async with app_on(settings, database_file, "PRAGMA max_page_count=1") as (client, db, full):
        user, school_id = await school_principal(db)
        await full()
        body: dict[str, Any] = {}
        for _ in range(200):
            before = await rows(db)
            body = await post_need(client, user, school_id)
            if "errors" in body:
                break
            assert body["data"]["postNeed"]["errors"] == [], body
        else:
            pytest.fail("the database never filled up")

        assert_cannot_save(body)
        assert "INSERT" not in str(body) and "sqlite" not in str(body).lower()
        assert await rows(db) == before


async def test_a_read_only_database_refuses_mutations_and_readyz_says_so(
    settings: Settings, database_file: Path
) -> None:
    async with app_on(settings, database_file, "PRAGMA query_only=ON") as (client, db, read_only):
        user, school_id = await school_principal(db)
        ready = await client.get("/readyz")
        await read_only()
        before = await rows(db)

        body = await post_need(client, user, school_id)
        started = time.monotonic()
        probed = await client.get("/readyz")
        elapsed = time.monotonic() - started

        assert ready.json() == {"status": "ready", "database": "ok", "redis": "ok"}
        assert_cannot_save(body)
        assert await rows(db) == before
        assert probed.status_code == 503
        assert probed.json() == {"status": "not ready", "database": "read-only", "redis": "ok"}
        assert elapsed < 1.0


async def test_readyz_probes_writes_without_writing_nor_waiting_for_a_writer(
    settings: Settings, database_file: Path
) -> None:
    async with app_on(settings, database_file) as (client, db, _):
        user, school_id = await school_principal(db)
        await client.get("/readyz")
        before = fingerprint(database_file)

        probed = [await client.get("/readyz") for _ in range(3)]

        assert fingerprint(database_file) == before, "the probe wrote to the database"
        # Another process holds the write lock for longer than a probe may take.
        writer = sqlite3.connect(database_file, isolation_level=None)
        try:
            writer.execute("BEGIN IMMEDIATE")
            started = time.monotonic()
            during = await client.get("/readyz")
            elapsed = time.monotonic() - started
        finally:
            writer.execute("ROLLBACK")
            writer.close()
        # The probe's connection goes back to the pool waiting for locks as long as before.
        after = await post_need(client, user, school_id)

    assert [r.json()["database"] for r in probed] == ["ok"] * 3
    assert during.json() == {"status": "ready", "database": "ok", "redis": "ok"}
    assert elapsed < 1.0
    assert after["data"]["postNeed"]["errors"] == [], after


async def test_a_read_only_postgresql_refuses_mutations_and_readyz_says_so(
    settings: Settings, world: World
) -> None:
    # As a standby answers, or a database set default_transaction_read_only: SQLSTATE 25006.
    if make_url(settings.database_url).get_backend_name() != "postgresql":
        pytest.skip("PostgreSQL's read-only mode; the suite runs on SQLite")
    app = create_app(settings, authenticate=authenticate_from_test_header)
    db: Database = app.state.db

    def read_only(connection: Any, _record: Any) -> None:
        connection.run_async(lambda c: c.execute("SET default_transaction_read_only = on"))

    event.listen(db.engine.sync_engine, "connect", read_only)
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as client:
            before = await rows(db)
            body = await post_need(client, world.principal, world.school_id)
            probed = await client.get("/readyz")
            assert await rows(db) == before
    finally:
        await app.state.redis.aclose()
        await db.dispose()

    assert_cannot_save(body)
    assert probed.status_code == 503
    assert probed.json() == {"status": "not ready", "database": "read-only", "redis": "ok"}
