"""The rules of fulfilment: the donor records deliveries, the school confirms what arrived (or
reports a problem) with photos as evidence, needs become FULFILLED, media parties tell of it.

Quantities are counted in units of the need item. Every change of the running totals is a
conditional UPDATE checked by row count (``delivered + q <= quantity``, ``received + q <=
delivered``) in the same transaction as the records and the status changes, with CHECK
constraints behind it, so nothing is delivered or confirmed twice whatever runs at the same time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from decimal import Decimal

from sqlalchemy import ColumnElement, and_, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from ecosystem.access import policy
from ecosystem.access.subject import Subject
from ecosystem.database import utcnow
from ecosystem.errors import DomainError, ErrorCode, Forbidden
from ecosystem.fulfilment.evidence import CleanImage
from ecosystem.fulfilment.models import (
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Evidence,
    MatchFulfilment,
    ProblemKind,
    Receipt,
    ReceiptKind,
    Story,
    StoryMatch,
    StoryStatus,
)
from ecosystem.lifecycle.machine import StateMachine
from ecosystem.lifecycle.record import Facts
from ecosystem.matches.models import Match, MatchStatus
from ecosystem.matches.service import MATCH_LIFECYCLE, match_facts
from ecosystem.needs.models import Need, NeedItem, NeedStatus
from ecosystem.needs.service import NEED_LIFECYCLE, need_facts
from ecosystem.pagination import Ordering, Page, keyset_page
from ecosystem.pledges.models import Pledge, PledgeKind
from ecosystem.validation import InputChecks

MAX_NOTE = 1000
MAX_EVIDENCE = 10
MAX_STORY_TITLE = 120
MAX_STORY_BODY = 20000
MAX_STORY_MATCHES = 20

# Deliveries and receipts are records, made once: their "life cycle" is their creation, and it
# is recorded like every other transition so that the public record includes them.
DELIVERY_RECORD: StateMachine[DeliveryStatus] = StateMachine("delivery", {})
RECEIPT_RECORD: StateMachine[ReceiptKind] = StateMachine("receipt", {})
STORY_LIFECYCLE: StateMachine[StoryStatus] = StateMachine(
    "story", {StoryStatus.PUBLISHED: frozenset({StoryStatus.RETRACTED})}
)
MAX_RETRACTION_REASON = 500

DELIVERABLE = (MatchStatus.APPROVED, MatchStatus.IN_DELIVERY)
RECEIVABLE = (MatchStatus.IN_DELIVERY, MatchStatus.DELIVERED)
# Approved matches whose quantities are committed and not yet confirmed.
UNDER_WAY = (MatchStatus.APPROVED, MatchStatus.IN_DELIVERY, MatchStatus.DELIVERED)

DELIVERY_KIND_BY_PLEDGE = {
    PledgeKind.MONEY: DeliveryKind.TRANSFERRED,
    PledgeKind.GOODS: DeliveryKind.SHIPPED,
    PledgeKind.SERVICE: DeliveryKind.SERVICE_HELD,
    PledgeKind.VOLUNTEER: DeliveryKind.SERVICE_HELD,
}


@dataclass(frozen=True)
class DeliveryDraft:
    """A delivery as the donor sent it."""

    kind: str | None
    delivered_on: date | None
    quantity: int | Decimal | None
    note: str | None = None
    evidence_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class ReceiptDraft:
    """A confirmation of receipt as the school sent it."""

    quantity: int | Decimal | None
    thank_you_note: str | None = None
    evidence_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class ProblemDraft:
    """A problem report as the school sent it."""

    problem: str | None
    quantity: int | Decimal | None
    description: str | None
    evidence_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class StoryDraft:
    """A story as the media editor sent it."""

    title: str | None
    body: str | None
    match_ids: list[int]


@dataclass(frozen=True)
class PledgeFulfilment:
    """What a pledge has delivered and what schools confirmed, in the pledge's unit and fen."""

    delivered_quantity: int = 0
    delivered_value_fen: int = 0
    confirmed_quantity: int = 0
    confirmed_value_fen: int = 0


async def _match(session: AsyncSession, match_id: int, refusal: str) -> Match:
    """The match, locked for the rest of the transaction: every fulfilment write on a match
    takes its row first, then the running totals, then the ledger, always in that order, so
    writes on one match queue behind each other instead of deadlocking (PostgreSQL; SQLite
    runs one writer at a time anyway)."""
    match = await session.get(Match, match_id, with_for_update=True, populate_existing=True)
    if match is None:
        raise Forbidden(refusal)
    return match


