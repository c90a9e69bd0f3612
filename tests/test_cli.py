"""The `ecosystem` command: migrate and seed-demo honour DATABASE_URL; reseeding changes nothing;
what cannot be used or reached is said in a line; the worker stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic.script import ScriptDirectory
from conftest import MARKETPLACE_ZONE, GraphQLClient, World, count_rows, free_port, snapshot
from redis import Redis, RedisError
from redis.exceptions import ResponseError
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from ecosystem.database import Database
from ecosystem.jobs import CONSUMER_GROUP
from ecosystem.members.models import Invitation
from ecosystem.members.service import LoginIdentity, record_login
from ecosystem.migrations import alembic_config, upgrade
from ecosystem.settings import DEFAULT_SECRET

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


# ---- operator commands that write --------------------------------------------------------------

PREVIOUS = MIGRATIONS.get_revision(NEWEST).down_revision
# A real SECRET_KEY, where the database was set up under the placeholder (DEFAULT_SECRET).
ANOTHER_SECRET_KEY = "the-production-secret-key-that-replaced-the-placeholder"


def rows_of(database: Path) -> dict[str, int]:
    """The rows in each table of a SQLite database, to assert a refused command wrote nothing."""
    with closing(sqlite3.connect(database)) as connection:
        tables = [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return {
            table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in tables
        }


def set_revision(database: Path, revision: str) -> None:
    """Record ``revision`` as the migration the database is at, as a database migrated by
    another version of the code records it."""
    with closing(sqlite3.connect(database)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database at the newest migration with the demo data, to copy from."""
    folder = tmp_path_factory.mktemp("seeded")
    database = folder / "seeded.db"
    url = f"sqlite+aiosqlite:///{database}"
    ecosystem("migrate", database_url=url, cwd=folder)
    ecosystem("seed-demo", database_url=url, cwd=folder)
    return database


@pytest.fixture
def seeded(seeded_template: Path, tmp_path: Path) -> Path:
    """A copy of the seeded database of this test's own."""
    database = tmp_path / "hope.db"
    with (
        closing(sqlite3.connect(seeded_template)) as source,
        closing(sqlite3.connect(database)) as copy,
    ):
        source.backup(copy)
    return database


def sqlite_url(database: Path) -> str:
    return f"sqlite+aiosqlite:///{database}"


def test_expire_refuses_a_day_after_today_unless_rehearsing(seeded: Path, tmp_path: Path) -> None:
    """A mistyped year would expire every open need and pledge for good, ledger entries and
    all: a day after today (in the marketplace's calendar) is refused, unless --allow-future
    says this is a rehearsal."""
    today = datetime.now(ZoneInfo(MARKETPLACE_ZONE)).date()
    url = sqlite_url(seeded)
    before = rows_of(seeded)

    refused = ecosystem(
        "expire", "--today", "2999-01-01", database_url=url, cwd=tmp_path, check=False
    )
    tomorrow = (today + timedelta(days=1)).isoformat()
    also_refused = ecosystem(
        "expire", "--today", tomorrow, database_url=url, cwd=tmp_path, check=False
    )

    assert_said_in_a_line(
        refused,
        2,
        f"--today 2999-01-01 is after today ({today.isoformat()} in {MARKETPLACE_ZONE}), and "
        "what expires stays expired; --allow-future is for rehearsals on a copy of the database.",
    )
    assert also_refused.returncode == 2 and tomorrow in also_refused.stderr
    assert rows_of(seeded) == before

    for day in (today.isoformat(), "2020-01-01"):
        allowed = ecosystem("expire", "--today", day, database_url=url, cwd=tmp_path)
        assert f"overdue on {day}." in allowed.stdout, allowed.stdout
    rehearsed = ecosystem(
        "expire", "--today", "2999-01-01", "--allow-future", database_url=url, cwd=tmp_path
    )
    expired = int(rehearsed.stdout.split()[1])
    assert expired > 0 and "overdue on 2999-01-01" in rehearsed.stdout
    helped = ecosystem("expire", "--help", database_url=url, cwd=tmp_path).stdout
    assert "--allow-future" in helped and "rehearsal" in " ".join(helped.split())


