"""Stopping the server: SIGTERM ends it promptly, and no shutdown step can hold it forever."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

import pytest
from conftest import free_port, serving

from ecosystem.app import stop_within


def test_the_server_exits_soon_after_sigterm(database_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "ENVIRONMENT": "test"}
    env.pop("REDIS_URL", None)
    with serving(env, tmp_path, free_port()) as (process, log_path):
        process.send_signal(signal.SIGTERM)
        # uvicorn shuts down gracefully, then raises the signal again for the exit status.
        assert process.wait(timeout=30) in (0, -signal.SIGTERM)
    logged = log_path.read_text()
    assert "Application shutdown complete" in logged
    assert "did not stop" not in logged and "failed" not in logged


async def test_a_shutdown_step_that_never_ends_is_left_behind(
    caplog: pytest.LogCaptureFixture,
) -> None:
    finished: list[str] = []

    async def prompt() -> None:
        await asyncio.sleep(0)
        finished.append("prompt")

    async def forever() -> None:
        await asyncio.Event().wait()

    released = asyncio.Event()

    async def deaf() -> None:
        # Ignores being cancelled, as a badly written task might (until the test ends).
        while not released.is_set():
            try:
                await released.wait()
            except asyncio.CancelledError:
                continue

    async def broken() -> None:
        raise ConnectionError("gone")

    started = time.monotonic()
    assert await stop_within("prompt", prompt(), seconds=5) is True
    assert await stop_within("the forever step", forever(), seconds=0.2) is False
    assert await stop_within("the deaf step", deaf(), seconds=0.2) is False
    assert await stop_within("the broken step", broken(), seconds=5) is False
    assert time.monotonic() - started < 3
    assert finished == ["prompt"]
    messages = [record.getMessage() for record in caplog.records]
    assert "shutdown: the forever step did not stop within 0 s; going on without it" in messages
    assert any("the deaf step did not stop" in m for m in messages)
    assert "shutdown: stopping the broken step failed" in messages
    released.set()