def _record_facts(match: Match, acting: Subject, quantity: int) -> Facts:
    """The public facts of a delivery or receipt: the match's, for the units concerned."""
    whole = match_facts(match, acting)
    return Facts(
        region_code=whole.region_code,
        party_ids=whole.party_ids,
        actor_role=whole.actor_role,
        value_fen=quantity * match.value_fen // match.item_quantity,
        quantity=quantity,
        refs={**whole.refs, "match": match.id or 0},
    )


async def _move_match(
    session: AsyncSession,
    match: Match,
    current: MatchStatus,
    target: MatchStatus,
    acting: Subject,
    reason: str | None = None,
) -> None:
    """Move a match from ``current`` to ``target``, only if it still is ``current``."""
    assert match.id is not None
    MATCH_LIFECYCLE.check(current, target)
    moved = await session.execute(
        update(Match)
        .where(col(Match.id) == match.id, col(Match.status) == current)
        .values(status=target, updated_at=utcnow())
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        raise DomainError(ErrorCode.STALE, "The match changed meanwhile; reload it.", "matchId")
    await MATCH_LIFECYCLE.move(
        session,
        entity_id=match.id,
        current=current,
        target=target,
        actor_user_id=acting.user_id,
        facts=match_facts(match, acting),
        reason=reason,
    )
    match.status = target


async def _tally(session: AsyncSession, match_id: int) -> MatchFulfilment | None:
    return await session.get(MatchFulfilment, match_id, populate_existing=True)


async def _check_evidence(
    session: AsyncSession, checks: InputChecks, evidence_ids: Sequence[int], owner_party_id: int
) -> list[int]:
    """Photos the party uploaded that no record uses yet; a field error for any other."""
    ids = list(evidence_ids)
    if len(ids) > MAX_EVIDENCE:
        checks.fail(
            "evidenceIds",
            ErrorCode.TOO_MANY,
            f"At most {MAX_EVIDENCE} photos; got {len(ids)}.",
            maximum=str(MAX_EVIDENCE),
        )
        return []
    found = {
        e.id: e
        for e in await session.scalars(select(Evidence).where(col(Evidence.id).in_(set(ids))))
    }
    seen: set[int] = set()
    for index, evidence_id in enumerate(ids):
        name = f"evidenceIds.{index}"
        evidence = found.get(evidence_id)
        if evidence_id in seen:
            checks.fail(name, ErrorCode.INVALID, "This photo is listed twice.")
        elif evidence is None or evidence.owner_party_id != owner_party_id:
            checks.fail(name, ErrorCode.NOT_FOUND, "There is no such photo uploaded for you.")
        elif evidence.delivery_id is not None or evidence.receipt_id is not None:
            checks.fail(
                name, ErrorCode.ALREADY_ALLOCATED, "This photo is already part of another record."
            )
        seen.add(evidence_id)
    return ids


async def _attach_evidence(
    session: AsyncSession,
    evidence_ids: Sequence[int],
    owner_party_id: int,
    *,
    delivery_id: int | None = None,
    receipt_id: int | None = None,
) -> None:
    if not evidence_ids:
        return
    attached = await session.execute(
        update(Evidence)
        .where(
            col(Evidence.id).in_(list(evidence_ids)),
            col(Evidence.owner_party_id) == owner_party_id,
            col(Evidence.delivery_id).is_(None),
            col(Evidence.receipt_id).is_(None),
        )
        .values(delivery_id=delivery_id, receipt_id=receipt_id)
    )
    if attached.rowcount != len(evidence_ids):  # type: ignore[attr-defined]
        raise DomainError(
            ErrorCode.ALREADY_ALLOCATED,
            "A photo was used by another record meanwhile.",
            "evidenceIds",
        )


def _check_quantity(
    checks: InputChecks, value: int | Decimal | None, available: int, what: str
) -> int | None:
    quantity = checks.whole_number("quantity", value, minimum=1)
    if quantity is not None and quantity > available:
        checks.fail(
            "quantity",
            ErrorCode.OVER_ALLOCATED,
            f"{what}: {available}; {quantity} is too many.",
            maximum=str(available),
        )
        return None
    return quantity


async def record_delivery(
    session: AsyncSession,
    subject: Subject | None,
    match_id: int,
    draft: DeliveryDraft,
    *,
    today: date,
    zone: tzinfo,
) -> Delivery:
    """The donor records that part or all of an approved match was shipped, held or paid.

    The first delivery moves the match to IN_DELIVERY; the one that completes the quantity to
    DELIVERED.
    """
    match = await _match(session, match_id, policy.RECORDS_DELIVERY)
    acting = policy.ensure_records_delivery(subject, match.donor_id)
    if match.status is MatchStatus.DELIVERED:
        raise DomainError(
            ErrorCode.OVER_ALLOCATED,
            f"All {match.item_quantity} units have been delivered; none remain.",
            "quantity",
            maximum="0",
        )
    if match.status not in DELIVERABLE:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"A {match.status.value} match takes no deliveries; only approved ones do.",
            "matchId",
        )
    pledge = await session.get(Pledge, match.pledge_id)
    assert pledge is not None and match.id is not None
    tally = await _tally(session, match.id)
    undelivered = match.item_quantity - (tally.delivered_quantity if tally else 0)

    checks = InputChecks()
    kind = checks.choice("kind", draft.kind, DeliveryKind)
    expected = DELIVERY_KIND_BY_PLEDGE.get(pledge.kind)
    if kind is not None and expected is not None and kind is not expected:
        checks.fail(
            "kind",
            ErrorCode.INVALID,
            f"A {pledge.kind.value} pledge is delivered as {expected.value}, not {kind.value}.",
        )
    if draft.delivered_on is None:
        checks.fail("deliveredOn", ErrorCode.REQUIRED, "deliveredOn is required.")
    elif draft.delivered_on > today:
        checks.fail(
            "deliveredOn",
            ErrorCode.OUT_OF_RANGE,
            f"deliveredOn {draft.delivered_on.isoformat()} is in the future.",
            maximum=today.isoformat(),
        )
    elif match.decided_at is not None and draft.delivered_on < (
        approved_on := match.decided_at.astimezone(zone).date()
    ):
        checks.fail(
            "deliveredOn",
            ErrorCode.OUT_OF_RANGE,
            f"deliveredOn is before the match was approved, on {approved_on.isoformat()}.",
            minimum=approved_on.isoformat(),
        )
    quantity = _check_quantity(checks, draft.quantity, undelivered, "Left to deliver")
    note = checks.text("note", draft.note, max_length=MAX_NOTE, required=False, multiline=True)
    evidence_ids = await _check_evidence(session, checks, draft.evidence_ids, match.donor_id)
    checks.raise_if_any()
    assert quantity is not None and kind is not None and draft.delivered_on is not None

    if match.status is MatchStatus.APPROVED:
        # The match row decides which of two first deliveries makes the tally.
        first = await session.execute(
            update(Match)
            .where(col(Match.id) == match.id, col(Match.status) == MatchStatus.APPROVED)
            .values(status=MatchStatus.IN_DELIVERY, updated_at=utcnow())
        )
        if first.rowcount == 1:  # type: ignore[attr-defined]
            await MATCH_LIFECYCLE.move(
                session,
                entity_id=match.id,
                current=MatchStatus.APPROVED,
                target=MatchStatus.IN_DELIVERY,
                actor_user_id=acting.user_id,
                facts=match_facts(match, acting),
            )
            match.status = MatchStatus.IN_DELIVERY
            session.add(
                MatchFulfilment(
                    match_id=match.id,
                    pledge_id=match.pledge_id,
                    need_id=match.need_id,
                    quantity=match.item_quantity,
                    pledge_quantity=match.pledge_quantity,
                    value_fen=match.value_fen,
                )
            )
            await session.flush()
    grown = await session.execute(
        update(MatchFulfilment)
        .where(
            col(MatchFulfilment.match_id) == match.id,
            col(MatchFulfilment.delivered_quantity) + quantity <= col(MatchFulfilment.quantity),
        )
        .values(
            delivered_quantity=col(MatchFulfilment.delivered_quantity) + quantity,
            updated_at=utcnow(),
        )
    )
    if grown.rowcount != 1:  # type: ignore[attr-defined]
        raise DomainError(
            ErrorCode.OVER_ALLOCATED,
            "Another delivery was recorded meanwhile; fewer units remain to deliver.",
            "quantity",
        )
    delivery = Delivery(
        match_id=match.id,
        kind=kind,
        delivered_on=draft.delivered_on,
        quantity=quantity,
        note=note,
        recorded_by_user_id=acting.user_id,
    )
    session.add(delivery)
    await session.flush()
    assert delivery.id is not None
    await DELIVERY_RECORD.move(
        session,
        entity_id=delivery.id,
        current=None,
        target=DeliveryStatus.RECORDED,
        actor_user_id=acting.user_id,
        facts=_record_facts(match, acting, quantity),
    )
    await _attach_evidence(session, evidence_ids, match.donor_id, delivery_id=delivery.id)
    tally = await _tally(session, match.id)
    assert tally is not None
    if tally.delivered_quantity == tally.quantity:
        await _move_match(session, match, MatchStatus.IN_DELIVERY, MatchStatus.DELIVERED, acting)
    await session.refresh(match)
    return delivery


