"""Scheduled work: what the server (embedded default) and the workers run on their own."""

from __future__ import annotations

from typing import Any

from conftest import GraphQLClient, World
from test_matching_runs import post_need

LEDGER = "query { ledger { size latestCheckpoint { treeSize rootHash } } }"


async def scheduled(app: Any, name: str) -> Any:
    task = next(t for t in app.state.scheduler.tasks if t.name == name)
    return await task.run()


async def test_the_ledger_is_checkpointed_on_schedule(
    app: Any, gql: GraphQLClient, world: World
) -> None:
    await post_need(gql, world)
    before = (await gql.raw(LEDGER))["data"]["ledger"]
    assert before["size"] >= 1

    await scheduled(app, "ledger-checkpoint")

    after = (await gql.raw(LEDGER))["data"]["ledger"]
    assert after["latestCheckpoint"]["treeSize"] == after["size"] == before["size"]
    # Nothing new: the next turn signs nothing more.
    await scheduled(app, "ledger-checkpoint")
    again = (await gql.raw(LEDGER))["data"]["ledger"]
    assert again["latestCheckpoint"] == after["latestCheckpoint"]


async def test_events_are_relayed_on_schedule(app: Any, gql: GraphQLClient, world: World) -> None:
    stream = app.state.settings.events_stream
    redis = app.state.redis
    before = await redis.xlen(stream)
    await post_need(gql, world)

    await scheduled(app, "event-relay")

    assert await redis.xlen(stream) == before + 1
    await scheduled(app, "event-relay")
    assert await redis.xlen(stream) == before + 1
