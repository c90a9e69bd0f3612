"""Background jobs on taskiq: Redis Streams with a real Redis, in process on the embedded default.

Why taskiq: it is asyncio from end to end (our database layer is async), it is actively kept,
and it has both brokers we need behind one interface. With REDIS_URL set, jobs go on a Redis
stream (taskiq-redis ``RedisStreamBroker``) read by a consumer group: a job is acknowledged only
once it has run, and one left pending by a worker that died is claimed again by another worker
after ``idle_timeout``. ``ecosystem worker`` runs them. On the embedded default (no Redis
server) the in-memory broker runs each job as a task of the server process. (``saq`` worked on
a real Redis but its worker never picked up a job on fakeredis; ``arq`` needs the INFO
command, which fakeredis lacks.)

Whatever the broker, the database is the truth about a run; a job carries only ids, and the
run's rules make a job delivered twice harmless (``ecosystem.runs.service``).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from datetime import date
from typing import Any

from redis.asyncio import Redis
from taskiq import AsyncBroker, InMemoryBroker
from taskiq.acks import AcknowledgeType
from taskiq.api import run_receiver_task
from taskiq_redis import RedisStreamBroker

from ecosystem.database import Database
from ecosystem.runs.service import PartJob, Runner
from ecosystem.settings import Settings

log = logging.getLogger(__name__)
CONSUMER_GROUP = "hope-workers"


class Jobs:
    """The job queue of one process: enqueue runs, and (in a worker or the embedded server)
    run them."""

    def __init__(self, settings: Settings, db: Database, redis: Redis) -> None:
        self.runner = Runner(
            db,
            redis,
            max_parts=settings.matching_max_parts,
            max_arcs=settings.matching_max_arcs,
        )
        self.broker: AsyncBroker
        if settings.redis_url is None:
            self.broker = InMemoryBroker()
        else:
            self.broker = RedisStreamBroker(
                settings.redis_url,
                queue_name=settings.job_queue,
                consumer_group_name=CONSUMER_GROUP,
            )
        self.runs_in_process = settings.runs_jobs_in_process
        runner = self.runner

        async def plan_run(run_id: int, today: str) -> None:
            await runner.plan(run_id, date.fromisoformat(today), self._enqueue_part)

        async def solve_part(job: dict[str, Any]) -> None:
            await runner.solve_part(PartJob(**job))

        # taskiq wraps plain functions; these close over this process's database and Redis.
        self._plan = self.broker.register_task(plan_run, task_name="matching.plan")
        self._part = self.broker.register_task(solve_part, task_name="matching.part")
        self._started = False
        self._receiver: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()

    async def start(self) -> None:
        """Connect the broker; in a process that runs jobs, start receiving them."""
        async with self._lock:
            if self._started:
                return
            await self.broker.startup()
            self._started = True
            if self.runs_in_process and not isinstance(self.broker, InMemoryBroker):
                self._receiver = asyncio.create_task(self._receive())

    async def recover(self) -> int:
        """At the start of a process that keeps its jobs in memory (the embedded default),
        fail the runs its predecessor left unfinished: their jobs are gone. A Redis stream
        keeps its jobs, and a worker picks them up again. How many runs were failed."""
        if not isinstance(self.broker, InMemoryBroker):
            return 0
        return await self.runner.fail_unfinished()

    async def stop(self) -> None:
        if self._receiver is not None:
            self._receiver.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._receiver
            self._receiver = None
        if self._started:
            await self.broker.shutdown()
            self._started = False

    async def work(self) -> None:
        """Run jobs until cancelled: the body of ``ecosystem worker``."""
        await self.start()
        try:
            await self._receive()
        finally:
            await self.stop()

    async def _receive(self) -> None:
        await run_receiver_task(
            self.broker,
            ack_time=AcknowledgeType.WHEN_EXECUTED,
            max_async_tasks=4,
            propagate_exceptions=False,
        )

    async def start_matching_run(self, run_id: int, today: date) -> None:
        """Queue the plan job of a run that was just committed."""
        await self.start()
        await self._plan.kiq(run_id, today.isoformat())

    async def _enqueue_part(self, job: PartJob) -> None:
        await self._part.kiq(dataclasses.asdict(job))
