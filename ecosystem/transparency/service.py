"""Transparency figures: where the value is, from pledge to confirmed receipt, by region.

Value at each stage, in fen: *pledged* (pledges of parties in the region; of a withdrawn or
expired one, what it gave before it ended), *proposed* (matches waiting for answers or
approval), *approved* (approved and later), *delivered* (what was handed over, partial
deliveries included, confirmed or not) and *confirmed* (what the schools confirmed receiving,
partial receipts included). Matches count in the region of their school. The value *needed* is
that of the public needs (open and later) and, of a cancelled or expired need, the part approved
before it ended: its approved matches go on to delivery and stay in the approved value, so the
need counts for what was committed to it and approved never exceeds needed. The fill rate is
approved over needed value, 0 to 1. Median days run from a need's opening to a match's
approval, and to its confirmed receipt. The shares say how much of the approved value reached
schools in poverty counties (any poverty tier) and schools where at least ``MANY_LEFT_BEHIND``
of the pupils are left-behind children.

The figures are computed from the database and kept in Redis for ``CACHE_SECONDS`` under a key
that names the newest recorded transition, the newest edit of a need and the newest delivery
and receipt, so any change of state, of a need's items or of what was handed over refreshes them.
One computation of a region runs at a time; requests meanwhile get the region's last figures.
"""

from __future__ import annotations

import asyncio
import json
import logging
import statistics
import weakref
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy import ColumnElement, case, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from ecosystem.fulfilment.models import Delivery, MatchFulfilment, Receipt
from ecosystem.lifecycle.models import StatusChange
from ecosystem.matches.models import Match, MatchStatus
from ecosystem.needs.models import Need, NeedItem, NeedStatus
from ecosystem.parties.models import Party, PartyKind, PovertyTier, SchoolProfile
from ecosystem.pledges.models import Pledge, PledgeStatus
from ecosystem.regions.service import within_region

log = logging.getLogger(__name__)

CACHE_SECONDS = 300
MANY_LEFT_BEHIND = 0.3
WAITING = (MatchStatus.PROPOSED, MatchStatus.ACCEPTED)
APPROVED = (
    MatchStatus.APPROVED,
    MatchStatus.IN_DELIVERY,
    MatchStatus.DELIVERED,
    MatchStatus.CONFIRMED,
)
PUBLIC_NEEDS = (
    NeedStatus.OPEN,
    NeedStatus.PARTIALLY_MATCHED,
    NeedStatus.MATCHED,
    NeedStatus.FULFILLED,
    NeedStatus.CLOSED,
)
ENDED_NEEDS = (NeedStatus.CANCELLED, NeedStatus.EXPIRED)
ENDED_PLEDGES = (PledgeStatus.WITHDRAWN, PledgeStatus.EXPIRED)
SECONDS_PER_DAY = 86_400


@dataclass
class Slice:
    """Approved value (and how many matches) for one province, category or party kind."""

    key: str
    approved_value_fen: int = 0
    matches: int = 0


@dataclass
class Figures:
    """The transparency figures of one region (empty code: all of China)."""

    region_code: str
    pledged_value_fen: int = 0
    proposed_value_fen: int = 0
    approved_value_fen: int = 0
    delivered_value_fen: int = 0
    confirmed_value_fen: int = 0
    needed_value_fen: int = 0
    schools: int = 0
    needs: int = 0
    parties: int = 0
    fill_rate: float = 0.0
    median_days_to_approval: float | None = None
    median_days_to_receipt: float | None = None
    poverty_share: float = 0.0
    left_behind_share: float = 0.0
    by_province: list[Slice] = field(default_factory=list)
    by_category: list[Slice] = field(default_factory=list)
    by_party_kind: list[Slice] = field(default_factory=list)
    by_month: list[Slice] = field(default_factory=list)
    """Approved value by the month of approval, oldest first."""
    computed_at: str = ""


def _in(column: object, region_code: str) -> ColumnElement[bool]:
    return within_region(column, region_code) if region_code else true()


