"""The rules of matches: direct pledges, the two sides' answers, and the officials' decision.

Approval commits the quantities. It lowers the pledge's and the need item's remaining
quantities with conditional UPDATEs checked by row count (``remaining >= q``), inside the same
transaction as the status change, so that nothing is over-allocated whatever runs at the same
time; SQLite ignores SELECT ... FOR UPDATE, and CHECK constraints back this up on both databases.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, case, false, func, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from ecosystem.access import policy
from ecosystem.access.subject import Subject
from ecosystem.catalogue import is_service_unit, same_item
from ecosystem.database import utcnow
from ecosystem.errors import DomainError, ErrorCode, Forbidden
from ecosystem.lifecycle.machine import StateMachine
from ecosystem.lifecycle.record import Facts, Transition, record_transitions
from ecosystem.matches.models import Match, MatchOrigin, MatchStatus
from ecosystem.matching.scoring import haversine_km
from ecosystem.needs.models import Need, NeedItem, NeedStatus
from ecosystem.needs.service import NEED_LIFECYCLE, ItemChange, need_facts
from ecosystem.pagination import Ordering, Page, keyset_page
from ecosystem.parties.models import Party, Role
from ecosystem.pledges.models import Pledge, PledgeKind, PledgeStatus
from ecosystem.pledges.service import MONEY_UNIT, PLEDGE_LIFECYCLE, pledge_facts
from ecosystem.regions.service import check_region_prefix, within_region
from ecosystem.validation import InputChecks, yuan

_M = MatchStatus
MATCH_LIFECYCLE: StateMachine[MatchStatus] = StateMachine(
    "match",
    {
        _M.PROPOSED: frozenset(
            {_M.ACCEPTED, _M.DECLINED, _M.CANCELLED, _M.EXPIRED, _M.REJECTED, _M.SUPERSEDED}
        ),
        _M.ACCEPTED: frozenset({_M.APPROVED, _M.REJECTED, _M.DECLINED, _M.CANCELLED, _M.EXPIRED}),
        _M.APPROVED: frozenset({_M.IN_DELIVERY, _M.CANCELLED}),
        _M.IN_DELIVERY: frozenset({_M.DELIVERED}),
        # A problem report takes units off what was delivered; the donor delivers them again.
        _M.DELIVERED: frozenset({_M.CONFIRMED, _M.IN_DELIVERY}),
    },
)
# Once approved, a match is part of the public record.
PUBLIC_STATUSES = (_M.APPROVED, _M.IN_DELIVERY, _M.DELIVERED, _M.CONFIRMED)
OPEN_NEED_STATUSES = (NeedStatus.OPEN, NeedStatus.PARTIALLY_MATCHED)
OPEN_PROPOSAL_STATUSES = (_M.PROPOSED, _M.ACCEPTED)
# Fungible money: a money pledge, or a co-funding offer, whose money goes with the money it
# matches.
MONEY_KINDS = (PledgeKind.MONEY, PledgeKind.CO_FUNDING)
SERVICE_KINDS = (PledgeKind.SERVICE, PledgeKind.VOLUNTEER)
DIRECTLY_PLEDGEABLE = (PledgeKind.MONEY, PledgeKind.GOODS, PledgeKind.SERVICE, PledgeKind.VOLUNTEER)
_NOT_YOURS = "Only the school, the donor, or an official over the school may act on this match."


def pledge_units(pledge: Pledge, item: NeedItem, item_quantity: int) -> int:
    """How much of the pledge covers ``item_quantity`` units of the item."""
    if pledge.kind is PledgeKind.MONEY:
        return item_quantity * item.unit_value_fen
    return item_quantity


def need_problem(need: Need, today: date) -> str | None:
    """Why no pledge can be given to this need any more, or None while it is open."""
    if need.status not in OPEN_NEED_STATUSES:
        return f"The need is {need.status.value.lower()}; it takes no more pledges."
    if need.deadline < today:
        return f"The need's deadline ({need.deadline.isoformat()}) has passed."
    return None


def eligibility_problem(
    pledge: Pledge, donor: Party, item: NeedItem, need: Need, school: Party, today: date
) -> str | None:
    """Why this pledge cannot serve this item, or None when it can: the engine's rules
    (``matching.scoring.pair_terms``) for a pair a donor chose."""
    if pledge.status is not PledgeStatus.ACTIVE:
        return f"The pledge is {pledge.status.value}."
    if pledge.kind not in DIRECTLY_PLEDGEABLE:
        return f"A {pledge.kind.value} pledge is not given to one need item."
    if (ended := need_problem(need, today)) is not None:
        return ended
    if pledge.valid_until is not None and pledge.valid_until < today:
        return "The pledge is no longer valid."
    return pairing_problem(pledge, donor, item, need, school, today)


def pairing_problem(
    pledge: Pledge, donor: Party, item: NeedItem, need: Need, school: Party, today: date
) -> str | None:
    """Why this pledge cannot serve this item, whatever the state of either: category, item,
    region, and a service's reach and window."""
    money = pledge.kind in MONEY_KINDS
    if money:
        if pledge.restrict_categories and item.category.value not in pledge.restrict_categories:
            return "The pledge is for other categories."
    elif pledge.category is not item.category:
        return "The pledge is for another category."
    elif (services := pledge.kind in SERVICE_KINDS) != is_service_unit(item.unit):
        what = f"{item.description}, by the {item.unit}"
        if services:
            return f"The school needs goods ({what}); a service cannot provide them."
        return f"The school needs a service ({what}); goods cannot provide it."
    elif not same_item(pledge.item_name, item.description):
        return f"The pledge offers {pledge.item_name}; the school needs {item.description}."
    if pledge.restrict_region_codes and not any(
        need.region_code.startswith(code) for code in pledge.restrict_region_codes
    ):
        return "The pledge is for other regions."
    if item.unit_value_fen == 0 and money:
        return "The item has no value that money could pay for."
    if pledge.kind in SERVICE_KINDS:
        return _service_problem(pledge, donor, need, school, today)
    return None