async def _receivable(
    session: AsyncSession, subject: Subject | None, match_id: int
) -> tuple[Match, Subject, MatchFulfilment]:
    match = await _match(session, match_id, policy.CONFIRMS_RECEIPT)
    acting = policy.ensure_confirms_receipt(subject, match.school_id)
    tally = await _tally(session, match_id)
    if match.status not in RECEIVABLE or tally is None:
        message = (
            "The match is already confirmed."
            if match.status is MatchStatus.CONFIRMED
            else "Nothing of this match has been delivered yet "
            f"(it is {match.status.value.lower()})."
        )
        raise DomainError(ErrorCode.INVALID_TRANSITION, message, "matchId")
    return match, acting, tally


async def confirm_receipt(
    session: AsyncSession, subject: Subject | None, match_id: int, draft: ReceiptDraft
) -> Receipt:
    """The school confirms receiving some or all of what was delivered. The receipt that brings
    the received quantity to the whole match needs a photo, and CONFIRMS the match; the need is
    FULFILLED once every approved match of it is confirmed and nothing of it remains open."""
    match, acting, tally = await _receivable(session, subject, match_id)
    assert match.id is not None
    pending = tally.delivered_quantity - tally.received_quantity
    checks = InputChecks()
    quantity = _check_quantity(checks, draft.quantity, pending, "Delivered and not yet confirmed")
    note = checks.text(
        "thankYouNote", draft.thank_you_note, max_length=MAX_NOTE, required=False, multiline=True
    )
    evidence_ids = await _check_evidence(session, checks, draft.evidence_ids, match.school_id)
    completes = quantity is not None and tally.received_quantity + quantity == tally.quantity
    if completes and not draft.evidence_ids:
        checks.fail(
            "evidenceIds",
            ErrorCode.REQUIRED,
            "Confirming the whole match needs at least one photo of what arrived.",
        )
    checks.raise_if_any()
    assert quantity is not None

    received = await session.execute(
        update(MatchFulfilment)
        .where(
            col(MatchFulfilment.match_id) == match.id,
            col(MatchFulfilment.received_quantity) + quantity
            <= col(MatchFulfilment.delivered_quantity),
        )
        .values(
            received_quantity=col(MatchFulfilment.received_quantity) + quantity,
            updated_at=utcnow(),
        )
    )
    if received.rowcount != 1:  # type: ignore[attr-defined]
        raise DomainError(
            ErrorCode.OVER_ALLOCATED,
            "Another receipt was recorded meanwhile; fewer units wait for confirmation.",
            "quantity",
        )
    fresh = await _tally(session, match.id)
    assert fresh is not None
    if (fresh.received_quantity == fresh.quantity) != completes:
        raise DomainError(
            ErrorCode.STALE, "Another receipt was recorded meanwhile; reload the match.", "matchId"
        )
    receipt = await _add_receipt(
        session,
        match,
        acting,
        Receipt(
            match_id=match.id,
            kind=ReceiptKind.RECEIVED,
            quantity=quantity,
            completes_match=completes,
            thank_you_note=note,
            recorded_by_user_id=acting.user_id,
        ),
        evidence_ids,
    )
    if completes:
        await _move_match(session, match, MatchStatus.DELIVERED, MatchStatus.CONFIRMED, acting)
        await _follow_need(session, match.need_id, acting)
    await session.refresh(match)
    return receipt


