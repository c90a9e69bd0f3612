"""Read-path benchmark: the GraphQL `needs(first: 50)` query against a plain JSON endpoint.

What it measures
    With 100,000 open needs seeded on PostgreSQL, the `Needs` operation of
    graphql/operations/Needs.graphql (need fields, school with profile and region, region with
    parent, items) served by the real application, against a plain FastAPI endpoint defined
    here that returns the very same JSON (checked before measuring) from the same database with
    hand-written queries: one for the page, then one batched IN query each for the schools with
    their profiles, the regions with their parents, and the items.

    Each API runs in a uvicorn server of its own (one worker, a subprocess, real HTTP on
    127.0.0.1) with the same settings and connection pool. Concurrent clients in this process
    load them in alternating rounds (GraphQL, plain, GraphQL, ...) after a warm-up of each, so
    that drift of the machine hits both alike. Every response must be a 200 with a full page;
    one that is not fails the run. The report gives requests, requests/s, p50/p95/p99 latency
    for both, the GraphQL/plain ratio of requests/s, and whether the goals of the issue are met
    (ratio >= 0.5, GraphQL p95 <= 50 ms). Missing a goal is a result, not an error: the exit
    status is non-zero only when something went wrong.

    The load generator shares the machine's cores with both servers and PostgreSQL, so absolute
    figures understate what a server alone would do. The report therefore also gives the CPU
    time each server process spent per request (from /proc, on Linux), which other load on the
    machine hardly moves, and the load average before and after the run.

How to run (from the repository root, PostgreSQL reachable):
    python benchmarks/api_read.py
    python benchmarks/api_read.py --needs 100000 --clients 16 --rounds 6 --seconds-per-round 5

The database (default ``bench_api_read``, or BENCH_DATABASE_URL) is created, migrated and
seeded on first use; later runs reuse it. Seeding writes with COPY and takes seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

import asyncpg
import httpx
import uvicorn
from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse
from sqlalchemy import Row, Select, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import aliased
from sqlmodel import col

from ecosystem.api.relay import to_global_id
from ecosystem.app import create_app
from ecosystem.catalogue import Category
from ecosystem.database import create_engine
from ecosystem.migrations import upgrade
from ecosystem.needs.models import Need, NeedItem, NeedStatus, Urgency
from ecosystem.needs.service import NEED_ORDERINGS, NeedOrder
from ecosystem.pagination import encode_cursor
from ecosystem.parties.models import Party, PovertyTier, SchoolProfile
from ecosystem.regions.models import Region
from ecosystem.regions.service import read_region_file
from ecosystem.settings import Environment, Settings

if TYPE_CHECKING:
    AnyRow = Row[*tuple[Any, ...]]

REPO = Path(__file__).resolve().parent.parent
NEEDS_OPERATION = (REPO / "graphql" / "operations" / "Needs.graphql").read_text(encoding="utf-8")
DEFAULT_DATABASE_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/bench_api_read"

GOAL_RATIO = 0.5
GOAL_GRAPHQL_P95_MS = 50.0
HEALTH_TIMEOUT_SECONDS = 30.0
REQUEST_TIMEOUT_SECONDS = 30.0
ERROR_SAMPLES = 5

# The seed. A fixed random seed makes every fresh seeding alike but for its timestamps.
SEED = 2026
SCHOOLS = 1_000
# Bench schools are found again by this name prefix when a later run tops up the needs.
SCHOOL_PREFIX = "基准测试希望小学"
BENCH_ISSUER = "urn:hope:bench"
# Needs are spaced this far apart in time (plus jitter), newest first from the seeding moment.
NEED_SPACING_SECONDS = 13
NEWEST = NEED_ORDERINGS[NeedOrder.NEWEST]


@dataclass(frozen=True)
class _NeedTemplate:
    category: Category
    title: str
    story: str
    items: tuple[tuple[str, str, int], ...]  # description, unit, unit value in fen


TEMPLATES = (
    _NeedTemplate(
        Category.LIBRARY,
        "图书角：课外读物与书架",
        "学校有{students}名学生，图书室藏书陈旧，孩子们课后没有合适的读物。希望补充课外读物和书架。",
        (("儿童课外读物", "本", 2_500), ("实木书架", "个", 68_000), ("阅读坐垫", "个", 3_000)),
    ),
    _NeedTemplate(
        Category.DRINKING_WATER,
        "健康饮水：直饮净水设备",
        "学校{students}名学生课间饮水靠烧开水，水源未经深度净化。希望安装直饮净水设备。",
        (
            ("直饮净水机（含安装）", "台", 350_000),
            ("滤芯更换套装", "套", 48_000),
            ("水质检测", "次", 60_000),
        ),
    ),
    _NeedTemplate(
        Category.NUTRITION,
        "营养午餐：学生营养加餐",
        "学校有{students}名学生，不少是寄宿生和留守儿童。希望为孩子们补充牛奶、鸡蛋和水果。",
        (
            ("营养加餐（每生一学期）", "份", 36_000),
            ("保温餐桶", "个", 42_000),
            ("餐盘", "个", 1_800),
        ),
    ),
    _NeedTemplate(
        Category.SPORTS_ARTS,
        "体育美育：器材补充",
        "学校{students}名学生只有几个旧篮球。希望补充体育和美术器材，让孩子们课间动起来。",
        (("篮球", "个", 12_000), ("跳绳", "根", 1_500), ("美术画材套装", "套", 9_000)),
    ),
    _NeedTemplate(
        Category.SMART_CLASSROOM,
        "智慧教室：多媒体教学设备",
        "学校{students}名学生的教室还在用黑板和粉笔。希望配备多媒体设备，接入优质课程资源。",
        (
            ("交互式教学一体机", "台", 1_200_000),
            ("无线麦克风", "套", 30_000),
            ("安装调试", "次", 80_000),
        ),
    ),
)
URGENCY_WEIGHTS = {Urgency.LOW: 2, Urgency.MEDIUM: 4, Urgency.HIGH: 3, Urgency.CRITICAL: 1}
POVERTY_WEIGHTS = {PovertyTier.NONE: 4, PovertyTier.PROVINCIAL: 3, PovertyTier.NATIONAL: 3}

PARTY_COLUMNS = ("id", "kind", "name", "region_code", "created_at")
PROFILE_COLUMNS = (
    "party_id",
    "town",
    "students",
    "left_behind_children",
    "boarding",
    "hope_school",
    "poverty_tier",
)
NEED_COLUMNS = (
    "id",
    "school_id",
    "region_code",
    "title",
    "story",
    "category",
    "urgency",
    "urgency_rank",
    "deadline",
    "beneficiaries",
    "status",
    "total_value_fen",
    "created_by_user_id",
    "created_at",
    "updated_at",
    "opened_at",
)
ITEM_COLUMNS = (
    "need_id",
    "position",
    "description",
    "category",
    "quantity",
    "unit",
    "unit_value_fen",
    "remaining_quantity",
)


# --- Database setup ----------------------------------------------------------------------------


def _connect_args(url: URL, database: str | None = None) -> dict[str, Any]:
    return {
        "host": url.host or "127.0.0.1",
        "port": url.port or 5432,
        "user": url.username or "postgres",
        "password": url.password,
        "database": database or url.database,
    }


async def ensure_database(database_url: str) -> None:
    """Create the benchmark database when it does not exist yet."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql" or not url.database:
        raise SystemExit(f"The benchmark needs a PostgreSQL database URL; got {database_url!r}.")
    connection = await asyncpg.connect(**_connect_args(url, "postgres"))
    try:
        exists = await connection.fetchval(
            "SELECT 1 FROM pg_database WHERE datname = $1", url.database
        )
        if not exists:
            # CREATE DATABASE takes no parameters; quote the name as an identifier instead.
            quoted = '"' + url.database.replace('"', '""') + '"'
            await connection.execute(f"CREATE DATABASE {quoted}")
    finally:
        await connection.close()


