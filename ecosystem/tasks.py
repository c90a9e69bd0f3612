"""Stopping background tasks for good."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

log = logging.getLogger(__name__)

CANCEL_AGAIN_SECONDS = 0.5


def stop_if_asked() -> None:
    """Raise CancelledError if the running task was asked to stop and the request was lost on
    the way (see ``cancel_and_wait``): a loop that calls this between its awaits ends as asked
    instead of looping on. Python 3.11 counts the requests a task has not taken back."""
    task = asyncio.current_task()
    if task is not None and task.cancelling() > 0:
        raise asyncio.CancelledError


async def cancel_and_wait(task: asyncio.Task[Any]) -> None:
    """Cancel ``task`` and wait until it has ended.

    A cancellation can be lost inside the task, in a client's own timeout (Python 3.11's
    ``wait_for``, which Redis and database clients use, may swallow one that meets its
    timeout): the task then runs on as if nothing was asked. So it is asked again every
    CANCEL_AGAIN_SECONDS until it ends; a worker stopped with SIGTERM hung for good now and then.
    Waiting by ``asyncio.wait`` also leaves a cancellation of the caller itself to reach the
    caller: ``suppress(CancelledError)`` around ``await task`` swallowed that too.
    """
    task.cancel()
    while not task.done():
        await asyncio.wait({task}, timeout=CANCEL_AGAIN_SECONDS)
        task.cancel()
    if not task.cancelled() and task.exception() is not None:
        log.warning("%s failed as it stopped: %r", task.get_name(), task.exception())
