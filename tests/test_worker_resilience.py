"""Workers on a real Redis that fails under them: a read cut off, a worker paused or killed with
a job in hand, Redis restarted. The run still happens, within a bounded time, and only once."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import os
import signal
import sqlite3
import subprocess
import time
import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest
from conftest import GraphQLClient, World, authenticate_from_test_header
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.engine import make_url
from test_bad_input import pledge
from test_faults import RedisProcess, own_redis
from test_matching_runs import (
    engine_matches,
    finished,
    post_need,
    post_pledge,
    start,
    worker_process,
)

from ecosystem.api.relay import from_global_id
from ecosystem.app import create_app
from ecosystem.jobs import CONSUMER_GROUP, Jobs, JobStream
from ecosystem.runs import service
from ecosystem.runs.service import Runner
from ecosystem.settings import Settings

__all__ = ["own_redis"]  # a fixture, used by name

needs_redis = pytest.mark.skipif(
    not os.environ.get("TEST_REDIS_URL"), reason="needs a real Redis (TEST_REDIS_URL)"
)
# redis-py's default socket timeout: a worker paused longer finds its blocked read timed out,
# with the job Redis handed it during the pause in a reply it never reads.
REDIS_PY_SOCKET_TIMEOUT = 5.0


@contextlib.asynccontextmanager
async def api_on(settings: Settings, redis_url: str, queue: str) -> AsyncIterator[GraphQLClient]:
    """The API server, queueing runs on ``queue`` and running none itself."""
    app = create_app(
        settings.model_copy(
            update={"redis_url": redis_url, "job_queue": queue, "worker_in_process": False}
        ),
        authenticate=authenticate_from_test_header,
    )
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as http:
            yield GraphQLClient(http)
    finally:
        await app.state.jobs.stop()
        await app.state.redis.aclose()
        await app.state.db.dispose()


@contextlib.asynccontextmanager
async def worker_on(settings: Settings, db: Any, redis_url: str, queue: str) -> AsyncIterator[Jobs]:
    """A worker in this process (what `ecosystem worker` runs), with a short lease."""
    worker_settings = settings.model_copy(
        update={
            "redis_url": redis_url,
            "job_queue": queue,
            "job_lease_seconds": LEASE,
            "worker_in_process": None,
        }
    )
    jobs = Jobs(worker_settings, db, Redis.from_url(redis_url, decode_responses=True))
    working = asyncio.create_task(jobs.work())
    try:
        yield jobs
    finally:
        working.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await working
        await jobs.runner.redis.aclose()


LEASE = 1.0


async def pending(redis_url: str, queue: str) -> int:
    client = Redis.from_url(redis_url)
    try:
        return int((await client.xpending(queue, CONSUMER_GROUP))["pending"])
    finally:
        await client.aclose()


def stopped(process: subprocess.Popen[str]) -> bool:
    with open(f"/proc/{process.pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] == "T"


def writing(database_url: str) -> bool:
    """Whether another connection holds the write lock of this SQLite database."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return False
    with contextlib.closing(sqlite3.connect(str(url.database), timeout=0)) as probe:
        try:
            probe.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return True
        probe.rollback()
        return False


async def pause(worker: subprocess.Popen[str], database_url: str) -> None:
    """SIGSTOP the worker outside a write of its own. SQLite locks the whole database for a
    write, so a worker stopped in one (its scheduler writes every half second) would block the
    API too; PostgreSQL, where QA saw the defect, does not."""
    async with asyncio.timeout(10):
        while True:
            worker.send_signal(signal.SIGSTOP)
            while not stopped(worker):
                await asyncio.sleep(0.01)
            if not writing(database_url):
                return
            worker.send_signal(signal.SIGCONT)
            await asyncio.sleep(0.05)


async def assert_ran_once(gql: GraphQLClient, world: World, run: dict[str, Any]) -> None:
    assert run["status"] == "SUCCEEDED", run
    assert run["partsDone"] == run["partsTotal"] and run["proposalsCount"] >= 1
    # Each part stored once: as many engine proposals as the run counted, no more.
    proposals = await engine_matches(gql, world.platform_admin, "PROPOSED")
    assert len(proposals) == run["proposalsCount"]


