"""From the database to the engine: what a run decides on, and what is already held.

The engine sees only what is still free. A pledge's or an item's remaining quantity counts what
approved matches took; proposals still waiting (PROPOSED or ACCEPTED) hold their quantities too,
except an engine proposal nobody has answered within the run's region, which the run replaces.
One outside it (a national pledge proposed in another province) is not replaced, so it holds
its pledge's quantity: a run never offers what the pledge already offers elsewhere. Schools without
coordinates are placed far away: services with a radius cannot reach them and goods carry the
largest distance cost, while money reaches them as any other school.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, func, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped
from sqlmodel import col

from ecosystem import matching
from ecosystem.catalogue import (
    SERVICE_SUFFIX,
    Category,
    engine_category,
    needed_words,
    offered_words,
)
from ecosystem.matches.models import Match, MatchOrigin, MatchStatus
from ecosystem.matches.service import COMMITTED_STATUSES
from ecosystem.needs.models import Need, NeedItem, NeedStatus
from ecosystem.parties.models import Party, PovertyTier, SchoolProfile
from ecosystem.pledges.models import Pledge, PledgeKind, PledgeStatus
from ecosystem.regions.service import within_region

OPEN_NEEDS = (NeedStatus.OPEN, NeedStatus.PARTIALLY_MATCHED)
WAITING = (MatchStatus.PROPOSED, MatchStatus.ACCEPTED)
ENGINE_KINDS = {
    PledgeKind.MONEY: matching.PledgeKind.MONEY,
    PledgeKind.GOODS: matching.PledgeKind.GOODS,
    PledgeKind.SERVICE: matching.PledgeKind.SERVICE,
    PledgeKind.VOLUNTEER: matching.PledgeKind.VOLUNTEER,
}
POVERTY_TIERS = {PovertyTier.NONE: 0, PovertyTier.PROVINCIAL: 1, PovertyTier.NATIONAL: 2}
# What one hour or session of a service or volunteer pledge valued at 0 fen counts for in the
# engine's flow, which measures supply in value: one of its value units (100 yuan). Without it
# such a pledge carries nothing, and no run proposes the volunteers a donor offers for free.
# Only the engine reads it: what a match gives is the school's own value of the item.
UNVALUED_SERVICE_UNIT_FEN = matching.Instance.value_unit_fen
# Where a school without coordinates is put: far from every donor in China.
FAR_AWAY = (-60.0, -120.0)


def unanswered_engine_proposal() -> ColumnElement[bool]:
    """An engine proposal neither side has accepted: the next run may replace it."""
    return and_(
        col(Match.origin) == MatchOrigin.ENGINE,
        col(Match.status) == MatchStatus.PROPOSED,
        col(Match.school_accepted_at).is_(None),
        col(Match.donor_accepted_at).is_(None),
    )


def named_terms(terms: matching.ScoreTerms) -> dict[str, int]:
    """Score terms by the names a match's explanation stores and the API shows."""
    return {
        "urgency": terms.urgency,
        "deadline": terms.deadline,
        "schoolPriority": terms.school_priority,
        "donorPreference": terms.donor_preference,
        "distance": terms.distance,
        "coverage": terms.coverage,
    }


def pledge_reaches(pledge: Pledge, region_code: str) -> bool:
    """Whether a pledge may serve some school within ``region_code`` (a region prefix)."""
    codes = pledge.restrict_region_codes
    return not codes or any(c.startswith(region_code) or region_code.startswith(c) for c in codes)


@dataclass
class ItemFacts:
    """What persisting a proposal for an item needs to know."""

    need_id: int
    school_id: int
    region_code: str
    unit_value_fen: int
    remaining: int
    # What the item was (description, category, unit, unit value): a proposal is for that.
    terms: tuple[str, Category, str, int]


@dataclass
class PledgeFacts:
    party_id: int
    kind: PledgeKind
    remaining: int


@dataclass
class Loaded:
    """An engine instance and the database facts behind its string ids."""

    instance: matching.Instance
    items: dict[int, ItemFacts] = field(default_factory=dict)
    pledges: dict[int, PledgeFacts] = field(default_factory=dict)
    needs_count: int = 0


async def held(
    session: AsyncSession,
    column: Mapped[int],
    quantity: Mapped[int],
    ids: list[int],
    replaced_within: str = "",
    run_id: int | None = None,
) -> dict[int, int]:
    """Quantities held by waiting matches, by pledge or by item. Unanswered engine proposals
    hold nothing within ``replaced_within`` (a run's region, whose run replaces them; empty for
    all of China), and hold their quantities outside it. Those of run ``run_id`` itself are
    not replaced by it, and hold theirs."""
    replaced = unanswered_engine_proposal()
    if replaced_within:
        replaced = replaced & within_region(col(Match.region_code), replaced_within)
    if run_id is not None:
        replaced = replaced & or_(col(Match.run_id).is_(None), col(Match.run_id) != run_id)
    held: dict[int, int] = {}
    for chunk in id_chunks(ids):
        rows = await session.execute(
            select(column, func.sum(quantity))
            .where(column.in_(chunk), col(Match.status).in_(WAITING), not_(replaced))
            .group_by(column)
        )
        held.update({int(k): int(v) for k, v in rows.tuples()})
    return held