def _service_problem(
    pledge: Pledge, donor: Party, need: Need, school: Party, today: date
) -> str | None:
    """A service reaches schools within its radius, while its window is open before the
    need's deadline."""
    if pledge.available_until is not None and pledge.available_until < today:
        return f"The service was available until {pledge.available_until.isoformat()}."
    if pledge.available_from is not None and pledge.available_from > need.deadline:
        return (
            f"The service is available from {pledge.available_from.isoformat()}, after the "
            f"need's deadline ({need.deadline.isoformat()})."
        )
    radius = pledge.service_radius_km or donor.service_radius_km
    if radius is None or donor.latitude is None or donor.longitude is None:
        return None
    if school.latitude is None or school.longitude is None:
        return "The school has no location on record, so it cannot be placed within the radius."
    km = haversine_km(donor.latitude, donor.longitude, school.latitude, school.longitude)
    if km > radius:
        return f"The school is {km:,.0f} km away, outside the service radius of {radius:,.0f} km."
    return None


# Approved and after: the quantities are committed (the same matches the public sees).
COMMITTED_STATUSES = PUBLIC_STATUSES


async def _given_to_school(
    session: AsyncSession, pledge_id: int, school_id: int, statuses: Sequence[MatchStatus]
) -> int:
    """What the pledge's matches in ``statuses`` give the school, in the pledge's units."""
    total = await session.scalar(
        select(func.coalesce(func.sum(col(Match.pledge_quantity)), 0)).where(
            col(Match.pledge_id) == pledge_id,
            col(Match.school_id) == school_id,
            col(Match.status).in_(statuses),
        )
    )
    return int(total or 0)


def _past_cap(cap: int, unit: str, given: int, units: int, so_far: str, field: str) -> DomainError:
    return DomainError(
        ErrorCode.OVER_ALLOCATED,
        f"The pledge gives one school at most {_amount(cap, unit)}; {_amount(given, unit)} "
        f"{so_far} this school, and this match is {_amount(units, unit)} more.",
        field,
    )


