"""Matching runs: start, plan into parts, solve each part, store proposals, finish.

A run moves QUEUED -> RUNNING -> SUCCEEDED or FAILED. The plan job loads the region's open items
and free pledges, cuts them into independent components (no shared pledge, offer or school) and
packs those into at most ``matching_max_parts`` parts, each its own job. A part job reloads its
items and pledges by id, solves them, and stores its proposals, the items it left unfunded
(with how many points they were short) and its figures in one transaction. The part that
completes the run replaces the older engine proposals of the region that nobody answered.

Jobs may be delivered more than once (a worker that dies before acknowledging): the plan only
acts on a QUEUED run, and a part is stored only if its bit in ``parts_mask`` was still clear.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy import ColumnElement, false, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from ecosystem import matching
from ecosystem.access import policy
from ecosystem.access.subject import Subject
from ecosystem.catalogue import Category
from ecosystem.database import Database, insert_rows, run_again_if_aborted, utcnow
from ecosystem.errors import DomainError, ErrorCode, Forbidden
from ecosystem.lifecycle.record import Transition, record_transitions
from ecosystem.matches.models import Match, MatchOrigin, MatchStatus
from ecosystem.matches.service import OPEN_NEED_STATUSES, match_facts, proposal_facts
from ecosystem.needs.models import Need, NeedItem
from ecosystem.pagination import Ordering, Page, keyset_page
from ecosystem.pledges.models import Pledge, PledgeKind, PledgeStatus
from ecosystem.regions.models import Region
from ecosystem.regions.service import check_region_prefix, within_region
from ecosystem.runs.instance import (
    Loaded,
    held,
    id_chunks,
    load_instance,
    named_terms,
    unanswered_engine_proposal,
)
from ecosystem.runs.models import FINISHED, MatchingRun, RunFailure, RunStatus, UnfundedItem
from ecosystem.tasks import finish_despite_stop

log = logging.getLogger(__name__)

# Share of the progress bar each stage reaches.
LOADING = "loading"
"""The stage of a run from its start until its parts are queued."""
SOLVING = "solving"
"""The stage of a run from then until its last part is stored."""
LOADED_PROGRESS = 10
STORED_PROGRESS = 99
QUEUE_PARTS_SECONDS = 10.0
"""Longest a stopping process goes on queueing the parts of a run it has planned."""
RUN_NEWEST = Ordering("run-newest", col(MatchingRun.created_at), datetime, descending=True)
# Unfunded items explained per part; the shortest-path search behind each is the slow step.
EXPLAINED_PER_PART = 200
# The role the public record names for what a run does.
ENGINE_ROLE = "MATCHING_ENGINE"
FAILURE_MESSAGE = "The run failed; the operators have the details in the server log."
RESTARTED_MESSAGE = "The server restarted before the run finished; start the run again."
TIMED_OUT_MESSAGE = "The run did not finish in time; start it again."
QUEUE_DOWN_MESSAGE = "The job queue could not be reached; start the run again shortly."


def progress_channel(run_id: int) -> str:
    """The Redis pub/sub channel a run's progress is announced on."""
    return f"hope:matching-run:{run_id}"


def overlapping(prefix: str) -> ColumnElement[bool]:
    """Runs whose region contains, or lies within, ``prefix``."""
    contains = [col(MatchingRun.region_code) == prefix[:n] for n in (2, 4, 6) if n <= len(prefix)]
    return or_(within_region(col(MatchingRun.region_code), prefix), *contains)


def can_see(subject: Subject | None, run: MatchingRun) -> bool:
    """Platform admins, the officials over the run's region, and who started it."""
    if subject is None:
        return False
    return (
        subject.is_platform_admin
        or policy.governs(subject, run.region_code)
        or subject.user_id == run.requested_by_user_id
    )


def _visible(subject: Subject | None) -> ColumnElement[bool]:
    if subject is None:
        return false()
    if subject.is_platform_admin:
        return true()
    conditions = [col(MatchingRun.requested_by_user_id) == subject.user_id]
    conditions += [
        within_region(col(MatchingRun.region_code), code) for code in policy.jurisdictions(subject)
    ]
    return or_(*conditions)


