"""Test fixtures: a migrated database (SQLite by default, PostgreSQL when TEST_DATABASE_URL is
set), the app over HTTP, and parties built through the services.

Subjects are chosen by a test-only authenticator reading the ``X-Test-User`` header. It lives
here, in the tests, and nowhere in the application: production has no way to set a subject
from a header or parameter.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from httpx_ws.transport import ASGIWebSocketTransport
from sqlalchemy import text
from sqlalchemy.engine import make_url
from starlette.requests import HTTPConnection

from ecosystem.access.service import load_subject
from ecosystem.access.subject import Subject
from ecosystem.api.relay import to_global_id
from ecosystem.app import create_app
from ecosystem.database import Database, create_engine
from ecosystem.migrations import upgrade
from ecosystem.parties import service as parties
from ecosystem.parties.models import Party, PartyKind, PovertyTier, Role, SchoolProfile
from ecosystem.settings import Environment, Settings

MARKETPLACE_ZONE = "Asia/Shanghai"
# The tests' own dates (date.today()) are the marketplace's calendar, as the server's are
# (TIME_ZONE), whatever zone this machine's clock runs in.
os.environ["TZ"] = MARKETPLACE_ZONE
time.tzset()

REPO = Path(__file__).resolve().parent.parent
OPERATIONS_DIR = REPO / "graphql" / "operations"
TEST_USER_HEADER = "X-Test-User"
# Every table but the regions, children before parents.
DATA_TABLES = [
    "webhook_delivery",
    "webhook_subscription",
    "outbox_event",
    "ledger_entry",
    "ledger_checkpoint",
    "ledger_head",
    "idempotency_record",
    "unfunded_item",
    "story_match",
    "story",
    "evidence",
    "receipt",
    "delivery",
    "match_fulfilment",
    "match",
    "matching_run",
    "invitation",
    "status_change",
    "need_item",
    "need",
    "pledge",
    "membership",
    "school_profile",
    "party",
    "app_user",
]


def _database_url(tmp_dir: Path) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite+aiosqlite:///{tmp_dir / 'test.db'}"


def _reset_postgres_schema(url: str) -> None:
    import asyncio

    async def reset() -> None:
        engine = create_engine(url)
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
        await engine.dispose()

    asyncio.run(reset())


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = _database_url(tmp_path_factory.mktemp("db"))
    if make_url(url).get_backend_name() == "postgresql":
        _reset_postgres_schema(url)
    upgrade(url)
    return url


def _flush_test_redis(url: str) -> None:
    """TEST_REDIS_URL names a database for the tests alone; start it empty."""
    import asyncio

    from redis.asyncio import Redis

    async def flush() -> None:
        client = Redis.from_url(url)
        await client.flushdb()
        await client.aclose()

    asyncio.run(flush())


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    if os.environ.get("TEST_REDIS_URL"):
        _flush_test_redis(os.environ["TEST_REDIS_URL"])
    return Settings(
        environment=Environment.TEST,
        time_zone=MARKETPLACE_ZONE,
        database_url=database_url,
        redis_url=os.environ.get("TEST_REDIS_URL") or None,
        frontend_dist=Path("/nonexistent"),
        # The suite sends many mutations from one address; the limits have tests of their own.
        mutation_rate_per_minute=1_000_000,
        login_rate_per_minute=1_000_000,
        # On a real Redis too, the test server runs the matching jobs it queues.
        worker_in_process=True,
    )


async def authenticate_from_test_header(request: HTTPConnection, db: Database) -> Subject | None:
    user_id = request.headers.get(TEST_USER_HEADER)
    if user_id is None:
        return None
    async with db.read() as session:
        return await load_subject(session, int(user_id))


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[Any]:
    application = create_app(settings, authenticate=authenticate_from_test_header)
    yield application
    await application.state.scheduler.stop()
    await application.state.jobs.stop()
    await application.state.live.close()
    await application.state.redis.aclose()
    await application.state.db.dispose()


@pytest.fixture(scope="session")
def db(app: Any) -> Database:
    return app.state.db


@pytest.fixture(autouse=True)
async def clean_tables(db: Database) -> AsyncIterator[None]:
    yield
    async with db.transaction() as session:
        for table in DATA_TABLES:
            await session.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
async def http(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


def _load_operations() -> dict[str, str]:
    documents = {}
    for path in sorted(OPERATIONS_DIR.glob("*.graphql")):
        documents[path.stem] = path.read_text(encoding="utf-8")
    return documents


OPERATIONS = _load_operations()


@dataclass
class GraphQLClient:
    """Sends the named operations of graphql/operations/ over HTTP, as a given user."""

    http: httpx.AsyncClient

    async def raw(
        self, query: str, variables: dict[str, Any] | None = None, *, user: int | None = None
    ) -> dict[str, Any]:
        headers = {"content-type": "application/json"}
        if user is not None:
            headers[TEST_USER_HEADER] = str(user)
        # Escaped to ASCII as JSON allows, so a lone surrogate goes as "\ud800" (httpx's own
        # encoding writes UTF-8, which cannot hold one).
        body = json.dumps({"query": query, "variables": variables or {}})
        response = await self.http.post("/graphql", content=body, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    async def op(
        self, name: str, variables: dict[str, Any] | None = None, *, user: int | None = None
    ) -> dict[str, Any]:
        return await self.raw(OPERATIONS[name], variables, user=user)

    async def data(
        self, name: str, variables: dict[str, Any] | None = None, *, user: int | None = None
    ) -> dict[str, Any]:
        body = await self.op(name, variables, user=user)
        assert "errors" not in body, body["errors"]
        return body["data"]


@pytest.fixture
def gql(http: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(http)


@dataclass
class World:
    """Two schools in two counties, their principals, and two donor parties with admins."""

    school: int
    school_id: str
    other_school: int
    other_school_id: str
    principal: int
    other_principal: int
    store: int
    store_id: str
    enterprise: int
    enterprise_id: str
    store_admin: int
    enterprise_admin: int
    outsider: int
    county_official: int
    other_county_official: int
    provincial_official: int
    platform_admin: int


async def _user(session: Any, name: str) -> int:
    user = await parties.ensure_user(
        session, issuer="urn:test", subject=name, name=name, email=None
    )
    assert user.id is not None
    return user.id


@pytest.fixture
async def world(db: Database) -> World:
    async with db.transaction() as session:
        school = await parties.create_party(
            session,
            Party(
                kind=PartyKind.SCHOOL,
                name="肥城市边院镇希望小学",
                region_code="370983",
                latitude=36.1,
                longitude=116.6,
            ),
            SchoolProfile(
                party_id=0,
                town="边院镇",
                students=420,
                left_behind_children=120,
                hope_school=True,
                poverty_tier=PovertyTier.PROVINCIAL,
            ),
        )
        other = await parties.create_party(
            session,
            Party(
                kind=PartyKind.SCHOOL,
                name="三江侗族自治县希望小学",
                region_code="450226",
                latitude=25.8,
                longitude=109.6,
            ),
            SchoolProfile(
                party_id=0,
                students=300,
                left_behind_children=200,
                hope_school=True,
                poverty_tier=PovertyTier.NATIONAL,
            ),
        )
        store = await parties.create_party(
            session,
            Party(
                kind=PartyKind.SPECIALTY_STORE,
                name="泰安特产店",
                region_code="370983",
                latitude=36.2,
                longitude=116.7,
                service_radius_km=50,
            ),
        )
        enterprise = await parties.create_party(
            session, Party(kind=PartyKind.ENTERPRISE, name="合作企业", region_code="370902")
        )
        principal = await _user(session, "principal")
        other_principal = await _user(session, "other-principal")
        store_admin = await _user(session, "store-admin")
        enterprise_admin = await _user(session, "enterprise-admin")
        outsider = await _user(session, "outsider")
        feicheng = await parties.create_party(
            session, Party(kind=PartyKind.GOVERNMENT, name="肥城市人民政府", region_code="370983")
        )
        sanjiang = await parties.create_party(
            session,
            Party(kind=PartyKind.GOVERNMENT, name="三江侗族自治县人民政府", region_code="450226"),
        )
        shandong = await parties.create_party(
            session, Party(kind=PartyKind.GOVERNMENT, name="山东省人民政府", region_code="37")
        )
        platform = await parties.create_party(
            session, Party(kind=PartyKind.NGO, name="平台运营方", region_code="11")
        )
        county_official = await _user(session, "county-official")
        other_county_official = await _user(session, "other-county-official")
        provincial_official = await _user(session, "provincial-official")
        platform_admin = await _user(session, "platform-admin")
        assert school.id and other.id and store.id and enterprise.id
        assert feicheng.id and sanjiang.id and shandong.id and platform.id
        for user_id, party_id, role in (
            (county_official, feicheng.id, Role.GOV_OFFICIAL),
            (other_county_official, sanjiang.id, Role.GOV_OFFICIAL),
            (provincial_official, shandong.id, Role.GOV_OFFICIAL),
            (platform_admin, platform.id, Role.PLATFORM_ADMIN),
        ):
            await parties.grant_role(session, user_id=user_id, party_id=party_id, role=role)
        await parties.grant_role(
            session, user_id=principal, party_id=school.id, role=Role.PRINCIPAL
        )
        await parties.grant_role(
            session, user_id=other_principal, party_id=other.id, role=Role.PRINCIPAL
        )
        await parties.grant_role(
            session, user_id=store_admin, party_id=store.id, role=Role.DONOR_ADMIN
        )
        await parties.grant_role(
            session, user_id=enterprise_admin, party_id=enterprise.id, role=Role.DONOR_ADMIN
        )
    return World(
        school=school.id,
        school_id=to_global_id("School", school.id),
        other_school=other.id,
        other_school_id=to_global_id("School", other.id),
        principal=principal,
        other_principal=other_principal,
        store=store.id,
        store_id=to_global_id("Party", store.id),
        enterprise=enterprise.id,
        enterprise_id=to_global_id("Party", enterprise.id),
        store_admin=store_admin,
        enterprise_admin=enterprise_admin,
        outsider=outsider,
        county_official=county_official,
        other_county_official=other_county_official,
        provincial_official=provincial_official,
        platform_admin=platform_admin,
    )


async def count_rows(db: Database, table: str) -> int:
    async with db.read() as session:
        return int((await session.execute(text(f"SELECT COUNT(*) FROM {table}"))).scalar_one())


async def snapshot(db: Database) -> dict[str, int]:
    """Row counts of every data table, to assert that nothing was written."""
    return {table: await count_rows(db, table) for table in DATA_TABLES}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(
    env: dict[str, str], cwd: Path, port: int
) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    """`ecosystem serve` on ``port`` in a process of its own, once it answers ``/healthz``, and
    the path of its log. Still running at the end, it is sent SIGTERM, and killed after 15 s."""
    log_path = cwd / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "ecosystem.cli", "serve", "--port", str(port)],
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server exited:\n{log_path.read_text()}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not start:\n{log_path.read_text()}")
            time.sleep(0.2)
        yield process, log_path
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def websocket_transport(app: Any) -> ASGIWebSocketTransport:
    """An in-process transport for websockets to ``app``. The app has 10 s to accept a
    handshake, not the library's 1 s: on a busy 2-core machine a handshake that signs in
    through the database and Redis took longer, and CI failed on it."""
    return ASGIWebSocketTransport(app=app, initial_receive_timeout=10.0)