def test_seed_demo_is_refused_in_production(tmp_path: Path) -> None:
    database = tmp_path / "production.db"
    upgrade(sqlite_url(database))
    before = rows_of(database)

    result = ecosystem(
        "seed-demo",
        database_url=sqlite_url(database),
        cwd=tmp_path,
        check=False,
        env={"ENVIRONMENT": "production", "SECRET_KEY": ANOTHER_SECRET_KEY},
    )

    assert_said_in_a_line(
        result,
        2,
        "seed-demo is refused when ENVIRONMENT=production: it writes fictional schools, needs, "
        "pledges, public-ledger entries and open invitations, a platform admin's among them.",
    )
    assert rows_of(database) == before


WRITING_COMMANDS = [
    "seed-demo",
    "invite --email officer@example.org --party 肥城市人民政府 --role GOV_OFFICIAL",
    "api-client --client-id pos --party 希望工程合作企业 --role DONOR_ADMIN",
    "expire",
    "ledger checkpoint",
    "ledger public-key",
]


@pytest.mark.parametrize("command", WRITING_COMMANDS)
def test_a_writing_command_refuses_a_database_migrated_by_an_older_version(
    seeded: Path, tmp_path: Path, command: str
) -> None:
    assert PREVIOUS is not None
    set_revision(seeded, str(PREVIOUS))
    before = rows_of(seeded)

    result = ecosystem(*command.split(), database_url=sqlite_url(seeded), cwd=tmp_path, check=False)

    says = (
        f"The database is at migration {PREVIOUS}, not the newest ({NEWEST}): "
        "run `ecosystem migrate` first."
    )
    assert_said_in_a_line(result, 2, says)
    assert rows_of(seeded) == before


@pytest.mark.parametrize("command", WRITING_COMMANDS)
def test_a_writing_command_refuses_a_database_migrated_by_a_newer_version(
    seeded: Path, tmp_path: Path, command: str
) -> None:
    set_revision(seeded, "9999")
    before = rows_of(seeded)

    result = ecosystem(*command.split(), database_url=sqlite_url(seeded), cwd=tmp_path, check=False)

    says = (
        f"The database is at migration 9999, which this version does not have (its newest is "
        f"{NEWEST}): run the version that migrated it."
    )
    assert_said_in_a_line(result, 2, says)
    assert rows_of(seeded) == before


def test_new_migration_writes_nothing_when_the_models_and_the_database_agree(
    tmp_path: Path,
) -> None:
    versions = Path(MIGRATIONS.versions)
    before = set(versions.iterdir())
    url = sqlite_url(tmp_path / "current.db")
    upgrade(url, "head")
    try:
        result = ecosystem("new-migration", "nothing", database_url=url, cwd=tmp_path, check=False)
    finally:
        written = set(versions.iterdir()) - before
        for path in written:  # the code before this test wrote an empty migration here
            path.unlink()
    assert written == set()
    assert_said_in_a_line(
        result, 1, "The models and the database do not differ: no migration was written."
    )