async def report_problem(
    session: AsyncSession, subject: Subject | None, match_id: int, draft: ProblemDraft
) -> Receipt:
    """The school reports that some delivered units arrived damaged, went missing or were the
    wrong item. Those units are taken off what was delivered, so the donor delivers them again;
    a DELIVERED match goes back to IN_DELIVERY."""
    match, acting, tally = await _receivable(session, subject, match_id)
    assert match.id is not None
    pending = tally.delivered_quantity - tally.received_quantity
    checks = InputChecks()
    problem = checks.choice("problem", draft.problem, ProblemKind)
    quantity = _check_quantity(checks, draft.quantity, pending, "Delivered and not yet confirmed")
    description = checks.text("description", draft.description, max_length=MAX_NOTE, multiline=True)
    evidence_ids = await _check_evidence(session, checks, draft.evidence_ids, match.school_id)
    checks.raise_if_any()
    assert quantity is not None and problem is not None

    returned = await session.execute(
        update(MatchFulfilment)
        .where(
            col(MatchFulfilment.match_id) == match.id,
            col(MatchFulfilment.delivered_quantity) - col(MatchFulfilment.received_quantity)
            >= quantity,
        )
        .values(
            delivered_quantity=col(MatchFulfilment.delivered_quantity) - quantity,
            updated_at=utcnow(),
        )
    )
    if returned.rowcount != 1:  # type: ignore[attr-defined]
        raise DomainError(
            ErrorCode.OVER_ALLOCATED,
            "Another receipt was recorded meanwhile; fewer units wait for confirmation.",
            "quantity",
        )
    receipt = await _add_receipt(
        session,
        match,
        acting,
        Receipt(
            match_id=match.id,
            kind=ReceiptKind.PROBLEM,
            problem=problem,
            quantity=quantity,
            description=description,
            recorded_by_user_id=acting.user_id,
        ),
        evidence_ids,
        reason=problem.value,
    )
    if match.status is MatchStatus.DELIVERED:
        await _move_match(
            session,
            match,
            MatchStatus.DELIVERED,
            MatchStatus.IN_DELIVERY,
            acting,
            reason=problem.value,
        )
    await session.refresh(match)
    return receipt