def _amount(quantity: int, unit: str) -> str:
    """A quantity of a pledge as messages say it: yuan for money, else with its unit."""
    return yuan(quantity) if unit == MONEY_UNIT else f"{quantity} {unit}"


@dataclass(frozen=True)
class MatchFilter:
    statuses: Sequence[MatchStatus] = field(default_factory=tuple)
    region_code: str | None = None
    pledge_id: int | None = None
    need_id: int | None = None
    school_id: int | None = None
    donor_id: int | None = None


MATCH_NEWEST = Ordering("match-newest", col(Match.created_at), datetime, descending=True)


def _visible_to(subject: Subject | None) -> ColumnElement[bool]:
    """Approved matches are public; proposals are seen by their school, their donor, the
    officials over the school and platform admins."""
    if subject is not None and subject.is_platform_admin:
        return true()
    conditions: list[ColumnElement[bool]] = [col(Match.status).in_(PUBLIC_STATUSES)]
    if subject is not None:
        schools = [g.party_id for g in subject.grants if g.role in policy.SCHOOL_EDITORS]
        donors = [g.party_id for g in subject.grants if g.role in policy.PLEDGE_EDITORS]
        if schools:
            conditions.append(col(Match.school_id).in_(schools))
        if donors:
            conditions.append(col(Match.donor_id).in_(donors))
        conditions += [
            within_region(col(Match.region_code), c) for c in policy.jurisdictions(subject)
        ]
    return or_(false(), *conditions)


async def list_matches(
    session: AsyncSession,
    subject: Subject | None,
    filters: MatchFilter,
    *,
    first: int,
    after: str | None,
) -> Page[Match]:
    """Matches the subject may see, newest first."""
    statement = select(Match).where(_visible_to(subject))
    if filters.statuses:
        statement = statement.where(col(Match.status).in_(list(filters.statuses)))
    if filters.region_code:
        prefix = check_region_prefix(filters.region_code, "filter.regionCode")
        statement = statement.where(within_region(col(Match.region_code), prefix))
    if filters.pledge_id is not None:
        statement = statement.where(col(Match.pledge_id) == filters.pledge_id)
    if filters.need_id is not None:
        statement = statement.where(col(Match.need_id) == filters.need_id)
    if filters.school_id is not None:
        statement = statement.where(col(Match.school_id) == filters.school_id)
    if filters.donor_id is not None:
        statement = statement.where(col(Match.donor_id) == filters.donor_id)
    return await keyset_page(
        session, statement, MATCH_NEWEST, col(Match.id), first=first, after=after
    )


async def visible_matches_by_id(
    session: AsyncSession, subject: Subject | None, ids: Sequence[int]
) -> dict[int, Match]:
    rows = await session.scalars(
        select(Match).where(col(Match.id).in_(set(ids)), _visible_to(subject))
    )
    return {match.id: match for match in rows if match.id is not None}


