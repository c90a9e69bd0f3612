"""The rules of pledges: posting each kind, withdrawing, listing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from ecosystem.access import policy
from ecosystem.access.subject import Subject
from ecosystem.catalogue import Category
from ecosystem.database import utcnow
from ecosystem.errors import ErrorCode, Forbidden
from ecosystem.lifecycle.machine import StateMachine
from ecosystem.lifecycle.record import Facts
from ecosystem.pagination import Ordering, Page, contains_text, keyset_page
from ecosystem.parties.models import Party, PartyKind
from ecosystem.pledges.models import Pledge, PledgeKind, PledgeStatus
from ecosystem.regions.models import Region
from ecosystem.regions.service import check_region_prefix, within_region
from ecosystem.validation import InputChecks, yuan

MAX_AMOUNT_FEN = 10_000_000_000_000  # 100 billion yuan
MAX_GOODS_QUANTITY = 10_000_000
MAX_UNIT_VALUE_FEN = 10_000_000_000
MAX_SERVICE_UNITS = 100_000
MAX_MEDIA_PIECES = 1_000
MAX_RADIUS_KM = 3_000
MAX_RESTRICTIONS = 50
DONOR_KINDS = frozenset(PartyKind) - {PartyKind.SCHOOL}

_P = PledgeStatus
PLEDGE_LIFECYCLE: StateMachine[PledgeStatus] = StateMachine(
    "pledge",
    {
        _P.ACTIVE: frozenset({_P.EXHAUSTED, _P.WITHDRAWN, _P.EXPIRED}),
        _P.EXHAUSTED: frozenset({_P.ACTIVE, _P.WITHDRAWN}),
    },
)

# The unit each kind is counted in, when the kind fixes it.
MONEY_UNIT = "FEN"
SERVICE_UNITS = ("SESSION", "HOUR")


@dataclass(frozen=True)
class PledgeDraft:
    """A new pledge as the client sent it; which fields apply depends on ``kind``."""

    kind: PledgeKind
    title: str | None
    description: str | None = None
    category: str | None = None
    item_name: str | None = None
    amount_fen: int | Decimal | None = None
    quantity: int | Decimal | None = None
    unit: str | None = None
    unit_value_fen: int | Decimal | None = None
    service_radius_km: float | None = None
    available_from: date | None = None
    available_until: date | None = None
    valid_until: date | None = None
    per_school_cap: int | Decimal | None = None
    restrict_region_codes: list[str] = field(default_factory=list)
    restrict_categories: list[str] = field(default_factory=list)
    co_funding_ratio_percent: int | Decimal | None = None
    co_funding_party_kinds: list[str] = field(default_factory=list)


class PledgeOrder(StrEnum):
    NEWEST = "NEWEST"
    LARGEST = "LARGEST"


PLEDGE_ORDERINGS = {
    PledgeOrder.NEWEST: Ordering(
        "pledge-newest", col(Pledge.created_at), datetime, descending=True
    ),
    PledgeOrder.LARGEST: Ordering(
        "pledge-largest", col(Pledge.total_value_fen), int, descending=True
    ),
}


@dataclass(frozen=True)
class PledgeFilter:
    region_code: str | None = None
    kind: PledgeKind | None = None
    party_kind: PartyKind | None = None
    party_id: int | None = None
    category: Category | None = None
    statuses: Sequence[PledgeStatus] = field(default_factory=tuple)
    text: str | None = None


def _forbid_fields(checks: InputChecks, draft: PledgeDraft, names: Sequence[str]) -> None:
    for name in names:
        if getattr(draft, name) not in (None, [], ""):
            camel = name.split("_")[0] + "".join(p.title() for p in name.split("_")[1:])
            checks.fail(
                camel, ErrorCode.INVALID, f"{camel} does not apply to a {draft.kind.value} pledge."
            )


def _quantities(
    checks: InputChecks, draft: PledgeDraft, party: Party
) -> tuple[int | None, str, int | None]:
    """(quantity, unit, unit value in fen) for the draft's kind."""
    kind = draft.kind
    if kind in (PledgeKind.MONEY, PledgeKind.CO_FUNDING):
        _forbid_fields(
            checks, draft, ["quantity", "unit", "unit_value_fen", "item_name", "service_radius_km"]
        )
        amount = checks.whole_number(
            "amountFen", draft.amount_fen, minimum=100, maximum=MAX_AMOUNT_FEN
        )
        return amount, MONEY_UNIT, 1
    _forbid_fields(checks, draft, ["amount_fen"])
    if kind is PledgeKind.GOODS:
        quantity = checks.whole_number(
            "quantity", draft.quantity, minimum=1, maximum=MAX_GOODS_QUANTITY
        )
        unit = checks.text("unit", draft.unit, max_length=16)
        if unit.upper() == MONEY_UNIT:
            checks.fail(
                "unit",
                ErrorCode.INVALID,
                f"{MONEY_UNIT} is the unit of money; count goods as what they are (台, 套, 本 …).",
            )
        value = checks.whole_number(
            "unitValueFen", draft.unit_value_fen, minimum=1, maximum=MAX_UNIT_VALUE_FEN
        )
        return quantity, unit, value
    if kind in (PledgeKind.SERVICE, PledgeKind.VOLUNTEER):
        quantity = checks.whole_number(
            "quantity", draft.quantity, minimum=1, maximum=MAX_SERVICE_UNITS
        )
        unit = checks.text("unit", draft.unit, max_length=16).upper()
        if unit and unit not in SERVICE_UNITS:
            checks.fail(
                "unit",
                ErrorCode.INVALID,
                f"unit must be one of {', '.join(SERVICE_UNITS)}.",
                allowed=SERVICE_UNITS,
            )
        value = checks.whole_number(
            "unitValueFen", draft.unit_value_fen or 0, minimum=0, maximum=MAX_UNIT_VALUE_FEN
        )
        if draft.service_radius_km is None:
            checks.fail(
                "serviceRadiusKm", ErrorCode.REQUIRED, "serviceRadiusKm is required for services."
            )
        elif not 0 < draft.service_radius_km <= MAX_RADIUS_KM:
            checks.fail(
                "serviceRadiusKm",
                ErrorCode.OUT_OF_RANGE,
                f"serviceRadiusKm must be more than 0 and at most {MAX_RADIUS_KM}.",
                maximum=str(MAX_RADIUS_KM) if draft.service_radius_km > 0 else None,
            )
        if party.latitude is None or party.longitude is None:
            checks.fail(
                "serviceRadiusKm",
                ErrorCode.INVALID,
                "Your party has no location yet, so a service radius cannot be measured from it.",
            )
        if (
            draft.available_from
            and draft.available_until
            and draft.available_from > draft.available_until
        ):
            checks.fail(
                "availableUntil", ErrorCode.INVALID, "availableUntil is before availableFrom."
            )
        return quantity, unit, value
    # MEDIA: pieces of coverage.
    quantity = checks.whole_number("quantity", draft.quantity, minimum=1, maximum=MAX_MEDIA_PIECES)
    unit = checks.text("unit", draft.unit or "STORY", max_length=16).upper()
    value = checks.whole_number(
        "unitValueFen", draft.unit_value_fen or 0, minimum=0, maximum=MAX_UNIT_VALUE_FEN
    )
    return quantity, unit, value