async def compute(session: AsyncSession, region_code: str, now: datetime, zone: tzinfo) -> Figures:
    """The figures, straight from the database; months are those of ``zone``'s calendar."""
    figures = Figures(region_code=region_code, computed_at=now.isoformat())
    # A withdrawn or expired pledge still counts for what it gave before it ended.
    given_or_whole = case(
        (
            col(Pledge.status).in_(ENDED_PLEDGES),
            col(Pledge.total_value_fen)
            - col(Pledge.remaining_quantity) * col(Pledge.unit_value_fen),
        ),
        else_=col(Pledge.total_value_fen),
    )
    figures.pledged_value_fen = int(
        await session.scalar(
            select(func.coalesce(func.sum(given_or_whole), 0)).where(
                _in(col(Pledge.region_code), region_code)
            )
        )
        or 0
    )
    # The public needs; what was approved of ended ones is added with the approved value below,
    # from the same matches, so that approved never exceeds needed.
    figures.needed_value_fen, figures.needs = (
        int(v or 0)
        for v in (
            await session.execute(
                select(func.coalesce(func.sum(Need.total_value_fen), 0), func.count()).where(
                    col(Need.status).in_(PUBLIC_NEEDS), _in(col(Need.region_code), region_code)
                )
            )
        ).one()
    )
    kinds = (
        await session.execute(
            select(col(Party.kind), func.count())
            .where(_in(col(Party.region_code), region_code))
            .group_by(col(Party.kind))
        )
    ).tuples()
    for kind, count in kinds:
        if kind is PartyKind.SCHOOL:
            figures.schools += int(count)
        else:
            figures.parties += int(count)

    # Waiting matches count for their value alone: summed in the database. Most matches of a
    # busy marketplace wait for answers, and fetching them all to add them up took seconds.
    figures.proposed_value_fen = int(
        await session.scalar(
            select(func.coalesce(func.sum(Match.value_fen), 0)).where(
                col(Match.status).in_(WAITING), _in(col(Match.region_code), region_code)
            )
        )
        or 0
    )
    # Of approved matches, only the columns the figures need, as plain rows on the session's
    # connection: no match objects (nor their explanations) and no ORM row processing, which at
    # tens of thousands of matches cost most of the time and memory.
    connection = await session.connection()
    rows = (
        (
            await connection.execute(
                select(
                    col(Match.id),
                    col(Match.status),
                    col(Match.value_fen),
                    col(Match.item_quantity),
                    col(Match.region_code),
                    col(Match.decided_at),
                    col(Need.status),
                    col(Need.opened_at),
                    col(Need.created_at),
                    col(NeedItem.category),
                    col(Party.kind),
                    col(SchoolProfile.poverty_tier),
                    col(SchoolProfile.students),
                    col(SchoolProfile.left_behind_children),
                    col(MatchFulfilment.delivered_quantity),
                    col(MatchFulfilment.received_quantity),
                )
                .join(Need, col(Need.id) == col(Match.need_id))
                .join(NeedItem, col(NeedItem.id) == col(Match.need_item_id))
                .join(Party, col(Party.id) == col(Match.donor_id))
                .outerjoin(SchoolProfile, col(SchoolProfile.party_id) == col(Match.school_id))
                .outerjoin(MatchFulfilment, col(MatchFulfilment.match_id) == col(Match.id))
                .where(col(Match.status).in_(APPROVED), _in(col(Match.region_code), region_code))
            )
        )
        .tuples()
        .all()
    )
    # Added up in a thread: the rows can be many, and the event loop serves other requests
    # meanwhile (benchmarks/transparency.py: held up to 0.36 s before, 0.02 s since).
    tally = await asyncio.to_thread(_tally, figures, rows, zone)
    to_receipt = await _days_to_receipt(session, tally.confirmed)
    figures.median_days_to_approval = _median(tally.to_approval)
    figures.median_days_to_receipt = _median(to_receipt)
    if figures.needed_value_fen:
        figures.fill_rate = round(figures.approved_value_fen / figures.needed_value_fen, 4)
    if figures.approved_value_fen:
        figures.poverty_share = round(tally.poverty / figures.approved_value_fen, 4)
        figures.left_behind_share = round(tally.left_behind / figures.approved_value_fen, 4)
    return figures