async def pledge_to_need(
    session: AsyncSession,
    subject: Subject | None,
    *,
    pledge_id: int,
    need_item_id: int,
    quantity: int | Decimal | None,
    today: date,
) -> Match:
    """A donor offers part of a pledge to a need item they chose: a DIRECT proposal that the
    donor has accepted by making it, waiting for the school's answer."""
    pledge = await session.get(Pledge, pledge_id)
    acting = policy.ensure_manages_party_pledges(subject, pledge.party_id if pledge else None)
    assert pledge is not None and pledge.id is not None
    item = await session.get(NeedItem, need_item_id)
    # The need's row, then the pledge's, held as approval takes them: an offer waits for a
    # cancellation, a withdrawal or an approval under way (and they for it), and two offers
    # from one pledge count what the other proposed, so its cap per school holds.
    need = (
        await session.get(Need, item.need_id, with_for_update=True, populate_existing=True)
        if item is not None
        else None
    )
    if item is None or need is None or need.opened_at is None:  # never published: private
        raise DomainError(ErrorCode.NOT_FOUND, "There is no such need item.", "needItemId")
    await session.refresh(item)
    await session.refresh(pledge, with_for_update=True)
    checks = InputChecks()
    count = checks.whole_number(
        "quantity",
        quantity,
        minimum=1,
        maximum=max(item.remaining_quantity, 1),
    )
    checks.raise_if_any()
    assert count is not None and item.id is not None and need.id is not None
    donor = await session.get(Party, pledge.party_id)
    school = await session.get(Party, need.school_id)
    assert donor is not None and school is not None
    if (ended := need_problem(need, today)) is not None:
        # The need's side: no pledge would fit it.
        raise DomainError(ErrorCode.STALE, ended, "needItemId")
    problem = eligibility_problem(pledge, donor, item, need, school, today)
    if problem is not None:
        raise DomainError(ErrorCode.NOT_ELIGIBLE, problem, "pledgeId")
    if count > item.remaining_quantity:
        raise DomainError(
            ErrorCode.OVER_ALLOCATED, "The item needs less than that now.", "quantity"
        )
    units = pledge_units(pledge, item, count)
    if units > pledge.remaining_quantity:
        raise DomainError(
            ErrorCode.OVER_ALLOCATED,
            f"The pledge has {_amount(pledge.remaining_quantity, pledge.unit)} left; this needs "
            f"{_amount(units, pledge.unit)}.",
            "quantity",
        )
    if pledge.per_school_cap is not None:
        # Proposals still open count too: each could be approved.
        given = await _given_to_school(
            session, pledge.id, need.school_id, (*OPEN_PROPOSAL_STATUSES, *COMMITTED_STATUSES)
        )
        if given + units > pledge.per_school_cap:
            raise _past_cap(
                pledge.per_school_cap,
                pledge.unit,
                given,
                units,
                "are already proposed or given to",
                "quantity",
            )
    now = utcnow()
    match = Match(
        pledge_id=pledge.id,
        need_item_id=item.id,
        need_id=need.id,
        school_id=need.school_id,
        donor_id=pledge.party_id,
        region_code=need.region_code,
        pledge_quantity=units,
        item_quantity=count,
        value_fen=count * item.unit_value_fen,
        origin=MatchOrigin.DIRECT,
        status=MatchStatus.PROPOSED,
        donor_accepted_at=now,
        created_by_user_id=acting.user_id,
        created_at=now,
        updated_at=now,
    )
    session.add(match)
    await session.flush()
    assert match.id is not None
    await MATCH_LIFECYCLE.move(
        session,
        entity_id=match.id,
        current=None,
        target=MatchStatus.PROPOSED,
        actor_user_id=acting.user_id,
        facts=match_facts(match, acting),
    )
    return match


async def _match_for(session: AsyncSession, match_id: int, *, lock: bool = False) -> Match:
    """The match; with ``lock``, its row held until commit and read as last committed, for a
    change written from what was read (an answer, a rejection): an approval or a cancellation
    committed meanwhile would otherwise be overwritten, and an approval's units stay taken for
    a match that says DECLINED. (Approval locks the need first and changes the match only
    from ACCEPTED, so it does not lock the match here.)"""
    match = await session.get(Match, match_id, with_for_update=lock, populate_existing=lock)
    if match is None:
        raise Forbidden(_NOT_YOURS)
    return match


