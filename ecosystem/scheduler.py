"""Periodic work: the scheduled jobs of the server process (embedded default) and workers.

Each task runs in a loop of its own, every ``every_seconds``; a failure is logged and the loop
goes on, so a Redis or database outage delays the work but never stops it. Every task is safe
to run in several processes at once (each says how), so any number of workers may run them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from redis.asyncio import Redis

from ecosystem.database import Database
from ecosystem.jobs import Jobs
from ecosystem.ledger import service as ledger
from ecosystem.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    """One scheduled task."""

    name: str
    every_seconds: float
    run: Callable[[], Awaitable[object]]


class Scheduler:
    """Runs periodic tasks until stopped."""

    def __init__(self, tasks: list[Periodic]) -> None:
        self.tasks = tasks
        self._running: list[asyncio.Task[None]] = []

    def start(self) -> None:
        if self._running:
            return
        self._running = [
            asyncio.create_task(self._loop(task), name=f"periodic:{task.name}")
            for task in self.tasks
        ]

    async def stop(self) -> None:
        for running in self._running:
            running.cancel()
        for running in self._running:
            with contextlib.suppress(asyncio.CancelledError):
                await running
        self._running = []

    async def _loop(self, task: Periodic) -> None:
        while True:
            try:
                await task.run()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception(
                    "scheduled task %s failed; it runs again in %ss", task.name, task.every_seconds
                )
            await asyncio.sleep(task.every_seconds)


def scheduled_tasks(settings: Settings, db: Database, redis: Redis, jobs: Jobs) -> list[Periodic]:
    """Everything the server (embedded default) or a worker runs on a schedule."""
    timeout = timedelta(seconds=settings.matching_run_timeout_seconds)
    return [
        # Any process may fail a stale run: failing is idempotent (only unfinished runs move).
        Periodic("stale-matching-runs", 60.0, lambda: jobs.runner.fail_stale(timeout)),
        # Several processes may sign at once: a checkpoint's tree size is unique.
        Periodic("ledger-checkpoint", 5.0, lambda: ledger.checkpoint_if_due(db, settings)),
    ]