async def given_to_schools(
    session: AsyncSession, pledge_ids: list[int], *, unanswered_too: bool = False
) -> dict[int, tuple[tuple[str, int], ...]]:
    """What each of these (capped) pledges gives each school already, by pledge: approved
    and later matches, and the waiting ones that hold quantities (see ``held``). A run
    supersedes the engine's unanswered proposals, so they do not count for it; with
    ``unanswered_too`` (suggestions, which supersede nothing) they do, as ``pledgeToNeed``
    counts them."""
    waiting: ColumnElement[bool] = col(Match.status).in_(WAITING)
    if not unanswered_too:
        waiting = waiting & not_(unanswered_engine_proposal())
    given: dict[int, list[tuple[str, int]]] = {}
    for chunk in id_chunks(pledge_ids):
        rows = await session.execute(
            select(col(Match.pledge_id), col(Match.school_id), func.sum(col(Match.pledge_quantity)))
            .where(
                col(Match.pledge_id).in_(chunk),
                or_(col(Match.status).in_(COMMITTED_STATUSES), waiting),
            )
            .group_by(col(Match.pledge_id), col(Match.school_id))
            .order_by(col(Match.pledge_id), col(Match.school_id))
        )
        for pledge_id, school_id, amount in rows.tuples():
            given.setdefault(int(pledge_id), []).append((str(school_id), int(amount)))
    return {pledge_id: tuple(schools) for pledge_id, schools in given.items()}


RULED_OUT = (MatchStatus.DECLINED, MatchStatus.REJECTED)
"""A pairing the school or the donor declined, or an official rejected: not proposed again."""


async def _ruled_out(session: AsyncSession, pledge_ids: list[int]) -> dict[int, frozenset[str]]:
    """The need items each of these pledges may no longer be proposed for, by pledge."""
    found: dict[int, set[str]] = {}
    for chunk in id_chunks(pledge_ids):
        rows = await session.execute(
            select(col(Match.pledge_id), col(Match.need_item_id))
            .where(col(Match.pledge_id).in_(chunk), col(Match.status).in_(RULED_OUT))
            .distinct()
        )
        for pledge_id, item_id in rows.tuples():
            found.setdefault(int(pledge_id), set()).add(str(item_id))
    return {pledge_id: frozenset(items) for pledge_id, items in found.items()}


def _other_items(
    item_rows: list[Row[Any]], pledge_rows: list[tuple[Pledge, Party]]
) -> dict[int, frozenset[str]]:
    """For each pledge that names what it offers (goods: 篮球), the items of its category that
    are something else (电子琴): the engine would count a ball as a keyboard. Words are found
    only for the categories such pledges offer, through an index from word to items."""
    named = [
        (pledge.id, pledge.category, words)
        for pledge, _ in pledge_rows
        if pledge.id is not None
        and pledge.kind is not PledgeKind.MONEY
        and pledge.category is not None
        and pledge.item_name
        and (words := offered_words(pledge.item_name))
    ]
    categories = {category for _, category, _ in named}
    in_category: dict[Category, set[str]] = {category: set() for category in categories}
    by_word: dict[tuple[Category, str], set[str]] = {}
    for row in item_rows:
        if row.category in categories:
            in_category[row.category].add(str(row.id))
            for word in needed_words(row.description):
                by_word.setdefault((row.category, word), set()).add(str(row.id))
    other: dict[int, frozenset[str]] = {}
    for pledge_id, category, words in named:
        same = set().union(*(by_word.get((category, word), ()) for word in words))
        if rest := in_category[category] - same:
            other[pledge_id] = frozenset(rest)
    return other


def _served(pledge: Pledge) -> str:
    """The engine category of the items a goods or services pledge can fill."""
    assert pledge.category is not None
    services = pledge.kind in (PledgeKind.SERVICE, PledgeKind.VOLUNTEER)
    return f"{pledge.category.value}{SERVICE_SUFFIX}" if services else pledge.category.value


def id_chunks(ids: list[int], size: int = 5000) -> list[list[int]]:
    """Ids in lists short enough for one IN (...) of any backend."""
    return [ids[k : k + size] for k in range(0, len(ids), size)]