async def respond(
    session: AsyncSession,
    subject: Subject | None,
    match_id: int,
    *,
    accept: bool,
    reason: str | None,
) -> Match:
    """The school (principal or staff) or the donor accepts or declines a proposal. Both must
    accept before an official can approve."""
    acting = policy.require_subject(subject)
    match = await _match_for(session, match_id, lock=True)
    _ensure_involved(acting, match)
    for_school, for_donor = _sides(acting, match)
    if not (for_school or for_donor):
        raise Forbidden(
            "Only the school's staff and the donor's admins answer a proposal; officials approve "
            "or reject it."
        )
    checks = InputChecks()
    cleaned = checks.text("reason", reason, max_length=500, required=False, multiline=True) or None
    checks.raise_if_any()
    now = utcnow()
    if not accept:
        await MATCH_LIFECYCLE.move(
            session,
            entity_id=match_id,
            current=match.status,
            target=MatchStatus.DECLINED,
            actor_user_id=acting.user_id,
            facts=match_facts(match, acting),
            reason=cleaned,
        )
        match.status, match.reason = MatchStatus.DECLINED, cleaned
    elif match.status is MatchStatus.ACCEPTED:
        return match  # both sides have accepted: accepting again changes nothing
    else:
        if match.status is not MatchStatus.PROPOSED:
            MATCH_LIFECYCLE.check(match.status, MatchStatus.ACCEPTED)
        if for_school:
            match.school_accepted_at = match.school_accepted_at or now
        if for_donor:
            match.donor_accepted_at = match.donor_accepted_at or now
        if match.school_accepted_at and match.donor_accepted_at:
            await MATCH_LIFECYCLE.move(
                session,
                entity_id=match_id,
                current=match.status,
                target=MatchStatus.ACCEPTED,
                actor_user_id=acting.user_id,
                facts=match_facts(match, acting),
            )
            match.status = MatchStatus.ACCEPTED
    match.updated_at = now
    session.add(match)
    await session.flush()
    return match


async def _pairing_problem(
    session: AsyncSession, match: Match, need: Need, today: date
) -> str | None:
    """``pairing_problem`` for a match, as its rows stand now."""
    pledge = await session.get(Pledge, match.pledge_id)
    item = await session.get(NeedItem, match.need_item_id)
    donor = await session.get(Party, match.donor_id)
    school = await session.get(Party, match.school_id)
    assert pledge is not None and item is not None and donor is not None and school is not None
    return pairing_problem(pledge, donor, item, need, school, today)


def _ensure_involved(acting: Subject, match: Match) -> None:
    """Someone with no part in the match hears what they would hear of a match that does not
    exist: the specific refusals below are for those who take part in it."""
    members = any(g.party_id in (match.school_id, match.donor_id) for g in acting.grants)
    if not (members or policy.governs(acting, match.region_code)):
        raise Forbidden(_NOT_YOURS)


def _sides(acting: Subject, match: Match) -> tuple[bool, bool]:
    """Whether ``acting`` answers the match for its school, and for its donor."""
    return (
        acting.has_role(match.school_id, *policy.SCHOOL_EDITORS),
        acting.has_role(match.donor_id, Role.DONOR_ADMIN),
    )


def _ensure_official_over(subject: Subject | None, match: Match) -> Subject:
    acting = policy.require_subject(subject)
    _ensure_involved(acting, match)
    if not policy.governs(acting, match.region_code):
        raise Forbidden(
            "Only a government official whose jurisdiction covers the school may decide."
        )
    if any(_sides(acting, match)):
        # One person would offer and approve the same resources alone (an official who is also
        # the donor's admin, or the school's staff).
        raise Forbidden(
            "You answer this match for its school or its donor, so another official over the "
            "school decides it."
        )
    return acting