async def _check_regions(session: AsyncSession, checks: InputChecks, codes: list[str]) -> list[str]:
    if not checks.list_length(
        "restrictRegionCodes", list(codes), minimum=0, maximum=MAX_RESTRICTIONS
    ):
        return []
    cleaned = [code.strip() for code in codes]
    known = set(
        await session.scalars(select(col(Region.code)).where(col(Region.code).in_(cleaned)))
    )
    for index, code in enumerate(cleaned):
        if code not in known:
            checks.fail(
                f"restrictRegionCodes.{index}",
                ErrorCode.UNKNOWN_REGION,
                f"There is no region with code {code!r}.",
            )
    return sorted(set(cleaned) & known)


async def post_pledge(
    session: AsyncSession,
    subject: Subject | None,
    party_id: int,
    draft: PledgeDraft,
    *,
    today: date,
) -> Pledge:
    """A donor admin posts a pledge for their own party."""
    acting = policy.ensure_manages_party_pledges(subject, party_id)
    party = await session.get(Party, party_id)
    if party is None:
        raise Forbidden("Only an admin of the party may manage its pledges.")
    checks = InputChecks()
    if party.kind not in DONOR_KINDS:
        checks.fail("partyId", ErrorCode.INVALID, "A school cannot post pledges.")
    title = checks.text("title", draft.title, max_length=120)
    description = checks.text(
        "description", draft.description, max_length=4000, required=False, multiline=True
    )
    needs_category = draft.kind in (PledgeKind.GOODS, PledgeKind.SERVICE, PledgeKind.VOLUNTEER)
    category = checks.choice("category", draft.category, Category, required=needs_category)
    item_name = checks.text("itemName", draft.item_name, max_length=200, required=False) or None
    quantity, unit, unit_value = _quantities(checks, draft, party)
    if quantity is not None and unit_value is not None and quantity * unit_value > MAX_AMOUNT_FEN:
        # The ledger and the public totals hold values up to this, whatever the kind.
        checks.fail(
            "quantity",
            ErrorCode.OUT_OF_RANGE,
            f"The pledge is worth {yuan(quantity * unit_value)} in all (quantity × unit "
            f"value); a pledge may be worth at most {yuan(MAX_AMOUNT_FEN)}.",
        )
    valid_until = checks.future_date("validUntil", draft.valid_until, today=today, required=False)
    if valid_until is not None and draft.available_from and valid_until < draft.available_from:
        checks.fail(
            "validUntil",
            ErrorCode.INVALID,
            "validUntil is before availableFrom: the pledge would expire before it can be used.",
        )
    elif valid_until is not None and draft.available_until and valid_until < draft.available_until:
        checks.fail(
            "validUntil",
            ErrorCode.INVALID,
            "validUntil is before availableUntil: the pledge would expire while the service is "
            "still offered; make them agree.",
        )
    # A service window may have opened already, but not closed.
    checks.not_too_far("availableFrom", draft.available_from, today=today)
    checks.future_date("availableUntil", draft.available_until, today=today, required=False)
    per_school_cap = checks.whole_number(
        "perSchoolCap", draft.per_school_cap, minimum=1, maximum=quantity or 1, required=False
    )
    regions = await _check_regions(session, checks, draft.restrict_region_codes)
    categories: list[Category] = []
    if draft.kind is not PledgeKind.MONEY:
        # Goods and services give what their own category says; an offer goes with the money
        # it matches. A list here would be silently ignored.
        _forbid_fields(checks, draft, ["restrict_categories"])
    elif checks.list_length(
        "restrictCategories", list(draft.restrict_categories), minimum=0, maximum=20
    ):
        categories = checks.choices("restrictCategories", draft.restrict_categories, Category)
    ratio, matched_kinds = None, []
    if draft.kind is PledgeKind.CO_FUNDING:
        ratio = checks.whole_number(
            "coFundingRatioPercent", draft.co_funding_ratio_percent, minimum=1, maximum=1000
        )
        kinds = list(draft.co_funding_party_kinds)
        if checks.list_length("coFundingPartyKinds", kinds, minimum=0, maximum=len(PartyKind)):
            matched_kinds = checks.choices("coFundingPartyKinds", kinds, PartyKind)
    else:
        _forbid_fields(checks, draft, ["co_funding_ratio_percent", "co_funding_party_kinds"])
    checks.raise_if_any()
    assert quantity is not None and unit_value is not None

    now = utcnow()
    pledge = Pledge(
        party_id=party_id,
        region_code=party.region_code,
        kind=draft.kind,
        status=PledgeStatus.ACTIVE,
        title=title,
        description=description,
        category=category,
        item_name=item_name,
        quantity=quantity,
        remaining_quantity=quantity,
        unit=unit,
        unit_value_fen=unit_value,
        total_value_fen=quantity * unit_value,
        service_radius_km=draft.service_radius_km
        if draft.kind in (PledgeKind.SERVICE, PledgeKind.VOLUNTEER)
        else None,
        available_from=draft.available_from,
        available_until=draft.available_until,
        valid_until=valid_until,
        per_school_cap=per_school_cap,
        restrict_region_codes=regions,
        restrict_categories=[c.value for c in categories],
        co_funding_ratio_percent=ratio,
        co_funding_party_kinds=[k.value for k in matched_kinds],
        created_by_user_id=acting.user_id,
        created_at=now,
        updated_at=now,
    )
    session.add(pledge)
    await session.flush()
    assert pledge.id is not None
    await PLEDGE_LIFECYCLE.move(
        session,
        entity_id=pledge.id,
        current=None,
        target=PledgeStatus.ACTIVE,
        actor_user_id=acting.user_id,
        facts=pledge_facts(pledge, acting),
    )
    return pledge


