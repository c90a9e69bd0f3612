"""Mutations sent again with the same idempotency key do not write twice."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from conftest import GraphQLClient, World, count_rows, snapshot
from sqlalchemy.engine import make_url
from test_matches import accepted_proposal, match_states, need_and_pledge
from test_needs import water_need

from ecosystem.database import Database
from ecosystem.idempotency import service as idempotency
from ecosystem.settings import Settings


async def test_same_key_and_body_returns_the_first_result(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    need = water_need(world.school_id, idempotencyKey="post-water-1")
    first = (await gql.data("PostNeed", {"input": need}, user=world.principal))["postNeed"]
    after_first = await snapshot(db)

    second = (await gql.data("PostNeed", {"input": need}, user=world.principal))["postNeed"]

    assert second == first
    assert await snapshot(db) == after_first
    assert await count_rows(db, "need") == 1


async def test_same_key_with_another_body_is_refused(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    await gql.data(
        "PostNeed", {"input": water_need(world.school_id, idempotencyKey="k")}, user=world.principal
    )
    before = await snapshot(db)

    other = (
        await gql.data(
            "PostNeed",
            {"input": water_need(world.school_id, title="别的", idempotencyKey="k")},
            user=world.principal,
        )
    )["postNeed"]

    assert other["need"] is None
    assert other["errors"] == [
        {
            "field": "idempotencyKey",
            "message": "This idempotency key was already used for a different request.",
            "code": "IDEMPOTENCY_KEY_REUSED",
            "allowed": None,
            "minimum": None,
            "maximum": None,
        }
    ]
    assert await snapshot(db) == before


async def test_keys_belong_to_their_user(gql: GraphQLClient, world: World, db: Database) -> None:
    mine = (
        await gql.data(
            "PostNeed",
            {"input": water_need(world.school_id, idempotencyKey="same")},
            user=world.principal,
        )
    )["postNeed"]
    theirs = (
        await gql.data(
            "PostNeed",
            {"input": water_need(world.other_school_id, idempotencyKey="same")},
            user=world.other_principal,
        )
    )["postNeed"]
    assert theirs["errors"] == []
    assert theirs["need"]["id"] != mine["need"]["id"]
    assert await count_rows(db, "need") == 2


async def test_concurrent_retries_with_one_key_write_once(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    need = water_need(world.school_id, idempotencyKey="flaky-network")

    results = await asyncio.gather(
        *(gql.data("PostNeed", {"input": need}, user=world.principal) for _ in range(5))
    )

    ids = {r["postNeed"]["need"]["id"] for r in results}
    assert len(ids) == 1
    assert await count_rows(db, "need") == 1
    assert await count_rows(db, "need_item") == 2


@pytest.mark.parametrize(
    ("key", "code", "maximum"), [("   ", "REQUIRED", None), ("k" * 300, "TOO_LONG", "100")]
)
async def test_a_malformed_key_is_refused_and_writes_nothing(
    gql: GraphQLClient, world: World, db: Database, key: str, code: str, maximum: str | None
) -> None:
    answer = (
        await gql.data(
            "PostNeed",
            {"input": water_need(world.school_id, idempotencyKey=key)},
            user=world.principal,
        )
    )["postNeed"]
    assert answer["need"] is None
    assert [(e["field"], e["code"], e["maximum"]) for e in answer["errors"]] == [
        ("idempotencyKey", code, maximum)
    ]
    assert await count_rows(db, "need") == 0


async def test_failed_mutation_does_not_use_up_the_key(gql: GraphQLClient, world: World) -> None:
    bad = (
        await gql.data(
            "PostNeed",
            {"input": water_need(world.school_id, title="", idempotencyKey="retry-me")},
            user=world.principal,
        )
    )["postNeed"]
    good = (
        await gql.data(
            "PostNeed",
            {"input": water_need(world.school_id, idempotencyKey="retry-me")},
            user=world.principal,
        )
    )["postNeed"]
    assert bad["errors"][0]["field"] == "title"
    assert good["errors"] == []


async def accepted_matches(gql: GraphQLClient, world: World, count: int) -> list[str]:
    """``count`` proposals the school accepted, each at a need of its own: ready for approval."""
    ids = []
    for _ in range(count):
        need, offer = await need_and_pledge(gql, world, item_quantity=4)
        ids.append((await accepted_proposal(gql, world, need, offer, 2))["id"])
    return ids


async def test_the_loser_of_a_race_with_one_key_gets_the_winners_result(
    settings: Settings, gql: GraphQLClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One approval sent twice with its key (a retry on another server while the first is
    # still running): both read no key, one approves, and the other, waiting on the rows,
    # then finds the match approved. It answered STALE "already approved"; it gets the
    # first result now. SQLite runs one writing transaction at a time, so there the second
    # begins only after the first committed and reads its key: no race to lose.
    if make_url(settings.database_url).get_backend_name() != "postgresql":
        pytest.skip("needs PostgreSQL, where two writing transactions run at once")
    [match_id] = await accepted_matches(gql, world, 1)
    recalled, both_recalled = 0, asyncio.Event()
    recall, remember = idempotency.recall, idempotency.remember

    async def counted_recall(*args: Any, **kwargs: Any) -> Any:
        nonlocal recalled
        found = await recall(*args, **kwargs)
        recalled += 1
        if recalled == 2:
            both_recalled.set()
        return found

    async def remember_once_both_read(*args: Any, **kwargs: Any) -> None:
        # The winner keeps its transaction open until the other request has read the key.
        await asyncio.wait_for(both_recalled.wait(), 10)
        await remember(*args, **kwargs)

    monkeypatch.setattr(idempotency, "recall", counted_recall)
    monkeypatch.setattr(idempotency, "remember", remember_once_both_read)
    approval = {"input": {"id": match_id, "idempotencyKey": "approve-once"}}

    answers = await asyncio.gather(
        *(gql.data("ApproveMatch", approval, user=world.county_official) for _ in range(2))
    )

    assert [a["approveMatch"]["errors"] for a in answers] == [[], []]
    assert [a["approveMatch"]["match"]["status"] for a in answers] == ["APPROVED", "APPROVED"]


NOT_A_MATCH = "bm90LWFuLWlk"


@pytest.mark.parametrize(
    ("operation", "extra"),
    [("approveMatches", {}), ("rejectMatches", {"reason": "数量已满"})],
)
async def test_a_bulk_decision_retried_with_its_key_returns_the_first_result(
    gql: GraphQLClient, world: World, db: Database, operation: str, extra: dict[str, str]
) -> None:
    # The answer was lost on the way back: without a key, the retry would find every match
    # decided already and answer one STALE error each, as if another official had decided.
    ids = await accepted_matches(gql, world, 2)
    name = operation[0].upper() + operation[1:]
    decision = {"input": {"ids": [*ids, NOT_A_MATCH], "idempotencyKey": "bulk-1", **extra}}
    first = (await gql.data(name, decision, user=world.county_official))[operation]
    after_first = await snapshot(db)

    again = (await gql.data(name, decision, user=world.county_official))[operation]

    assert [m["id"] for m in first["matches"]] == ids
    assert [(e["field"], e["code"]) for e in first["errors"]] == [("ids.2", "INVALID")]
    assert again == first
    assert await snapshot(db) == after_first
    unkeyed = {"input": {"ids": ids, **extra}}
    stale = (await gql.data(name, unkeyed, user=world.county_official))[operation]
    assert stale["matches"] == [] and len(stale["errors"]) == 2


async def test_a_bulk_key_used_again_for_other_matches_or_another_decision_is_refused(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    first, second = await accepted_matches(gql, world, 2)
    await gql.data(
        "ApproveMatches",
        {"input": {"ids": [first], "idempotencyKey": "k"}},
        user=world.county_official,
    )
    before = await snapshot(db)

    other_ids = await gql.data(
        "ApproveMatches",
        {"input": {"ids": [second], "idempotencyKey": "k"}},
        user=world.county_official,
    )
    rejection = await gql.data(
        "RejectMatches",
        {"input": {"ids": [first], "reason": "不要了", "idempotencyKey": "k"}},
        user=world.county_official,
    )

    refused = {
        "matches": [],
        "errors": [
            {
                "field": "idempotencyKey",
                "message": "This idempotency key was already used for a different request.",
                "code": "IDEMPOTENCY_KEY_REUSED",
            }
        ],
    }
    assert other_ids["approveMatches"] == refused
    assert rejection["rejectMatches"] == refused
    assert await snapshot(db) == before
    assert await match_states(gql, world.county_official, first, second) == [
        ("APPROVED", None),
        ("ACCEPTED", None),
    ]


async def test_concurrent_bulk_retries_with_one_key_decide_once(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    ids = await accepted_matches(gql, world, 3)
    decision = {"input": {"ids": ids, "idempotencyKey": "double-click"}}

    results = await asyncio.gather(
        *(gql.data("ApproveMatches", decision, user=world.county_official) for _ in range(4))
    )

    assert all(r == results[0] for r in results), results
    assert [m["id"] for m in results[0]["approveMatches"]["matches"]] == ids
    assert results[0]["approveMatches"]["errors"] == []
    assert await count_rows(db, "idempotency_record") == 1