@dataclass
class _Tally:
    """What the approved matches add up to besides the figures' own fields."""

    to_approval: list[float] = field(default_factory=list)
    confirmed: dict[int, datetime] = field(default_factory=dict)
    """Confirmed matches, with their need's opening."""
    poverty: int = 0
    left_behind: int = 0


def _tally(figures: Figures, rows: Sequence[tuple[Any, ...]], zone: tzinfo) -> _Tally:
    """Add the approved matches' ``rows`` to ``figures``: values, slices and months."""
    tally = _Tally()
    provinces: dict[str, Slice] = defaultdict(lambda: Slice(""))
    categories: dict[str, Slice] = defaultdict(lambda: Slice(""))
    party_kinds: dict[str, Slice] = defaultdict(lambda: Slice(""))
    months: dict[str, Slice] = defaultdict(lambda: Slice(""))
    for (
        match_id,
        status,
        value,
        item_quantity,
        match_region,
        decided_at,
        need_status,
        opened,
        created,
        category,
        donor_kind,
        tier,
        students,
        lbc,
        sent,
        got,
    ) in rows:
        figures.approved_value_fen += value
        if need_status in ENDED_NEEDS:
            # Approved before the need ended (no match of an ended need can be approved).
            figures.needed_value_fen += value
        # Partial deliveries and receipts count for what they hand over: exact in integers,
        # since a match's value is a whole multiple of its item quantity.
        figures.delivered_value_fen += (sent or 0) * value // item_quantity
        figures.confirmed_value_fen += (got or 0) * value // item_quantity
        if status is MatchStatus.CONFIRMED and match_id is not None:
            tally.confirmed[match_id] = opened or created
        for groups, key in (
            (provinces, match_region[:2]),
            (categories, category.value),
            (party_kinds, donor_kind.value),
        ):
            groups[key].key = key
            groups[key].approved_value_fen += value
            groups[key].matches += 1
        if decided_at is not None:
            tally.to_approval.append(_days(decided_at - (opened or created)))
            # The month of the marketplace's calendar: 01:30 on 1 December in Beijing is
            # December, though UTC still says November.
            month = decided_at.astimezone(zone).strftime("%Y-%m")
            months[month].key = month
            months[month].approved_value_fen += value
            months[month].matches += 1
        if tier is not None and tier is not PovertyTier.NONE:
            tally.poverty += value
        if students and lbc is not None and lbc / students >= MANY_LEFT_BEHIND:
            tally.left_behind += value
    figures.by_province = _ranked(provinces)
    figures.by_category = _ranked(categories)
    figures.by_party_kind = _ranked(party_kinds)
    figures.by_month = sorted(months.values(), key=lambda s: s.key)
    return tally


async def _days_to_receipt(session: AsyncSession, opened: dict[int, datetime]) -> list[float]:
    """Days from each confirmed match's need opening to the confirmation."""
    days: list[float] = []
    ids = sorted(opened)
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        rows = await session.execute(
            select(col(StatusChange.entity_id), func.min(StatusChange.at))
            .where(
                col(StatusChange.entity) == "match",
                col(StatusChange.to_status) == MatchStatus.CONFIRMED.value,
                col(StatusChange.entity_id).in_(chunk),
            )
            .group_by(col(StatusChange.entity_id))
        )
        days += [_days(at - opened[match_id]) for match_id, at in rows.tuples()]
    return days


def _days(span: timedelta) -> float:
    return round(max(span.total_seconds(), 0.0) / SECONDS_PER_DAY, 2)


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def _ranked(groups: dict[str, Slice]) -> list[Slice]:
    return sorted(groups.values(), key=lambda s: (-s.approved_value_fen, s.key))


def _cache_key(
    last_change: int, last_edit: datetime | None, handed_over: tuple[int, int], region_code: str
) -> str:
    edited = last_edit.timestamp() if last_edit is not None else 0
    delivery, receipt = handed_over
    return f"hope:transparency:{last_change}:{edited}:{delivery}:{receipt}:{region_code or 'all'}"