async def _add_receipt(
    session: AsyncSession,
    match: Match,
    acting: Subject,
    receipt: Receipt,
    evidence_ids: list[int],
    *,
    reason: str | None = None,
) -> Receipt:
    """Store a receipt, record it (history, ledger, events) and attach its photos."""
    session.add(receipt)
    await session.flush()
    assert receipt.id is not None
    await RECEIPT_RECORD.move(
        session,
        entity_id=receipt.id,
        current=None,
        target=receipt.kind,
        actor_user_id=acting.user_id,
        facts=_record_facts(match, acting, receipt.quantity),
        reason=reason,
    )
    await _attach_evidence(session, evidence_ids, match.school_id, receipt_id=receipt.id)
    return receipt


async def _follow_need(session: AsyncSession, need_id: int, acting: Subject) -> None:
    """A MATCHED need is FULFILLED when nothing of it remains open and every approved match of
    it is confirmed. The need's row is locked first, so that of two last confirmations running
    at once, the second sees the first."""
    need = await session.get(Need, need_id, with_for_update=True, populate_existing=True)
    if need is None or need.status is not NeedStatus.MATCHED:
        return
    still_open = await session.scalar(
        select(func.count())
        .select_from(NeedItem)
        .where(col(NeedItem.need_id) == need_id, col(NeedItem.remaining_quantity) > 0)
    )
    under_way = await session.scalar(
        select(func.count())
        .select_from(Match)
        .where(col(Match.need_id) == need_id, col(Match.status).in_(UNDER_WAY))
    )
    if still_open or under_way:
        return
    await NEED_LIFECYCLE.move(
        session,
        entity_id=need_id,
        current=need.status,
        target=NeedStatus.FULFILLED,
        actor_user_id=acting.user_id,
        facts=need_facts(need, acting),
    )
    need.status, need.updated_at = NeedStatus.FULFILLED, utcnow()
    session.add(need)
    await session.flush()


async def fulfilment_by_match(
    session: AsyncSession, match_ids: Sequence[int]
) -> dict[int, MatchFulfilment]:
    rows = await session.scalars(
        select(MatchFulfilment).where(col(MatchFulfilment.match_id).in_(set(match_ids)))
    )
    return {row.match_id: row for row in rows}


async def deliveries_by_match(
    session: AsyncSession, match_ids: Sequence[int]
) -> dict[int, list[Delivery]]:
    """Each match's deliveries, oldest first."""
    rows = await session.scalars(
        select(Delivery)
        .where(col(Delivery.match_id).in_(set(match_ids)))
        .order_by(col(Delivery.match_id), col(Delivery.id))
    )
    grouped: dict[int, list[Delivery]] = defaultdict(list)
    for row in rows:
        grouped[row.match_id].append(row)
    return {match_id: grouped.get(match_id, []) for match_id in match_ids}


