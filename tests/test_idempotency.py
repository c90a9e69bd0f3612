"""Mutations sent again with the same idempotency key do not write twice."""

from __future__ import annotations

import asyncio

from conftest import GraphQLClient, World, count_rows, snapshot
from test_needs import water_need

from ecosystem.database import Database


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
