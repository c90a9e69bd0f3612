"""Instant suggestions for a pledge as the API makes them: from PostgreSQL, many times over.

What it measures
    Seeds PostgreSQL with the synthetic marketplace of ``matching_e2e.py`` (200,000 needs and
    20,000 pledges by default), then asks for the suggestions of its national money pledges
    (``runs.suggestions.suggest``: the candidates from the database, what matches hold, the
    schools, then the engine's incremental path), ``--calls`` times on one pooled connection, as
    a server's connection serves request after request. Two ways, one after the other in the
    same run, on the same data:

    - now: the engine as ``database.create_engine`` makes it, which plans every statement for
      its values (``plan_cache_mode = force_custom_plan``);
    - before: PostgreSQL's default (``auto``), which after five runs of a prepared statement
      may switch it to a generic plan for good.

    Printed for each way: the median of the first five calls, and the median and slowest of the
    calls after them; the share of the time spent loading from the database.

How to run (from the repository root; PostgreSQL on 127.0.0.1 with trust auth)
    python benchmarks/suggestions.py                       # database bench_suggestions
    python benchmarks/suggestions.py --needs 20000 --pledges 2000
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlmodel import col

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching_e2e import fresh_database, seed

from ecosystem.database import Database, create_engine
from ecosystem.migrations import upgrade
from ecosystem.pledges.models import Pledge, PledgeKind, PledgeStatus
from ecosystem.runs import suggestions

FIRST = 5
"""Calls before PostgreSQL may settle on a generic plan."""


async def national_money(db: Database, count: int) -> list[Pledge]:
    async with db.read() as session:
        rows = await session.scalars(
            select(Pledge)
            .where(
                col(Pledge.kind) == PledgeKind.MONEY,
                col(Pledge.status) == PledgeStatus.ACTIVE,
                col(Pledge.per_school_cap).is_(None),
            )
            .order_by(col(Pledge.id))
        )
        national = [p for p in rows if not p.restrict_region_codes]
    if not national:
        raise SystemExit("the seeded marketplace has no national money pledge; seed more")
    return national[:count]


async def calls(engine: AsyncEngine, pledges: list[Pledge], n: int) -> tuple[list[float], float]:
    """Seconds of each of ``n`` calls on one connection, and the share spent loading."""
    db = Database(engine)
    loading = 0.0
    original = suggestions.load_instance

    async def timed_load(*args: object, **kwargs: object) -> object:
        nonlocal loading
        clock = time.perf_counter()
        try:
            return await original(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            loading += time.perf_counter() - clock

    suggestions.load_instance = timed_load  # type: ignore[assignment]
    seconds: list[float] = []
    try:
        for k in range(n):
            async with db.read() as session:
                clock = time.perf_counter()
                found = await suggestions.suggest(
                    session, pledges[k % len(pledges)], date.today(), 5
                )
                seconds.append(time.perf_counter() - clock)
                assert found, "a national money pledge gets suggestions"
    finally:
        suggestions.load_instance = original
        await db.dispose()
    return seconds, loading / sum(seconds)


async def measure(needs: int, pledges: int, name: str, n: int) -> None:
    url = await fresh_database(name)
    upgrade(url)
    db = Database(create_engine(url))
    clock = time.perf_counter()
    await seed(db, needs, pledges, random.Random(2026))
    chosen = await national_money(db, 3)
    await db.dispose()
    # Statistics, as autovacuum would have gathered them on a live database by now.
    async with create_async_engine(url).connect() as connection:
        await connection.execute(text("ANALYZE"))
        await connection.commit()
    print(f"seeded {needs:,} needs and {pledges:,} pledges in {time.perf_counter() - clock:.1f} s")
    print(f"suggestions for {len(chosen)} national money pledges in turn, {n} calls each way,")
    print("one pooled connection:")
    print()
    print("| way | first 5: median s | later: median s | later: slowest s | loading share |")
    print("|---|---|---|---|---|")
    ways = {
        "now (force_custom_plan)": create_engine(url),
        "before (auto)": create_async_engine(url, pool_size=1),
    }
    medians: dict[str, float] = {}
    for way, engine in ways.items():
        seconds, share = await calls(engine, chosen, n)
        later = seconds[FIRST:]
        medians[way] = statistics.median(later)
        print(
            f"| {way} | {statistics.median(seconds[:FIRST]):.3f} | {medians[way]:.3f} | "
            f"{max(later):.3f} | {share:.0%} |"
        )
    now, before = medians.values()
    print(f"\nlater calls, before / now: {before / now:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--needs", type=int, default=200_000)
    parser.add_argument("--pledges", type=int, default=20_000)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--database", default="bench_suggestions")
    args = parser.parse_args()
    if args.calls <= FIRST:
        parser.error(f"--calls must be more than {FIRST}")
    asyncio.run(measure(args.needs, args.pledges, args.database, args.calls))


if __name__ == "__main__":
    main()
