"""Stopping background tasks for good."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any, TypeVar

log = logging.getLogger(__name__)

CANCEL_AGAIN_SECONDS = 0.5
T = TypeVar("T")


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


async def finish_despite_stop(work: Awaitable[T], limit: float) -> T:
    """``work``'s result, run to its end within ``limit`` seconds even if the calling task is
    asked to stop meanwhile; the stop is then passed on (CancelledError) once it has ended.
    For short steps that must not be cut in half by a shutdown: queueing the parts of a run,
    putting a job back. Raises TimeoutError if it did not end in time (it is cancelled)."""
    task = asyncio.ensure_future(work)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    stopped = False
    while not task.done():
        remaining = deadline - loop.time()
        if remaining <= 0:
            task.cancel()
            raise TimeoutError(f"did not end within {limit} s")
        try:
            await asyncio.wait({task}, timeout=remaining)
        except asyncio.CancelledError:
            stopped = True
    if stopped:
        # Its result (or failure) is left to the stop: retrieved here so nothing is logged.
        if not task.cancelled():
            task.exception()
        raise asyncio.CancelledError
    return task.result()