def test_migrate_names_the_migration_the_database_refused(tmp_path: Path) -> None:
    """A database that answers but refuses a migration is not one that "cannot be reached":
    the line names the migration, where the database was left, and what the database said."""
    database = tmp_path / "refusing.db"
    url = sqlite_url(database)
    upgrade(url, "0015")
    # An index made by hand, with the name migration 0017 gives one of its own.
    with closing(sqlite3.connect(database)) as connection, connection:
        connection.execute("CREATE INDEX ix_match_created ON match (id)")

    result = ecosystem("migrate", database_url=url, cwd=tmp_path, check=False)

    with closing(sqlite3.connect(database)) as connection:
        (left_at,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    where = (
        "nothing was applied; the database is still at 0015"
        if left_at == "0015"
        else f"1 migration was applied before it; the database is at {left_at}"
    )
    assert_said_in_a_line(
        result,
        1,
        f"Migration 0017 failed ({where}): OperationalError: index ix_match_created already exists",
    )


async def test_inviting_again_renews_an_open_invitation_and_leaves_a_member_be(
    database_url: str, world: World, db: Database, tmp_path: Path
) -> None:
    def invite() -> subprocess.CompletedProcess[str]:
        return ecosystem(
            *("invite", "--email", "Helper@Example.org", "--party", "泰安特产店"),
            *("--role", "DONOR_ADMIN"),
            database_url=database_url,
            cwd=tmp_path,
        )

    async def expires_at() -> datetime:
        async with db.read() as session:
            invitation = await session.scalar(select(Invitation))
        assert invitation is not None
        return invitation.expires_at

    first = invite()
    assert first.stdout.startswith(
        f"Invited helper@example.org as DONOR_ADMIN of party {world.store};"
    )
    # Two days left of it.
    async with db.transaction() as session:
        await session.execute(
            text("UPDATE invitation SET expires_at = :at"),
            {"at": datetime.now(UTC) + timedelta(days=2)},
        )

    renewed = invite()

    until = await expires_at()
    assert until > datetime.now(UTC) + timedelta(days=29)
    assert renewed.stdout == (
        f"helper@example.org was invited already as DONOR_ADMIN of party {world.store}; the "
        f"invitation is renewed until {until:%Y-%m-%d}.\n"
    )
    assert await count_rows(db, "invitation") == 1

    async with db.transaction() as session:
        await record_login(
            session,
            LoginIdentity("https://idp.example", "u-1", "Helper", "helper@example.org", True),
        )
    before = await snapshot(db)

    again = invite()

    assert again.stdout == (
        f"helper@example.org is already DONOR_ADMIN of party {world.store}; nothing done.\n"
    )
    assert await snapshot(db) == before


def stored_ledger_key(tmp_path: Path) -> str:
    """A migrated database whose ledger key was stored under the development placeholder
    SECRET_KEY, as `ecosystem ledger public-key` stores it on first use."""
    url = sqlite_url(tmp_path / "sealed.db")
    upgrade(url)
    ecosystem(
        "ledger", "public-key", database_url=url, cwd=tmp_path, env={"SECRET_KEY": DEFAULT_SECRET}
    )
    return url


CANNOT_OPEN = "cannot be opened with the current SECRET_KEY. Start with the SECRET_KEY it was "


def test_public_key_under_another_secret_key_says_so_in_a_line(tmp_path: Path) -> None:
    url = stored_ledger_key(tmp_path)

    result = ecosystem(
        "ledger",
        "public-key",
        database_url=url,
        cwd=tmp_path,
        check=False,
        env={"SECRET_KEY": ANOTHER_SECRET_KEY},
    )

    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("No public key shown: The ledger's signing key ")
    assert CANNOT_OPEN in result.stderr and "LEDGER_SIGNING_KEY" in result.stderr
    assert len(result.stderr.splitlines()) == 1 and result.stdout == ""


@pytest.mark.parametrize("command", ["serve", "worker"])
def test_serve_and_worker_refuse_a_ledger_key_the_secret_key_cannot_open(
    tmp_path: Path, command: str
) -> None:
    """Migrated (and its key stored) under the placeholder, served under the real secret: the
    ledger could sign nothing. The server and workers refuse to start, saying how to fix it."""
    url = stored_ledger_key(tmp_path)

    result = ecosystem(
        command,
        *(["--port", str(free_port())] if command == "serve" else []),
        database_url=url,
        cwd=tmp_path,
        check=False,
        timeout=30,
        # A Redis nothing listens on: the key is looked at before it is reached.
        env={"SECRET_KEY": ANOTHER_SECRET_KEY, "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"},
    )

    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("Not started: The ledger's signing key ")
    assert CANNOT_OPEN in result.stderr and "LEDGER_SIGNING_KEY" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_worker_signing_with_ledger_signing_key_does_not_need_the_stored_one(
    tmp_path: Path,
) -> None:
    url = stored_ledger_key(tmp_path)

    result = ecosystem(
        "worker",
        database_url=url,
        cwd=tmp_path,
        check=False,
        timeout=30,
        env={
            "SECRET_KEY": ANOTHER_SECRET_KEY,
            "LEDGER_SIGNING_KEY": "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=",
            "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
        },
    )

    # Past the key, to Redis, which is not there.
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("A service this command needs cannot be reached")
