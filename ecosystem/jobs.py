"""Background jobs on taskiq: Redis Streams with a real Redis, in process on the embedded default.

Why taskiq: it is asyncio from end to end (our database layer is async), it is actively kept,
and it has both brokers we need behind one interface. With REDIS_URL set, jobs go on a Redis
stream read by a consumer group (``JobStream``, taskiq-redis's ``RedisStreamBroker`` with a
listener of our own): a job is acknowledged only once it has run, a worker holds a lease on the
jobs it has taken, and one whose worker stopped (killed, paused, cut off from Redis) is claimed
again by another worker once its lease has lapsed. ``ecosystem worker`` runs them. On the
embedded default (no Redis server) the in-memory broker runs each job as a task of the server
process. (``saq`` worked on a real Redis but its worker never picked up a job on fakeredis;
``arq`` needs the INFO command, which fakeredis lacks.)

Whatever the broker, the database is the truth about a run; a job carries only ids, and the
run's rules make a job delivered twice harmless (``ecosystem.runs.service``).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterator, Sequence
from datetime import date
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import ConnectionError, RedisError, ResponseError
from taskiq import (
    AckableMessage,
    AsyncBroker,
    AsyncTaskiqDecoratedTask,
    BrokerMessage,
    InMemoryBroker,
)
from taskiq.acks import AcknowledgeType
from taskiq.api import run_receiver_task
from taskiq.exceptions import SendTaskError
from taskiq_redis import RedisStreamBroker

from ecosystem.database import Database
from ecosystem.runs.service import PartJob, Runner
from ecosystem.settings import Settings
from ecosystem.tasks import cancel_and_wait, finish_despite_stop, stop_if_asked

log = logging.getLogger(__name__)
CONSUMER_GROUP = "hope-workers"
# After a Redis error the listener tries again after this pause, doubled up to the second.
RETRY_FIRST_SECONDS = 0.1
RETRY_MAX_SECONDS = 5.0
# Longest a read of new jobs blocks in Redis: the listener looks at what is pending between reads.
READ_BLOCK_SECONDS = 2.0
# Longest a stopping worker tries to queue again a job it was running.
PUT_BACK_SECONDS = 3.0

Entry = tuple[bytes, dict[bytes, bytes]]


class JobStream(RedisStreamBroker):
    """taskiq-redis's stream broker, with a listener that outlives Redis failures and leases the
    jobs it takes.

    Its own listener (taskiq-redis 1.2.4) ends at the first Redis error, and taskiq starts it
    again as fast as it fails, a traceback each time; it claims what other consumers left pending
    only right after a read that brought a new job, and only once idle 10 minutes; and a job whose
    reply was lost with a read that failed (a timeout after the process was paused, a connection
    reset) stays pending under this very consumer, where nothing looks again. This listener:

    - logs a Redis outage once, tries again after a pause that doubles, and on reconnecting
      recreates the consumer group if Redis came back empty;
    - sweeps after every reconnection and every quarter of a lease: it takes again what this
      consumer was given and is not running (lost replies), then claims a job any consumer has
      left idle a whole lease;
    - renews the lease on each job it holds every third of a lease (``XCLAIM ... JUSTID`` resets
      the job's idle time), until the job is acknowledged, so no other worker claims a job whose
      worker lives;
    - reads one job at a time, when the receiver has a slot to run it, so a busy worker does
      not hold jobs that an idle one could run.
    """

    def __init__(
        self,
        url: str,
        *,
        queue_name: str,
        lease_seconds: float,
        on_stream_lost: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        super().__init__(
            url,
            queue_name=queue_name,
            consumer_group_name=CONSUMER_GROUP,
            xread_block=max(1, int(1000 * min(READ_BLOCK_SECONDS, lease_seconds / 4))),
            xread_count=1,
            idle_timeout=max(1, int(1000 * lease_seconds)),
        )
        self.lease_seconds = lease_seconds
        # Told when the stream itself was found gone (Redis restarted empty, or flushed): the
        # jobs queued in it are lost, whatever the database says is waiting for them.
        self.on_stream_lost = on_stream_lost
        # Jobs given to this process that it has not acknowledged: running or about to.
        self._held: set[bytes] = set()
        # Jobs run here whose acknowledgement did not get through; the next sweep sends it.
        self._ran: set[bytes] = set()
        # What each job taken here and not acknowledged carries, to queue it again if this
        # process stops before running it.
        self._data: dict[bytes, bytes] = {}

    async def kick(self, message: BrokerMessage) -> None:
        """Queue a job. After Redis restarted, a pooled connection it closed fails its first
        call: the job is sent again, on a new connection (had the first got through after all,
        the run's rules make the copy harmless)."""
        try:
            await super().kick(message)
        except ConnectionError:
            await super().kick(message)

    async def listen(self) -> AsyncGenerator[AckableMessage, None]:
        """The jobs this worker is to run, one at a time, through Redis outages."""
        renewing = asyncio.create_task(self._renew_leases())
        sweep_at = 0.0
        outage: float | None = None
        pause = RETRY_FIRST_SECONDS
        taken: list[tuple[bytes, bytes]] = []
        try:
            while True:
                # A stop lost in the Redis client's own timeout would leave this loop reading.
                stop_if_asked()
                try:
                    async with Redis(connection_pool=self.connection_pool) as redis:
                        if outage is not None:
                            await self._recreate_group(redis)
                        if time.monotonic() >= sweep_at:
                            taken = await self._sweep(redis)
                            if not taken:
                                sweep_at = time.monotonic() + self.lease_seconds / 4
                        if not taken:
                            taken = await self._read(redis)
                except (RedisError, OSError) as error:
                    if outage is None:
                        outage = time.monotonic()
                        log.warning(
                            "the job queue lost Redis (%s); trying again until it answers", error
                        )
                    # The pool's idle connections may be as dead as this one (Redis restarted):
                    # dropped, so that the next call after Redis answers does not find one of
                    # them and report a second outage.
                    await self.connection_pool.disconnect(inuse_connections=False)
                    await asyncio.sleep(pause)
                    pause = min(2 * pause, RETRY_MAX_SECONDS)
                    sweep_at = 0.0  # a read cut off may have lost the reply carrying a job
                    continue
                if outage is not None:
                    log.info(
                        "the job queue reaches Redis again, after %.1f s",
                        time.monotonic() - outage,
                    )
                    outage, pause = None, RETRY_FIRST_SECONDS
                while taken:
                    message_id, data = taken.pop(0)
                    yield AckableMessage(data=data, ack=self._acknowledgement(message_id))
        finally:
            # Taken but never handed on: a later sweep takes them again.
            self._held.difference_update(message_id for message_id, _ in taken)
            await cancel_and_wait(renewing)

    async def _read(self, redis: Redis) -> list[tuple[bytes, bytes]]:
        fetched: Any = await redis.xreadgroup(
            self.consumer_group_name,
            self.consumer_name,
            {self.queue_name: ">"},
            block=self.block,
            count=self.count,
        )
        return await self._take(redis, fetched[0][1] if fetched else [])

    async def _sweep(self, redis: Redis) -> list[tuple[bytes, bytes]]:
        """What this consumer was given and is not running, or else one job another consumer
        has left idle a whole lease."""
        mine: Any = await redis.xreadgroup(
            self.consumer_group_name, self.consumer_name, {self.queue_name: "0"}
        )
        pending: list[Entry] = mine[0][1] if mine else []
        self._ran.intersection_update(message_id for message_id, _ in pending)
        taken = await self._take(redis, pending)
        cursor: Any = b"0-0"
        while not taken:
            cursor, claimed, *_ = await redis.xautoclaim(
                self.queue_name,
                self.consumer_group_name,
                self.consumer_name,
                min_idle_time=self.idle_timeout,
                start_id=cursor,
                count=1,
            )
            taken = await self._take(redis, claimed)
            if cursor in (b"0-0", "0-0"):
                break
        return taken

    async def _take(self, redis: Redis, entries: Sequence[Entry]) -> list[tuple[bytes, bytes]]:
        """The entries this process is to run now: those not held here already. Those run here
        are acknowledged, and so are those with nothing to run (deleted from the stream)."""
        done: list[bytes] = []
        taken: list[tuple[bytes, bytes]] = []
        for message_id, fields in entries:
            data = fields.get(b"data") if fields else None
            if message_id in self._held:
                continue
            if message_id in self._ran or data is None:
                done.append(message_id)
            else:
                taken.append((message_id, data))
        if done:
            await redis.xack(self.queue_name, self.consumer_group_name, *done)
            self._ran.difference_update(done)
        self._held.update(message_id for message_id, _ in taken)
        self._data.update(taken)
        return taken

    def _acknowledgement(self, message_id: bytes) -> Callable[[], Awaitable[None]]:
        async def acknowledge() -> None:
            try:
                async with Redis(connection_pool=self.connection_pool) as redis:
                    await redis.xack(self.queue_name, self.consumer_group_name, message_id)
            except (RedisError, OSError):
                self._ran.add(message_id)  # still leased; the next sweep acknowledges it
            finally:
                self._held.discard(message_id)
                self._data.pop(message_id, None)

        return acknowledge

    async def _renew_leases(self) -> None:
        while True:
            await asyncio.sleep(self.lease_seconds / 3)
            leased: list[bytes | str | int | memoryview] = [*(self._held | self._ran)]
            if not leased:
                continue
            try:
                async with Redis(connection_pool=self.connection_pool) as redis:
                    await redis.xclaim(
                        self.queue_name,
                        self.consumer_group_name,
                        self.consumer_name,
                        min_idle_time=0,
                        message_ids=leased,
                        justid=True,
                    )
            except (RedisError, OSError):
                # The listener reports the outage; a lease lapses only after a whole one.
                log.debug("could not renew the leases of %d jobs", len(leased))

    async def release_unstarted(self) -> int:
        """Queue again, for any worker, the jobs taken here that this stopping process never
        ran (read ahead for the receiver, or taken and not handed on), and acknowledge the
        ones taken: left pending under this consumer, they waited a whole lease for another
        worker to claim them. Call once the jobs running here have ended. How many."""
        unstarted = [(message_id, data) for message_id, data in self._data.items()]
        if not unstarted:
            return 0
        try:
            async with Redis(connection_pool=self.connection_pool) as redis:
                for message_id, data in unstarted:
                    await redis.xadd(self.queue_name, {b"data": data})
                    await redis.xack(self.queue_name, self.consumer_group_name, message_id)
                    self._data.pop(message_id, None)
                    self._held.discard(message_id)
        except (RedisError, OSError) as error:
            log.warning("stopping: could not queue again the jobs not started here (%s)", error)
        return len(unstarted) - len(self._data)

    async def stream_lost(self) -> bool:
        """Whether the stream is gone: jobs queued in it before are lost. (Once made, a stream
        stays, acknowledged jobs and all, until Redis loses its data.)"""
        async with Redis(connection_pool=self.connection_pool) as redis:
            return not await redis.exists(self.queue_name)

    async def _recreate_group(self, redis: Redis) -> None:
        """A Redis that restarted empty lost the group: make it again, reading from the start
        of the stream, where jobs queued since it came back are; and say the stream was lost."""
        lost = not await redis.exists(self.queue_name)
        try:
            await redis.xgroup_create(
                self.queue_name, self.consumer_group_name, id="0", mkstream=True
            )
        except ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise
        if lost and self.on_stream_lost is not None:
            await self.on_stream_lost()


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
            self.broker = JobStream(
                settings.redis_url,
                queue_name=settings.job_queue,
                lease_seconds=settings.job_lease_seconds,
                on_stream_lost=self._queue_waiting_runs,
            )
        self._today = settings.today
        self.runs_in_process = settings.runs_jobs_in_process
        runner = self.runner

        async def plan_run(run_id: int, today: str) -> None:
            with self._running_here():
                try:
                    await runner.plan(run_id, date.fromisoformat(today), self._enqueue_part)
                except asyncio.CancelledError:
                    await self._put_back(self._plan, f"the plan of run {run_id}", run_id, today)
                    raise

        async def solve_part(job: dict[str, Any]) -> None:
            with self._running_here():
                try:
                    await runner.solve_part(PartJob(**job))
                except asyncio.CancelledError:
                    what = f"part {job['part']} of run {job['run_id']}"
                    await self._put_back(self._part, what, job)
                    raise

        # taskiq wraps plain functions; these close over this process's database and Redis.
        self._plan = self.broker.register_task(plan_run, task_name="matching.plan")
        self._part = self.broker.register_task(solve_part, task_name="matching.part")
        self._started = False
        self._receiver: asyncio.Task[None] | None = None
        # The jobs running in this process, each a task of taskiq's receiver, which leaves them
        # running when it is stopped.
        self._running: set[asyncio.Task[Any]] = set()
        self._lock = asyncio.Lock()

    async def start(self, *, to_work: bool = False) -> None:
        """Connect the broker; in a process that runs jobs (the server with jobs in process, or
        ``to_work``: a worker about to), start receiving them."""
        async with self._lock:
            if self._started:
                return
            # Only a process that runs jobs looks: one that only queues them (the API beside
            # workers) would queue the waiting runs again at each start.
            lost = (
                isinstance(self.broker, JobStream)
                and (self.runs_in_process or to_work)
                and await self.broker.stream_lost()
            )
            await self.broker.startup()
            self._started = True
            if lost:
                await self._queue_waiting_runs()
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
        """Stop receiving, stop the jobs running here (each queued again for another worker),
        then disconnect."""
        if self._receiver is not None:
            await cancel_and_wait(self._receiver)
            self._receiver = None
        for running in list(self._running):
            await cancel_and_wait(running)
        if isinstance(self.broker, JobStream) and (
            released := await self.broker.release_unstarted()
        ):
            log.info("stopping: %d jobs taken here and not started are queued again", released)
        if self._started:
            await self.broker.shutdown()
            self._started = False

    async def work(self) -> None:
        """Run jobs until cancelled: the body of ``ecosystem worker``."""
        await self.start(to_work=True)
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
        """Queue the plan job of a run that was just committed. A Redis failure raises the
        ``RedisError`` or ``OSError`` it was, not taskiq's wrapping of it."""
        await self.start()
        try:
            await self._plan.kiq(run_id, today.isoformat())
        except SendTaskError as error:
            if isinstance(error.__cause__, RedisError | OSError):
                raise error.__cause__ from None
            raise

    @contextlib.contextmanager
    def _running_here(self) -> Iterator[None]:
        task = asyncio.current_task()
        assert task is not None
        self._running.add(task)
        try:
            yield
        finally:
            self._running.discard(task)

    async def _put_back(
        self, task: AsyncTaskiqDecoratedTask[Any, Any], what: str, *args: Any
    ) -> None:
        """Queue again a job this process stopped in the middle of (a worker's SIGTERM), for
        another worker or this one's successor: taskiq acknowledges a cancelled job as one that
        ran, and without a copy the run would wait for its timeout. What the job had done is
        safe to do again (the run's rules). Jobs in memory end with the process; the next start
        fails their runs (``recover``)."""
        if isinstance(self.broker, InMemoryBroker):
            return

        async def put_back() -> None:
            try:
                await task.kiq(*args)
            except (SendTaskError, RedisError, OSError) as error:
                log.warning(
                    "stopping: could not queue %s again (%s); it ends by timeout", what, error
                )
            else:
                log.info("stopping: %s is queued again, for another worker", what)

        try:
            await finish_despite_stop(put_back(), PUT_BACK_SECONDS)
        except TimeoutError:
            log.warning("stopping: could not queue %s again in time; it ends by timeout", what)

    async def _queue_waiting_runs(self) -> None:
        """Queue again the plan of every unfinished run, once the stream their jobs were in is
        found lost (Redis restarted empty or was flushed): they would wait for the timeout,
        holding their regions. A plan delivered again plans a QUEUED run (or one left loading)
        once, and queues again the parts of a planned run that are not stored yet; a part
        still running in a live worker is then solved twice and stored once."""
        try:
            waiting = await self.runner.unfinished()
            for run_id in waiting:
                await self._plan.kiq(run_id, self._today().isoformat())
        except Exception as error:  # the database or Redis: the timeout remains
            log.warning("the job queue was lost; could not queue its runs again: %r", error)
            return
        if waiting:
            log.warning(
                "the job queue was lost (Redis restarted empty or was flushed); "
                "queued again the %d runs waiting in it",
                len(waiting),
            )

    async def _enqueue_part(self, job: PartJob) -> None:
        await self._part.kiq(dataclasses.asdict(job))
