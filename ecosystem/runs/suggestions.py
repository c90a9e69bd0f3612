"""Instant suggestions: the best needs for one pledge, from the engine's incremental path.

The pledge is matched on what remains (``matching.Suggester``): the open items it may serve,
less what approved and waiting matches hold. Candidates are chosen in SQL by the pledge's own
restrictions (category, regions) and, past ``CANDIDATES`` items, the most urgent and nearest
deadlines first, so that a national pledge costs the same as a local one.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import ColumnElement, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from ecosystem import matching
from ecosystem.catalogue import Category
from ecosystem.needs.models import Need, NeedItem
from ecosystem.pledges.models import Pledge, PledgeKind, PledgeStatus
from ecosystem.regions.service import within_region
from ecosystem.runs.instance import ENGINE_KINDS, given_to_schools, load_instance

CANDIDATES = 5000


@dataclass(frozen=True)
class Suggested:
    """Part of the pledge for one need item, and why."""

    need_item_id: int
    need_id: int
    pledge_quantity: int
    item_quantity: int
    value_fen: int
    terms: matching.ScoreTerms


def _candidates(pledge: Pledge) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if pledge.kind is PledgeKind.MONEY:
        # Suggestions hand over whole items: an item the money cannot buy one of (or not
        # within its cap for one school) would take the money and round to nothing.
        affordable = min(pledge.remaining_quantity, pledge.per_school_cap or pledge.quantity)
        where.append(col(NeedItem.unit_value_fen).between(1, affordable))
        if pledge.restrict_categories:
            chosen = [Category(c) for c in pledge.restrict_categories]
            where.append(col(NeedItem.category).in_(chosen))
    elif pledge.category is not None:
        where.append(col(NeedItem.category) == pledge.category)
    if pledge.restrict_region_codes:
        where.append(
            or_(*(within_region(col(Need.region_code), c) for c in pledge.restrict_region_codes))
        )
    return where


async def suggest(
    session: AsyncSession, pledge: Pledge, today: date, count: int
) -> list[Suggested]:
    """Up to ``count`` suggestions for ``pledge``, best first; none for a pledge the engine
    does not allocate or one with nothing left."""
    if pledge.id is None or pledge.status is not PledgeStatus.ACTIVE:
        return []
    if pledge.kind not in ENGINE_KINDS:
        return []
    loaded = await load_instance(
        session,
        "",
        today,
        pledge_ids=[pledge.id],
        item_where=_candidates(pledge),
        item_limit=CANDIDATES,
    )
    own = [p for p in loaded.instance.pledges if p.id == str(pledge.id)]
    if not own or not loaded.instance.items:
        return []
    newcomer = own[0]
    if pledge.per_school_cap is not None:
        # Every open proposal at a school counts against the cap, as ``pledgeToNeed`` counts
        # it: a suggestion to act on must not be refused for the cap.
        given = await given_to_schools(session, [pledge.id], unanswered_too=True)
        newcomer = replace(newcomer, given=given.get(pledge.id, ()))
    bare = matching.Instance(
        today=today, schools=loaded.instance.schools, items=loaded.instance.items, pledges=()
    )
    # The engine's work off the event loop, which meanwhile serves other requests.
    suggestion = await asyncio.to_thread(lambda: matching.Suggester(bare).suggest(newcomer))
    found: list[Suggested] = []
    for proposal in suggestion.proposals:
        item = loaded.items[int(proposal.item_id)]
        if pledge.kind is PledgeKind.MONEY:
            items = min(proposal.quantity // item.unit_value_fen, item.remaining)
            quantity = items * item.unit_value_fen
        else:
            items = quantity = min(proposal.quantity, item.remaining)
        if items > 0:
            found.append(
                Suggested(
                    need_item_id=int(proposal.item_id),
                    need_id=item.need_id,
                    pledge_quantity=quantity,
                    item_quantity=items,
                    value_fen=items * item.unit_value_fen,
                    terms=proposal.terms,
                )
            )
        if len(found) == count:
            break
    return found