async def receipts_by_match(
    session: AsyncSession, match_ids: Sequence[int]
) -> dict[int, list[Receipt]]:
    """Each match's receipts and problem reports, oldest first."""
    rows = await session.scalars(
        select(Receipt)
        .where(col(Receipt.match_id).in_(set(match_ids)))
        .order_by(col(Receipt.match_id), col(Receipt.id))
    )
    grouped: dict[int, list[Receipt]] = defaultdict(list)
    for row in rows:
        grouped[row.match_id].append(row)
    return {match_id: grouped.get(match_id, []) for match_id in match_ids}


async def deliveries_by_id(session: AsyncSession, ids: Sequence[int]) -> dict[int, Delivery]:
    """Deliveries by id; who may see one is its match's business."""
    rows = await session.scalars(select(Delivery).where(col(Delivery.id).in_(set(ids))))
    return {row.id: row for row in rows if row.id is not None}


async def receipts_by_id(session: AsyncSession, ids: Sequence[int]) -> dict[int, Receipt]:
    """Receipts and problem reports by id; who may see one is its match's business."""
    rows = await session.scalars(select(Receipt).where(col(Receipt.id).in_(set(ids))))
    return {row.id: row for row in rows if row.id is not None}


@dataclass(frozen=True)
class RecordKey:
    """A delivery or a receipt, as the key of the photos attached to it."""

    kind: str
    id: int


async def evidence_by_record(
    session: AsyncSession, keys: Sequence[RecordKey]
) -> dict[RecordKey, list[Evidence]]:
    """The photos attached to each delivery or receipt, in upload order."""
    deliveries = [k.id for k in keys if k.kind == "delivery"]
    receipts = [k.id for k in keys if k.kind == "receipt"]
    rows = await session.scalars(
        select(Evidence)
        .where(col(Evidence.delivery_id).in_(deliveries) | col(Evidence.receipt_id).in_(receipts))
        .order_by(col(Evidence.id))
    )
    grouped: dict[RecordKey, list[Evidence]] = defaultdict(list)
    for row in rows:
        if row.delivery_id is not None:
            grouped[RecordKey("delivery", row.delivery_id)].append(row)
        elif row.receipt_id is not None:
            grouped[RecordKey("receipt", row.receipt_id)].append(row)
    return {key: grouped.get(key, []) for key in keys}


async def pledge_fulfilment(
    session: AsyncSession, pledge_ids: Sequence[int]
) -> dict[int, PledgeFulfilment]:
    """What each pledge has delivered and had confirmed, summed over its matches."""
    rows = await session.scalars(
        select(MatchFulfilment).where(col(MatchFulfilment.pledge_id).in_(set(pledge_ids)))
    )
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for row in rows:
        # Exact in integers: a match's pledge units and value are whole multiples of its
        # item quantity (money pays for whole items).
        sums = totals[row.pledge_id]
        sums[0] += row.delivered_quantity * row.pledge_quantity // row.quantity
        sums[1] += row.delivered_quantity * row.value_fen // row.quantity
        sums[2] += row.received_quantity * row.pledge_quantity // row.quantity
        sums[3] += row.received_quantity * row.value_fen // row.quantity
    return {
        pledge_id: PledgeFulfilment(*totals[pledge_id])
        if pledge_id in totals
        else PledgeFulfilment()
        for pledge_id in pledge_ids
    }


def uploader_party(subject: Subject | None, party_id: int | None) -> int:
    """The party an upload is for: the one named, or the subject's only school or donor."""
    acting = policy.require_writer(subject)
    if party_id is None:
        parties = policy.evidence_uploaders(acting)
        if len(parties) > 1:
            raise DomainError(
                ErrorCode.REQUIRED,
                "You act for several parties; say which one this photo is for.",
                "partyId",
            )
        party_id = parties[0] if parties else None
    policy.ensure_uploads_evidence(acting, party_id)
    assert party_id is not None
    return party_id


def unused_evidence() -> ColumnElement[bool]:
    """A photo no delivery or receipt uses (yet)."""
    return and_(col(Evidence.delivery_id).is_(None), col(Evidence.receipt_id).is_(None))