async def start_run(
    session: AsyncSession, subject: Subject | None, *, region_code: str, dry_run: bool
) -> MatchingRun:
    """Queue a run over ``region_code`` for a platform admin or an official governing it."""
    acting = policy.require_subject(subject)
    prefix = check_region_prefix(region_code, "regionCode")
    if not (acting.is_platform_admin or policy.governs(acting, prefix)):
        raise Forbidden(
            "Only platform admins and officials whose jurisdiction covers the region may run "
            "matching."
        )
    known = await session.scalar(
        select(col(Region.code)).where(within_region(col(Region.code), prefix)).limit(1)
    )
    if known is None:
        raise DomainError(ErrorCode.UNKNOWN_REGION, f"There is no region {prefix}.", "regionCode")
    # Overlapping regions share their province: holding its row until this transaction ends
    # makes a second start over it wait and then see this run (else both read no run, and
    # both were queued). FOR NO KEY UPDATE, so rows that merely refer to the province go on.
    # SQLite runs one writing transaction at a time anyway.
    await session.scalar(
        select(col(Region.code))
        .where(col(Region.code) == prefix[:2])
        .with_for_update(key_share=True)
    )
    busy = await session.scalar(
        select(col(MatchingRun.id)).where(
            col(MatchingRun.status).in_([RunStatus.QUEUED, RunStatus.RUNNING]), overlapping(prefix)
        )
    )
    if busy is not None:
        raise DomainError(
            ErrorCode.STALE,
            f"Run {busy} over this region has not finished yet; wait for it.",
            "regionCode",
        )
    run = MatchingRun(
        region_code=prefix,
        dry_run=dry_run,
        status=RunStatus.QUEUED,
        requested_by_user_id=acting.user_id,
    )
    session.add(run)
    await session.flush()
    return run


async def list_runs(
    session: AsyncSession,
    subject: Subject | None,
    *,
    region_code: str | None,
    first: int,
    after: str | None,
) -> Page[MatchingRun]:
    """Runs the subject may see, newest first."""
    statement = select(MatchingRun).where(_visible(subject))
    if region_code:
        prefix = check_region_prefix(region_code, "regionCode")
        statement = statement.where(within_region(col(MatchingRun.region_code), prefix))
    return await keyset_page(
        session, statement, RUN_NEWEST, col(MatchingRun.id), first=first, after=after
    )


async def visible_run(
    session: AsyncSession, subject: Subject | None, run_id: int
) -> MatchingRun | None:
    run = await session.get(MatchingRun, run_id, populate_existing=True)
    return run if run is not None and can_see(subject, run) else None


@dataclass(frozen=True)
class PartJob:
    """What a part job needs: its run, its bit, and the ids of its items and pledges."""

    run_id: int
    part: int
    item_ids: list[int]
    pledge_ids: list[int]
    today: str


Enqueue = Callable[[PartJob], Awaitable[None]]


