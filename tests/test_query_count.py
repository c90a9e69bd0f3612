"""The statements a needs page runs do not grow with the page size (DataLoaders)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from conftest import GraphQLClient, World
from sqlalchemy import event
from test_pagination import seed_needs

from ecosystem.database import Database


@contextmanager
def count_statements(db: Database) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", record)


async def test_needs_page_with_school_region_and_items_runs_the_same_statements_for_5_and_100(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    await seed_needs(db, world, 100)

    with count_statements(db) as small:
        five = await gql.data("Needs", {"first": 5})
    with count_statements(db) as large:
        hundred = await gql.data("Needs", {"first": 100})

    assert len(five["needs"]["edges"]) == 5
    assert len(hundred["needs"]["edges"]) == 100
    assert all(
        edge["node"]["school"]["name"] and edge["node"]["items"]
        for edge in hundred["needs"]["edges"]
    )
    selects = [s for s in large if s.lstrip().upper().startswith("SELECT")]
    assert len(large) == len(small)
    # The page, the schools, their profiles, the regions (twice: county, then its city), the items.
    assert len(selects) <= 7, selects
