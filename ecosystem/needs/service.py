"""The rules of needs: posting, editing, cancelling, listing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from ecosystem.access import policy
from ecosystem.access.subject import Subject
from ecosystem.catalogue import Category
from ecosystem.database import utcnow
from ecosystem.errors import DomainError, ErrorCode, Forbidden
from ecosystem.lifecycle.machine import StateMachine
from ecosystem.lifecycle.record import Facts
from ecosystem.matches.models import Match
from ecosystem.needs.models import Need, NeedItem, NeedStatus, Urgency
from ecosystem.pagination import Ordering, Page, contains_text, keyset_page
from ecosystem.parties.models import Party, PartyKind
from ecosystem.regions.service import check_region_prefix, within_region
from ecosystem.runs.models import UnfundedItem
from ecosystem.validation import InputChecks, yuan

MAX_ITEMS = 50
MAX_ITEM_QUANTITY = 10_000_000
MAX_UNIT_VALUE_FEN = 10_000_000_000  # 100 million yuan
MAX_NEED_VALUE_FEN = 100_000_000_000  # 1 billion yuan: what one need may ask for in all
MAX_BENEFICIARIES = 1_000_000

_S = NeedStatus
NEED_LIFECYCLE: StateMachine[NeedStatus] = StateMachine(
    "need",
    {
        _S.DRAFT: frozenset({_S.OPEN, _S.CANCELLED}),
        _S.OPEN: frozenset({_S.PARTIALLY_MATCHED, _S.MATCHED, _S.CANCELLED, _S.EXPIRED}),
        _S.PARTIALLY_MATCHED: frozenset({_S.OPEN, _S.MATCHED, _S.CANCELLED, _S.EXPIRED}),
        _S.MATCHED: frozenset({_S.PARTIALLY_MATCHED, _S.FULFILLED}),
        _S.FULFILLED: frozenset({_S.CLOSED}),
    },
)
EDITABLE = frozenset({_S.DRAFT, _S.OPEN, _S.PARTIALLY_MATCHED})


@dataclass(frozen=True)
class NeedItemDraft:
    """An item as the client sent it; ``id`` names an existing item when editing."""

    description: str | None
    category: str | None
    quantity: int | Decimal | None
    unit: str | None
    unit_value_fen: int | Decimal | None
    id: int | None = None


@dataclass(frozen=True)
class NeedDraft:
    """A new need as the client sent it."""

    title: str | None
    story: str | None
    category: str | None
    urgency: Urgency | None
    deadline: date | None
    beneficiaries: int | Decimal | None
    items: list[NeedItemDraft]
    publish: bool = True


@dataclass(frozen=True)
class NeedChanges:
    """Fields to change on a need; None leaves a field as it is."""

    title: str | None = None
    story: str | None = None
    category: str | None = None
    urgency: Urgency | None = None
    deadline: date | None = None
    beneficiaries: int | Decimal | None = None
    items: list[NeedItemDraft] | None = None
    publish: bool | None = None


class NeedOrder(StrEnum):
    NEWEST = "NEWEST"
    DEADLINE = "DEADLINE"
    URGENCY = "URGENCY"


NEED_ORDERINGS = {
    NeedOrder.NEWEST: Ordering("need-newest", col(Need.created_at), datetime, descending=True),
    NeedOrder.DEADLINE: Ordering("need-deadline", col(Need.deadline), date, descending=False),
    NeedOrder.URGENCY: Ordering("need-urgency", col(Need.urgency_rank), int, descending=True),
}


@dataclass(frozen=True)
class ItemChange:
    """A kept item the school changed: with ``fits`` None its terms changed (what, category,
    unit or value), so no open proposal for it holds; else its quantity fell to ``fits``, and
    proposals for more no longer fit."""

    item_id: int
    fits: int | None = None


@dataclass(frozen=True)
class NeedFilter:
    region_code: str | None = None
    category: Category | None = None
    statuses: Sequence[NeedStatus] = field(default_factory=tuple)
    urgency: Urgency | None = None
    school_id: int | None = None
    text: str | None = None


@dataclass(frozen=True)
class _CheckedItem:
    description: str
    category: Category
    quantity: int
    unit: str
    unit_value_fen: int
    id: int | None


def _check_items(checks: InputChecks, items: list[NeedItemDraft]) -> list[_CheckedItem]:
    checked: list[_CheckedItem] = []
    if not checks.list_length("items", list(items), minimum=1, maximum=MAX_ITEMS):
        return checked
    for index, item in enumerate(items):
        prefix = f"items.{index}"
        description = checks.text(f"{prefix}.description", item.description, max_length=200)
        category = checks.choice(f"{prefix}.category", item.category, Category)
        quantity = checks.whole_number(
            f"{prefix}.quantity", item.quantity, minimum=1, maximum=MAX_ITEM_QUANTITY
        )
        unit = checks.text(f"{prefix}.unit", item.unit, max_length=16)
        # At least a fen: an item worth nothing gets no engine proposal, and its need counts
        # nothing in the public figures (an estimate will do).
        value = checks.whole_number(
            f"{prefix}.unitValueFen", item.unit_value_fen, minimum=1, maximum=MAX_UNIT_VALUE_FEN
        )
        if category is not None and quantity is not None and value is not None:
            checked.append(_CheckedItem(description, category, quantity, unit, value, item.id))
    # Each line and the sum stay within what the ledger and the public totals can hold.
    total = sum(item.quantity * item.unit_value_fen for item in checked)
    if total > MAX_NEED_VALUE_FEN:
        checks.fail(
            "items",
            ErrorCode.OUT_OF_RANGE,
            f"The items are worth {yuan(total)} in all (quantity × unit value); a need may "
            f"ask for at most {yuan(MAX_NEED_VALUE_FEN)}.",
            maximum=str(MAX_NEED_VALUE_FEN),
        )
    return checked


async def _editable_need(session: AsyncSession, subject: Subject | None, need_id: int) -> Need:
    need = await session.get(Need, need_id, with_for_update=True)
    policy.ensure_manages_school_needs(subject, need.school_id if need else None)
    assert need is not None
    return need


async def post_need(
    session: AsyncSession, subject: Subject | None, school_id: int, draft: NeedDraft, *, today: date
) -> Need:
    """A principal or staff member posts a need for their own school."""
    acting = policy.ensure_manages_school_needs(subject, school_id)
    school = await session.get(Party, school_id)
    if school is None or school.kind is not PartyKind.SCHOOL:
        raise Forbidden("Only the school's principal or staff may manage its needs.")
    checks = InputChecks()
    title = checks.text("title", draft.title, max_length=120)
    story = checks.text("story", draft.story, max_length=4000, required=False, multiline=True)
    category = checks.choice("category", draft.category, Category)
    if draft.urgency is None:
        checks.fail("urgency", ErrorCode.REQUIRED, "urgency is required.")
    deadline = checks.future_date("deadline", draft.deadline, today=today)
    beneficiaries = checks.whole_number(
        "beneficiaries", draft.beneficiaries, minimum=0, maximum=MAX_BENEFICIARIES, required=False
    )
    items = _check_items(checks, draft.items)
    for index, item in enumerate(items):
        if item.id is not None:
            checks.fail(f"items.{index}.id", ErrorCode.INVALID, "A new need's items have no id.")
    checks.raise_if_any()
    assert category is not None and deadline is not None and draft.urgency is not None

    status = NeedStatus.OPEN if draft.publish else NeedStatus.DRAFT
    now = utcnow()
    need = Need(
        school_id=school_id,
        region_code=school.region_code,
        title=title,
        story=story,
        category=category,
        urgency=draft.urgency,
        urgency_rank=draft.urgency.rank,
        deadline=deadline,
        beneficiaries=beneficiaries or 0,
        status=status,
        total_value_fen=sum(i.quantity * i.unit_value_fen for i in items),
        created_by_user_id=acting.user_id,
        created_at=now,
        updated_at=now,
        opened_at=now if status is NeedStatus.OPEN else None,
    )
    session.add(need)
    await session.flush()
    assert need.id is not None
    for position, item in enumerate(items):
        session.add(_new_item(need.id, position, item))
    await NEED_LIFECYCLE.move(
        session,
        entity_id=need.id,
        current=None,
        target=status,
        actor_user_id=acting.user_id,
        facts=need_facts(need, acting),
    )
    await session.flush()
    return need


def _new_item(need_id: int, position: int, item: _CheckedItem) -> NeedItem:
    return NeedItem(
        need_id=need_id,
        position=position,
        description=item.description,
        category=item.category,
        quantity=item.quantity,
        unit=item.unit,
        unit_value_fen=item.unit_value_fen,
        remaining_quantity=item.quantity,
    )


async def update_need(
    session: AsyncSession,
    subject: Subject | None,
    need_id: int,
    changes: NeedChanges,
    *,
    today: date,
) -> tuple[Need, list[ItemChange]]:
    """The school edits its need while it is still open to change; the need, and the changes
    to kept items that open proposals for them may no longer survive."""
    need = await _editable_need(session, subject, need_id)
    acting = policy.require_subject(subject)
    if need.status not in EDITABLE:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"A {need.status.value} need can no longer be edited.",
            "id",
        )
    checks = InputChecks()
    if changes.title is not None:
        need.title = checks.text("title", changes.title, max_length=120)
    if changes.story is not None:
        need.story = checks.text(
            "story", changes.story, max_length=4000, required=False, multiline=True
        )
    if changes.category is not None:
        category = checks.choice("category", changes.category, Category)
        if category is not None:
            need.category = category
    if changes.urgency is not None:
        need.urgency = changes.urgency
        need.urgency_rank = changes.urgency.rank
    if changes.deadline is not None:
        need.deadline = (
            checks.future_date("deadline", changes.deadline, today=today) or need.deadline
        )
    if changes.beneficiaries is not None:
        need.beneficiaries = (
            checks.whole_number(
                "beneficiaries", changes.beneficiaries, minimum=0, maximum=MAX_BENEFICIARIES
            )
            or 0
        )
    new_items = _check_items(checks, changes.items) if changes.items is not None else None
    existing = await items_of_need(session, need_id)
    if new_items is not None:
        _check_item_ids(checks, new_items, existing)
        # Every item the input lists by id is kept, a refused one too (a quantity of 0 is its
        # own error, not a removal).
        assert changes.items is not None
        listed = {item.id for item in changes.items if item.id is not None}
        await _check_removals(session, checks, listed, existing)
    if changes.publish is False and need.status is not NeedStatus.DRAFT:
        checks.fail(
            "publish",
            ErrorCode.INVALID,
            "A published need cannot become a draft again; edit it, or cancel it.",
        )
    # A draft kept past its deadline is published with a new one, not opened to expire (a new
    # one given is checked above).
    draft = need.status is NeedStatus.DRAFT
    if changes.publish and draft and changes.deadline is None and need.deadline < today:
        checks.fail(
            "deadline",
            ErrorCode.DEADLINE_IN_PAST,
            f"The draft's deadline {need.deadline.isoformat()} has passed; give a new one "
            f"to publish it (today is {today.isoformat()}).",
            minimum=today.isoformat(),
        )
    checks.raise_if_any()

    changed: list[ItemChange] = []
    if new_items is not None:
        changed = await _replace_items(session, need, existing, new_items)
    if changes.publish and need.status is NeedStatus.DRAFT:
        await NEED_LIFECYCLE.move(
            session,
            entity_id=need_id,
            current=need.status,
            target=NeedStatus.OPEN,
            actor_user_id=acting.user_id,
            facts=need_facts(need, acting),
        )
        need.status = NeedStatus.OPEN
        need.opened_at = utcnow()
    need.updated_at = utcnow()
    session.add(need)
    await session.flush()
    return need, changed


def _check_item_ids(
    checks: InputChecks, items: list[_CheckedItem], existing: list[NeedItem]
) -> None:
    own = {item.id: item for item in existing}
    allocated = [item for item in existing if item.remaining_quantity != item.quantity]
    seen: set[int] = set()
    for index, item in enumerate(items):
        if item.id is not None and item.id not in own:
            checks.fail(
                f"items.{index}.id", ErrorCode.NOT_FOUND, "This item is not part of this need."
            )
        elif item.id is not None and item.id in seen:
            checks.fail(
                f"items.{index}.id",
                ErrorCode.INVALID,
                "This item is listed twice; list each item once, with its whole quantity.",
            )
        if item.id is not None:
            seen.add(item.id)
    if allocated:
        checks.fail(
            "items",
            ErrorCode.ALREADY_ALLOCATED,
            "Some items already have resources allocated; their list can no longer change.",
        )


async def _check_removals(
    session: AsyncSession, checks: InputChecks, kept: set[int], existing: list[NeedItem]
) -> None:
    """An item a donor has proposed for stays on record with its proposals (open, declined
    or cancelled alike): it cannot be removed, only changed, or the need cancelled."""
    removed = [item.id for item in existing if item.id not in kept]
    if not removed:
        return
    proposed = set(
        await session.scalars(
            select(col(Match.need_item_id)).where(col(Match.need_item_id).in_(removed)).distinct()
        )
    )
    for item in existing:
        if item.id in proposed:
            checks.fail(
                "items",
                ErrorCode.INVALID,
                f"「{item.description}」 has proposals from donors, so it stays on the need: "
                "keep it in the list (its quantity may change), or cancel the need.",
            )


async def _replace_items(
    session: AsyncSession, need: Need, existing: list[NeedItem], items: list[_CheckedItem]
) -> list[ItemChange]:
    """Write the new list of items; the changes to kept items (see ``ItemChange``)."""
    assert need.id is not None
    own = {item.id: item for item in existing}
    kept = {item.id for item in items if item.id is not None}
    removed = [item_id for item_id in own if item_id not in kept]
    if removed:
        # A run's report of items it left unfunded names them; it goes with them.
        await session.execute(
            delete(UnfundedItem).where(col(UnfundedItem.need_item_id).in_(removed))
        )
        await session.execute(delete(NeedItem).where(col(NeedItem.id).in_(removed)))
    changed: list[ItemChange] = []
    for position, item in enumerate(items):
        if item.id is None:
            session.add(_new_item(need.id, position, item))
            continue
        row = own[item.id]
        terms = (row.description, row.category, row.unit, row.unit_value_fen)
        if terms != (item.description, item.category, item.unit, item.unit_value_fen):
            changed.append(ItemChange(item.id))
        elif item.quantity < row.quantity:
            changed.append(ItemChange(item.id, fits=item.quantity))
        row.position = position
        row.description = item.description
        row.category = item.category
        row.quantity = item.quantity
        row.remaining_quantity = item.quantity
        row.unit = item.unit
        row.unit_value_fen = item.unit_value_fen
        session.add(row)
    need.total_value_fen = sum(i.quantity * i.unit_value_fen for i in items)
    return changed


async def cancel_need(
    session: AsyncSession, subject: Subject | None, need_id: int, reason: str | None
) -> Need:
    """The school withdraws its need."""
    need = await _editable_need(session, subject, need_id)
    acting = policy.require_subject(subject)
    checks = InputChecks()
    cleaned = checks.text("reason", reason, max_length=500, required=False, multiline=True)
    checks.raise_if_any()
    await NEED_LIFECYCLE.move(
        session,
        entity_id=need_id,
        current=need.status,
        target=NeedStatus.CANCELLED,
        actor_user_id=acting.user_id,
        facts=need_facts(need, acting),
        reason=cleaned or None,
    )
    need.status = NeedStatus.CANCELLED
    need.updated_at = utcnow()
    session.add(need)
    await session.flush()
    return need


def _visible_to(subject: Subject | None) -> ColumnElement[bool]:
    """A need is public once published (``opened_at`` set); before that, a draft or a draft
    cancelled without ever being published, only its own school's editors see it."""
    own_schools = (
        [g.party_id for g in subject.grants if g.role in policy.SCHOOL_EDITORS] if subject else []
    )
    published = col(Need.opened_at).is_not(None)
    if not own_schools:
        return published
    return or_(published, and_(col(Need.school_id).in_(own_schools)))