async def _reserve_ids(connection: asyncpg.Connection, table: str, count: int) -> list[int]:
    # Ids taken from the table's own sequence let children be written in the same COPY pass
    # and keep the sequence right for anyone who inserts afterwards.
    rows = await connection.fetch(
        "SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)", table, count
    )
    return [row[0] for row in rows]


async def _bench_user(connection: asyncpg.Connection, now: datetime) -> int:
    user_id: int = await connection.fetchval(
        """
        INSERT INTO app_user (issuer, subject, name, email, created_at)
        VALUES ($1, 'seeder', '基准测试', NULL, $2)
        ON CONFLICT (issuer, subject) DO UPDATE SET name = EXCLUDED.name
        RETURNING id
        """,
        BENCH_ISSUER,
        now,
    )
    return user_id


async def _bench_schools(
    connection: asyncpg.Connection, rng: random.Random, now: datetime
) -> list[asyncpg.Record]:
    """The bench schools as (id, region_code, students), created on first use."""
    query = """
        SELECT p.id, p.region_code, s.students
        FROM party p JOIN school_profile s ON s.party_id = p.id
        WHERE p.kind = 'SCHOOL' AND p.name LIKE $1 || '%'
        ORDER BY p.id
    """
    schools = await connection.fetch(query, SCHOOL_PREFIX)
    if schools:
        return schools
    counties = [row["code"] for row in read_region_file() if row["level"] == 3]
    ids = await _reserve_ids(connection, "party", SCHOOLS)
    parties: list[tuple[Any, ...]] = []
    profiles: list[tuple[Any, ...]] = []
    tiers, tier_weights = list(POVERTY_WEIGHTS), list(POVERTY_WEIGHTS.values())
    for number, party_id in enumerate(ids, start=1):
        students = rng.randint(40, 1_500)
        name = f"{SCHOOL_PREFIX}{number:04d}"
        parties.append((party_id, "SCHOOL", name, rng.choice(counties), now))
        profiles.append(
            (
                party_id,
                f"第{number % 97 + 1}镇",
                students,
                rng.randint(0, students),
                rng.random() < 0.4,
                rng.random() < 0.6,
                rng.choices(tiers, tier_weights)[0].value,
            )
        )
    await connection.copy_records_to_table("party", records=parties, columns=PARTY_COLUMNS)
    await connection.copy_records_to_table(
        "school_profile", records=profiles, columns=PROFILE_COLUMNS
    )
    return await connection.fetch(query, SCHOOL_PREFIX)