@needs_redis
async def test_a_worker_paused_while_a_run_is_queued_runs_it_once_it_resumes(
    settings: Settings, world: World
) -> None:
    """QA's steps: `ecosystem worker` stopped (SIGSTOP) while a run is asked for, then resumed.
    The reply carrying the job arrives while it is stopped; its read has timed out by then."""
    redis_url = os.environ["TEST_REDIS_URL"]
    queue = f"hope:test-jobs:{uuid.uuid4().hex}"
    worker = worker_process(settings, redis_url, queue)
    try:
        async with api_on(settings, redis_url, queue) as gql:
            await post_need(gql, world)
            await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=3))
            # The worker is up and reading: a first run goes through.
            first = await start(gql, world.county_official)
            await finished(gql, world.county_official, first["run"]["id"], 30)

            await pause(worker, settings.database_url)
            started = await start(gql, world.county_official)
            await asyncio.sleep(REDIS_PY_SOCKET_TIMEOUT + 0.5)
            worker.send_signal(signal.SIGCONT)

            # The worker reconnects and takes the job again: seconds, not the 10 minutes of
            # taskiq-redis's idle timeout (and only once another job had come).
            run = await finished(gql, world.county_official, started["run"]["id"], 10)
            await assert_ran_once(gql, world, run)
            again = await start(gql, world.county_official)
            assert again["errors"] == []
            await finished(gql, world.county_official, again["run"]["id"], 10)
            assert await pending(redis_url, queue) == 0
    finally:
        worker.send_signal(signal.SIGCONT)
        worker.terminate()
        output, _ = worker.communicate(timeout=20)
        print(output)  # the worker's log, shown if the test fails
    assert output.count("the job queue lost Redis") == 1, output
    assert "Exception found while listening to the broker" not in output, output


@needs_redis
async def test_a_run_a_dead_worker_had_taken_is_run_by_another_within_the_lease(
    settings: Settings, world: World, db: Any
) -> None:
    redis_url = os.environ["TEST_REDIS_URL"]
    queue = f"hope:test-jobs:{uuid.uuid4().hex}"
    async with api_on(settings, redis_url, queue) as gql:
        await post_need(gql, world)
        await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=3))
        started = await start(gql, world.county_official)
        # A worker takes the job and dies before it has run it (it never acknowledges it).
        dead = Redis.from_url(redis_url)
        taken: Any = await dead.xreadgroup(CONSUMER_GROUP, "dead-worker", {queue: ">"}, count=10)
        await dead.aclose()
        assert len(taken[0][1]) == 1
        taken_at = time.monotonic()

        # No other job comes; a live worker claims it once it has been idle a whole lease.
        async with worker_on(settings, db, redis_url, queue):
            bound = 1.5 * LEASE + 3
            run = await finished(gql, world.county_official, started["run"]["id"], bound)
        assert time.monotonic() - taken_at >= LEASE
        await assert_ran_once(gql, world, run)
        assert await pending(redis_url, queue) == 0


@needs_redis
async def test_jobs_running_longer_than_the_lease_are_not_taken_by_another_worker(
    settings: Settings, world: World, db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    redis_url = os.environ["TEST_REDIS_URL"]
    queue = f"hope:test-jobs:{uuid.uuid4().hex}"
    planned: list[int] = []
    plan = Runner.plan

    async def slow_plan(runner: Runner, run_id: int, *args: Any) -> None:
        planned.append(run_id)
        await asyncio.sleep(3 * LEASE)  # its worker lives and renews the leases meanwhile
        await plan(runner, run_id, *args)

    monkeypatch.setattr(Runner, "plan", slow_plan)
    async with api_on(settings, redis_url, queue) as gql, worker_on(settings, db, redis_url, queue):
        # Four runs over regions apart: the first worker takes all four, which fills its slots,
        # so only its leases, not its own sweeps, keep the jobs from looking abandoned.
        regions = ("11", "31", "37", "45")
        started = [await start(gql, world.platform_admin, code) for code in regions]
        async with asyncio.timeout(10):
            while await pending(redis_url, queue) < len(started):
                await asyncio.sleep(0.05)
        async with worker_on(settings, db, redis_url, queue):
            runs = [
                await finished(gql, world.platform_admin, s["run"]["id"], 3 * LEASE + 10)
                for s in started
            ]
    assert [r["status"] for r in runs] == ["SUCCEEDED"] * len(started)
    assert len(planned) == len(set(planned)) == len(started)


async def test_a_worker_outlives_a_redis_restart_logging_it_once_and_runs_what_comes_next(
    settings: Settings,
    world: World,
    db: Any,
    own_redis: RedisProcess,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await own_redis.start()
    queue = f"hope:test-jobs:{uuid.uuid4().hex}"
    async with (
        api_on(settings, own_redis.url, queue) as gql,
        worker_on(settings, db, own_redis.url, queue),
    ):
        await post_need(gql, world)
        await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=3))
        first = await start(gql, world.county_official)
        await finished(gql, world.county_official, first["run"]["id"], 10)

        with caplog.at_level(logging.INFO):
            own_redis.kill()
            # The queue cannot be reached: said so, and the run asked for does not hold the
            # region (it is FAILED, not QUEUED for an hour).
            refused = await start(gql, world.county_official)
            await asyncio.sleep(2.0)  # the worker keeps trying meanwhile
            # Back on the same port, empty (it keeps nothing on disk): the consumer group and
            # the stream are gone, and the connections the API and worker held are dead.
            await own_redis.start()
            again = await start(gql, world.county_official)
            run = await finished(gql, world.county_official, again["run"]["id"], 10)
        await assert_ran_once(gql, world, run)
        runs = await gql.data("MatchingRuns", {"first": 5}, user=world.county_official)

    assert refused["run"] is None
    assert [e["code"] for e in refused["errors"]] == ["UNAVAILABLE"]
    statuses = [e["node"]["status"] for e in runs["matchingRuns"]["edges"]]
    assert statuses == ["SUCCEEDED", "FAILED", "SUCCEEDED"]
    failures = [e["node"]["failure"] for e in runs["matchingRuns"]["edges"]]
    assert failures == [None, "QUEUE_UNAVAILABLE", None]
    lost = [r for r in caplog.records if "the job queue lost Redis" in r.getMessage()]
    back = [r for r in caplog.records if "the job queue reaches Redis again" in r.getMessage()]
    assert len(lost) == 1 and len(back) == 1
    assert [r for r in caplog.records if r.exc_info and r.name.startswith("taskiq")] == []


