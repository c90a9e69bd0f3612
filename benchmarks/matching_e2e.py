"""A matching run end to end from PostgreSQL: load, solve, persist proposals.

What it measures
    Seeds a database with a seeded synthetic marketplace at size S (20,000 needs of 1-2 items,
    2,000 pledges: 40% money, 40% goods, 20% services and volunteer time, 2.5% national, the
    rest restricted to a province or a city; supply about 0.6 of demand; schools spread over 31
    provinces), then runs one matching run over all of China exactly as the API does
    (``Runner.plan`` and its part jobs, in this process) and prints the run's figures: load,
    solve and persist seconds, wall time, proposals stored, the objective (their scores) and the
    bound (the engine's optimum before whole items). Goal: S <= 15 s.
    Meanwhile a probe on its own connection advances the ledger head as every append does and
    reports the longest it had to wait: how long an approval would stall behind the run.

How to run (from the repository root; PostgreSQL on 127.0.0.1 with trust auth)
    python benchmarks/matching_e2e.py                      # database bench_matching_e2e
    python benchmarks/matching_e2e.py --needs 5000 --pledges 500
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import asyncpg
from sqlalchemy import insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ecosystem.catalogue import Category
from ecosystem.database import Database, create_engine, utcnow
from ecosystem.ledger.models import HEAD_ID
from ecosystem.migrations import upgrade
from ecosystem.needs.models import Need, NeedItem, NeedStatus, Urgency
from ecosystem.parties.models import Party, PartyKind, PovertyTier, SchoolProfile, User
from ecosystem.pledges.models import Pledge, PledgeKind, PledgeStatus
from ecosystem.redis_client import create_redis
from ecosystem.regions.models import Region
from ecosystem.runs.models import MatchingRun, RunStatus
from ecosystem.runs.service import PartJob, Runner
from ecosystem.settings import Settings

SERVER = "postgresql://postgres@127.0.0.1:5432"
ADVANCE_BY_NOTHING = (
    "INSERT INTO ledger_head (id, size) VALUES ($1, 0) "
    "ON CONFLICT (id) DO UPDATE SET size = ledger_head.size"
)
CATEGORIES = [c for c in Category]
SERVICES = (Category.TEACHER_TRAINING, Category.PSYCHOSOCIAL, Category.STEM_WORKSHOP)


async def fresh_database(name: str) -> str:
    admin = await asyncpg.connect(f"{SERVER}/postgres")
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    return f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"


async def seed(db: Database, needs: int, pledges: int, rng: random.Random) -> int:
    """The synthetic marketplace; returns the acting user's id."""
    today = date.today()
    async with db.transaction() as session:
        counties = list(
            await session.scalars(
                select(Region.code).where(Region.level == 3).order_by(Region.code)
            )
        )
        user = User(issuer="urn:bench", subject="bench", name="bench")
        session.add(user)
        await session.flush()
        assert user.id is not None
        school_count = max(needs // 10, 1)
        chosen = [rng.choice(counties) for _ in range(school_count)]
        school_rows = [
            {
                "kind": PartyKind.SCHOOL,
                "name": f"学校 {k}",
                "region_code": code,
                "latitude": 20 + 25 * rng.random(),
                "longitude": 90 + 30 * rng.random(),
                "created_at": utcnow(),
            }
            for k, code in enumerate(chosen)
        ]
        school_ids = list(await session.scalars(insert(Party).returning(Party.id), school_rows))
        students = [rng.randint(50, 1500) for _ in school_ids]
        await session.execute(
            insert(SchoolProfile),
            [
                {
                    "party_id": sid,
                    "students": n,
                    "left_behind_children": rng.randint(0, n),
                    "poverty_tier": rng.choice(list(PovertyTier)),
                }
                for sid, n in zip(school_ids, students, strict=True)
            ],
        )
        need_rows = []
        for k in range(needs):
            s = rng.randrange(len(school_ids))
            urgency = rng.choice(list(Urgency))
            need_rows.append(
                {
                    "school_id": school_ids[s],
                    "region_code": chosen[s],
                    "title": f"需求 {k}",
                    "category": rng.choice(CATEGORIES),
                    "urgency": urgency,
                    "urgency_rank": urgency.rank,
                    "deadline": today + timedelta(days=rng.randint(10, 200)),
                    "status": NeedStatus.OPEN,
                    "created_by_user_id": user.id,
                    "created_at": utcnow() - timedelta(days=rng.randint(0, 120)),
                    "updated_at": utcnow(),
                }
            )
        need_ids: list[int] = []
        for chunk in range(0, len(need_rows), 5000):
            need_ids += list(
                await session.scalars(
                    insert(Need).returning(Need.id), need_rows[chunk : chunk + 5000]
                )
            )
        item_rows = []
        demand = 0
        for need_id, row in zip(need_ids, need_rows, strict=True):
            for position in range(rng.choice((1, 1, 2))):
                quantity = rng.randint(1, 20)
                unit_value = rng.choice((10_000, 20_000, 50_000, 100_000, 300_000))
                demand += quantity * unit_value
                item_rows.append(
                    {
                        "need_id": need_id,
                        "position": position,
                        "description": "物品",
                        "category": row["category"],
                        "quantity": quantity,
                        # Services fill only items counted in time: the first item of a need
                        # in a services category is sessions of it.
                        "unit": "课时" if row["category"] in SERVICES and position == 0 else "件",
                        "unit_value_fen": unit_value,
                        "remaining_quantity": quantity,
                    }
                )
        for chunk in range(0, len(item_rows), 5000):
            await session.execute(insert(NeedItem), item_rows[chunk : chunk + 5000])
        donors = [
            {
                "kind": rng.choice([PartyKind.ENTERPRISE, PartyKind.MICROENTERPRISE]),
                "name": f"捐赠方 {k}",
                "region_code": rng.choice(counties),
                "latitude": 20 + 25 * rng.random(),
                "longitude": 90 + 30 * rng.random(),
                "service_radius_km": 300.0,
                "created_at": utcnow(),
            }
            for k in range(max(pledges // 4, 1))
        ]
        donor_ids = list(await session.scalars(insert(Party).returning(Party.id), donors))
        value_each = int(0.6 * demand / max(pledges, 1))
        pledge_rows = []
        for k in range(pledges):
            d = rng.randrange(len(donor_ids))
            draw = rng.random()
            national = rng.random() < 0.025
            home = donors[d]["region_code"]
            regions = [] if national else [home[: rng.choice((2, 4))]]
            base = {
                "party_id": donor_ids[d],
                "region_code": home,
                "status": PledgeStatus.ACTIVE,
                "title": f"认捐 {k}",
                "restrict_region_codes": regions,
                "created_by_user_id": user.id,
                "created_at": utcnow(),
                "updated_at": utcnow(),
            }
            if draw < 0.4:
                amount = max(value_each // 10_000, 1) * 10_000
                base |= {
                    "kind": PledgeKind.MONEY,
                    "quantity": amount,
                    "remaining_quantity": amount,
                    "unit": "FEN",
                    "unit_value_fen": 1,
                    "total_value_fen": amount,
                }
            elif draw < 0.8:
                unit_value = rng.choice((10_000, 50_000, 100_000))
                quantity = max(value_each // unit_value, 1)
                base |= {
                    "kind": PledgeKind.GOODS,
                    "category": rng.choice(CATEGORIES),
                    "quantity": quantity,
                    "remaining_quantity": quantity,
                    "unit": "件",
                    "unit_value_fen": unit_value,
                    "total_value_fen": quantity * unit_value,
                }
            else:
                quantity = max(value_each // 50_000, 1)
                base |= {
                    "kind": rng.choice((PledgeKind.SERVICE, PledgeKind.VOLUNTEER)),
                    "category": rng.choice(SERVICES),
                    "quantity": quantity,
                    "remaining_quantity": quantity,
                    "unit": "SESSION",
                    "unit_value_fen": 50_000,
                    "total_value_fen": quantity * 50_000,
                    "service_radius_km": 300.0,
                }
            pledge_rows.append(base)
        for chunk in range(0, len(pledge_rows), 2000):
            await session.execute(insert(Pledge), pledge_rows[chunk : chunk + 2000])
    return user.id


PROBE_EVERY_S = 0.02


class LedgerProbe:
    """Does what every ledger append does first, advance the ledger head (by zero entries, then
    roll back), over and over from its own connection while the run goes on, and keeps the
    longest wait: how long an approval or a posted need would stall behind the run."""

    def __init__(self, url: str) -> None:
        self.dsn = url.replace("postgresql+asyncpg://", "postgresql://")
        self.longest = 0.0
        self.tries = 0
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    async def start(self) -> None:
        connection = await asyncpg.connect(self.dsn)
        self._task = asyncio.create_task(self._loop(connection))

    async def _loop(self, connection: asyncpg.Connection) -> None:
        try:
            while not self._stopping.is_set():
                clock = time.perf_counter()
                transaction = connection.transaction()
                await transaction.start()
                await connection.execute(ADVANCE_BY_NOTHING, HEAD_ID)
                await transaction.rollback()
                self.longest = max(self.longest, time.perf_counter() - clock)
                self.tries += 1
                await asyncio.sleep(PROBE_EVERY_S)
        finally:
            await connection.close()

    async def stop(self) -> None:
        self._stopping.set()
        assert self._task is not None
        await self._task


async def measure(needs: int, pledges: int, name: str, seed_value: int) -> None:
    url = await fresh_database(name)
    upgrade(url)
    db = Database(create_engine(url))
    settings = Settings(database_url=url)
    redis = create_redis(settings)
    clock = time.perf_counter()
    user_id = await seed(db, needs, pledges, random.Random(seed_value))
    print(f"seeded {needs:,} needs and {pledges:,} pledges in {time.perf_counter() - clock:.1f} s")
    async with db.transaction() as session:
        run = MatchingRun(region_code="", status=RunStatus.QUEUED, requested_by_user_id=user_id)
        session.add(run)
        await session.flush()
        run_id = run.id
    assert run_id is not None
    runner = Runner(db, redis, max_parts=settings.matching_max_parts)
    parts: list[PartJob] = []

    async def enqueue(job: PartJob) -> None:
        parts.append(job)

    probe = LedgerProbe(url)
    await probe.start()
    started = time.perf_counter()
    await runner.plan(run_id, date.today(), enqueue)
    for job in parts:
        await runner.solve_part(job)
    wall = time.perf_counter() - started
    await probe.stop()
    async with db.read() as session:
        done = await session.get(MatchingRun, run_id)
        stored = await session.scalar(text("SELECT count(*) FROM match"))
    assert done is not None
    print()
    print(
        "| size | needs | items | pledges | parts | load s | solve s | persist s | wall s "
        "| proposals | objective | bound | status |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {needs:,} x {pledges:,} | {done.needs_count:,} | {done.items_count:,} "
        f"| {done.pledges_count:,} | {done.parts_total} | {done.load_seconds:.2f} "
        f"| {done.solve_seconds:.2f} | {done.persist_seconds:.2f} | {wall:.2f} "
        f"| {stored:,} | {done.objective:,} | {done.bound:,} | {done.status.value} |"
    )
    print(
        f"\nA concurrent ledger append (an approval, say) waited at most {probe.longest:.2f} s "
        f"for the ledger head during the run ({probe.tries} tries, every {PROBE_EVERY_S} s)."
    )
    print(f"Goal at S (20,000 x 2,000): wall <= 15 s: {'met' if wall <= 15 else 'missed'}")
    await redis.aclose()
    await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--needs", type=int, default=20_000)
    parser.add_argument("--pledges", type=int, default=2_000)
    parser.add_argument("--database", default="bench_matching_e2e")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    asyncio.run(measure(args.needs, args.pledges, args.database, args.seed))


if __name__ == "__main__":
    main()