async def _add_needs(
    connection: asyncpg.Connection,
    rng: random.Random,
    schools: Sequence[asyncpg.Record],
    user_id: int,
    count: int,
    now: datetime,
) -> int:
    """Write ``count`` open needs with 2-3 items each; return how many items."""
    ids = await _reserve_ids(connection, "need", count)
    urgencies, urgency_weights = list(URGENCY_WEIGHTS), list(URGENCY_WEIGHTS.values())
    needs: list[tuple[Any, ...]] = []
    items: list[tuple[Any, ...]] = []
    for index, need_id in enumerate(ids):
        school = rng.choice(schools)
        template = rng.choice(TEMPLATES)
        urgency = rng.choices(urgencies, urgency_weights)[0]
        lines = template.items[: rng.randint(2, 3)]
        total = 0
        for position, (description, unit, unit_value) in enumerate(lines):
            quantity = rng.randint(1, 200)
            total += quantity * unit_value
            items.append(
                (
                    need_id,
                    position,
                    description,
                    template.category.value,
                    quantity,
                    unit,
                    unit_value,
                    quantity,
                )
            )
        created = now - timedelta(
            seconds=index * NEED_SPACING_SECONDS, microseconds=rng.randrange(1_000_000)
        )
        needs.append(
            (
                need_id,
                school["id"],
                school["region_code"],
                template.title,
                template.story.format(students=school["students"]),
                template.category.value,
                urgency.value,
                urgency.rank,
                now.date() + timedelta(days=rng.randint(30, 180)),
                rng.randint(1, school["students"]),
                NeedStatus.OPEN.value,
                total,
                user_id,
                created,
                created,
                created,
            )
        )
    await connection.copy_records_to_table("need", records=needs, columns=NEED_COLUMNS)
    await connection.copy_records_to_table("need_item", records=items, columns=ITEM_COLUMNS)
    return len(items)