async def list_needs(
    session: AsyncSession,
    subject: Subject | None,
    filters: NeedFilter,
    order: NeedOrder,
    *,
    first: int,
    after: str | None,
) -> Page[Need]:
    """Needs matching the filters that the subject may see, one keyset page at a time."""
    statement = select(Need).where(_visible_to(subject))  # type: ignore[arg-type]
    if filters.region_code:
        prefix = check_region_prefix(filters.region_code, "filter.regionCode")
        statement = statement.where(within_region(col(Need.region_code), prefix))
    if filters.category is not None:
        statement = statement.where(col(Need.category) == filters.category)
    if filters.statuses:
        statement = statement.where(col(Need.status).in_(list(filters.statuses)))
    if filters.urgency is not None:
        # The rank too: its index (rank, id) then serves the filter, where the urgency's name
        # made PostgreSQL walk past every need of a higher urgency in the URGENCY order.
        statement = statement.where(
            col(Need.urgency_rank) == filters.urgency.rank, col(Need.urgency) == filters.urgency
        )
    if filters.school_id is not None:
        statement = statement.where(col(Need.school_id) == filters.school_id)
    if filters.text:
        statement = statement.where(contains_text(col(Need.title), filters.text))
    return await keyset_page(
        session,
        statement,
        NEED_ORDERINGS[order],
        col(Need.id),
        first=first,
        after=after,  # type: ignore[arg-type]
    )


