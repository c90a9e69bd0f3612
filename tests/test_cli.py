"""The `ecosystem` command: migrate and seed-demo honour DATABASE_URL; reseeding changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GraphQLClient, free_port, snapshot
from sqlalchemy import text
from sqlalchemy.engine import make_url

from ecosystem.database import Database


def ecosystem(
    *args: str,
    database_url: str,
    cwd: Path,
    check: bool = True,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, **(env or {})}
    env.pop("REDIS_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "ecosystem.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=check,
    )


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
    assert "up to date" in result.stdout
    assert make_url(url).database and Path(make_url(url).database or "").exists()


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