class Runner:
    """Executes the jobs of runs against a database, announcing progress on Redis."""

    def __init__(
        self, db: Database, redis: Redis, *, max_parts: int, max_arcs: int | None = None
    ) -> None:
        self.db = db
        self.redis = redis
        self.max_parts = max_parts
        self.max_arcs = max_arcs

    async def plan(self, run_id: int, today: date, enqueue: Enqueue) -> None:
        """Load the run's region, cut it into parts and queue one job per part."""
        planned_before: tuple[str, int] | None = None  # its parts, and those stored
        async with self.db.transaction() as session:
            started = await session.execute(
                update(MatchingRun)
                .where(col(MatchingRun.id) == run_id, col(MatchingRun.status) == RunStatus.QUEUED)
                .values(status=RunStatus.RUNNING, stage=LOADING, progress=1, started_at=utcnow())
            )
            run = await session.get(MatchingRun, run_id)
            if run is None:
                return
            if started.rowcount != 1:  # type: ignore[attr-defined]
                # Delivered again: its earlier delivery's worker stopped or died. One that
                # stopped while loading left the run loading: plan it here. One that died after
                # planning may not have queued every part: queue again those not stored yet
                # (a part delivered twice is stored once). Any other run is over.
                if run.status is not RunStatus.RUNNING:
                    return
                if run.stage == SOLVING and run.parts_plan is not None:
                    planned_before = (run.parts_plan, run.parts_mask)
                elif run.stage != LOADING:
                    return
                else:
                    log.info("matching run %s: planning again, its last planning stopped", run_id)
            region = run.region_code
        if planned_before is not None:  # out of the transaction: nothing held meanwhile
            await self._queue_unstored(run_id, *planned_before, today, enqueue)
            return
        await self.announce(run_id)
        try:
            clock = time.perf_counter()
            async with self.db.read() as session:
                loaded = await load_instance(session, region, today)
            parts = await asyncio.to_thread(_pack, loaded, self.max_parts)
            async with self.db.transaction() as session:
                instance = loaded.instance
                # Only the delivery that moves the run on from loading queues its parts: two
                # deliveries planning at once (one taken again from a worker thought gone) must
                # not both, as their parts could differ if the region changed in between.
                planned = await session.execute(
                    update(MatchingRun)
                    .where(
                        col(MatchingRun.id) == run_id,
                        col(MatchingRun.status) == RunStatus.RUNNING,
                        col(MatchingRun.stage) == LOADING,
                    )
                    .values(
                        needs_count=loaded.needs_count,
                        items_count=len(instance.items),
                        # Those the parts hand the engine: a pledge or offer that can reach no
                        # school with open items of the run is in none, and a run with no open
                        # needs has none.
                        pledges_count=sum(len(pledge_ids) for _, pledge_ids in parts),
                        schools_count=len(instance.schools),
                        parts_total=len(parts),
                        parts_plan=json.dumps(parts),
                        stage=SOLVING,
                        progress=LOADED_PROGRESS,
                        load_seconds=round(time.perf_counter() - clock, 3),
                    )
                )
                if planned.rowcount != 1:  # type: ignore[attr-defined]
                    return  # planned by another delivery, or failed meanwhile
                if not parts:
                    run = await session.get(MatchingRun, run_id, populate_existing=True)
                    assert run is not None
                    await record_transitions(session, await self._finish(session, run))
                    session.add(run)
            await self.announce(run_id)

            async def queue_parts() -> None:
                for k, (item_ids, pledge_ids) in enumerate(parts):
                    await enqueue(PartJob(run_id, k, item_ids, pledge_ids, today.isoformat()))

            # Not cut in half by a shutdown: the run is past loading, and a part never queued
            # would never be solved.
            await finish_despite_stop(queue_parts(), QUEUE_PARTS_SECONDS)
        except Exception:
            log.exception("matching run %s failed while planning", run_id)
            await self.fail(run_id)

    async def _queue_unstored(
        self, run_id: int, parts_plan: str, mask: int, today: date, enqueue: Enqueue
    ) -> None:
        """Queue again the parts of a planned run that are not stored yet (not in ``mask``)."""
        parts = [(items, pledges) for items, pledges in json.loads(parts_plan)]
        unstored = [k for k in range(len(parts)) if not mask & (1 << k)]
        log.info("matching run %s: queueing again its parts not stored yet: %s", run_id, unstored)

        async def queue_parts() -> None:
            for k in unstored:
                items, pledges = parts[k]
                await enqueue(PartJob(run_id, k, items, pledges, today.isoformat()))

        await finish_despite_stop(queue_parts(), QUEUE_PARTS_SECONDS)

    async def solve_part(self, job: PartJob) -> None:
        """Solve one part and store what it proposes; the last part finishes the run."""
        try:
            await self._solve_part(job)
        except matching.NetworkTooLarge as error:
            log.warning("matching run %s part %s: %s", job.run_id, job.part, error)
            await self.fail(job.run_id, str(error), RunFailure.TOO_LARGE)
        except Exception:
            log.exception("matching run %s failed in part %s", job.run_id, job.part)
            await self.fail(job.run_id)

    async def _solve_part(self, job: PartJob) -> None:
        async with self.db.read() as session:
            run = await session.get(MatchingRun, job.run_id)
            if run is None or run.status is not RunStatus.RUNNING:
                return
            clock = time.perf_counter()
            loaded = await load_instance(
                session,
                run.region_code,
                date.fromisoformat(job.today),
                item_ids=job.item_ids,
                pledge_ids=job.pledge_ids,
            )
        loading = time.perf_counter() - clock
        solution, short, unfunded = await asyncio.to_thread(_solve, loaded.instance, self.max_arcs)
        solving = time.perf_counter() - clock - loading
        proposals = _matches(loaded, solution, job.run_id, run.dry_run)
        bit = 1 << job.part

        async def store() -> bool:
            """Store the part in one transaction; whether this delivery of the job stored it.
            Its needs and pledges are held from the first statement, so an approval crossing
            it can deadlock it on PostgreSQL: then it runs again, nothing of it written."""
            nonlocal proposals, short
            async with self.db.transaction() as session:
                if not run.dry_run:
                    proposals, short = await _still_open(session, run, loaded, proposals, short)
                claimed = await session.execute(
                    update(MatchingRun)
                    .where(
                        col(MatchingRun.id) == job.run_id,
                        col(MatchingRun.status) == RunStatus.RUNNING,
                        col(MatchingRun.parts_mask).op("&")(bit) == 0,
                    )
                    .values(
                        parts_mask=col(MatchingRun.parts_mask).op("|")(bit),
                        parts_done=col(MatchingRun.parts_done) + 1,
                        proposals_count=col(MatchingRun.proposals_count) + len(proposals),
                        proposed_value_fen=col(MatchingRun.proposed_value_fen)
                        + sum(int(m["value_fen"]) for m in proposals),
                        unfunded_count=col(MatchingRun.unfunded_count) + unfunded,
                        objective=col(MatchingRun.objective)
                        + sum(int(m["score"]) for m in proposals),
                        bound=col(MatchingRun.bound) + solution.objective,
                        load_seconds=col(MatchingRun.load_seconds) + round(loading, 3),
                        solve_seconds=col(MatchingRun.solve_seconds) + round(solving, 3),
                    )
                )
                if claimed.rowcount != 1:  # type: ignore[attr-defined]
                    return False  # stored before, or the run failed meanwhile
                stored = time.perf_counter()
                # Recorded last, together: the ledger head stays locked from then until commit.
                pending: list[Transition] = []
                if not run.dry_run:
                    pending += await _store(session, run, proposals)
                # A dry run reports the items it would leave unfunded too (it stores no proposal).
                await _store_unfunded(session, run, loaded, short)
                current = await session.get(MatchingRun, job.run_id, populate_existing=True)
                assert current is not None
                share = current.parts_done / max(current.parts_total, 1)
                current.progress = LOADED_PROGRESS + int(
                    (STORED_PROGRESS - LOADED_PROGRESS) * share
                )
                if current.parts_done == current.parts_total:
                    pending += await self._finish(session, current)
                session.add(current)
                await record_transitions(session, pending)
                current.persist_seconds = round(
                    current.persist_seconds + time.perf_counter() - stored, 3
                )
            return True

        if await run_again_if_aborted(store):
            await self.announce(job.run_id)

    async def _finish(self, session: AsyncSession, run: MatchingRun) -> list[Transition]:
        """Replace the region's unanswered engine proposals of earlier runs, and succeed; the
        transitions to record."""
        replaced = [] if run.dry_run else await _supersede(session, run)
        run.superseded_count = len(replaced)
        run.status, run.stage, run.progress = RunStatus.SUCCEEDED, "done", 100
        run.finished_at = utcnow()
        run.parts_plan = None  # every part is stored
        return replaced

    async def fail(
        self,
        run_id: int,
        reason: str = FAILURE_MESSAGE,
        failure: RunFailure = RunFailure.INTERNAL,
    ) -> None:
        """Mark the run failed, saying why in plain words and as a code (``failure``), and
        withdraw the proposals its finished parts stored."""
        async with self.db.transaction() as session:
            # A condition, not a read then a write: a part that finished the run meanwhile
            # holds its row until it commits, and a SUCCEEDED run stays so.
            failed = await session.execute(
                update(MatchingRun)
                .where(
                    col(MatchingRun.id) == run_id,
                    col(MatchingRun.status).not_in(list(FINISHED)),
                )
                .values(
                    status=RunStatus.FAILED,
                    stage="failed",
                    error=reason,
                    failure=failure,
                    finished_at=utcnow(),
                )
            )
            if failed.rowcount != 1:  # type: ignore[attr-defined]
                return
            run = await session.get(MatchingRun, run_id)
            assert run is not None
            withdrawn = await session.scalars(
                select(col(Match.id)).where(
                    col(Match.run_id) == run_id, unanswered_engine_proposal()
                )
            )
            cancelled = await _move_all(
                session,
                _known(withdrawn),
                MatchStatus.CANCELLED,
                run.requested_by_user_id,
                f"Matching run {run_id} failed.",
            )
            await record_transitions(session, cancelled)
        await self.announce(run_id)

    async def fail_stale(self, older_than: timedelta) -> int:
        """Fail runs that never finished: RUNNING for longer than ``older_than`` (their worker
        died between jobs), or still QUEUED that long after they were asked for (their job was
        lost with the queue: a Redis that keeps nothing on disk restarted). The region would
        stay blocked otherwise."""
        cutoff = utcnow() - older_than
        return await self._fail_where(
            or_(
                (col(MatchingRun.status) == RunStatus.RUNNING)
                & (col(MatchingRun.started_at) < cutoff),
                (col(MatchingRun.status) == RunStatus.QUEUED)
                & (col(MatchingRun.created_at) < cutoff),
            ),
            TIMED_OUT_MESSAGE,
            RunFailure.TIMED_OUT,
        )

    async def unfinished(self) -> list[int]:
        """The runs QUEUED or RUNNING, oldest first."""
        async with self.db.read() as session:
            rows = await session.scalars(
                select(col(MatchingRun.id))
                .where(col(MatchingRun.status).in_([RunStatus.QUEUED, RunStatus.RUNNING]))
                .order_by(col(MatchingRun.id))
            )
            return [run_id for run_id in rows if run_id is not None]

    async def fail_unfinished(self) -> int:
        """Fail every run that has not finished. For a process whose job queue lived in its
        own memory, at its start: the jobs of these runs died with the process before it, and
        their regions would stay blocked until the timeout (a QUEUED one for good)."""
        return await self._fail_where(
            col(MatchingRun.status).in_([RunStatus.QUEUED, RunStatus.RUNNING]),
            RESTARTED_MESSAGE,
            RunFailure.RESTARTED,
        )

    async def _fail_where(
        self, condition: ColumnElement[bool], reason: str, failure: RunFailure
    ) -> int:
        async with self.db.read() as session:
            found = list(await session.scalars(select(col(MatchingRun.id)).where(condition)))
        for run_id in found:
            if run_id is not None:
                log.warning("matching run %s cannot finish any more; failing it", run_id)
                await self.fail(run_id, reason, failure)
        return len(found)

    async def announce(self, run_id: int) -> None:
        """Tell live views the run changed; they reread it. Redis being down loses nothing:
        the views also reread on their own every second."""
        try:
            await self.redis.publish(progress_channel(run_id), json.dumps({"runId": run_id}))
        except (RedisError, OSError):
            log.warning("could not announce progress of matching run %s", run_id)