async def figures(
    session: AsyncSession, redis: Redis, region_code: str, now: datetime, zone: tzinfo
) -> Figures:
    """The figures from the cache when nothing has changed since, else computed and cached.
    The cache key carries the id of the newest recorded transition, so every state change
    (the same record the events are made from) makes the next request compute anew, and the
    time of the newest edit of a need (a school changing its items changes the value needed,
    with no transition), and the newest delivery and receipt (a second part delivered moves
    no status). A Redis that is down only costs the cache.

    One computation of a region runs at a time: in this process behind a lock, across
    processes behind a short claim in Redis. A request that finds it running is answered with
    the region's last figures (their ``computed_at`` says when), or, when there are none yet,
    waits for the running one. Without this, every visitor arriving after a change computed
    the same figures at once, each holding all the matches."""
    last_change = int(await session.scalar(select(func.max(StatusChange.id))) or 0)
    last_edit = await session.scalar(select(func.max(Need.updated_at)))
    handed_over = (
        int(await session.scalar(select(func.max(Delivery.id))) or 0),
        int(await session.scalar(select(func.max(Receipt.id))) or 0),
    )
    key = _cache_key(last_change, last_edit, handed_over, region_code)
    if (hit := await _cached(redis, key)) is not None:
        return hit
    flight = _flight(region_code)
    if flight.locked() and (last := await _cached(redis, _last_key(region_code))) is not None:
        return last
    async with flight:
        if (hit := await _cached(redis, key)) is not None:
            return hit
        claimed = await _claim(redis, region_code)
        if not claimed:
            if (last := await _cached(redis, _last_key(region_code))) is not None:
                return last
            if (hit := await _wait_for(redis, key, region_code)) is not None:
                return hit
        try:
            computed = await compute(session, region_code, now, zone)
        finally:
            if claimed:
                await _release(redis, region_code)
        text = json.dumps(asdict(computed))
        try:
            await redis.set(key, text, ex=CACHE_SECONDS)
            await redis.set(_last_key(region_code), text, ex=LAST_SECONDS)
        except (RedisError, OSError):
            log.warning("could not cache transparency figures")
        return computed


LAST_SECONDS = 86_400
"""How long a region's last figures may answer while newer ones are being computed."""
CLAIM_SECONDS = 60
"""How long a process's claim to compute a region holds if it never releases it (a crash)."""
WAIT_SECONDS = 30.0
"""How long a request with no last figures waits for another process's computation."""
WAIT_STEP_SECONDS = 0.1

_flights: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Lock]] = (
    weakref.WeakKeyDictionary()
)


def _flight(region_code: str) -> asyncio.Lock:
    """This event loop's lock for computing the region's figures."""
    locks = _flights.setdefault(asyncio.get_running_loop(), {})
    return locks.setdefault(region_code, asyncio.Lock())


def _last_key(region_code: str) -> str:
    return f"hope:transparency:last:{region_code or 'all'}"


def _claim_key(region_code: str) -> str:
    return f"hope:transparency:computing:{region_code or 'all'}"


async def _cached(redis: Redis, key: str) -> Figures | None:
    try:
        text = await redis.get(key)
    except (RedisError, OSError):
        return None
    return _from_json(text) if text else None


async def _claim(redis: Redis, region_code: str) -> bool:
    """Whether this process may compute the region now (also when Redis cannot say)."""
    try:
        return bool(await redis.set(_claim_key(region_code), "1", nx=True, ex=CLAIM_SECONDS))
    except (RedisError, OSError):
        return True


async def _release(redis: Redis, region_code: str) -> None:
    try:
        await redis.delete(_claim_key(region_code))
    except (RedisError, OSError):
        log.warning("could not release the claim on computing transparency figures")


async def _wait_for(redis: Redis, key: str, region_code: str) -> Figures | None:
    """The figures another process is computing, once cached; None if it takes too long or
    gave up (its claim gone with nothing cached), so that this request computes them."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_SECONDS
    while loop.time() < deadline:
        await asyncio.sleep(WAIT_STEP_SECONDS)
        if (hit := await _cached(redis, key)) is not None:
            return hit
        try:
            if not await redis.exists(_claim_key(region_code)):
                return await _cached(redis, key)
        except (RedisError, OSError):
            return None
    return None


def _from_json(text: str | bytes) -> Figures:
    data = json.loads(text)
    for name in ("by_province", "by_category", "by_party_kind", "by_month"):
        data[name] = [Slice(**s) for s in data[name]]
    return Figures(**data)
