"""The `ecosystem` command: migrate and seed-demo honour DATABASE_URL; reseeding changes nothing;
what cannot be used or reached is said in a line; the worker stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from conftest import GraphQLClient, free_port, snapshot
from redis import Redis, RedisError
from redis.exceptions import ResponseError
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from ecosystem.database import Database
from ecosystem.jobs import CONSUMER_GROUP
from ecosystem.migrations import alembic_config, upgrade

MIGRATIONS = ScriptDirectory.from_config(alembic_config("sqlite+aiosqlite://"))
NEWEST = MIGRATIONS.get_current_head()
NOT_MIGRATED = "The database has no tables yet: run `ecosystem migrate` first."


def ecosystem(
    *args: str,
    database_url: str,
    cwd: Path,
    check: bool = True,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    # Redis only where the test gives one: the embedded default otherwise.
    environment = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    environment.update(DATABASE_URL=database_url, **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "ecosystem.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=cwd,
        timeout=timeout,
        check=check,
    )


def assert_said_in_a_line(result: subprocess.CompletedProcess[str], status: int, says: str) -> None:
    """The command exited with ``status``, saying ``says`` and nothing else."""
    assert (result.returncode, result.stderr) == (status, says + "\n"), result.stderr


async def test_seed_demo_twice_changes_nothing_the_second_time(
    database_url: str, db: Database, gql: GraphQLClient, tmp_path: Path
) -> None:
    ecosystem("migrate", database_url=database_url, cwd=tmp_path)

    first = ecosystem("seed-demo", database_url=database_url, cwd=tmp_path)
    after_first = await snapshot(db)
    second = ecosystem("seed-demo", database_url=database_url, cwd=tmp_path)

    assert "Seeded 266 schools" in first.stdout
    assert "nothing changed" in second.stdout
    assert await snapshot(db) == after_first
    hope = await gql.data("Schools", {"first": 100, "filter": {"text": "边院镇"}})
    names = [e["node"]["name"] for e in hope["schools"]["edges"]]
    assert "肥城市边院镇希望小学" in names
    # The demo's public needs and its pledges are in the public ledger, drafts are not.
    ledger = (await gql.raw("query { ledger { size } }"))["data"]["ledger"]
    async with db.read() as session:
        public = await session.scalar(text("SELECT count(*) FROM need WHERE status <> 'DRAFT'"))
        pledges = await session.scalar(text("SELECT count(*) FROM pledge"))
    assert ledger["size"] == public + pledges


async def test_seed_covers_every_category_and_pledge_kind(
    database_url: str, gql: GraphQLClient, tmp_path: Path
) -> None:
    from ecosystem.catalogue import Category
    from ecosystem.pledges.models import PledgeKind

    ecosystem("seed-demo", database_url=database_url, cwd=tmp_path)

    for category in Category:
        needs = await gql.data("Needs", {"first": 1, "filter": {"category": category.value}})
        assert needs["needs"]["edges"], category
    for kind in PledgeKind:
        pledges = await gql.data("Pledges", {"first": 1, "filter": {"kind": kind.value}})
        assert pledges["pledges"]["edges"], kind
    provinces = set()
    after = None
    while True:
        page = (
            await gql.data(
                "Schools", {"first": 100, "after": after, "filter": {"hopeSchool": True}}
            )
        )["schools"]
        provinces |= {e["node"]["region"]["code"][:2] for e in page["edges"]}
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(provinces) == 26


def test_migrate_builds_a_fresh_sqlite_database(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
    result = ecosystem("migrate", database_url=url, cwd=tmp_path)
    every = len(list(MIGRATIONS.walk_revisions()))
    assert result.stdout == f"Applied {every} migrations; the database is at {NEWEST}.\n"
    assert make_url(url).database and Path(make_url(url).database or "").exists()


def test_migrate_says_when_there_was_nothing_to_apply(database_url: str, tmp_path: Path) -> None:
    result = ecosystem("migrate", database_url=database_url, cwd=tmp_path)
    assert result.stdout == f"Database is up to date ({NEWEST}).\n"


@pytest.mark.parametrize(
    ("command", "url", "environment", "status", "says"),
    [
        ("migrate", "not-a-url", "development", 2, "DATABASE_URL is not a database URL"),
        # A port nothing listens on (the free_port helper's, closed again).
        (
            "migrate",
            "postgresql+asyncpg://postgres@127.0.0.1:{port}/x",
            "development",
            1,
            "cannot be reached",
        ),
        ("seed-demo", "sqlite+aiosqlite:///x.db", "production", 2, "SECRET_KEY must be set"),
        (
            "export-schema -o nowhere/schema.graphql",
            "sqlite+aiosqlite:///x.db",
            "development",
            1,
            "No such file or directory: nowhere/schema.graphql",
        ),
    ],
    ids=["bad-url", "no-database", "production-without-secret", "no-such-folder"],
)
def test_a_command_with_unusable_settings_says_so_in_a_line(
    tmp_path: Path, command: str, url: str, environment: str, status: int, says: str
) -> None:
    env_url = url.format(port=free_port())
    result = subprocess.run(
        [sys.executable, "-m", "ecosystem.cli", *command.split()],
        capture_output=True,
        text=True,
        env={
            **{k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "REDIS_URL")},
            "DATABASE_URL": env_url,
            "ENVIRONMENT": environment,
        },
        cwd=tmp_path,
        timeout=120,
        check=False,
    )

    assert result.returncode == status, result.stderr
    assert says in result.stderr
    assert "Traceback" not in result.stderr and "╭" not in result.stderr
    assert len(result.stderr.splitlines()) <= 3
    assert not (tmp_path / "x.db").exists()


@pytest.mark.parametrize(
    "command",
    [
        "seed-demo",
        "invite --email a@example.org --party 1 --role PRINCIPAL",
        "api-client --client-id pos --party 1 --role DONOR_ADMIN",
        "expire",
        "ledger public-key",
        "ledger checkpoint",
    ],
)
def test_a_command_on_a_database_never_migrated_says_to_migrate_first(
    tmp_path: Path, command: str
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
    result = ecosystem(*command.split(), database_url=url, cwd=tmp_path, check=False)
    assert_said_in_a_line(result, 2, NOT_MIGRATED)


@pytest.fixture
async def empty_postgres() -> AsyncIterator[str]:
    """A PostgreSQL database of its own, with no tables, dropped at the end."""
    given = make_url(os.environ.get("TEST_DATABASE_URL") or "postgresql+asyncpg://")
    if given.get_backend_name() != "postgresql":
        given = make_url("postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
    server = create_async_engine(given.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = f"tcli_{uuid.uuid4().hex[:12]}"
    try:
        async with server.connect() as connection:
            await connection.execute(text(f"CREATE DATABASE {name}"))
    except OSError as error:
        await server.dispose()
        pytest.skip(f"no PostgreSQL server to create a database in: {error}")
    try:
        yield given.set(database=name).render_as_string(hide_password=False)
    finally:
        async with server.connect() as connection:
            await connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        await server.dispose()


@pytest.mark.parametrize("command", ["ledger public-key", "invite", "serve"])
def test_postgresql_never_migrated_is_told_as_on_sqlite(
    empty_postgres: str, tmp_path: Path, command: str
) -> None:
    args = command.split()
    if command == "invite":
        args += ["--email", "a@example.org", "--party", "1", "--role", "PRINCIPAL"]
    if command == "serve":
        args += ["--port", str(free_port())]
    result = ecosystem(*args, database_url=empty_postgres, cwd=tmp_path, check=False, timeout=30)
    assert_said_in_a_line(result, 2, NOT_MIGRATED)


@pytest.mark.parametrize("command", ["serve", "worker"])
def test_serve_and_worker_refuse_a_database_that_cannot_be_reached(
    tmp_path: Path, command: str
) -> None:
    closed = free_port()
    result = ecosystem(
        command,
        *(["--port", str(free_port())] if command == "serve" else []),
        database_url=f"postgresql+asyncpg://postgres@127.0.0.1:{closed}/hope",
        # Redis at another closed port: the database is what is named.
        env={"REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"},
        cwd=tmp_path,
        check=False,
        timeout=30,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("A service this command needs cannot be reached")
    assert f"127.0.0.1', {closed}" in result.stderr
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["serve", "worker"])
def test_serve_and_worker_refuse_a_database_never_migrated(tmp_path: Path, command: str) -> None:
    database = tmp_path / "never.db"
    result = ecosystem(
        command,
        *(["--port", str(free_port())] if command == "serve" else []),
        database_url=f"sqlite+aiosqlite:///{database}",
        # The database is looked at first: a Redis that is not there is not reached.
        env={"REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"},
        cwd=tmp_path,
        check=False,
        timeout=30,
    )
    assert_said_in_a_line(result, 2, NOT_MIGRATED)
    assert not database.exists()  # not made, empty, by asking


def test_serve_refuses_a_database_migrated_by_an_older_version(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0001")
    result = ecosystem(
        "serve", "--port", str(free_port()), database_url=url, cwd=tmp_path, check=False
    )
    says = (
        f"The database is at migration 0001, not the newest ({NEWEST}): "
        "run `ecosystem migrate` first."
    )
    assert_said_in_a_line(result, 2, says)


@pytest.mark.parametrize("port", ["99999", "0", "-1"])
def test_serve_refuses_a_port_that_does_not_exist(tmp_path: Path, port: str) -> None:
    # On a database never migrated, a server that did start would fail at once (exit 3).
    url = f"sqlite+aiosqlite:///{tmp_path / 'never.db'}"
    result = ecosystem("serve", "--port", port, database_url=url, cwd=tmp_path, check=False)
    assert result.returncode == 2, result.stderr
    assert "Invalid value for '--port'" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "never.db").exists()


@pytest.mark.parametrize(
    "command",
    [
        "--help",
        "worker --help",
        "api-client --help",
        "expire --help",
        "new-migration --help",
        "ledger --help",
        "ledger verify --help",
    ],
)
def test_the_help_reads_as_prose(tmp_path: Path, command: str) -> None:
    result = ecosystem(*command.split(), database_url="sqlite+aiosqlite://", cwd=tmp_path)
    shown = result.stdout
    assert "<bool>" not in shown and "{" not in shown and "╭" not in shown
    lines = shown.splitlines()
    if "Commands:" in lines:
        # One line a command, its summary whole.
        listed = lines[lines.index("Commands:") + 1 :]
        assert all(line.startswith("  ") and line.split()[0].islower() for line in listed), shown
        assert all(line.endswith(".") and not line.endswith("...") for line in listed), shown
    # Each paragraph of the description fills its lines: no line ends where the docstring
    # broke it.
    description = shown.split("\n\n")[1:-1]
    for paragraph in description:
        wrapped = paragraph.splitlines()
        if wrapped[0].startswith("  ") and not wrapped[0].startswith("   "):
            assert all(len(line) > 60 for line in wrapped[:-1]), paragraph


def redis_for_tests() -> str:
    """A real Redis database the tests may write to: TEST_REDIS_URL, or database 14 of the
    local server; the test is skipped if neither answers."""
    url = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/14"
    client = Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
    try:
        client.ping()
    except (RedisError, OSError):
        pytest.skip(f"needs a real Redis ({url})")
    finally:
        client.close()
    return url


def test_the_worker_stops_cleanly_on_sigterm(database_url: str, tmp_path: Path) -> None:
    """As on Ctrl-C: the work is cancelled, the scheduler stopped, the connections closed."""
    redis_url = redis_for_tests()
    prefix = f"tcli:{uuid.uuid4().hex}"
    queue = f"{prefix}:jobs"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "JOB_QUEUE": queue,
        "EVENTS_STREAM": f"{prefix}:events",
        # Its own key, so that the worker keeps none in the database the other tests use.
        "LEDGER_SIGNING_KEY": "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=",
        "ENVIRONMENT": "test",
    }
    client = Redis.from_url(redis_url)
    worker = subprocess.Popen(
        [sys.executable, "-m", "ecosystem.cli", "worker"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # Running: it has read the queue (its consumer is in the group), as a worker that
        # has been up a while has.
        deadline = time.monotonic() + 20
        while not reading(client, queue):
            assert time.monotonic() < deadline and worker.poll() is None
            time.sleep(0.02)

        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=20)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)
        client.close()

    assert worker.returncode == 0, output
    assert "Worker reading" in output and output.rstrip().endswith("Worker stopped."), output
    assert "Traceback" not in output and "ERROR" not in output


def reading(client: Redis, queue: str) -> bool:
    """Whether a worker has read the job queue."""
    try:
        return bool(client.xinfo_consumers(queue, CONSUMER_GROUP))
    except ResponseError:  # no queue or group yet
        return False