async def add_evidence(
    session: AsyncSession,
    subject: Subject | None,
    party_id: int,
    image: CleanImage,
    storage_key: str,
    *,
    max_unused: int,
) -> Evidence:
    """Record a stored photo for a party; a delivery or receipt may reference it later. A
    party holding ``max_unused`` photos that nothing uses yet is refused another (uploads at
    the same moment may each pass the count: it bounds the disk, it is not a quota to the
    photo)."""
    acting = policy.ensure_uploads_evidence(subject, party_id)
    unused = await session.scalar(
        select(func.count())
        .select_from(Evidence)
        .where(col(Evidence.owner_party_id) == party_id, unused_evidence())
    )
    if (unused or 0) >= max_unused:
        raise DomainError(
            ErrorCode.TOO_MANY,
            f"{unused} photos uploaded for this party are not in any delivery or receipt yet; "
            "send them with one, or wait until the unsent ones are removed.",
            "file",
            maximum=str(max_unused),
        )
    evidence = Evidence(
        owner_party_id=party_id,
        uploaded_by_user_id=acting.user_id,
        content_type=image.content_type,
        size_bytes=len(image.data),
        width=image.width,
        height=image.height,
        sha256=image.sha256,
        storage_key=storage_key,
    )
    session.add(evidence)
    await session.flush()
    return evidence


async def remove_evidence(session: AsyncSession, evidence_id: int) -> None:
    """Delete a photo's row whose file could not be stored, unless a record uses it."""
    await session.execute(
        delete(Evidence).where(col(Evidence.id) == evidence_id, unused_evidence())
    )


async def evidence_with_match(
    session: AsyncSession, evidence_id: int
) -> tuple[Evidence, Match | None] | None:
    """A photo and the match whose record it is part of, if any."""
    evidence = await session.get(Evidence, evidence_id)
    if evidence is None:
        return None
    match_id: int | None = None
    if evidence.delivery_id is not None:
        match_id = await session.scalar(
            select(col(Delivery.match_id)).where(col(Delivery.id) == evidence.delivery_id)
        )
    elif evidence.receipt_id is not None:
        match_id = await session.scalar(
            select(col(Receipt.match_id)).where(col(Receipt.id) == evidence.receipt_id)
        )
    match = await session.get(Match, match_id) if match_id is not None else None
    return evidence, match


def sees_evidence(subject: Subject | None, evidence: Evidence, match: Match | None) -> bool:
    """Whether the subject may see this photo (see ``policy.sees_evidence``)."""
    return policy.sees_evidence(
        subject,
        owner_party_id=evidence.owner_party_id,
        match_parties=(match.school_id, match.donor_id) if match else None,
        region_code=match.region_code if match else None,
    )


async def publish_story(
    session: AsyncSession, subject: Subject | None, party_id: int, draft: StoryDraft
) -> Story:
    """A media party's editor publishes a story about confirmed matches; it is public."""
    acting = policy.ensure_publishes_stories(subject, party_id)
    checks = InputChecks()
    title = checks.text("title", draft.title, max_length=MAX_STORY_TITLE)
    body = checks.text("body", draft.body, max_length=MAX_STORY_BODY, multiline=True)
    match_ids = list(draft.match_ids)
    if checks.list_length("matchIds", match_ids, minimum=1, maximum=MAX_STORY_MATCHES):
        confirmed = set(
            await session.scalars(
                select(col(Match.id)).where(
                    col(Match.id).in_(set(match_ids)), col(Match.status) == MatchStatus.CONFIRMED
                )
            )
        )
        for index, match_id in enumerate(match_ids):
            if match_id in match_ids[:index]:
                checks.fail(f"matchIds.{index}", ErrorCode.INVALID, "This match is listed twice.")
            elif match_id not in confirmed:
                checks.fail(
                    f"matchIds.{index}",
                    ErrorCode.NOT_ELIGIBLE,
                    "Stories tell of confirmed matches only; this is not one.",
                )
    checks.raise_if_any()
    story = Story(party_id=party_id, title=title, body=body, published_by_user_id=acting.user_id)
    session.add(story)
    await session.flush()
    assert story.id is not None
    for position, match_id in enumerate(match_ids):
        session.add(StoryMatch(story_id=story.id, match_id=match_id, position=position))
    await session.flush()
    await STORY_LIFECYCLE.move(
        session,
        entity_id=story.id,
        current=None,
        target=StoryStatus.PUBLISHED,
        actor_user_id=acting.user_id,
        facts=await _story_facts(session, story, acting),
    )
    return story


