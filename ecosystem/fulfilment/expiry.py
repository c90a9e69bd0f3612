"""Deadlines, kept by a scheduled job rather than on read: needs past their deadline, pledges
past their `validUntil`, and proposals nobody took to approval in time become EXPIRED.

Safe to run in several processes at once and as often as wanted: each change is a conditional
UPDATE on the status it was read with, so a row is expired once, and a proposal approved
meanwhile is left alone. Work goes in batches of short transactions.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from ecosystem.database import Database, utcnow
from ecosystem.matches.models import Match, MatchStatus
from ecosystem.matches.service import MATCH_LIFECYCLE, match_facts
from ecosystem.needs.models import Need, NeedStatus
from ecosystem.needs.service import NEED_LIFECYCLE, need_facts
from ecosystem.pledges.models import Pledge, PledgeStatus
from ecosystem.pledges.service import PLEDGE_LIFECYCLE, pledge_facts
from ecosystem.settings import get_settings

EXPIRING_NEEDS = (NeedStatus.OPEN, NeedStatus.PARTIALLY_MATCHED)
EXPIRING_PROPOSALS = (MatchStatus.PROPOSED, MatchStatus.ACCEPTED)
BATCH = 500


async def expire_overdue(
    db: Database, today: date, *, proposal_max_age_days: int | None = None
) -> int:
    """Expire what is overdue on ``today``; returns how many needs, pledges and proposals it
    expired.

    A need is overdue when its deadline is before ``today`` and it is still OPEN or
    PARTIALLY_MATCHED; a pledge when its ``valid_until`` is before ``today`` and it is still
    ACTIVE (the approved matches of either go on to delivery). A proposal (PROPOSED or
    ACCEPTED) is overdue when its need or its pledge has expired, or when it was made more than
    ``proposal_max_age_days`` (default: the PROPOSAL_MAX_AGE_DAYS setting) before ``today``.
    """
    settings = get_settings()
    max_age = proposal_max_age_days or settings.proposal_max_age_days
    expired = 0
    while found := await _expire_needs(db, today):
        expired += found
    while found := await _expire_pledges(db, today):
        expired += found
    # Days of the marketplace's calendar (``today`` is one), not UTC's.
    proposed_before = datetime.combine(
        today - timedelta(days=max_age), time.min, tzinfo=settings.zone
    )
    while found := await _expire_proposals(db, proposed_before):
        expired += found
    return expired


async def _expire_needs(db: Database, today: date) -> int:
    async with db.transaction() as session:
        needs = list(
            await session.scalars(
                select(Need)
                .where(col(Need.status).in_(EXPIRING_NEEDS), col(Need.deadline) < today)
                .order_by(col(Need.id))
                .limit(BATCH)
            )
        )
        count = 0
        for need in needs:
            if await _move_need(session, need, today):
                count += 1
        return count


async def _move_need(session: AsyncSession, need: Need, today: date) -> bool:
    assert need.id is not None
    # The UPDATE below also changes the loaded row; keep the status it was read with.
    current = need.status
    moved = await session.execute(
        update(Need)
        .where(
            col(Need.id) == need.id,
            col(Need.status) == current,
            col(Need.deadline) < today,
        )
        .values(status=NeedStatus.EXPIRED, updated_at=utcnow())
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        return False
    await NEED_LIFECYCLE.move(
        session,
        entity_id=need.id,
        current=current,
        target=NeedStatus.EXPIRED,
        actor_user_id=None,
        facts=need_facts(need, None),
        reason=f"The deadline {need.deadline.isoformat()} has passed.",
    )
    return True


async def _expire_pledges(db: Database, today: date) -> int:
    async with db.transaction() as session:
        pledges = list(
            await session.scalars(
                select(Pledge)
                .where(col(Pledge.status) == PledgeStatus.ACTIVE, col(Pledge.valid_until) < today)
                .order_by(col(Pledge.id))
                .limit(BATCH)
            )
        )
        count = 0
        for pledge in pledges:
            assert pledge.id is not None and pledge.valid_until is not None
            moved = await session.execute(
                update(Pledge)
                .where(
                    col(Pledge.id) == pledge.id,
                    col(Pledge.status) == PledgeStatus.ACTIVE,
                    col(Pledge.valid_until) < today,
                )
                .values(status=PledgeStatus.EXPIRED, updated_at=utcnow())
            )
            if moved.rowcount != 1:  # type: ignore[attr-defined]
                continue
            await PLEDGE_LIFECYCLE.move(
                session,
                entity_id=pledge.id,
                current=PledgeStatus.ACTIVE,
                target=PledgeStatus.EXPIRED,
                actor_user_id=None,
                facts=pledge_facts(pledge, None),
                reason=f"It was valid until {pledge.valid_until.isoformat()}.",
            )
            count += 1
        return count


async def _expire_proposals(db: Database, proposed_before: datetime) -> int:
    expired_needs = select(col(Need.id)).where(col(Need.status) == NeedStatus.EXPIRED)
    expired_pledges = select(col(Pledge.id)).where(col(Pledge.status) == PledgeStatus.EXPIRED)
    overdue = or_(
        col(Match.created_at) < proposed_before,
        col(Match.need_id).in_(expired_needs),
        col(Match.pledge_id).in_(expired_pledges),
    )
    async with db.transaction() as session:
        proposals = list(
            await session.scalars(
                select(Match)
                .where(col(Match.status).in_(EXPIRING_PROPOSALS), overdue)
                .order_by(col(Match.id))
                .limit(BATCH)
            )
        )
        need_expired = set(
            await session.scalars(
                expired_needs.where(col(Need.id).in_({m.need_id for m in proposals}))
            )
        )
        count = 0
        for match in proposals:
            assert match.id is not None
            current = match.status
            moved = await session.execute(
                update(Match)
                .where(col(Match.id) == match.id, col(Match.status) == current)
                .values(status=MatchStatus.EXPIRED, updated_at=utcnow())
            )
            if moved.rowcount != 1:  # type: ignore[attr-defined]
                continue
            if match.created_at < proposed_before:
                reason = "Nobody took it to approval in time."
            elif match.need_id in need_expired:
                reason = "Its need has expired."
            else:
                reason = "Its pledge has expired."
            await MATCH_LIFECYCLE.move(
                session,
                entity_id=match.id,
                current=current,
                target=MatchStatus.EXPIRED,
                actor_user_id=None,
                facts=match_facts(match, None),
                reason=reason,
            )
            count += 1
        return count
