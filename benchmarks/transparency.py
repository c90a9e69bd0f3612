"""The public transparency figures when many visitors arrive together after a change.

What it measures
    Seeds PostgreSQL with the synthetic marketplace of ``matching_e2e.py`` (20,000 needs, 2,000
    pledges), runs one matching run over all of China (about 14,000 proposals), and marks every
    second proposal APPROVED (decided now) so that both waiting and approved matches count.
    Then, with nothing cached, ``--visitors`` requests for all of China's figures arrive at
    once, each on its own database session, two ways in the same run:

    - as ``figures()`` answers them now: one computation, the others wait for it (or, with
      figures computed before, get those);
    - as every request computed them before there was one computation at a time (each calls
      ``compute()``, today's, which reads plain columns; before, it also built every match).

    Printed: wall time and each request's time (median and slowest), for each way; and one
    computation alone, with the longest the server's event loop went without running anything
    else meanwhile (a ticker on the loop every 5 ms): how long every other request of the
    process waited behind it. ``--approve-every 30`` approves one proposal in 30 instead, as in
    a marketplace where most matches still wait for answers.

How to run (from the repository root; PostgreSQL on 127.0.0.1 with trust auth)
    python benchmarks/transparency.py                  # database bench_transparency
    python benchmarks/transparency.py --visitors 16
    python benchmarks/transparency.py --approve-every 30
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching_e2e import fresh_database, seed

from ecosystem.database import Database, create_engine, utcnow
from ecosystem.migrations import upgrade
from ecosystem.redis_client import create_redis
from ecosystem.runs.models import MatchingRun, RunStatus
from ecosystem.runs.service import PartJob, Runner
from ecosystem.settings import Settings
from ecosystem.transparency.service import compute, figures

ZONE = ZoneInfo("Asia/Shanghai")


async def prepare(
    db: Database, runner: Runner, needs: int, pledges: int, approve_every: int
) -> None:
    user_id = await seed(db, needs, pledges, random.Random(2026))
    async with db.transaction() as session:
        run = MatchingRun(region_code="", status=RunStatus.QUEUED, requested_by_user_id=user_id)
        session.add(run)
        await session.flush()
        run_id = run.id
    assert run_id is not None
    parts: list[PartJob] = []

    async def enqueue(job: PartJob) -> None:
        parts.append(job)

    await runner.plan(run_id, date.today(), enqueue)
    for job in parts:
        await runner.solve_part(job)
    async with db.transaction() as session:
        await session.execute(
            text(
                "UPDATE match SET status = 'APPROVED', decided_at = now(),"
                " school_accepted_at = now(), donor_accepted_at = now() WHERE id % :every = 0"
            ),
            {"every": approve_every},
        )


async def together(
    db: Database, visitors: int, one: Callable[[object], Awaitable[object]]
) -> tuple[float, list[float]]:
    """Wall time and each request's time, ``visitors`` requests at once."""

    async def request() -> float:
        async with db.read() as session:
            clock = time.perf_counter()
            await one(session)
            return time.perf_counter() - clock

    clock = time.perf_counter()
    each = await asyncio.gather(*(request() for _ in range(visitors)))
    return time.perf_counter() - clock, list(each)


async def longest_pause(work: Awaitable[object]) -> tuple[float, float]:
    """Seconds ``work`` took, and the longest gap between ticks of a 5 ms ticker on the same
    event loop meanwhile."""
    gaps: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticking = asyncio.create_task(ticker())
    clock = time.perf_counter()
    await work
    took = time.perf_counter() - clock
    done.set()
    await ticking
    return took, max(gaps, default=0.0)


async def measure(needs: int, pledges: int, visitors: int, name: str, approve_every: int) -> None:
    url = await fresh_database(name)
    upgrade(url)
    db = Database(create_engine(url))  # 10 connections and 20 more on demand
    settings = Settings(database_url=url)
    redis = create_redis(settings)  # in process: nothing cached when it starts
    runner = Runner(db, redis, max_parts=settings.matching_max_parts)
    clock = time.perf_counter()
    await prepare(db, runner, needs, pledges, approve_every)
    async with db.read() as session:
        counted = (
            await session.execute(text("SELECT status, count(*) FROM match GROUP BY status"))
        ).all()
    print(f"prepared in {time.perf_counter() - clock:.1f} s: matches {dict(counted)}")

    now = utcnow()
    for _ in range(2):  # the first also warms the database's caches
        async with db.read() as session:
            computing = asyncio.ensure_future(compute(session, "", now, ZONE))
            alone_s, pause = await longest_pause(computing)
            alone = computing.result()
    print(
        f"one computation alone: {alone_s:.2f} s, the event loop held at most {pause:.3f} s "
        f"(proposed {alone.proposed_value_fen:,} fen, approved {alone.approved_value_fen:,} fen)"
    )

    rows: list[tuple[str, float, list[float]]] = []
    wall, each = await together(
        db,
        visitors,
        lambda session: figures(session, redis, "", now, ZONE),  # type: ignore[arg-type]
    )
    rows.append(("one computes, the others wait (now)", wall, each))
    wall, each = await together(
        db,
        visitors,
        lambda session: compute(session, "", now, ZONE),  # type: ignore[arg-type]
    )
    rows.append(("each computes (before)", wall, each))

    print()
    print(f"{visitors} visitors at once, nothing cached:")
    print("| way | wall s | request median s | slowest s |")
    print("|---|---|---|---|")
    for way, wall, each in rows:
        print(f"| {way} | {wall:.2f} | {statistics.median(each):.2f} | {max(each):.2f} |")
    print(f"\nwall, before / now: {rows[1][1] / rows[0][1]:.1f}x")
    await redis.aclose()
    await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--needs", type=int, default=20_000)
    parser.add_argument("--pledges", type=int, default=2_000)
    parser.add_argument("--visitors", type=int, default=8)
    parser.add_argument("--database", default="bench_transparency")
    parser.add_argument(
        "--approve-every", type=int, default=2, help="approve one proposal in this many"
    )
    args = parser.parse_args()
    if args.approve_every < 1:
        parser.error("--approve-every must be at least 1")
    asyncio.run(measure(args.needs, args.pledges, args.visitors, args.database, args.approve_every))


if __name__ == "__main__":
    main()