async def seed(database_url: str, target_needs: int) -> tuple[int, int, float]:
    """Top the needs up to ``target_needs``; return (needs before, needs written, seconds)."""
    started = time.perf_counter()
    connection = await asyncpg.connect(**_connect_args(make_url(database_url)))
    try:
        before: int = await connection.fetchval("SELECT count(*) FROM need")
        missing = target_needs - before
        if missing <= 0:
            return before, 0, time.perf_counter() - started
        rng = random.Random(SEED + before)
        now = datetime.now(UTC)
        async with connection.transaction():
            user_id = await _bench_user(connection, now)
            schools = await _bench_schools(connection, rng, now)
            items = await _add_needs(connection, rng, schools, user_id, missing, now)
        # Fresh statistics, so both servers get the same good plans from the first request.
        await connection.execute("ANALYZE")
        print(f"Seeded {missing:,} needs and {items:,} items over {len(schools):,} schools.")
    finally:
        await connection.close()
    return before, missing, time.perf_counter() - started


async def prepare(database_url: str, target_needs: int) -> tuple[int, int, float]:
    """Create, migrate and seed the benchmark database."""
    await ensure_database(database_url)
    # Alembic runs its own event loop; a worker thread keeps it apart from this one.
    await asyncio.to_thread(upgrade, database_url)
    return await seed(database_url, target_needs)


# --- The plain endpoint --------------------------------------------------------------------------

ParentRegion = aliased(Region)
PAGE_QUERY = (
    select(
        col(Need.id),
        col(Need.school_id),
        col(Need.region_code),
        col(Need.title),
        col(Need.story),
        col(Need.category),
        col(Need.urgency),
        col(Need.deadline),
        col(Need.beneficiaries),
        col(Need.status),
        col(Need.total_value_fen),
        col(Need.created_at),
    )
    .where(col(Need.status) != NeedStatus.DRAFT)
    .order_by(col(Need.created_at).desc(), col(Need.id).desc())
)
SCHOOLS_QUERY = select(
    col(Party.id),
    col(Party.name),
    col(Party.region_code),
    col(SchoolProfile.town),
    col(SchoolProfile.students),
    col(SchoolProfile.left_behind_children),
    col(SchoolProfile.hope_school),
    col(SchoolProfile.poverty_tier),
).outerjoin(SchoolProfile, col(SchoolProfile.party_id) == col(Party.id))
REGIONS_QUERY: Select[*tuple[Any, ...]] = select(
    col(Region.code),
    col(Region.name),
    col(ParentRegion.code).label("parent_code"),
    col(ParentRegion.name).label("parent_name"),
).outerjoin(ParentRegion, col(ParentRegion.code) == col(Region.parent_code))
ITEMS_QUERY = select(
    col(NeedItem.id),
    col(NeedItem.need_id),
    col(NeedItem.description),
    col(NeedItem.category),
    col(NeedItem.quantity),
    col(NeedItem.remaining_quantity),
    col(NeedItem.unit),
    col(NeedItem.unit_value_fen),
).order_by(col(NeedItem.need_id), col(NeedItem.position), col(NeedItem.id))


def _school_json(row: AnyRow | None, regions: dict[str, AnyRow]) -> dict[str, Any] | None:
    if row is None:
        return None
    region = regions.get(row.region_code)
    # A school without a profile reads as the profile's defaults, as in the GraphQL type.
    return {
        "id": to_global_id("School", row.id),
        "name": row.name,
        "town": row.town,
        "students": row.students or 0,
        "leftBehindChildren": row.left_behind_children or 0,
        "hopeSchool": bool(row.hope_school),
        "povertyTier": (row.poverty_tier or PovertyTier.NONE).value,
        "region": {"code": region.code, "name": region.name} if region else None,
    }


def _region_json(row: AnyRow | None) -> dict[str, Any] | None:
    if row is None:
        return None
    parent = {"code": row.parent_code, "name": row.parent_name} if row.parent_code else None
    return {"code": row.code, "name": row.name, "parent": parent}


def _item_json(row: AnyRow) -> dict[str, Any]:
    return {
        "id": to_global_id("NeedItem", row.id),
        "description": row.description,
        "category": row.category.value,
        "quantity": row.quantity,
        "remainingQuantity": row.remaining_quantity,
        "unit": row.unit,
        "unitValueFen": row.unit_value_fen,
    }