def _pack(loaded: Loaded, max_parts: int) -> list[tuple[list[int], list[int]]]:
    """Components packed into at most ``max_parts`` parts of similar size (largest first into
    the smallest part), each as (item ids, pledge and offer ids); parts in a stable order."""
    components = matching.split_components(loaded.instance)
    sized = sorted(
        components,
        key=lambda c: (-(len(c.items) + len(c.pledges) + len(c.offers)), c.items[0].id),
    )
    bins: list[tuple[list[int], list[int]]] = [([], []) for _ in range(max_parts)]
    loads = [0] * max_parts
    for component in sized:
        k = loads.index(min(loads))
        bins[k][0].extend(int(i.id) for i in component.items)
        bins[k][1].extend(int(p.id) for p in component.pledges)
        bins[k][1].extend(int(o.id) for o in component.offers)
        loads[k] += len(component.items) + len(component.pledges) + len(component.offers)
    parts = [(sorted(items), sorted(pledges)) for items, pledges in bins if items and pledges]
    return sorted(parts)


def _solve(
    instance: matching.Instance, max_arcs: int | None
) -> tuple[matching.Solution, dict[str, int], int]:
    """The optimum, the points by which unfunded eligible items fell short (the most urgent
    ``EXPLAINED_PER_PART`` of them: each costs a shortest-path search), and how many there
    were in all."""
    solution = matching.solve(instance, max_arcs=max_arcs)
    items = {item.id: item for item in solution.instance.items}
    ranked = sorted(
        solution.unfunded,
        key=lambda i: (-items[i].urgency, items[i].deadline, int(i)),
    )
    explained = matching.shortfalls(solution, ranked[:EXPLAINED_PER_PART])
    return solution, explained, len(solution.unfunded)