async def approve(
    session: AsyncSession, subject: Subject | None, match_id: int, *, today: date
) -> Match:
    """An official over the school approves an accepted match, committing its quantities, while
    its pledge is still valid on ``today``."""
    match = await _match_for(session, match_id)
    acting = _ensure_official_over(subject, match)
    # The need first, as cancelling it does: the two wait for each other instead of each
    # holding a row the other wants.
    need = await session.get(Need, match.need_id, with_for_update=True, populate_existing=True)
    if need is None or need.status not in (*OPEN_NEED_STATUSES, NeedStatus.MATCHED):
        status = need.status.value if need else "gone"
        raise DomainError(
            ErrorCode.STALE, f"The need is {status}; its matches can no longer be approved.", "id"
        )
    if need.deadline < today:
        # The hourly expiry has not reached it yet; the need is over all the same.
        raise DomainError(
            ErrorCode.STALE,
            f"The need's deadline ({need.deadline.isoformat()}) has passed; its matches can no "
            "longer be approved.",
            "id",
        )
    # Read again now that the need is held: an approval that held it before has committed, and
    # its match says so (else a second official got "the item no longer needs that much").
    await session.refresh(match)
    if match.status is MatchStatus.APPROVED:
        raise DomainError(ErrorCode.STALE, "The match is already approved.", "id")
    if match.status is MatchStatus.PROPOSED:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            "The match cannot be approved yet: the school and the donor must both accept it first.",
        )
    if match.status is not MatchStatus.ACCEPTED:
        why = f" ({match.reason})" if match.reason else ""
        raise DomainError(
            ErrorCode.STALE,
            f"The match is {match.status.value}{why}; it can no longer be approved.",
            "id",
        )
    taken = await session.execute(
        update(Pledge)
        .where(
            col(Pledge.id) == match.pledge_id,
            col(Pledge.status) == PledgeStatus.ACTIVE,
            or_(col(Pledge.valid_until).is_(None), col(Pledge.valid_until) >= today),
            col(Pledge.remaining_quantity) >= match.pledge_quantity,
        )
        .values(remaining_quantity=col(Pledge.remaining_quantity) - match.pledge_quantity)
        .returning(col(Pledge.per_school_cap), col(Pledge.unit), col(Pledge.remaining_quantity))
    )
    took = taken.first()
    if took is None:
        pledge = await session.get(Pledge, match.pledge_id, populate_existing=True)
        if pledge is not None and pledge.status is not PledgeStatus.ACTIVE:
            raise DomainError(
                ErrorCode.STALE,
                f"The pledge is {pledge.status.value}; its matches can no longer be approved.",
                "id",
            )
        if pledge is not None and pledge.valid_until is not None and pledge.valid_until < today:
            raise DomainError(
                ErrorCode.STALE,
                f"The pledge was valid until {pledge.valid_until.isoformat()}; its matches can "
                "no longer be approved.",
                "id",
            )
        raise DomainError(ErrorCode.OVER_ALLOCATED, "The pledge no longer has enough left.", "id")
    cap, unit, pledge_left = took
    if cap is not None:
        # Read with the pledge's row held: another approval from it has committed or waits.
        school, units = match.school_id, match.pledge_quantity
        given = await _given_to_school(session, match.pledge_id, school, COMMITTED_STATUSES)
        if given + units > cap:
            raise _past_cap(cap, unit, given, units, "were already given to", "id")
    # What made the pairing eligible may have changed since it was proposed (the need's
    # deadline moved before a service's window, say): the engine's rules hold at approval too.
    if (problem := await _pairing_problem(session, match, need, today)) is not None:
        raise DomainError(ErrorCode.STALE, f"This pairing no longer holds: {problem}", "id")
    covered = await session.execute(
        update(NeedItem)
        .where(
            col(NeedItem.id) == match.need_item_id,
            col(NeedItem.remaining_quantity) >= match.item_quantity,
        )
        .values(remaining_quantity=col(NeedItem.remaining_quantity) - match.item_quantity)
        .returning(col(NeedItem.remaining_quantity))
    )
    item_left = covered.scalar()
    if item_left is None:
        raise DomainError(
            ErrorCode.OVER_ALLOCATED, "The need item no longer needs that much.", "id"
        )
    now = utcnow()
    decided = await session.execute(
        update(Match)
        .where(col(Match.id) == match_id, col(Match.status) == MatchStatus.ACCEPTED)
        .values(
            status=MatchStatus.APPROVED,
            decided_by_user_id=acting.user_id,
            decided_at=now,
            updated_at=now,
        )
    )
    if decided.rowcount != 1:  # type: ignore[attr-defined]
        raise DomainError(ErrorCode.STALE, "Someone else decided this match meanwhile.", "id")
    await MATCH_LIFECYCLE.move(
        session,
        entity_id=match_id,
        current=MatchStatus.ACCEPTED,
        target=MatchStatus.APPROVED,
        actor_user_id=acting.user_id,
        facts=match_facts(match, acting),
    )
    await _cancel_what_no_longer_fits(session, acting, match, item_left, pledge_left, unit)
    await _follow_need(session, match.need_id, acting)
    if pledge_left == 0:  # else the pledge stays ACTIVE: nothing to read
        await _follow_pledge(session, match.pledge_id, acting, match.region_code)
    # What the UPDATE above wrote, without reading the row again.
    match.status, match.decided_by_user_id = MatchStatus.APPROVED, acting.user_id
    match.decided_at, match.updated_at = now, now
    return match