async def read_needs_page(connection: AsyncConnection, first: int) -> dict[str, Any]:
    """The first page of visible needs, newest first, shaped like the GraphQL `data`."""
    needs = (await connection.execute(PAGE_QUERY.limit(first + 1))).all()
    has_next = len(needs) > first
    needs = needs[:first]
    need_ids = [need.id for need in needs]
    schools = {
        row.id: row
        for row in await connection.execute(
            SCHOOLS_QUERY.where(col(Party.id).in_({need.school_id for need in needs}))
        )
    }
    codes = {need.region_code for need in needs} | {s.region_code for s in schools.values()}
    regions = {
        row.code: row
        for row in await connection.execute(REGIONS_QUERY.where(col(Region.code).in_(codes)))
    }
    items: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in await connection.execute(ITEMS_QUERY.where(col(NeedItem.need_id).in_(need_ids))):
        items[row.need_id].append(_item_json(row))
    edges = [
        {
            "cursor": encode_cursor(NEWEST, need.created_at, need.id),
            "node": {
                "id": to_global_id("Need", need.id),
                "title": need.title,
                "story": need.story,
                "category": need.category.value,
                "urgency": need.urgency.value,
                "deadline": need.deadline.isoformat(),
                "beneficiaries": need.beneficiaries,
                "status": need.status.value,
                "totalValueFen": need.total_value_fen,
                "regionCode": need.region_code,
                "createdAt": need.created_at.isoformat(),
                "school": _school_json(schools.get(need.school_id), regions),
                "region": _region_json(regions.get(need.region_code)),
                "items": items[need.id],
            },
        }
        for need in needs
    ]
    cursors = [edge["cursor"] for edge in edges]
    return {
        "needs": {
            "edges": edges,
            "pageInfo": {
                "hasNextPage": has_next,
                "hasPreviousPage": False,
                "startCursor": cursors[0] if cursors else None,
                "endCursor": cursors[-1] if cursors else None,
            },
        }
    }


def create_plain_app(settings: Settings) -> FastAPI:
    """A plain FastAPI app serving the same page of needs as JSON from the same database."""
    engine = create_engine(settings.database_url, echo=settings.database_echo)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        await engine.dispose()

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/needs")
    async def needs(first: int = 50) -> JSONResponse:
        """The first page of needs; one connection for the four queries."""
        # The same bound the GraphQL `needs` field enforces.
        limit = settings.graphql_max_page_size
        if not 1 <= first <= limit:
            raise HTTPException(422, f"first must be between 1 and {limit}.")
        async with engine.connect() as connection:
            return JSONResponse(await read_needs_page(connection, first))

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        """The process is alive."""
        return {"status": "ok"}

    return app


# --- Servers -------------------------------------------------------------------------------------


def server_settings(database_url: str) -> Settings:
    """The settings both servers run with."""
    return Settings(
        database_url=database_url,
        environment=Environment.PRODUCTION,
        secret_key="bench-" + "x" * 32,
        frontend_dist=Path("/nonexistent"),
    )


def serve(kind: str, database_url: str, port: int) -> None:
    """Run one server in this process (the benchmark starts itself in this mode)."""
    settings = server_settings(database_url)
    app = create_app(settings) if kind == "graphql" else create_plain_app(settings)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


@contextmanager
def running_servers(
    database_url: str, ports: dict[str, int]
) -> Iterator[dict[str, subprocess.Popen[bytes]]]:
    """Both servers as subprocesses, by kind; stopped whatever happens."""
    processes = {
        kind: subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--serve",
                kind,
                "--database-url",
                database_url,
                "--port",
                str(port),
            ]
        )
        for kind, port in ports.items()
    }
    try:
        yield processes
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