def _matches(
    loaded: Loaded, solution: matching.Solution, run_id: int, dry_run: bool
) -> list[dict[str, Any]]:
    """The solution as match rows. The engine hands over whole items (money: whole items'
    worth); what the item no longer needs is cut here, and proposals of nothing are left out.
    Co-funding amounts cover whole items, what is left under one item stays with the offer."""
    rows: list[dict[str, Any]] = []
    now = utcnow()
    grants: Sequence[matching.Proposal | matching.CoFundingProposal] = (
        *solution.proposals,
        *solution.cofunding,
    )
    for grant in grants:
        if isinstance(grant, matching.Proposal):
            pledge_id, amount = int(grant.pledge_id), grant.quantity
        else:
            pledge_id, amount = int(grant.offer_id), grant.amount_fen
        item = loaded.items[int(grant.item_id)]
        pledge = loaded.pledges[pledge_id]
        if pledge.kind in (PledgeKind.MONEY, PledgeKind.CO_FUNDING):
            count = min(amount // item.unit_value_fen, item.remaining)
            pledge_quantity = count * item.unit_value_fen
        else:
            count = pledge_quantity = min(amount, item.remaining)
        if count <= 0:
            continue
        explanation: dict[str, object] = {"terms": named_terms(grant.terms), "units": grant.units}
        if isinstance(grant, matching.CoFundingProposal):
            explanation["coFunding"] = True
        rows.append(
            {
                "pledge_id": pledge_id,
                "need_item_id": int(grant.item_id),
                "need_id": item.need_id,
                "school_id": item.school_id,
                "donor_id": pledge.party_id,
                "region_code": item.region_code,
                "pledge_quantity": pledge_quantity,
                "item_quantity": count,
                "value_fen": count * item.unit_value_fen,
                "origin": MatchOrigin.ENGINE,
                "status": MatchStatus.PROPOSED,
                "score": grant.terms.total,
                "explanation": explanation,
                "run_id": None if dry_run else run_id,
                "created_at": now,
                "updated_at": now,
            }
        )
    return rows


async def _still_open(
    session: AsyncSession,
    run: MatchingRun,
    loaded: Loaded,
    rows: list[dict[str, Any]],
    short: dict[str, int],
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The proposals (and unfunded items) that still hold as the part is stored: a need
    cancelled, a pledge withdrawn, or an item changed or removed while the part was solving
    gets none, nor a pledge beyond what it has left (``_within_pledges``). The needs stay held
    (FOR SHARE) and the pledges locked until the part commits, so that a cancellation or a
    withdrawal waiting on them then finds these proposals, and cancels them, and a part of
    another run storing the same pledge sees them."""
    unfunded_needs = {loaded.items[int(item)].need_id for item in short}
    need_ids = sorted({row["need_id"] for row in rows} | unfunded_needs)
    pledge_ids = sorted({row["pledge_id"] for row in rows})
    open_needs: set[int] = set()
    left: dict[int, int] = {}
    terms: dict[int, tuple[tuple[str, Category, str, int], int]] = {}
    for chunk in id_chunks(need_ids):
        open_needs.update(
            await session.scalars(
                select(col(Need.id))
                .where(col(Need.id).in_(chunk), col(Need.status).in_(OPEN_NEED_STATUSES))
                .order_by(col(Need.id))
                .with_for_update(read=True)
            )
        )
    for chunk in id_chunks(pledge_ids):
        # FOR NO KEY UPDATE: two parts storing the same pledge (runs over different regions)
        # take turns, so the later one counts the earlier one's proposals.
        found_pledges = await session.execute(
            select(col(Pledge.id), col(Pledge.remaining_quantity))
            .where(col(Pledge.id).in_(chunk), col(Pledge.status) == PledgeStatus.ACTIVE)
            .order_by(col(Pledge.id))
            .with_for_update(key_share=True)
        )
        for pledge_id, quantity in found_pledges.tuples():
            assert pledge_id is not None
            left[pledge_id] = quantity
    item_ids = sorted({row["need_item_id"] for row in rows} | {int(i) for i in short})
    for chunk in id_chunks(item_ids):
        found = await session.execute(
            select(
                col(NeedItem.id),
                col(NeedItem.description),
                col(NeedItem.category),
                col(NeedItem.unit),
                col(NeedItem.unit_value_fen),
                col(NeedItem.remaining_quantity),
            ).where(col(NeedItem.id).in_(chunk))
        )
        for row in found:
            terms[row.id] = (
                (row.description, row.category, row.unit, row.unit_value_fen),
                row.remaining_quantity,
            )

    def holds(item_id: int) -> bool:
        facts = loaded.items[item_id]
        now = terms.get(item_id)
        return facts.need_id in open_needs and now is not None and now[0] == facts.terms

    kept = [
        row
        for row in rows
        if row["pledge_id"] in left
        and holds(row["need_item_id"])
        and terms[row["need_item_id"]][1] >= row["item_quantity"]
    ]
    money = {p for p in pledge_ids if loaded.pledges[p].kind is PledgeKind.MONEY}
    kept = await _within_pledges(session, run, kept, left, money)
    return kept, {item: points for item, points in short.items() if holds(int(item))}


async def _within_pledges(
    session: AsyncSession,
    run: MatchingRun,
    rows: list[dict[str, Any]],
    left: dict[int, int],
    money: set[int],
) -> list[dict[str, Any]]:
    """The proposals that fit in what their pledges have left beside the waiting matches that
    hold part of it: those this run does not replace (see ``held``), among them the proposals
    a run over another region stored while this part was solving. The best-scoring proposals
    of a pledge are kept first; co-funding of an item that loses proposals of ``money``
    pledges here goes with them, as it matched that money."""
    assert run.id is not None
    taken = await held(
        session,
        col(Match.pledge_id),
        col(Match.pledge_quantity),
        sorted({row["pledge_id"] for row in rows}),
        replaced_within=run.region_code,
        run_id=run.id,
    )
    room = {pledge_id: quantity - taken.get(pledge_id, 0) for pledge_id, quantity in left.items()}
    dropped: set[int] = set()
    cut: set[int] = set()  # items that lost money proposals
    for k in sorted(range(len(rows)), key=lambda k: (-rows[k]["score"], k)):
        row = rows[k]
        if row["pledge_quantity"] <= room[row["pledge_id"]]:
            room[row["pledge_id"]] -= row["pledge_quantity"]
        else:
            dropped.add(k)
            if row["pledge_id"] in money:
                cut.add(row["need_item_id"])
    if not dropped:
        return rows
    log.info("matching run %s: %d proposals no longer fit their pledges", run.id, len(dropped))
    return [
        row
        for k, row in enumerate(rows)
        if k not in dropped
        and not (row["explanation"].get("coFunding") and row["need_item_id"] in cut)
    ]


async def _store(
    session: AsyncSession, run: MatchingRun, rows: list[dict[str, Any]]
) -> list[Transition]:
    """Insert the proposals; their transitions to record."""
    assert run.id is not None
    made: list[Transition] = []
    for chunk in range(0, len(rows), 1000):
        batch = rows[chunk : chunk + 1000]
        ids = await insert_rows(session, Match, batch, ids=True)
        now = utcnow()
        made += [
            Transition(
                entity="match",
                entity_id=match_id,
                from_status=None,
                to_status=MatchStatus.PROPOSED.value,
                actor_user_id=run.requested_by_user_id,
                reason=None,
                at=now,
                facts=proposal_facts(row, ENGINE_ROLE),
            )
            for match_id, row in zip(ids, batch, strict=True)
        ]
    return made


async def _store_unfunded(
    session: AsyncSession, run: MatchingRun, loaded: Loaded, short: dict[str, int]
) -> None:
    """Insert the items the part left unfunded, with the points each fell short."""
    assert run.id is not None
    unfunded = [
        {
            "run_id": run.id,
            "need_item_id": int(item_id),
            "need_id": loaded.items[int(item_id)].need_id,
            "points_short": points,
        }
        for item_id, points in sorted(short.items(), key=lambda kv: int(kv[0]))
    ]
    for chunk in range(0, len(unfunded), 1000):
        await insert_rows(session, UnfundedItem, unfunded[chunk : chunk + 1000])


async def _supersede(session: AsyncSession, run: MatchingRun) -> list[Transition]:
    """Older unanswered engine proposals of the run's region give way to the run's own; the
    transitions to record."""
    statement = select(col(Match.id)).where(
        unanswered_engine_proposal(),
        or_(col(Match.run_id).is_(None), col(Match.run_id) != run.id),
    )
    if run.region_code:  # empty: all of China (benchmarks)
        statement = statement.where(within_region(col(Match.region_code), run.region_code))
    old = _known(await session.scalars(statement))
    return await _move_all(
        session,
        old,
        MatchStatus.SUPERSEDED,
        run.requested_by_user_id,
        f"Replaced by matching run {run.id}.",
    )


async def _move_all(
    session: AsyncSession, ids: list[int], target: MatchStatus, actor: int, reason: str
) -> list[Transition]:
    """Move unanswered proposals to ``target``; the transitions of those moved, to record."""
    now = utcnow()
    moved_all: list[Transition] = []
    for chunk in range(0, len(ids), 1000):
        batch = ids[chunk : chunk + 1000]
        moved = await session.scalars(
            update(Match)
            .where(col(Match.id).in_(batch), unanswered_engine_proposal())
            .values(status=target, reason=reason, updated_at=now)
            .returning(Match)
        )
        moved_all += _transitions(moved.all(), MatchStatus.PROPOSED, target, actor, reason)
    return moved_all


def _transitions(
    rows: Sequence[Match],
    current: MatchStatus | None,
    target: MatchStatus,
    actor: int,
    reason: str | None = None,
) -> list[Transition]:
    """The transitions of matches a run made or replaced; the engine acts, for the user who
    started the run."""
    now = utcnow()
    return [
        Transition(
            entity="match",
            entity_id=row.id,
            from_status=current.value if current else None,
            to_status=target.value,
            actor_user_id=actor,
            reason=reason,
            at=now,
            facts=replace(match_facts(row, None), actor_role=ENGINE_ROLE),
        )
        for row in rows
        if row.id is not None
    ]


def _known(ids: Iterable[int | None]) -> list[int]:
    return [i for i in ids if i is not None]