async def retract_story(
    session: AsyncSession, subject: Subject | None, story_id: int, reason: str | None
) -> Story:
    """Take a published story back, with a public reason (its editors, or the platform); its
    body is no longer shown, and the ledger records the retraction."""
    refusal = "There is no such story that you may retract."
    story = await session.get(Story, story_id, with_for_update=True, populate_existing=True)
    if story is None:
        raise Forbidden(refusal)
    acting = policy.ensure_retracts_story(subject, story.party_id, refusal)
    checks = InputChecks()
    why = checks.text(
        "reason", reason, max_length=MAX_RETRACTION_REASON, required=True, multiline=True
    )
    checks.raise_if_any()
    STORY_LIFECYCLE.check(story.status, StoryStatus.RETRACTED)
    assert story.id is not None
    moved = await session.execute(
        update(Story)
        .where(col(Story.id) == story.id, col(Story.retracted_at).is_(None))
        .values(retracted_at=utcnow(), retracted_by_user_id=acting.user_id, retraction_reason=why)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        raise DomainError(ErrorCode.STALE, "The story changed meanwhile; reload it.", "id")
    await session.refresh(story)
    await STORY_LIFECYCLE.move(
        session,
        entity_id=story.id,
        current=StoryStatus.PUBLISHED,
        target=StoryStatus.RETRACTED,
        actor_user_id=acting.user_id,
        facts=await _story_facts(session, story, acting),
        reason=why,
    )
    return story


async def _story_facts(session: AsyncSession, story: Story, acting: Subject) -> Facts:
    """A story's public facts: its media party, the region its matches share (the longest
    code prefix of their schools'), and the first match it tells of and that match's need."""
    matches = (
        await session.execute(
            select(col(Match.id), col(Match.need_id), col(Match.region_code))
            .join(StoryMatch, col(StoryMatch.match_id) == col(Match.id))
            .where(col(StoryMatch.story_id) == story.id)
            .order_by(col(StoryMatch.position))
        )
    ).all()
    codes = [m.region_code for m in matches]
    # Whole levels only: a county (6), a city (4), a province (2), or the whole country.
    region = next(
        (codes[0][:n] for n in (6, 4, 2) if codes and all(c[:n] == codes[0][:n] for c in codes)),
        "",
    )
    refs = {"match": matches[0].id, "need": matches[0].need_id} if matches else {}
    parties = (story.party_id,)
    return Facts(
        region_code=region,
        party_ids=parties,
        actor_role=policy.acting_role(acting, parties, region),
        refs=refs,
    )


@dataclass(frozen=True)
class StoryFilter:
    party_id: int | None = None
    match_id: int | None = None
    need_id: int | None = None


STORY_NEWEST = Ordering("story-newest", col(Story.published_at), datetime, descending=True)


async def list_stories(
    session: AsyncSession, filters: StoryFilter, *, first: int, after: str | None
) -> Page[Story]:
    """Published stories, newest first; they are public. Retracted ones are left out."""
    condition: ColumnElement[bool] = col(Story.retracted_at).is_(None)
    if filters.party_id is not None:
        condition = condition & (col(Story.party_id) == filters.party_id)
    if filters.match_id is not None:
        condition = condition & col(Story.id).in_(
            select(col(StoryMatch.story_id)).where(col(StoryMatch.match_id) == filters.match_id)
        )
    if filters.need_id is not None:
        condition = condition & col(Story.id).in_(
            select(col(StoryMatch.story_id))
            .join(Match, col(Match.id) == col(StoryMatch.match_id))
            .where(col(Match.need_id) == filters.need_id)
        )
    return await keyset_page(
        session,
        select(Story).where(condition),
        STORY_NEWEST,
        col(Story.id),
        first=first,
        after=after,
    )


async def story_match_ids(session: AsyncSession, story_ids: Sequence[int]) -> dict[int, list[int]]:
    """The matches each story tells of, in the order the editor gave."""
    rows = await session.execute(
        select(col(StoryMatch.story_id), col(StoryMatch.match_id))
        .where(col(StoryMatch.story_id).in_(set(story_ids)))
        .order_by(col(StoryMatch.story_id), col(StoryMatch.position))
    )
    grouped: dict[int, list[int]] = defaultdict(list)
    for story_id, match_id in rows:
        grouped[story_id].append(match_id)
    return {story_id: grouped.get(story_id, []) for story_id in story_ids}


async def stories_by_id(session: AsyncSession, ids: Sequence[int]) -> dict[int, Story]:
    rows = await session.scalars(select(Story).where(col(Story.id).in_(set(ids))))
    return {row.id: row for row in rows if row.id is not None}
