"""Periodic work: the scheduled jobs of the server process (embedded default) and workers.

Each task runs in a loop of its own, every ``every_seconds``; a failure is logged and the loop
goes on, so a Redis or database outage delays the work but never stops it. After a failure the
task runs again after a pause that doubles from 1 s up to 10 s, whatever its period: the relay
(every 0.5 s) no longer logs a traceback twice a second while Redis is down, and the expiry
(hourly) does not wait an hour after a passing fault. The first failure of a run of them is
logged with its traceback, the rest in a line each. Every task is safe
to run in several processes at once (each says how), so any number of workers may run them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

import httpx
from redis.asyncio import Redis

from ecosystem.database import Database
from ecosystem.events import relay
from ecosystem.events.webhooks import WebhookPolicy, deliver_due
from ecosystem.fulfilment.expiry import expire_overdue
from ecosystem.fulfilment.unused import discard_unused_evidence, evidence_store, unused_before
from ecosystem.jobs import Jobs
from ecosystem.ledger import service as ledger
from ecosystem.settings import Settings
from ecosystem.tasks import cancel_and_wait, stop_if_asked

log = logging.getLogger(__name__)

RETRY_FIRST_SECONDS = 1.0
# How long stopping waits for the tasks to end the turn they are in.
STOP_WAIT_SECONDS = 5.0
RETRY_MAX_SECONDS = 10.0


@dataclass(frozen=True)
class Periodic:
    """One scheduled task."""

    name: str
    every_seconds: float
    run: Callable[[], Awaitable[object]]


class Scheduler:
    """Runs periodic tasks until stopped, then closes what they used."""

    def __init__(
        self, tasks: list[Periodic], closers: list[Callable[[], Awaitable[object]]] | None = None
    ) -> None:
        self.tasks = tasks
        self.closers = closers or []
        self._running: list[asyncio.Task[None]] = []
        self._stopping = asyncio.Event()

    def start(self) -> None:
        if self._running:
            return
        self._stopping.clear()
        self._running = [
            asyncio.create_task(self._loop(task), name=f"periodic:{task.name}")
            for task in self.tasks
        ]

    async def stop(self) -> None:
        """Let each task finish the turn it is in (STOP_WAIT_SECONDS at most; a query cut off
        midway leaves its connection to be torn down), then cancel what is still running."""
        self._stopping.set()
        if self._running:
            _, pending = await asyncio.wait(self._running, timeout=STOP_WAIT_SECONDS)
            for running in pending:
                log.warning("scheduled task %s did not end its turn in time", running.get_name())
                await cancel_and_wait(running)
            for running in self._running:
                if not running.cancelled() and running.exception() is not None:
                    log.warning("%s failed: %r", running.get_name(), running.exception())
        self._running = []
        for close in self.closers:
            await close()

    async def _loop(self, task: Periodic) -> None:
        failures = 0
        while not self._stopping.is_set():
            try:
                await task.run()
            except asyncio.CancelledError:
                raise
            except Exception as error:
                failures += 1
                delay = min(RETRY_FIRST_SECONDS * 2 ** min(failures - 1, 10), RETRY_MAX_SECONDS)
                if failures == 1:
                    log.exception(
                        "scheduled task %s failed; it runs again in %.0f s", task.name, delay
                    )
                else:
                    log.warning(
                        "scheduled task %s failed again (%d in a row): %r; it runs again in %.0f s",
                        task.name,
                        failures,
                        error,
                        delay,
                    )
            else:
                if failures:
                    log.info("scheduled task %s works again after %d failures", task.name, failures)
                failures = 0
                delay = task.every_seconds
            stop_if_asked()  # a stop lost inside the task's run
            await self._pause(delay)

    async def _pause(self, seconds: float) -> None:
        """Wait ``seconds``, or until the scheduler stops."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._stopping.wait()


def create_scheduler(settings: Settings, db: Database, redis: Redis, jobs: Jobs) -> Scheduler:
    """Everything the server (embedded default) or a worker runs on a schedule. Each task is
    safe in several processes at once, as its comment says."""
    timeout = timedelta(seconds=settings.matching_run_timeout_seconds)
    webhooks = WebhookPolicy.from_settings(settings)
    http = httpx.AsyncClient(follow_redirects=False)
    tasks = [
        # Failing is idempotent: only unfinished runs move.
        Periodic("stale-matching-runs", 60.0, lambda: jobs.runner.fail_stale(timeout)),
        # A checkpoint's tree size is unique: two processes cannot both sign one size.
        Periodic("ledger-checkpoint", 5.0, lambda: ledger.checkpoint_if_due(db, settings)),
        # A Redis lease lets one process publish a batch; consumers drop repeats by event id.
        Periodic(
            "event-relay",
            0.5,
            lambda: relay.relay_once(db, redis, stream=settings.events_stream),
        ),
        # Each delivery is claimed before it is sent.
        Periodic("webhook-deliveries", 2.0, lambda: deliver_due(db, http, webhooks)),
        # Expiry moves only what is still overdue, through the state machines.
        Periodic(
            "expiry",
            3600.0,
            lambda: expire_overdue(
                db, settings.today(), proposal_max_age_days=settings.proposal_max_age_days
            ),
        ),
        # A photo's row is deleted only while no record uses it, then its file.
        Periodic(
            "unused-evidence",
            3600.0,
            lambda: discard_unused_evidence(
                db, evidence_store(settings), unused_before(settings, settings.today())
            ),
        ),
    ]
    return Scheduler(tasks, closers=[http.aclose])