@dataclasses.dataclass
class AskedRun:
    """A run asked for through the API, its plan job queued on a queue of its own."""

    gql: GraphQLClient
    run: dict[str, Any]
    run_id: int
    redis_url: str
    queue: str


@contextlib.asynccontextmanager
async def asked_run(settings: Settings, world: World) -> AsyncIterator[AskedRun]:
    """A run over the county official's county, with a need and a pledge to propose."""
    redis_url = os.environ["TEST_REDIS_URL"]
    queue = f"hope:test-jobs:{uuid.uuid4().hex}"
    async with api_on(settings, redis_url, queue) as gql:
        await post_need(gql, world)
        await post_pledge(gql, world.store_admin, pledge(world.store_id, quantity=3))
        started = await start(gql, world.county_official)
        run = started["run"]
        yield AskedRun(gql, run, int(from_global_id(run["id"])[1]), redis_url, queue)


async def taken_by_a_worker_that_dies(asked: AskedRun) -> Redis:
    """The plan job, taken by a consumer that never acknowledges it; its Redis client."""
    client = Redis.from_url(asked.redis_url)
    taken: Any = await client.xreadgroup(CONSUMER_GROUP, "dead-worker", {asked.queue: ">"})
    assert len(taken[0][1]) == 1
    return client


async def finished_by_another_worker(
    settings: Settings, world: World, db: Any, asked: AskedRun, within: float = 10
) -> None:
    """A worker started now finishes the run within ``within`` seconds, each part stored once,
    and nothing is left pending."""
    async with worker_on(settings, db, asked.redis_url, asked.queue):
        run = await finished(asked.gql, world.county_official, asked.run["id"], within)
    await assert_ran_once(asked.gql, world, run)
    assert await pending(asked.redis_url, asked.queue) == 0