async def load_instance(
    session: AsyncSession,
    region_code: str,
    today: date,
    *,
    item_ids: Collection[int] | None = None,
    pledge_ids: Collection[int] | None = None,
    item_where: Sequence[ColumnElement[bool]] = (),
    item_limit: int | None = None,
) -> Loaded:
    """The open need items of ``region_code`` (a region prefix; empty for all of China) and
    the free pledges that may reach them; only the given ids when a part of a run is loaded.
    ``item_where`` narrows the items further; ``item_limit`` keeps the most urgent first."""
    # Columns, not ORM objects: a run loads tens of thousands of items, and building an object
    # (and its identity-map state) for each item and its need took most of the load.
    item_query: Select[*tuple[Any, ...]] = (
        select(
            col(NeedItem.id),
            col(NeedItem.remaining_quantity),
            col(NeedItem.unit_value_fen),
            col(NeedItem.category),
            col(NeedItem.description),
            col(NeedItem.unit),
            col(Need.id).label("need_id"),
            col(Need.school_id),
            col(Need.region_code),
            col(Need.opened_at),
            col(Need.created_at),
            col(Need.urgency),
            col(Need.deadline),
        )
        .join(Need, col(Need.id) == col(NeedItem.need_id))
        .where(
            col(Need.status).in_(OPEN_NEEDS),
            col(Need.deadline) >= today,
            col(NeedItem.remaining_quantity) > 0,
            col(NeedItem.unit_value_fen) > 0,
            *item_where,
        )
        .order_by(col(NeedItem.id))
    )
    if region_code:
        item_query = item_query.where(within_region(col(Need.region_code), region_code))
    if item_limit is not None:
        item_query = (
            item_query.order_by(None)
            .order_by(col(Need.urgency_rank).desc(), col(Need.deadline), col(NeedItem.id))
            .limit(item_limit)
        )
    pledge_query = (
        select(Pledge, Party)
        .join(Party, col(Party.id) == col(Pledge.party_id))
        .where(
            col(Pledge.status) == PledgeStatus.ACTIVE,
            col(Pledge.remaining_quantity) > 0,
            col(Pledge.kind).in_([*ENGINE_KINDS, PledgeKind.CO_FUNDING]),
            or_(col(Pledge.valid_until).is_(None), col(Pledge.valid_until) >= today),
        )
        .order_by(col(Pledge.id))
    )
    item_rows: list[Row[Any]] = []
    pledge_rows: list[tuple[Pledge, Party]] = []
    if item_ids is None:
        item_rows = list((await session.execute(item_query)).all())
    else:
        for chunk in id_chunks(sorted(item_ids)):
            query = item_query.where(col(NeedItem.id).in_(chunk))
            item_rows += list((await session.execute(query)).all())
    if pledge_ids is None:
        pledge_rows = list((await session.execute(pledge_query)).tuples())
    else:
        for chunk in id_chunks(sorted(pledge_ids)):
            some = pledge_query.where(col(Pledge.id).in_(chunk))
            pledge_rows += list((await session.execute(some)).tuples())
    pledge_rows = [(p, party) for p, party in pledge_rows if pledge_reaches(p, region_code)]

    held_items = await held(
        session, col(Match.need_item_id), col(Match.item_quantity), [i.id for i in item_rows]
    )
    held_pledges = await held(
        session,
        col(Match.pledge_id),
        col(Match.pledge_quantity),
        [p.id for p, _ in pledge_rows if p.id is not None],
        replaced_within=region_code,
    )
    loaded = Loaded(instance=matching.Instance(today=today, schools=(), items=(), pledges=()))
    engine_items: list[matching.NeedItem] = []
    waiting_since: dict[int, date] = {}
    needs: set[int] = set()
    for row in item_rows:
        remaining = row.remaining_quantity - held_items.get(row.id, 0)
        if remaining <= 0:
            continue
        needs.add(row.need_id)
        posted = (row.opened_at or row.created_at).date()
        waiting_since[row.school_id] = min(waiting_since.get(row.school_id, posted), posted)
        loaded.items[row.id] = ItemFacts(
            row.need_id,
            row.school_id,
            row.region_code,
            row.unit_value_fen,
            remaining,
            (row.description, row.category, row.unit, row.unit_value_fen),
        )
        engine_items.append(
            matching.NeedItem(
                id=str(row.id),
                need_id=str(row.need_id),
                school_id=str(row.school_id),
                category=engine_category(row.category, row.unit),
                item=None,
                remaining_quantity=remaining,
                unit_value_fen=row.unit_value_fen,
                urgency=row.urgency.rank + 1,
                deadline=row.deadline,
            )
        )
    schools = await _schools(session, waiting_since)
    capped = [p.id for p, _ in pledge_rows if p.id is not None and p.per_school_cap is not None]
    given = await given_to_schools(session, capped)
    ruled_out = await _ruled_out(session, [p.id for p, _ in pledge_rows if p.id is not None])
    for pledge_id, other_items in _other_items(item_rows, pledge_rows).items():
        ruled_out[pledge_id] = ruled_out.get(pledge_id, frozenset()) | other_items
    engine_pledges, offers = _pledges(loaded, pledge_rows, held_pledges, given, ruled_out)
    loaded.needs_count = len(needs)
    loaded.instance = matching.Instance(
        today=today,
        schools=tuple(schools),
        items=tuple(engine_items),
        pledges=tuple(engine_pledges),
        offers=tuple(offers),
    )
    return loaded


