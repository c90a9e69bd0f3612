"""What the matching engine reads and writes: plain, immutable records.

Quantities follow the marketplace: money in fen, goods in whole items, services and volunteer time
in sessions (or hours). The engine itself works in integer *value units* of
``Instance.value_unit_fen`` fen (100 yuan by default); see ``ecosystem.matching.engine``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class PledgeKind(StrEnum):
    """The kinds of pledge that carry a quantity the engine can allocate."""

    MONEY = "MONEY"
    GOODS = "GOODS"
    SERVICE = "SERVICE"
    VOLUNTEER = "VOLUNTEER"


@dataclass(frozen=True, slots=True)
class School:
    """A school as the engine sees it: where it is and how much it should be favoured."""

    id: str
    region_code: str
    latitude: float
    longitude: float
    students: int
    left_behind: int
    poverty_tier: int
    """0 for none, up to 3 for the deepest poverty counties."""
    waiting_since: date
    """When the school's oldest open need was posted."""


@dataclass(frozen=True, slots=True)
class NeedItem:
    """One line of an open need: what is still missing and how urgent it is."""

    id: str
    need_id: str
    school_id: str
    category: str
    item: str | None
    """A named item (e.g. ``water purifier``); goods naming another item cannot fill it."""
    remaining_quantity: int
    unit_value_fen: int
    urgency: int
    """1 (low) to 4 (critical)."""
    deadline: date

    @property
    def remaining_value_fen(self) -> int:
        """The value still missing, in fen."""
        return self.remaining_quantity * self.unit_value_fen


@dataclass(frozen=True, slots=True)
class Pledge:
    """What a party still offers: one money pledge, one goods line or one service slot.

    ``remaining_quantity`` is in fen for money, items for goods, sessions or hours for services
    and volunteers; ``unit_value_fen`` is the value of one of those (1 for money).
    """

    id: str
    party_id: str
    party_kind: str
    kind: PledgeKind
    remaining_quantity: int
    unit_value_fen: int = 1
    category: str | None = None
    """The category of goods or services; money uses ``categories`` instead."""
    item: str | None = None
    regions: tuple[str, ...] = ()
    """Region code prefixes the pledge is restricted to; empty means national."""
    categories: tuple[str, ...] = ()
    """Categories money is restricted to; empty means any."""
    preferred_categories: tuple[str, ...] = ()
    preferred_regions: tuple[str, ...] = ()
    per_school_cap: int | None = None
    """At most this much (in the pledge's own unit) to any one school."""
    given: tuple[tuple[str, int], ...] = ()
    """(school id, amount in the pledge's own unit) the pledge already gives these schools
    through matches made before: its per-school cap has that much less room there."""
    excluded_items: frozenset[str] = frozenset()
    """Items the pledge may not fill although the rules would allow it: a pairing the school or
    the donor declined, or an official rejected, and goods of another item than the one named."""
    latitude: float | None = None
    longitude: float | None = None
    radius_km: float | None = None
    """Service radius: SERVICE and VOLUNTEER pledges reach only schools within it."""
    available_from: date | None = None
    available_until: date | None = None


@dataclass(frozen=True, slots=True)
class CoFundingOffer:
    """A match offer: ``ratio_percent`` fen for every 100 fen of eligible money, up to a cap."""

    id: str
    party_id: str
    ratio_percent: int
    cap_fen: int
    party_kinds: tuple[str, ...] = ()
    """Kinds of party whose money it matches; empty means any."""
    regions: tuple[str, ...] = ()
    """Region code prefixes of the schools it supports; empty means national."""
    per_school_cap_fen: int | None = None
    """At most this much to any one school, counting ``given``."""
    given: tuple[tuple[str, int], ...] = ()
    """(school id, fen) it gives schools already, against ``per_school_cap_fen``."""


@dataclass(frozen=True, slots=True)
class Weights:
    """Points per value unit for each score term. All integers, so that the objective is exact."""

    urgency_per_level: int = 8
    deadline_max: int = 20
    deadline_horizon_days: int = 180
    left_behind_max: int = 20
    poverty_per_tier: int = 5
    students_per_point: int = 100
    students_max: int = 10
    waiting_days_per_point: int = 30
    waiting_max: int = 10
    preferred_category: int = 15
    preferred_region: int = 10
    km_per_point: int = 25
    distance_max: int = 20
    coverage_shares_percent: tuple[int, ...] = (50, 30, 20)
    """How a school's open need is cut into tiers; must add up to 100."""
    coverage_values: tuple[int, ...] = (30, 15, 5)
    """Points per unit in each tier, strictly decreasing (concave utility)."""


@dataclass(frozen=True)
class Instance:
    """Everything one matching run decides on."""

    today: date
    schools: tuple[School, ...]
    items: tuple[NeedItem, ...]
    pledges: tuple[Pledge, ...]
    offers: tuple[CoFundingOffer, ...] = ()
    weights: Weights = field(default_factory=Weights)
    value_unit_fen: int = 10_000


@dataclass(frozen=True, slots=True)
class ScoreTerms:
    """A score broken into the terms a person can read. Points, already multiplied by units."""

    urgency: int = 0
    deadline: int = 0
    school_priority: int = 0
    donor_preference: int = 0
    distance: int = 0
    """Logistics cost; zero or negative."""
    coverage: int = 0
    """The school's concave coverage tier the units fell into."""

    @property
    def total(self) -> int:
        """The sum of all terms."""
        return (
            self.urgency
            + self.deadline
            + self.school_priority
            + self.donor_preference
            + self.distance
            + self.coverage
        )

    def times(self, units: int) -> ScoreTerms:
        """These per-unit terms for ``units`` units (coverage is attributed separately)."""
        return ScoreTerms(
            urgency=self.urgency * units,
            deadline=self.deadline * units,
            school_priority=self.school_priority * units,
            donor_preference=self.donor_preference * units,
            distance=self.distance * units,
            coverage=self.coverage * units,
        )


@dataclass(frozen=True, slots=True)
class Proposal:
    """The engine proposes that a pledge funds a need item.

    ``units`` is the flow in value units; ``quantity`` is what changes hands in the pledge's own
    unit: fen for money, whole items for goods, sessions for services.
    """

    pledge_id: str
    item_id: str
    school_id: str
    units: int
    quantity: int
    terms: ScoreTerms


@dataclass(frozen=True, slots=True)
class CoFundingProposal:
    """A co-funding offer tops up a need item that eligible money reached."""

    offer_id: str
    item_id: str
    school_id: str
    units: int
    amount_fen: int
    terms: ScoreTerms