async def wait_healthy(
    bases: dict[str, str], processes: dict[str, subprocess.Popen[bytes]]
) -> None:
    """Wait until every server answers /healthz; fail at once if one of them exits."""
    deadline = time.monotonic() + HEALTH_TIMEOUT_SECONDS
    async with httpx.AsyncClient() as client:
        for kind, base in bases.items():
            while True:
                # A server that cannot start (say, its port is taken) exits; say so rather
                # than wait for the timeout.
                if processes[kind].poll() is not None:
                    raise SystemExit(f"The {kind} server exited with {processes[kind].returncode}.")
                try:
                    if (await client.get(f"{base}/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit(
                        f"{base} did not become healthy in {HEALTH_TIMEOUT_SECONDS:.0f} s."
                    )
                await asyncio.sleep(0.2)


# --- Load ----------------------------------------------------------------------------------------


@dataclass
class Target:
    """One API under load: how to ask for the page and how to find it in the answer."""

    name: str
    pid: int  # of its server, to read the CPU time it spends
    send: Callable[[httpx.AsyncClient], Awaitable[httpx.Response]]
    page: Callable[[Any], dict[str, Any]]


@dataclass
class Tally:
    """What the measured rounds of one API recorded."""

    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    server_cpu_seconds: float | None = 0.0
    client_cpu_seconds: float = 0.0

    def percentile(self, p: int) -> float:
        """The p-th percentile latency in ms."""
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[p - 1]

    def cpu_ms_per_request(self, seconds: float | None) -> str:
        """``seconds`` of CPU spread over the requests, in ms, for the table."""
        if seconds is None or not self.latencies_ms:
            return "n/a"
        return f"{seconds * 1000 / len(self.latencies_ms):.1f}"

    @property
    def rate(self) -> float:
        """Requests per second over the measured time."""
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0


def process_cpu_seconds(pid: int) -> float | None:
    """User plus system CPU time of a process so far, from /proc; None where there is none."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def graphql_target(base: str, pid: int, page_size: int) -> Target:
    """POSTs the exact Needs operation, encoded once so the clients spend no time on it."""
    body = json.dumps({"query": NEEDS_OPERATION, "variables": {"first": page_size}}).encode()
    headers = {"content-type": "application/json"}

    async def send(client: httpx.AsyncClient) -> httpx.Response:
        return await client.post(f"{base}/graphql", content=body, headers=headers)

    def page(answer: Any) -> dict[str, Any]:
        if answer.get("errors"):
            raise ValueError(f"errors: {answer['errors']}")
        result: dict[str, Any] = answer["data"]
        return result

    return Target("GraphQL", pid, send, page)


def plain_target(base: str, pid: int, page_size: int) -> Target:
    """GETs the plain endpoint; its answer is the page itself."""
    url = f"{base}/needs?first={page_size}"

    async def send(client: httpx.AsyncClient) -> httpx.Response:
        return await client.get(url)

    return Target("plain", pid, send, lambda answer: answer)


def _problem(target: Target, response: httpx.Response, page_size: int) -> str | None:
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    try:
        edges = target.page(response.json())["needs"]["edges"]
    except (ValueError, KeyError, TypeError) as exc:
        return f"malformed answer: {exc!s:.200}"
    if len(edges) != page_size:
        return f"{len(edges)} edges instead of {page_size}"
    return None


async def run_round(
    target: Target, clients: Sequence[httpx.AsyncClient], seconds: float, page_size: int
) -> Tally:
    """Every client sends requests back to back until the round's time is up."""
    tally = Tally()
    deadline = time.perf_counter() + seconds

    async def client_loop(client: httpx.AsyncClient) -> None:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                response = await target.send(client)
            except httpx.HTTPError as exc:
                problem: str | None = f"{type(exc).__name__}: {exc}"
            else:
                # Latency covers the HTTP exchange only; checking the body is the client's time.
                tally.latencies_ms.append((time.perf_counter() - started) * 1000)
                problem = _problem(target, response, page_size)
            if problem is not None:
                tally.errors += 1
                if len(tally.error_samples) < ERROR_SAMPLES:
                    tally.error_samples.append(problem)

    server_cpu = process_cpu_seconds(target.pid)
    client_cpu = time.process_time()
    started = time.perf_counter()
    await asyncio.gather(*(client_loop(client) for client in clients))
    tally.seconds = time.perf_counter() - started
    tally.client_cpu_seconds = time.process_time() - client_cpu
    server_cpu_after = process_cpu_seconds(target.pid)
    if server_cpu is not None and server_cpu_after is not None:
        tally.server_cpu_seconds = server_cpu_after - server_cpu
    else:
        tally.server_cpu_seconds = None
    return tally


def _merge(total: Tally, part: Tally) -> None:
    total.latencies_ms += part.latencies_ms
    total.seconds += part.seconds
    total.errors += part.errors
    total.error_samples += part.error_samples[: ERROR_SAMPLES - len(total.error_samples)]
    total.client_cpu_seconds += part.client_cpu_seconds
    if total.server_cpu_seconds is None or part.server_cpu_seconds is None:
        total.server_cpu_seconds = None
    else:
        total.server_cpu_seconds += part.server_cpu_seconds


async def check_same_data(graphql: Target, plain: Target, page_size: int) -> None:
    """Both APIs must answer the same page, or the comparison means nothing."""
    async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT_SECONDS) as client:
        answers = []
        for target in (graphql, plain):
            response = await target.send(client)
            problem = _problem(target, response, page_size)
            if problem is not None:
                raise SystemExit(f"{target.name} answered wrongly before measuring: {problem}")
            answers.append(target.page(response.json()))
    if answers[0] != answers[1]:
        difference = _first_difference(answers[0], answers[1])
        raise SystemExit(f"The two APIs answer different data: {difference}")


