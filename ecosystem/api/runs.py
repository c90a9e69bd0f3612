"""Matching runs over GraphQL: start one, list them, watch one live; and bulk decisions."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import AsyncGenerator
from datetime import date, datetime
from typing import Annotated, Any

import strawberry
from redis.exceptions import RedisError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from ecosystem.access import policy
from ecosystem.access.subject import Subject
from ecosystem.api.errors import UserError, user_errors
from ecosystem.api.mutations import IDEMPOTENCY_KEY_DOC, run_mutation
from ecosystem.api.relay import (
    Connection,
    Node,
    decode_id,
    node_loader,
    page_size,
    to_connection,
    to_global_id,
)
from ecosystem.api.scalars import BigInt
from ecosystem.api.types import Ctx, Match, NeedItem, Region, load_region
from ecosystem.database import Database, run_again_if_aborted
from ecosystem.errors import DomainError, DomainErrors, ErrorCode, Forbidden
from ecosystem.idempotency import service as idempotency
from ecosystem.lifecycle.record import forget_recorded_since, recorded_mark
from ecosystem.matches import service as matches
from ecosystem.matches.models import Match as MatchRow
from ecosystem.runs import service as runs
from ecosystem.runs.models import FINISHED, RunFailure, RunStatus, UnfundedItem
from ecosystem.runs.models import MatchingRun as RunRow

MAX_BULK = 100
MAX_UNFUNDED = 100
# How often a live view rereads a run when no announcement arrives.
REREAD_SECONDS = 1.0


@strawberry.type(description="An eligible need item a run left unfunded, and by how much.")
class UnfundedNeedItem:
    need_item_id: strawberry.Private[int]
    points_short: int = strawberry.field(
        description=(
            "Points per value unit its score fell short: with a score higher by more than this, "
            "the optimum would have funded it."
        )
    )

    @strawberry.field(description="The need item.")
    async def need_item(self, info: Ctx) -> NeedItem | None:
        row = await info.context.loaders.need_item.load(self.need_item_id)
        return NeedItem.from_model(row) if row else None


strawberry.enum(
    RunFailure,
    description=(
        "Why a matching run failed: TOO_LARGE (its region's network passed the server's "
        "limit; run smaller regions), RESTARTED (the server stopped before it finished), "
        "TIMED_OUT, QUEUE_UNAVAILABLE (the job queue could not be reached) or INTERNAL."
    ),
)


@strawberry.type(description="One run of the matching engine over a region.")
class MatchingRun(Node):
    row: strawberry.Private[RunRow]
    region_code: str = strawberry.field(description="The region code prefix it covers.")
    dry_run: bool = strawberry.field(description="A dry run stores no proposals.")
    status: RunStatus = strawberry.field(description="Where the run is.")
    stage: str = strawberry.field(description="queued, loading, solving, done or failed.")
    progress: int = strawberry.field(description="Percent done, 0 to 100.")
    parts_total: int = strawberry.field(description="Independent parts, each a job of its own.")
    parts_done: int = strawberry.field(description="Parts solved and stored.")
    needs_count: int = strawberry.field(
        description="Open needs of its region with items left to fund: the needs it considered, "
        "whether or not some pledge could serve them."
    )
    items_count: int = strawberry.field(description="Open need items it considered.")
    pledges_count: int = strawberry.field(
        description="Pledges and co-funding offers with something left that it weighed against "
        "its needs: those that may reach a school with open items of the run (none when it has "
        "no open needs). One may still find nothing it can fund there, such as a pledge for a "
        "category no school there needs."
    )
    schools_count: int = strawberry.field(description="Schools with open items.")
    proposals_count: int = strawberry.field(description="Proposals it made.")
    proposed_value_fen: BigInt = strawberry.field(description="Their value, in fen.")
    unfunded_count: int = strawberry.field(description="Eligible items left unfunded.")
    superseded_count: int = strawberry.field(
        description="Unanswered proposals of earlier runs it replaced."
    )
    objective: BigInt = strawberry.field(
        description=(
            "The sum of the score terms of the proposals it made (or, in a dry run, would have "
            "made), in whole items."
        )
    )
    bound: BigInt = strawberry.field(
        description=(
            "The engine's optimum before rounding to whole items; the objective is never more. "
            "Runs before this field reported it as their objective."
        )
    )
    load_seconds: float = strawberry.field(description="Time spent loading from the database.")
    solve_seconds: float = strawberry.field(description="Time spent in the engine.")
    persist_seconds: float = strawberry.field(description="Time spent storing proposals.")
    error: str | None = strawberry.field(description="Why it failed, in plain (English) words.")
    failure: RunFailure | None = strawberry.field(
        description="Why it failed, as a code to word in the reader's language; null unless FAILED."
    )
    created_at: datetime = strawberry.field(description="When it was started.")
    started_at: datetime | None = strawberry.field(description="When a worker took it.")
    finished_at: datetime | None = strawberry.field(description="When it finished.")

    @classmethod
    def from_model(cls, row: RunRow) -> MatchingRun:
        assert row.id is not None
        return cls(
            row=row,
            id=to_global_id("MatchingRun", row.id),
            region_code=row.region_code,
            dry_run=row.dry_run,
            status=row.status,
            stage=row.stage,
            progress=row.progress,
            parts_total=row.parts_total,
            parts_done=row.parts_done,
            needs_count=row.needs_count,
            items_count=row.items_count,
            pledges_count=row.pledges_count,
            schools_count=row.schools_count,
            proposals_count=row.proposals_count,
            proposed_value_fen=row.proposed_value_fen,  # type: ignore[arg-type]
            unfunded_count=row.unfunded_count,
            superseded_count=row.superseded_count,
            objective=row.objective,  # type: ignore[arg-type]
            bound=row.bound,  # type: ignore[arg-type]
            load_seconds=row.load_seconds,
            solve_seconds=row.solve_seconds,
            persist_seconds=row.persist_seconds,
            error=row.error,
            failure=row.failure,
            created_at=row.created_at,
            started_at=row.started_at,
            finished_at=row.finished_at,
        )

    @strawberry.field(description="The region it covers.")
    def region(self, info: Ctx) -> Region | None:
        return load_region(info, self.region_code)

    @strawberry.field(description="Items it left unfunded, the closest misses first.")
    async def unfunded(
        self,
        info: Ctx,
        first: Annotated[int, strawberry.argument(description="How many: 1 to 100.")] = 20,
    ) -> list[UnfundedNeedItem]:
        # Out of range is refused naming the bound, as every count is (it was quietly clamped).
        count = page_size(MAX_UNFUNDED, first)
        async with info.context.db.read() as session:
            rows = await session.scalars(
                select(UnfundedItem)
                .where(col(UnfundedItem.run_id) == self.row.id)
                .order_by(col(UnfundedItem.points_short), col(UnfundedItem.need_item_id))
                .limit(count)
            )
            return [
                UnfundedNeedItem(need_item_id=r.need_item_id, points_short=r.points_short)
                for r in rows
            ]


@node_loader("MatchingRun")
async def load_run(info: Ctx, key: str) -> MatchingRun | None:
    """A run by its key, if the subject may see it."""
    async with info.context.db.read() as session:
        row = await runs.visible_run(session, info.context.subject, int(key))
    return MatchingRun.from_model(row) if row else None


@strawberry.input(description="Start a matching run.")
class StartMatchingRunInput:
    region_code: str = strawberry.field(
        description="The region: 2 (province), 4 (city) or 6 (county) digits."
    )
    dry_run: bool = strawberry.field(
        default=False, description="Solve and report, but store no proposals."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retrying with the same key starts the run only once."
    )


@strawberry.type(description="The result of startMatchingRun.")
class MatchingRunPayload:
    run: MatchingRun | None = strawberry.field(description="The queued run, on success.")
    errors: list[UserError] = strawberry.field(description="Why it did not; empty on success.")


@strawberry.input(description="Approve several accepted matches at once.")
class ApproveMatchesInput:
    ids: list[strawberry.ID] = strawberry.field(description="The matches, at most 100.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY_DOC)


@strawberry.input(description="Reject several matches at once, with one reason.")
class RejectMatchesInput:
    ids: list[strawberry.ID] = strawberry.field(description="The matches, at most 100.")
    reason: str = strawberry.field(description="Why (at most 500 characters).")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY_DOC)


@strawberry.type(
    description=(
        "The result of a bulk decision: each match is decided on its own; those that could "
        "not be have an error whose field is `ids.N`, and nothing of theirs changed."
    )
)
class BulkDecisionPayload:
    matches: list[Match] = strawberry.field(description="The matches decided.")
    errors: list[UserError] = strawberry.field(description="The ones that were not, and why.")


@strawberry.type
class RunQueries:
    @strawberry.field(
        description=(
            "Matching runs, newest first: platform admins see all, officials those over their "
            "jurisdiction, anyone the runs they started."
        )
    )
    async def matching_runs(
        self,
        info: Ctx,
        first: Annotated[int, strawberry.argument(description="How many: 1 to 100.")] = 20,
        after: Annotated[str | None, strawberry.argument(description="A page's endCursor.")] = None,
        region_code: str | None = None,
    ) -> Connection[MatchingRun]:
        size = page_size(info.context.settings.graphql_max_page_size, first)
        async with info.context.db.read() as session:
            page: Any = await runs.list_runs(
                session, info.context.subject, region_code=region_code, first=size, after=after
            )
        return to_connection(page, MatchingRun.from_model)


@strawberry.type
class RunMutations:
    @strawberry.mutation(
        description=(
            "Run the matching engine over a region (platform admins, and officials within their "
            "jurisdiction). The run is queued; follow it with matchingRunProgress."
        )
    )
    async def start_matching_run(
        self, info: Ctx, input: StartMatchingRunInput
    ) -> MatchingRunPayload:
        async def action(session: AsyncSession) -> RunRow:
            return await runs.start_run(
                session, info.context.subject, region_code=input.region_code, dry_run=input.dry_run
            )

        row, errors = await run_mutation(info, "startMatchingRun", input, action, RunRow)
        if row is None or row.id is None:
            return MatchingRunPayload(run=None, errors=errors)
        jobs = info.context.jobs
        try:
            await jobs.start_matching_run(row.id, info.context.settings.today())
        except (RedisError, OSError):
            await jobs.runner.fail(row.id, runs.QUEUE_DOWN_MESSAGE, RunFailure.QUEUE_UNAVAILABLE)
            error = DomainError(
                ErrorCode.UNAVAILABLE, "The job queue cannot be reached; try again shortly."
            )
            return MatchingRunPayload(run=None, errors=user_errors(error))
        return MatchingRunPayload(run=MatchingRun.from_model(row), errors=[])

    @strawberry.mutation(
        description="Approve accepted matches in your jurisdiction, each on its own."
    )
    async def approve_matches(self, info: Ctx, input: ApproveMatchesInput) -> BulkDecisionPayload:
        return await _bulk(info, "approveMatches", input.ids, None, input.idempotency_key)

    @strawberry.mutation(description="Reject matches in your jurisdiction, with one reason.")
    async def reject_matches(self, info: Ctx, input: RejectMatchesInput) -> BulkDecisionPayload:
        return await _bulk(info, "rejectMatches", input.ids, input.reason, input.idempotency_key)


@dataclasses.dataclass(frozen=True)
class _Replay:
    """What a bulk decision sent with an idempotency key needs to be told apart and replayed."""

    user_id: int
    key: str
    operation: str
    digest: str


async def _bulk(
    info: Ctx,
    operation: str,
    ids: list[strawberry.ID],
    reason: str | None,
    idempotency_key: str | None,
) -> BulkDecisionPayload:
    """Decide each match in a savepoint of one transaction: one that cannot be decided is
    rolled back alone and reported. With an idempotency key, the first result is kept in that
    transaction and a retry gets it back instead of N "already decided" errors."""
    context = info.context
    subject = policy.require_writer(context.subject)
    await context.limit_mutations(subject)
    replay = None
    if idempotency_key is not None:
        try:
            key = idempotency.check_key(idempotency_key)
        except DomainError as refused:
            return BulkDecisionPayload(matches=[], errors=user_errors(refused))
        body = {"ids": [str(i) for i in ids], "reason": reason}
        replay = _Replay(subject.user_id, key, operation, idempotency.request_hash(operation, body))
    if not ids or len(ids) > MAX_BULK:
        code = ErrorCode.TOO_MANY if ids else ErrorCode.REQUIRED
        bound = str(MAX_BULK) if ids else None
        error = DomainError(
            code, f"Give 1 to {MAX_BULK} matches; got {len(ids)}.", "ids", maximum=bound
        )
        return BulkDecisionPayload(matches=[], errors=user_errors(error))
    if reason is not None:
        try:
            reason = matches.check_rejection_reason(reason)
        except DomainErrors as refused:
            return BulkDecisionPayload(matches=[], errors=user_errors(refused))
    today = context.settings.today()

    async def decide() -> BulkDecisionPayload:
        return await run_again_if_aborted(
            lambda: _decide_each(context.db, subject, ids, reason, today, replay)
        )

    try:
        return await decide()
    except IntegrityError:
        # Two requests with one new key raced; the loser replays the winner's result.
        if replay is None:
            raise
        return await decide()
    except DomainError as refused:
        # The key was used before for another request.
        return BulkDecisionPayload(matches=[], errors=user_errors(refused))


async def _recalled(session: AsyncSession, replay: _Replay) -> BulkDecisionPayload | None:
    """The first result of this key, the matches as they are now; None if the key is new."""
    stored = await idempotency.recall(
        session,
        user_id=replay.user_id,
        key=replay.key,
        operation=replay.operation,
        digest=replay.digest,
    )
    if stored is None:
        return None
    decided_ids = [int(i) for i in stored["matches"]]
    rows = {
        row.id: row
        for row in await session.scalars(select(MatchRow).where(col(MatchRow.id).in_(decided_ids)))
    }
    return BulkDecisionPayload(
        matches=[Match.from_model(rows[i]) for i in decided_ids if i in rows],
        errors=[
            UserError(field=e["field"], message=e["message"], code=ErrorCode(e["code"]))
            for e in stored["errors"]
        ],
    )


async def _decide_each(
    db: Database,
    subject: Subject,
    ids: list[strawberry.ID],
    reason: str | None,
    today: date,
    replay: _Replay | None,
) -> BulkDecisionPayload:
    decided: list[Match] = []
    errors: list[UserError] = []
    async with db.transaction() as session:
        if replay is not None and (first := await _recalled(session, replay)) is not None:
            return first
        for k, global_id in enumerate(ids):
            field = f"ids.{k}"
            mark = recorded_mark(session)
            try:
                async with session.begin_nested():
                    match_id = decode_id(global_id, field, "Match")
                    if reason is None:
                        row = await matches.approve(session, subject, match_id, today=today)
                    else:
                        row = await matches.reject(session, subject, match_id, reason)
                decided.append(Match.from_model(row))
            except Forbidden as refused:
                forget_recorded_since(session, mark)
                errors.append(
                    UserError(field=field, message=str(refused), code=ErrorCode.FORBIDDEN)
                )
            except (DomainError, DomainErrors) as error:
                forget_recorded_since(session, mark)
                # Whatever the single decision would name, here it is this entry of the list.
                errors += [
                    UserError(field=field, message=found.message, code=found.code)
                    for found in user_errors(error)
                ]
        if replay is not None:
            await idempotency.remember(
                session,
                user_id=replay.user_id,
                key=replay.key,
                operation=replay.operation,
                digest=replay.digest,
                result={
                    "matches": [match.row.id for match in decided],
                    "errors": [
                        {"field": e.field, "message": e.message, "code": e.code.value}
                        for e in errors
                    ],
                },
            )
    return BulkDecisionPayload(matches=decided, errors=errors)


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description=(
            "A run's progress, live: the run now, then again whenever it changes, until it "
            "has finished. Seen by whoever may see the run."
        )
    )
    async def matching_run_progress(
        self, info: Ctx, run_id: strawberry.ID
    ) -> AsyncGenerator[MatchingRun, None]:
        key = decode_id(run_id, "runId", "MatchingRun")
        context = info.context
        async with context.db.read() as session:
            row = await runs.visible_run(session, context.subject, key)
        if row is None:
            raise Forbidden("There is no such run that you may see.")
        async with context.live_view(runs.progress_channel(key)) as announcements:
            seen = _state(row)
            yield MatchingRun.from_model(row)
            while row.status not in FINISHED:
                await _announcement(announcements)
                subject = await context.live_subject()
                async with context.db.read() as session:
                    fresh = await runs.visible_run(session, subject, key)
                if fresh is None:
                    return
                row = fresh
                if _state(row) != seen:
                    seen = _state(row)
                    yield MatchingRun.from_model(row)


def _state(row: RunRow) -> tuple[RunStatus, str, int, int]:
    return row.status, row.stage, row.progress, row.parts_done


async def _announcement(announcements: asyncio.Queue[str]) -> None:
    """Wait for the next announcement, or ``REREAD_SECONDS`` if none comes (with Redis down,
    none does). The run is reread from the database either way."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(announcements.get(), REREAD_SECONDS)
    while not announcements.empty():
        announcements.get_nowait()