async def _cancel_what_no_longer_fits(
    session: AsyncSession,
    acting: Subject,
    approved: Match,
    item_left: int,
    pledge_left: int,
    unit: str,
) -> None:
    """After an approval, the open proposals for more than its item or its pledge has left can
    never be approved (what is committed does not come back): they are cancelled with a reason,
    so that no school, donor or official waits on them."""
    too_much_for_item = (col(Match.need_item_id) == approved.need_item_id) & (
        col(Match.item_quantity) > item_left
    )
    too_much_of_pledge = (col(Match.pledge_id) == approved.pledge_id) & (
        col(Match.pledge_quantity) > pledge_left
    )
    # One pass for both: a proposal too much for both is told of its item.
    await _cancel_open(
        session,
        acting,
        (col(Match.id) != approved.id) & (too_much_for_item | too_much_of_pledge),
        case(
            (
                too_much_for_item,
                f"Another match was approved for this item; it needs {item_left} more now.",
            ),
            else_=f"Another match of this pledge was approved; it has "
            f"{_amount(pledge_left, unit)} left now.",
        ),
    )


def check_rejection_reason(reason: str | None) -> str:
    """The reason an official gives for rejecting, trimmed; refused when empty or too long."""
    checks = InputChecks()
    cleaned = checks.text("reason", reason, max_length=500, multiline=True)
    checks.raise_if_any()
    return cleaned


async def reject(
    session: AsyncSession, subject: Subject | None, match_id: int, reason: str | None
) -> Match:
    """An official over the school rejects a proposal, saying why."""
    match = await _match_for(session, match_id, lock=True)
    acting = _ensure_official_over(subject, match)
    cleaned = check_rejection_reason(reason)
    await MATCH_LIFECYCLE.move(
        session,
        entity_id=match_id,
        current=match.status,
        target=MatchStatus.REJECTED,
        actor_user_id=acting.user_id,
        facts=match_facts(match, acting),
        reason=cleaned,
    )
    now = utcnow()
    match.status, match.reason = MatchStatus.REJECTED, cleaned
    match.decided_by_user_id, match.decided_at, match.updated_at = acting.user_id, now, now
    session.add(match)
    await session.flush()
    return match


async def cancel_need_proposals(
    session: AsyncSession, subject: Subject | None, need_id: int
) -> int:
    """The open proposals of a need its school cancelled."""
    return await _cancel_open(
        session, subject, col(Match.need_id) == need_id, "The need was cancelled."
    )


async def cancel_pledge_proposals(
    session: AsyncSession, subject: Subject | None, pledge_id: int
) -> int:
    """The open proposals of a pledge its donor withdrew."""
    return await _cancel_open(
        session, subject, col(Match.pledge_id) == pledge_id, "The pledge was withdrawn."
    )


async def cancel_item_proposals(
    session: AsyncSession, subject: Subject | None, changes: Sequence[ItemChange]
) -> int:
    """The open proposals a school's change to its items no longer holds: all of an item
    whose terms changed, those for more than an item's new quantity."""
    if not changes:
        return 0
    which = or_(
        *(
            and_(col(Match.need_item_id) == change.item_id, col(Match.item_quantity) > change.fits)
            if change.fits is not None
            else col(Match.need_item_id) == change.item_id
            for change in changes
        )
    )
    return await _cancel_open(session, subject, which, "The need item was changed.")


async def cancel_late_services(session: AsyncSession, subject: Subject | None, need: Need) -> int:
    """The open proposals of services whose window opens after the need's (new) deadline: the
    service would come too late, and approval would refuse them (see ``_service_problem``)."""
    late = select(col(Pledge.id)).where(col(Pledge.available_from) > need.deadline)
    return await _cancel_open(
        session,
        subject,
        (col(Match.need_id) == need.id) & col(Match.pledge_id).in_(late),
        f"The need's deadline moved to {need.deadline.isoformat()}, before the service's window.",
    )