@needs_redis
@pytest.mark.parametrize("stage", ["loading", "solving"])
async def test_a_worker_stopped_in_the_middle_of_a_run_queues_its_job_again_for_another(
    settings: Settings, world: World, db: Any, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    """QA's steps: `ecosystem worker` got SIGTERM (what stops its work) while loading a run or
    solving a part. taskiq acknowledged the stopped job as run: it was lost, and the run stayed
    RUNNING for an hour. Loading, the run was started already, and a plan delivered again left
    it alone."""
    reached = asyncio.Event()
    owner, name = (service, "load_instance") if stage == "loading" else (Runner, "solve_part")
    original = getattr(owner, name)

    async def first_call_never_ends(*args: Any, **kwargs: Any) -> Any:
        if not reached.is_set():
            reached.set()
            await asyncio.sleep(3600)  # until its worker is stopped
        return await original(*args, **kwargs)

    monkeypatch.setattr(owner, name, first_call_never_ends)
    async with asked_run(settings, world) as asked:
        async with worker_on(settings, db, asked.redis_url, asked.queue):
            await asyncio.wait_for(reached.wait(), 20)
        # That worker stopped in the middle and queued its job again: nothing is left held by
        # it (its lease would keep the run waiting), and the next worker finishes the run.
        assert await pending(asked.redis_url, asked.queue) == 0
        await finished_by_another_worker(settings, world, db, asked)


@needs_redis
async def test_a_run_whose_worker_was_killed_while_loading_is_planned_by_another(
    settings: Settings, world: World, db: Any
) -> None:
    """QA's steps: SIGKILL while the run said RUNNING, loading. Another worker claimed the plan
    job after the lease, found the run started, and left it: stuck for an hour."""
    async with asked_run(settings, world) as asked:
        await (await taken_by_a_worker_that_dies(asked)).aclose()
        # It started the run, and died loading it: what it leaves.
        async with db.transaction() as session:
            await session.execute(
                text(
                    "UPDATE matching_run SET status = 'RUNNING', stage = 'loading', progress = 1"
                    " WHERE id = :id AND status = 'QUEUED'"
                ),
                {"id": asked.run_id},
            )
        await finished_by_another_worker(settings, world, db, asked, 1.5 * LEASE + 5)


@needs_redis
async def test_a_run_whose_worker_died_before_queueing_its_parts_is_finished_by_another(
    settings: Settings, world: World, db: Any
) -> None:
    """QA's steps: SIGKILL right after the run moved on to solving, before its parts were all
    queued. The plan job, delivered again, found the run planned and did nothing: the parts
    were nowhere but in the dead worker, and the run stayed RUNNING until the timeout."""
    async with asked_run(settings, world) as asked:
        dead = await taken_by_a_worker_that_dies(asked)

        async def dies_before_queueing(_part: Any) -> None:
            pass

        await Runner(db, dead, max_parts=4).plan(asked.run_id, date.today(), dies_before_queueing)
        await dead.aclose()
        planned = await asked.gql.data("MatchingRuns", {"first": 1}, user=world.county_official)
        [edge] = planned["matchingRuns"]["edges"]
        assert edge["node"]["status"] == "RUNNING" and edge["node"]["partsDone"] == 0
        await finished_by_another_worker(settings, world, db, asked, 1.5 * LEASE + 5)


@needs_redis
async def test_runs_queued_when_the_queue_was_lost_are_queued_again_by_the_next_worker(
    settings: Settings, world: World, db: Any
) -> None:
    """QA's steps: no worker running, a run asked for, Redis flushed (or restarted empty), a
    worker started: the run stayed QUEUED for an hour, its region refused to every new run."""
    async with asked_run(settings, world) as asked:
        # The stream and the job in it are gone, as after FLUSHDB.
        client = Redis.from_url(asked.redis_url)
        assert await client.delete(asked.queue) == 1
        await client.aclose()
        await finished_by_another_worker(settings, world, db, asked)


@needs_redis
async def test_a_planned_run_whose_part_jobs_were_lost_with_the_queue_is_finished(
    settings: Settings, world: World, db: Any
) -> None:
    """A run planned, its parts queued, then Redis flushed: the parts were lost with the stream
    and the run, RUNNING, waited for the timeout. A worker finding the stream gone queues the
    plans of unfinished runs again, and a planned run's plan queues its parts not stored."""
    async with asked_run(settings, world) as asked:
        client = await taken_by_a_worker_that_dies(asked)
        queued: list[Any] = []

        async def queue_part(part: Any) -> None:
            queued.append(part)  # into the stream about to be lost

        await Runner(db, client, max_parts=4).plan(asked.run_id, date.today(), queue_part)
        assert queued
        assert await client.delete(asked.queue) == 1  # FLUSHDB: the stream and every job in it
        await client.aclose()
        await finished_by_another_worker(settings, world, db, asked)


@needs_redis
async def test_a_stopping_worker_queues_again_the_jobs_it_took_and_never_started(
    settings: Settings, world: World, db: Any
) -> None:
    """QA's steps: SIGTERM as a run's parts were being queued. The worker had read a part ahead
    for its receiver; stopping, it dropped it, pending under its name, and the run waited a
    whole lease (ten minutes by default) for another worker to claim it."""
    async with asked_run(settings, world) as asked:
        worker_settings = settings.model_copy(
            update={"redis_url": asked.redis_url, "job_queue": asked.queue}
        )
        redis = Redis.from_url(asked.redis_url, decode_responses=True)
        stopping = Jobs(worker_settings, db, redis)
        await stopping.start(to_work=True)
        assert isinstance(stopping.broker, JobStream)
        listening = stopping.broker.listen()
        await anext(listening)  # read ahead for the receiver, not started
        await listening.aclose()
        await stopping.stop()
        await redis.aclose()
        # Not left pending under the stopped worker for its lease: queued again.
        assert await pending(asked.redis_url, asked.queue) == 0
        await finished_by_another_worker(settings, world, db, asked)