async def _schools(session: AsyncSession, waiting_since: dict[int, date]) -> list[matching.School]:
    schools: list[matching.School] = []
    for chunk in id_chunks(sorted(waiting_since)):
        # Columns, not objects: a national pledge's suggestions reach thousands of schools.
        rows = await session.execute(
            select(
                col(Party.id),
                col(Party.region_code),
                col(Party.latitude),
                col(Party.longitude),
                col(SchoolProfile.students),
                col(SchoolProfile.left_behind_children),
                col(SchoolProfile.poverty_tier),
            )
            .outerjoin(SchoolProfile, col(SchoolProfile.party_id) == col(Party.id))
            .where(col(Party.id).in_(chunk))
        )
        for party_id, region, lat, lon, students, left_behind, tier in rows.tuples():
            assert party_id is not None
            latitude, longitude = (lat, lon) if lat is not None and lon is not None else FAR_AWAY
            schools.append(
                matching.School(
                    id=str(party_id),
                    region_code=region,
                    latitude=latitude,
                    longitude=longitude,
                    students=students or 0,
                    left_behind=left_behind or 0,
                    poverty_tier=POVERTY_TIERS[tier] if tier is not None else 0,
                    waiting_since=waiting_since[party_id],
                )
            )
    return schools


def _engine_unit_value(pledge: Pledge) -> int:
    """One unit of the pledge in fen, as the engine weighs it (1 for money's fen)."""
    if pledge.kind is PledgeKind.MONEY:
        return 1
    if pledge.unit_value_fen == 0 and pledge.kind in (PledgeKind.SERVICE, PledgeKind.VOLUNTEER):
        return UNVALUED_SERVICE_UNIT_FEN
    return pledge.unit_value_fen


def _pledges(
    loaded: Loaded,
    rows: list[tuple[Pledge, Party]],
    held: dict[int, int],
    given: dict[int, tuple[tuple[str, int], ...]],
    ruled_out: dict[int, frozenset[str]],
) -> tuple[list[matching.Pledge], list[matching.CoFundingOffer]]:
    pledges: list[matching.Pledge] = []
    offers: list[matching.CoFundingOffer] = []
    for pledge, party in rows:
        assert pledge.id is not None
        remaining = pledge.remaining_quantity - held.get(pledge.id, 0)
        if remaining <= 0:
            continue
        loaded.pledges[pledge.id] = PledgeFacts(pledge.party_id, pledge.kind, remaining)
        if pledge.kind is PledgeKind.CO_FUNDING:
            offers.append(
                matching.CoFundingOffer(
                    id=str(pledge.id),
                    party_id=str(pledge.party_id),
                    ratio_percent=pledge.co_funding_ratio_percent or 100,
                    cap_fen=remaining,
                    party_kinds=tuple(pledge.co_funding_party_kinds),
                    regions=tuple(pledge.restrict_region_codes),
                    per_school_cap_fen=pledge.per_school_cap,
                    given=given.get(pledge.id, ()),
                )
            )
            continue
        kind = ENGINE_KINDS[pledge.kind]
        money = kind is matching.PledgeKind.MONEY
        pledges.append(
            matching.Pledge(
                id=str(pledge.id),
                party_id=str(pledge.party_id),
                party_kind=party.kind.value,
                kind=kind,
                remaining_quantity=remaining,
                unit_value_fen=_engine_unit_value(pledge),
                category=None if money or pledge.category is None else _served(pledge),
                regions=tuple(pledge.restrict_region_codes),
                # Money buys goods and services alike.
                categories=tuple(
                    name
                    for category in (pledge.restrict_categories if money else ())
                    for name in (category, f"{category}{SERVICE_SUFFIX}")
                ),
                per_school_cap=pledge.per_school_cap,
                given=given.get(pledge.id, ()),
                excluded_items=ruled_out.get(pledge.id, frozenset()),
                latitude=None if money else party.latitude,
                longitude=None if money else party.longitude,
                radius_km=pledge.service_radius_km or party.service_radius_km,
                available_from=pledge.available_from,
                available_until=pledge.available_until,
            )
        )
    return pledges, offers