async def _cancel_open(
    session: AsyncSession,
    subject: Subject | None,
    which: ColumnElement[bool],
    reason: str | ColumnElement[str],
) -> int:
    """Cancel the proposals still open (PROPOSED or ACCEPTED) among ``which``, in the caller's
    transaction; how many. Approved matches are commitments and go on to delivery. One UPDATE
    per open status, so each row changes only from the status it has, and one approved
    meanwhile stays approved."""
    now = utcnow()
    transitions: list[Transition] = []
    for current in OPEN_PROPOSAL_STATUSES:
        MATCH_LIFECYCLE.check(current, MatchStatus.CANCELLED)
        moved = await session.scalars(
            update(Match)
            .where(col(Match.status) == current, which)
            .values(status=MatchStatus.CANCELLED, reason=reason, updated_at=now)
            .returning(Match)
        )
        transitions += [
            Transition(
                entity="match",
                entity_id=match.id,
                from_status=current.value,
                to_status=MatchStatus.CANCELLED.value,
                actor_user_id=subject.user_id if subject else None,
                reason=match.reason,  # as written: ``reason`` may choose by row
                at=now,
                facts=match_facts(match, subject),
            )
            for match in moved.all()
            if match.id is not None
        ]
    transitions.sort(key=lambda t: t.entity_id)
    await record_transitions(session, transitions)
    return len(transitions)


async def _follow_need(session: AsyncSession, need_id: int, actor: Subject) -> None:
    """A need is MATCHED when nothing remains of its items, PARTIALLY_MATCHED when some does."""
    need = await session.get(Need, need_id, populate_existing=True)
    assert need is not None
    items = (
        await session.scalars(
            select(NeedItem)
            .where(col(NeedItem.need_id) == need_id)
            .execution_options(populate_existing=True)
        )
    ).all()
    target = (
        NeedStatus.MATCHED
        if all(i.remaining_quantity == 0 for i in items)
        else NeedStatus.PARTIALLY_MATCHED
    )
    if target is not need.status:
        await NEED_LIFECYCLE.move(
            session,
            entity_id=need_id,
            current=need.status,
            target=target,
            actor_user_id=actor.user_id,
            facts=need_facts(need, actor),
        )
        need.status, need.updated_at = target, utcnow()
        session.add(need)


async def _follow_pledge(
    session: AsyncSession, pledge_id: int, actor: Subject, match_region: str
) -> None:
    """A pledge with nothing left is EXHAUSTED, by whoever approved its last match there."""
    pledge = await session.get(Pledge, pledge_id, populate_existing=True)
    assert pledge is not None
    if pledge.remaining_quantity == 0 and pledge.status is PledgeStatus.ACTIVE:
        await PLEDGE_LIFECYCLE.move(
            session,
            entity_id=pledge_id,
            current=pledge.status,
            target=PledgeStatus.EXHAUSTED,
            actor_user_id=actor.user_id,
            facts=pledge_facts(pledge, actor, acted_in=match_region),
        )
        pledge.status, pledge.updated_at = PledgeStatus.EXHAUSTED, utcnow()
        session.add(pledge)


def match_facts(match: Match, acting: Subject | None) -> Facts:
    """What the public record says of a match's transition."""
    role = policy.acting_role(acting, (match.school_id, match.donor_id), match.region_code)
    return proposal_facts({name: getattr(match, name) for name in _FACT_COLUMNS}, role)


_FACT_COLUMNS = (
    "region_code",
    "school_id",
    "donor_id",
    "value_fen",
    "item_quantity",
    "need_id",
    "need_item_id",
    "pledge_id",
)


def proposal_facts(row: Mapping[str, Any], actor_role: str) -> Facts:
    """What the public record says of a match's transition, from its columns (a stored match,
    or a row about to be inserted)."""
    return Facts(
        region_code=row["region_code"],
        party_ids=(row["school_id"], row["donor_id"]),
        actor_role=actor_role,
        value_fen=row["value_fen"],
        quantity=row["item_quantity"],
        refs={"need": row["need_id"], "needItem": row["need_item_id"], "pledge": row["pledge_id"]},
    )
