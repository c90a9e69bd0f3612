"""Keyset pages walk every need exactly once in each order; cursors and page sizes are checked."""

from __future__ import annotations

import base64
import json
from datetime import date, timedelta
from typing import Any

import pytest
from conftest import GraphQLClient, World

from ecosystem.access.service import load_subject
from ecosystem.database import Database
from ecosystem.needs import service as needs
from ecosystem.needs.models import Urgency


async def seed_needs(db: Database, world: World, count: int) -> None:
    """Post ``count`` needs through the service; deadlines and urgencies repeat, so ties occur."""
    async with db.transaction() as session:
        subject = await load_subject(session, world.principal)
        urgencies = list(Urgency)
        for index in range(count):
            draft = needs.NeedDraft(
                title=f"需求 {index}",
                story="",
                category="LIBRARY",
                urgency=urgencies[index % len(urgencies)],
                deadline=date.today() + timedelta(days=10 + index % 3),
                beneficiaries=index,
                items=[
                    needs.NeedItemDraft("图书", "LIBRARY", 1 + index % 5, "册", 2500),
                    needs.NeedItemDraft("书架", "FACILITIES", 1, "个", 60000),
                ],
            )
            await needs.post_need(session, subject, world.school, draft, today=date.today())


async def walk(gql: GraphQLClient, order: str, size: int) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await gql.data("Needs", {"first": size, "after": after, "orderBy": order}))["needs"]
        seen += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return seen
        after = page["pageInfo"]["endCursor"]


@pytest.mark.parametrize("order", ["NEWEST", "DEADLINE", "URGENCY"])
async def test_pages_cover_every_need_once_in_order(
    gql: GraphQLClient, world: World, db: Database, order: str
) -> None:
    await seed_needs(db, world, 23)

    seen = await walk(gql, order, 5)

    assert len(seen) == 23
    assert len({n["id"] for n in seen}) == 23
    if order == "DEADLINE":
        assert [n["deadline"] for n in seen] == sorted(n["deadline"] for n in seen)
    if order == "URGENCY":
        ranks = [list(Urgency).index(Urgency(n["urgency"])) for n in seen]
        assert ranks == sorted(ranks, reverse=True)


async def test_cursor_of_another_order_is_refused(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    await seed_needs(db, world, 3)
    page = (await gql.data("Needs", {"first": 1, "orderBy": "NEWEST"}))["needs"]

    body = await gql.op(
        "Needs", {"first": 1, "after": page["pageInfo"]["endCursor"], "orderBy": "DEADLINE"}
    )
    garbage = await gql.op("Needs", {"first": 1, "after": "bm9wZQ"})
    # Forged cursors no query can use: they used to fail inside PostgreSQL's query.
    forged = [
        await gql.op("Needs", {"first": 1, "after": forge(*parts), "orderBy": order})
        for order, parts in (
            ("NEWEST", ("need-newest", "2026-01-01T00:00:00+00:00", 2**40)),
            ("NEWEST", ("need-newest", "2026-01-01T00:00:00+00:00", True)),
            ("URGENCY", ("need-urgency", 2**40, 1)),
            ("URGENCY", ("need-urgency", False, 1)),
            # A time without its zone: every stored time is UTC and says so.
            ("NEWEST", ("need-newest", "2026-01-01T00:00:00", 1)),
        )
    ]
    schools = [
        await gql.raw(
            "query ($a: String) { schools(after: $a) { edges { node { id } } } }",
            {"a": forge("school-name", name, 1)},
        )
        for name in ("肥城\u0000", "肥城\ud800")
    ]

    for refused in (body, garbage, *forged, *schools):
        assert refused["data"] is None
        assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert refused["errors"][0]["extensions"]["field"] == "after"


def forge(*parts: object) -> str:
    """A cursor as the server writes them, with whatever parts one likes."""
    return base64.urlsafe_b64encode(json.dumps(list(parts)).encode()).decode().rstrip("=")


@pytest.mark.parametrize("first", [0, -1, 101])
async def test_page_size_is_limited_to_100(gql: GraphQLClient, first: int) -> None:
    body = await gql.op("Needs", {"first": first})
    bound = {"minimum": "1"} if first < 1 else {"maximum": "100"}
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "first", **bound}
    assert "between 1 and 100" in body["errors"][0]["message"]


async def test_unknown_region_prefix_is_refused(gql: GraphQLClient) -> None:
    body = await gql.op("Needs", {"first": 5, "filter": {"regionCode": "37a"}})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["field"] == "filter.regionCode"


async def test_empty_list_has_an_empty_page(gql: GraphQLClient) -> None:
    page = (await gql.data("Needs", {"first": 10}))["needs"]
    assert page == {
        "edges": [],
        "pageInfo": {
            "hasNextPage": False,
            "hasPreviousPage": False,
            "startCursor": None,
            "endCursor": None,
        },
    }