def _first_difference(graphql: Any, plain: Any, path: str = "") -> str:
    """Where two JSON values first differ, for a readable failure."""
    if isinstance(graphql, dict) and isinstance(plain, dict):
        for key in graphql.keys() | plain.keys():
            if graphql.get(key) != plain.get(key):
                return _first_difference(graphql.get(key), plain.get(key), f"{path}.{key}")
    if isinstance(graphql, list) and isinstance(plain, list) and len(graphql) == len(plain):
        for index, (g, p) in enumerate(zip(graphql, plain, strict=True)):
            if g != p:
                return _first_difference(g, p, f"{path}[{index}]")
    return f"at {path or '.'}: GraphQL {graphql!r:.300} != plain {plain!r:.300}"


async def measure(
    targets: Sequence[Target],
    clients: int,
    rounds: int,
    seconds: float,
    warmup: float,
    page_size: int,
) -> dict[str, Tally]:
    """Warm each API up, then alternate measured rounds between them."""
    totals = {target.name: Tally() for target in targets}
    # One kept-alive connection per client, as separate browsers or services would hold.
    pool = [
        httpx.AsyncClient(timeout=REQUEST_TIMEOUT_SECONDS, limits=httpx.Limits(max_connections=1))
        for _ in range(clients)
    ]
    try:
        for target in targets:
            warm = await run_round(target, pool, warmup, page_size)
            if warm.errors:
                raise SystemExit(f"{target.name} failed during warm-up: {warm.error_samples}")
        for number in range(1, rounds + 1):
            for target in targets:
                part = await run_round(target, pool, seconds, page_size)
                _merge(totals[target.name], part)
                rate = f"{part.rate:8.1f} req/s"
                print(f"  round {number}/{rounds} {target.name:<8} {rate}", flush=True)
    finally:
        await asyncio.gather(*(client.aclose() for client in pool))
    return totals


# --- Report --------------------------------------------------------------------------------------