async def withdraw_pledge(
    session: AsyncSession, subject: Subject | None, pledge_id: int, reason: str | None
) -> Pledge:
    """The donor takes back what remains of a pledge."""
    pledge = await session.get(Pledge, pledge_id, with_for_update=True)
    acting = policy.ensure_manages_party_pledges(subject, pledge.party_id if pledge else None)
    assert pledge is not None
    checks = InputChecks()
    cleaned = checks.text("reason", reason, max_length=500, required=False, multiline=True)
    checks.raise_if_any()
    await PLEDGE_LIFECYCLE.move(
        session,
        entity_id=pledge_id,
        current=pledge.status,
        target=PledgeStatus.WITHDRAWN,
        actor_user_id=acting.user_id,
        facts=pledge_facts(pledge, acting),
        reason=cleaned or None,
    )
    pledge.status = PledgeStatus.WITHDRAWN
    pledge.updated_at = utcnow()
    session.add(pledge)
    await session.flush()
    return pledge


async def list_pledges(
    session: AsyncSession,
    filters: PledgeFilter,
    order: PledgeOrder,
    *,
    first: int,
    after: str | None,
) -> Page[Pledge]:
    """Pledges matching the filters, one keyset page at a time."""
    statement = select(Pledge)
    if filters.region_code:
        prefix = check_region_prefix(filters.region_code, "filter.regionCode")
        statement = statement.where(within_region(col(Pledge.region_code), prefix))
    if filters.kind is not None:
        statement = statement.where(col(Pledge.kind) == filters.kind)
    if filters.party_kind is not None:
        statement = statement.join(Party, col(Party.id) == col(Pledge.party_id)).where(
            col(Party.kind) == filters.party_kind
        )  # type: ignore[arg-type]
    if filters.party_id is not None:
        statement = statement.where(col(Pledge.party_id) == filters.party_id)
    if filters.category is not None:
        statement = statement.where(col(Pledge.category) == filters.category)
    if filters.statuses:
        statement = statement.where(col(Pledge.status).in_(list(filters.statuses)))
    if filters.text:
        statement = statement.where(contains_text(col(Pledge.title), filters.text))
    return await keyset_page(
        session,
        statement,
        PLEDGE_ORDERINGS[order],
        col(Pledge.id),
        first=first,
        after=after,  # type: ignore[arg-type]
    )


async def pledges_by_id(session: AsyncSession, ids: Sequence[int]) -> dict[int, Pledge]:
    rows = await session.scalars(select(Pledge).where(col(Pledge.id).in_(set(ids))))
    return {pledge.id: pledge for pledge in rows if pledge.id is not None}


def pledge_facts(pledge: Pledge, acting: Subject | None, *, acted_in: str | None = None) -> Facts:
    """What the public record says of a pledge's transition; ``acted_in`` is the region the
    actor acted in when it was not the pledge's own (an official approving a match at a school
    of theirs, which used up the pledge of a donor elsewhere)."""
    where = pledge.region_code if acted_in is None else acted_in
    return Facts(
        region_code=pledge.region_code,
        party_ids=(pledge.party_id,),
        actor_role=policy.acting_role(acting, (pledge.party_id,), where),
        value_fen=pledge.total_value_fen,
        quantity=pledge.remaining_quantity,
    )