async def visible_needs_by_id(
    session: AsyncSession, subject: Subject | None, ids: Sequence[int]
) -> dict[int, Need]:
    rows = await session.scalars(
        select(Need).where(col(Need.id).in_(set(ids)), _visible_to(subject))
    )
    return {need.id: need for need in rows if need.id is not None}


async def items_of_need(session: AsyncSession, need_id: int) -> list[NeedItem]:
    return (await items_by_need(session, [need_id]))[need_id]


async def items_by_need(
    session: AsyncSession, need_ids: Sequence[int]
) -> dict[int, list[NeedItem]]:
    """Each need's items in their posted order."""
    rows = await session.scalars(
        select(NeedItem)
        .where(col(NeedItem.need_id).in_(set(need_ids)))
        .order_by(col(NeedItem.need_id), col(NeedItem.position), col(NeedItem.id))
    )
    grouped: dict[int, list[NeedItem]] = defaultdict(list)
    for item in rows:
        grouped[item.need_id].append(item)
    return {need_id: grouped.get(need_id, []) for need_id in need_ids}


async def need_items_by_id(session: AsyncSession, ids: Sequence[int]) -> dict[int, NeedItem]:
    rows = await session.scalars(select(NeedItem).where(col(NeedItem.id).in_(set(ids))))
    return {item.id: item for item in rows if item.id is not None}


def need_facts(need: Need, acting: Subject | None) -> Facts:
    """What the public record says of a need's transition."""
    return Facts(
        region_code=need.region_code,
        party_ids=(need.school_id,),
        actor_role=policy.acting_role(acting, (need.school_id,), need.region_code),
        value_fen=need.total_value_fen,
    )
