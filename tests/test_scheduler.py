"""Scheduled work: what the server (embedded default) and the workers run on their own."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from conftest import GraphQLClient, World
from test_matching_runs import post_need

from ecosystem import scheduler as scheduler_module
from ecosystem.scheduler import Periodic, Scheduler

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


async def test_a_failing_task_is_retried_sooner_and_logged_once_in_full(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """An hourly task that fails runs again in seconds, the pause doubling to 10 s; a task of
    half a second that keeps failing (the relay with Redis down) is not run twice a second;
    one traceback for a run of failures, a line for each after it."""
    pauses: list[float] = []
    calls = 0
    done = asyncio.Event()
    real_sleep = asyncio.sleep

    async def run() -> None:
        nonlocal calls
        calls += 1
        if calls <= 6:
            raise ConnectionError("Redis is down")
        done.set()

    async def pause(_self: Scheduler, seconds: float) -> None:
        pauses.append(seconds)
        await real_sleep(0)

    monkeypatch.setattr(Scheduler, "_pause", pause)
    scheduler = Scheduler([Periodic("hourly", 3600.0, run)])
    with caplog.at_level(logging.INFO, logger="ecosystem.scheduler"):
        scheduler.start()
        await asyncio.wait_for(done.wait(), timeout=5)
        while len(pauses) < 7:
            await real_sleep(0)
        await scheduler.stop()

    assert pauses[:7] == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0, 3600.0]
    records = [r for r in caplog.records if r.name == "ecosystem.scheduler"]
    assert [r.exc_info is not None for r in records[:6]] == [True] + [False] * 5
    assert "works again after 6 failures" in records[6].getMessage()


async def test_stopping_lets_a_turn_end_and_does_not_wait_out_the_pause() -> None:
    """Stopping does not cut a turn off midway (a query cancelled mid-flight leaves its
    connection to be torn down), nor wait out an hourly task's pause."""
    turns: list[str] = []
    midway = asyncio.Event()

    async def run() -> None:
        turns.append("began")
        midway.set()
        await asyncio.sleep(0.2)
        turns.append("ended")

    scheduler = Scheduler([Periodic("hourly", 3600.0, run)])
    scheduler.start()
    await midway.wait()
    await asyncio.wait_for(scheduler.stop(), timeout=3)

    assert turns == ["began", "ended"]


async def test_stopping_ends_a_task_that_lost_its_cancellation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A cancellation can be swallowed inside a client's timeout (Python 3.11's wait_for); the
    task then sleeps on. Stopping asks again until it ends: a worker stopped with SIGTERM hung
    on PostgreSQL now and then."""
    started = asyncio.Event()
    swallowed = False

    async def run() -> None:
        nonlocal swallowed
        started.set()
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            if swallowed:
                raise
            swallowed = True  # as a client's timeout that met the cancellation does

    # A turn that does not end by itself: stopping waits a little for it, then cancels.
    monkeypatch.setattr(scheduler_module, "STOP_WAIT_SECONDS", 0.1)
    scheduler = Scheduler([Periodic("swallows-once", 3600.0, run)])
    scheduler.start()
    await started.wait()
    stopping = asyncio.create_task(scheduler.stop())
    done, _ = await asyncio.wait({stopping}, timeout=5)

    assert swallowed
    assert stopping in done, "the scheduler never stopped"
    assert scheduler.tasks and all(
        t.done() for t in asyncio.all_tasks() if "periodic" in t.get_name()
    )