def report(totals: dict[str, Tally]) -> bool:
    """Print the table and the goals; True when every response was right."""
    columns = ("requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "server CPU", "client CPU")
    print()
    print(f"{'API':<10}" + "".join(f"{column:>12}" for column in columns))
    for name, tally in totals.items():
        if not tally.latencies_ms:
            print(f"{name:<10}{0:>12}")
            continue
        print(
            f"{name:<10}{len(tally.latencies_ms):>12}{tally.rate:>12.1f}"
            f"{tally.percentile(50):>12.1f}{tally.percentile(95):>12.1f}"
            f"{tally.percentile(99):>12.1f}"
            f"{tally.cpu_ms_per_request(tally.server_cpu_seconds):>12}"
            f"{tally.cpu_ms_per_request(tally.client_cpu_seconds):>12}"
        )
    print("(server CPU: ms of CPU the server process spent per request; client CPU: the same for")
    print(" this load generator, which competes with the servers for the same cores.)")
    graphql, plain = totals["GraphQL"], totals["plain"]
    for name, tally in totals.items():
        if tally.errors:
            print(f"{name}: {tally.errors} wrong responses, e.g. {tally.error_samples}")
    if not (graphql.latencies_ms and plain.latencies_ms):
        return False
    ratio = graphql.rate / plain.rate
    p95 = graphql.percentile(95)
    print()
    print(
        f"ratio GraphQL/plain req/s: {ratio:.2f}   goal >= {GOAL_RATIO}: "
        f"{'met' if ratio >= GOAL_RATIO else 'MISSED'}"
    )
    print(
        f"GraphQL p95: {p95:.1f} ms   goal <= {GOAL_GRAPHQL_P95_MS:.0f} ms: "
        f"{'met' if p95 <= GOAL_GRAPHQL_P95_MS else 'MISSED'}"
    )
    if graphql.server_cpu_seconds and plain.server_cpu_seconds:
        cost = (plain.server_cpu_seconds / len(plain.latencies_ms)) / (
            graphql.server_cpu_seconds / len(graphql.latencies_ms)
        )
        print(
            f"server CPU per request, plain/GraphQL: {cost:.2f} "
            "(about the req/s ratio if each server had a core of its own)"
        )
    return not graphql.errors and not plain.errors


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="PostgreSQL URL (asyncpg); created, migrated and seeded when needed.",
    )
    parser.add_argument("--needs", type=int, default=100_000, help="needs to have in the database")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument("--rounds", type=int, default=6, help="measured rounds per API")
    parser.add_argument("--seconds-per-round", type=float, default=5.0)
    parser.add_argument("--warmup-seconds", type=float, default=2.0, help="per API, not measured")
    parser.add_argument("--page-size", type=int, default=50)
    parser.add_argument("--port", type=int, default=8701, help="GraphQL port; plain is port + 1")
    # Internal: the benchmark starts itself with this to run one server.
    parser.add_argument("--serve", choices=("graphql", "plain"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _load_average() -> str:
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def _interrupt(_signal: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main() -> int:
    """Prepare the database, start both servers, measure, report."""
    args = parse_args()
    if args.serve:
        serve(args.serve, args.database_url, args.port)
        return 0
    if args.needs < args.page_size:
        raise SystemExit("--needs must be at least --page-size for full pages.")
    # A plain `kill` then stops the servers on the way out, as Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)

    print(
        f"Machine: {os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}"
    )
    print(f"Load average before: {_load_average()}")
    print(f"Database: {make_url(args.database_url).render_as_string(hide_password=True)}")
    print(
        f"Parameters: needs={args.needs:,} clients={args.clients} rounds={args.rounds} per API "
        f"x {args.seconds_per_round:g} s (warm-up {args.warmup_seconds:g} s each) "
        f"page size={args.page_size}"
    )
    print(
        "Note: the load generator runs in this process on the same CPUs as both uvicorn servers "
        "(one worker each) and PostgreSQL, so absolute figures are lower than on a machine of "
        "their own; its CPU per request is about the same for both APIs, so it holds back the "
        "faster one more. The server CPU column shows what each request costs the server."
    )
    before, written, seconds = asyncio.run(prepare(args.database_url, args.needs))
    if written:
        print(f"Seeding: {written:,} needs written in {seconds:.1f} s (there were {before:,}).")
    else:
        print(f"Seeding: skipped, {before:,} needs already there ({seconds:.1f} s to check).")

    ports = {"graphql": args.port, "plain": args.port + 1}
    bases = {kind: f"http://127.0.0.1:{port}" for kind, port in ports.items()}
    with running_servers(args.database_url, ports) as processes:
        graphql = graphql_target(bases["graphql"], processes["graphql"].pid, args.page_size)
        plain = plain_target(bases["plain"], processes["plain"].pid, args.page_size)
        asyncio.run(wait_healthy(bases, processes))
        asyncio.run(check_same_data(graphql, plain, args.page_size))
        print("Both servers are up and answer the same page; measuring.")
        totals = asyncio.run(
            measure(
                [graphql, plain],
                args.clients,
                args.rounds,
                args.seconds_per_round,
                args.warmup_seconds,
                args.page_size,
            )
        )
    ok = report(totals)
    # Other work on the machine during the run shows here; it skews wall-clock figures.
    print(f"Load average after: {_load_average()}")
    return 0 if ok else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("Interrupted; the servers were stopped.")
