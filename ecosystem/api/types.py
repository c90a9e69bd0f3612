"""The object types of the API: explicit wrappers of domain rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from graphql import GraphQLError, OperationType
from strawberry.types import Info

from ecosystem.access import policy
from ecosystem.api.context import Context
from ecosystem.api.relay import Node, page_size, to_global_id
from ecosystem.api.scalars import BigInt
from ecosystem.catalogue import Category
from ecosystem.errors import ErrorCode
from ecosystem.matches.models import Match as MatchRow
from ecosystem.matches.models import MatchOrigin, MatchStatus
from ecosystem.members.models import Invitation as InvitationRow
from ecosystem.needs.models import Need as NeedRow
from ecosystem.needs.models import NeedItem as NeedItemRow
from ecosystem.needs.models import NeedStatus, Urgency
from ecosystem.parties.models import Membership as MembershipRow
from ecosystem.parties.models import Party as PartyRow
from ecosystem.parties.models import PartyKind, PovertyTier, Role
from ecosystem.parties.models import SchoolProfile as SchoolProfileRow
from ecosystem.pledges.models import Pledge as PledgeRow
from ecosystem.pledges.models import PledgeKind, PledgeStatus
from ecosystem.regions.models import Region as RegionRow
from ecosystem.regions.service import english_names
from ecosystem.runs import suggestions
from ecosystem.runs.instance import named_terms

if TYPE_CHECKING:
    from ecosystem.api.fulfilment import Delivery, MatchProgress, PledgeProgress, Receipt

MAX_SUGGESTIONS = 20
MAX_SUGGESTION_LISTS = 3

strawberry.enum(Category, description="A kind of resource, following the programme.")
strawberry.enum(NeedStatus, description="Where a need is in its life cycle.")
strawberry.enum(Urgency, description="How soon the school needs it.")
strawberry.enum(PartyKind, description="Who a party is in the ecosystem.")
strawberry.enum(
    PovertyTier, description="How poor the school's county is, as designated by the state."
)
strawberry.enum(Role, description="What a user may do for a party.")
strawberry.enum(PledgeKind, description="What sort of offer a pledge is.")
strawberry.enum(PledgeStatus, description="Where a pledge is in its life cycle.")
strawberry.enum(MatchStatus, description="Where a match is in its life cycle.")
strawberry.enum(MatchOrigin, description="Who proposed a match.")

Ctx = Info[Context, None]
# Fulfilment types live in ecosystem/api/fulfilment.py, which imports this module.
_FULFILMENT = strawberry.lazy("ecosystem.api.fulfilment")


@strawberry.type(description="A GB/T 2260 administrative division: province, city or county.")
class Region(Node):
    code: str = strawberry.field(description="2 digits (province), 4 (city) or 6 (county).")
    name: str = strawberry.field(description="The official name, in Chinese.")
    name_en: str = strawberry.field(
        description="The name in English: the place in Hanyu Pinyin and the division's term "
        "(泰安市: Tai'an City; 延边朝鲜族自治州: Yanbian Korean Autonomous Prefecture)."
    )
    level: int = strawberry.field(description="1 province, 2 city, 3 county-level division.")
    parent_code: str | None = strawberry.field(description="The code of the enclosing division.")

    @classmethod
    def from_model(cls, row: RegionRow) -> Region:
        return cls(
            id=to_global_id("Region", row.code),
            code=row.code,
            name=row.name,
            name_en=english_names().get(row.code, row.name),
            level=row.level,
            parent_code=row.parent_code,
        )

    @strawberry.field(description="The enclosing division; null for a province.")
    def parent(self, info: Ctx) -> Region | None:
        return load_region(info, self.parent_code)


def load_region(info: Ctx, code: str | None) -> Region | None:
    """A region from the request's region index (regions change only by migration)."""
    if code is None:
        return None
    row = info.context.regions.get(code)
    return Region.from_model(row) if row else None


@strawberry.type(description="A point on the map (WGS 84).")
class Location:
    latitude: float = strawberry.field(description="Degrees north.")
    longitude: float = strawberry.field(description="Degrees east.")


def _location(row: PartyRow) -> Location | None:
    if row.latitude is None or row.longitude is None:
        return None
    return Location(latitude=row.latitude, longitude=row.longitude)


@strawberry.type(description="An organisation or person that acts in the marketplace.")
class Party(Node):
    row: strawberry.Private[PartyRow]
    kind: PartyKind = strawberry.field(description="Who the party is.")
    name: str = strawberry.field(description="The party's name.")
    region_code: str = strawberry.field(description="The party's region code.")
    location: Location | None = strawberry.field(description="Where the party is, if known.")
    service_radius_km: float | None = strawberry.field(
        description="How far the party travels to serve (stores, volunteers)."
    )
    verified_at: datetime | None = strawberry.field(
        description="When a government official verified the party; null if not yet."
    )

    @classmethod
    def from_model(cls, row: PartyRow) -> Party:
        assert row.id is not None
        return cls(
            row=row,
            id=to_global_id("Party", row.id),
            kind=row.kind,
            name=row.name,
            region_code=row.region_code,
            location=_location(row),
            service_radius_km=row.service_radius_km,
            verified_at=row.verified_at,
        )

    @strawberry.field(description="The party's region.")
    def region(self, info: Ctx) -> Region | None:
        return load_region(info, self.region_code)

    @strawberry.field(description="The party seen as a school, when it is one.")
    async def school(self, info: Ctx) -> School | None:
        if self.row.kind is not PartyKind.SCHOOL or self.row.id is None:
            return None
        return await load_school(info, self.row.id)

    @strawberry.field(
        description="Contact email; only for the party's members, platform admins and officials."
    )
    def contact_email(self, info: Ctx) -> str | None:
        if not policy.sees_private_details(info.context.subject, self.row):
            return None
        return self.row.contact_email

    @strawberry.field(
        description="Contact phone; only for the party's members, platform admins and officials."
    )
    def contact_phone(self, info: Ctx) -> str | None:
        if not policy.sees_private_details(info.context.subject, self.row):
            return None
        return self.row.contact_phone


@strawberry.type(description="A rural school: a party of kind SCHOOL with its profile.")
class School(Node):
    row: strawberry.Private[PartyRow]
    name: str = strawberry.field(description="The school's name.")
    region_code: str = strawberry.field(description="The code of the school's county.")
    location: Location | None = strawberry.field(description="Where the school is, if known.")
    verified_at: datetime | None = strawberry.field(description="When the school was verified.")
    town: str | None = strawberry.field(description="The town the school is in.")
    students: int = strawberry.field(description="Number of students.")
    left_behind_children: int = strawberry.field(
        description="Number of left-behind children (a count only; no one is named)."
    )
    boarding: bool = strawberry.field(description="Whether the school boards its students.")
    hope_school: bool = strawberry.field(description="Whether it is a Hope school.")
    poverty_tier: PovertyTier = strawberry.field(
        description="The poverty designation of the school's county."
    )

    @classmethod
    def from_model(cls, row: PartyRow, profile: SchoolProfileRow | None) -> School:
        assert row.id is not None
        profile = profile or SchoolProfileRow(party_id=row.id)
        return cls(
            row=row,
            id=to_global_id("School", row.id),
            name=row.name,
            region_code=row.region_code,
            location=_location(row),
            verified_at=row.verified_at,
            town=profile.town,
            students=profile.students,
            left_behind_children=profile.left_behind_children,
            boarding=profile.boarding,
            hope_school=profile.hope_school,
            poverty_tier=profile.poverty_tier,
        )

    @strawberry.field(description="The school's county.")
    def region(self, info: Ctx) -> Region | None:
        return load_region(info, self.region_code)


async def load_party(info: Ctx, party_id: int) -> Party | None:
    row = await info.context.loaders.party.load(party_id)
    return Party.from_model(row) if row else None


async def load_school(info: Ctx, party_id: int) -> School | None:
    found = await info.context.loaders.school.load(party_id)
    return School.from_model(*found) if found else None


@strawberry.type(description="One line of a need: what, how many and what each is worth.")
class NeedItem(Node):
    description: str = strawberry.field(description="What is needed.")
    category: Category = strawberry.field(description="The item's category.")
    quantity: BigInt = strawberry.field(description="How many are needed.")
    remaining_quantity: BigInt = strawberry.field(description="How many are not yet committed.")
    unit: str = strawberry.field(description="The unit the quantity counts.")
    unit_value_fen: BigInt = strawberry.field(description="What one unit is worth, in fen.")
    need_id: strawberry.Private[int]

    @classmethod
    def from_model(cls, row: NeedItemRow) -> NeedItem:
        assert row.id is not None
        return cls(
            id=to_global_id("NeedItem", row.id),
            description=row.description,
            category=row.category,
            quantity=row.quantity,  # type: ignore[arg-type]
            remaining_quantity=row.remaining_quantity,  # type: ignore[arg-type]
            unit=row.unit,
            unit_value_fen=row.unit_value_fen,  # type: ignore[arg-type]
            need_id=row.need_id,
        )

    @strawberry.field(description="The need this item belongs to.")
    async def need(self, info: Ctx) -> Need | None:
        row = await info.context.loaders.need.load(self.need_id)
        return Need.from_model(row) if row else None


@strawberry.type(description="A school's request for resources.")
class Need(Node):
    row: strawberry.Private[NeedRow]
    title: str = strawberry.field(description="A short title.")
    story: str = strawberry.field(description="Why the school needs it, in the school's words.")
    category: Category = strawberry.field(description="The need's main category.")
    urgency: Urgency = strawberry.field(description="How soon it is needed.")
    deadline: date = strawberry.field(description="The date by which it is needed.")
    beneficiaries: int = strawberry.field(description="How many students it serves.")
    status: NeedStatus = strawberry.field(description="Where the need is in its life cycle.")
    total_value_fen: BigInt = strawberry.field(description="The value of all items, in fen.")
    region_code: str = strawberry.field(description="The code of the school's county.")
    created_at: datetime = strawberry.field(description="When it was posted.")
    updated_at: datetime = strawberry.field(description="When it last changed.")

    @classmethod
    def from_model(cls, row: NeedRow) -> Need:
        assert row.id is not None
        return cls(
            row=row,
            id=to_global_id("Need", row.id),
            title=row.title,
            story=row.story,
            category=row.category,
            urgency=row.urgency,
            deadline=row.deadline,
            beneficiaries=row.beneficiaries,
            status=row.status,
            total_value_fen=row.total_value_fen,  # type: ignore[arg-type]
            region_code=row.region_code,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @strawberry.field(description="The school that posted it.")
    async def school(self, info: Ctx) -> School | None:
        return await load_school(info, self.row.school_id)

    @strawberry.field(description="The school's county.")
    def region(self, info: Ctx) -> Region | None:
        return load_region(info, self.region_code)

    @strawberry.field(description="The items, in the order the school listed them.")
    async def items(self, info: Ctx) -> list[NeedItem]:
        assert self.row.id is not None
        rows = await info.context.loaders.need_items.load(self.row.id)
        return [NeedItem.from_model(item) for item in rows or []]


@strawberry.type(description="An offer by a party, with the restrictions it comes with.")
class Pledge(Node):
    row: strawberry.Private[PledgeRow]
    kind: PledgeKind = strawberry.field(description="What sort of offer it is.")
    status: PledgeStatus = strawberry.field(description="Where the pledge is in its life cycle.")
    title: str = strawberry.field(description="A short title.")
    description: str = strawberry.field(description="What is offered, in the donor's words.")
    category: Category | None = strawberry.field(description="Category of goods or services.")
    item_name: str | None = strawberry.field(description="The particular item offered, if any.")
    quantity: BigInt = strawberry.field(
        description="How much is offered, in `unit`: fen for money and co-funding (the cap)."
    )
    remaining_quantity: BigInt = strawberry.field(description="How much is not yet committed.")
    unit: str = strawberry.field(description="FEN, an item unit, SESSION, HOUR or STORY.")
    unit_value_fen: BigInt = strawberry.field(description="What one unit is worth, in fen.")
    total_value_fen: BigInt = strawberry.field(description="The value of the whole pledge, in fen.")
    service_radius_km: float | None = strawberry.field(description="How far a service travels.")
    available_from: date | None = strawberry.field(description="First day a service is offered.")
    available_until: date | None = strawberry.field(description="Last day a service is offered.")
    valid_until: date | None = strawberry.field(description="After this day the pledge expires.")
    per_school_cap: BigInt | None = strawberry.field(description="At most this much to one school.")
    restrict_region_codes: list[str] = strawberry.field(
        description="Only schools within these regions; empty means anywhere."
    )
    restrict_categories: list[Category] = strawberry.field(
        description="Only needs of these categories; empty means any."
    )
    co_funding_ratio_percent: int | None = strawberry.field(
        description="Co-funding: how many fen it adds per 100 fen of the money it matches."
    )
    co_funding_party_kinds: list[PartyKind] = strawberry.field(
        description="Co-funding: whose money it matches; empty means anyone's."
    )
    region_code: str = strawberry.field(description="The pledging party's region code.")
    created_at: datetime = strawberry.field(description="When it was posted.")

    @classmethod
    def from_model(cls, row: PledgeRow) -> Pledge:
        assert row.id is not None
        return cls(
            row=row,
            id=to_global_id("Pledge", row.id),
            kind=row.kind,
            status=row.status,
            title=row.title,
            description=row.description,
            category=row.category,
            item_name=row.item_name,
            quantity=row.quantity,  # type: ignore[arg-type]
            remaining_quantity=row.remaining_quantity,  # type: ignore[arg-type]
            unit=row.unit,
            unit_value_fen=row.unit_value_fen,  # type: ignore[arg-type]
            total_value_fen=row.total_value_fen,  # type: ignore[arg-type]
            service_radius_km=row.service_radius_km,
            available_from=row.available_from,
            available_until=row.available_until,
            valid_until=row.valid_until,
            per_school_cap=row.per_school_cap,  # type: ignore[arg-type]
            restrict_region_codes=list(row.restrict_region_codes),
            restrict_categories=[Category(c) for c in row.restrict_categories],
            co_funding_ratio_percent=row.co_funding_ratio_percent,
            co_funding_party_kinds=[PartyKind(k) for k in row.co_funding_party_kinds],
            region_code=row.region_code,
            created_at=row.created_at,
        )

    @strawberry.field(description="The party that pledged.")
    async def party(self, info: Ctx) -> Party | None:
        return await load_party(info, self.row.party_id)

    @strawberry.field(description="The pledging party's region.")
    def region(self, info: Ctx) -> Region | None:
        return load_region(info, self.region_code)

    @strawberry.field(description="What the pledge delivered and schools confirmed receiving.")
    async def fulfilment(self, info: Ctx) -> Annotated[PledgeProgress, _FULFILMENT]:
        from ecosystem.api import fulfilment

        assert self.row.id is not None
        return await fulfilment.pledge_progress(info, self.row.id)

    @strawberry.field(
        description=(
            "The best open need items for what is left of this pledge, best first, from the "
            "engine's incremental path. Only the pledge's own party sees them; empty for others. "
            "One request has them worked out for at most 3 pledges (BAD_USER_INPUT beyond); "
            "live views (subscriptions) do not get them."
        )
    )
    async def suggestions(
        self,
        info: Ctx,
        first: Annotated[int, strawberry.argument(description="How many: 1 to 20.")] = 5,
    ) -> list[NeedSuggestion]:
        count = page_size(MAX_SUGGESTIONS, first)
        subject = info.context.subject
        if subject is None or not subject.has_role(self.row.party_id, *policy.PLEDGE_EDITORS):
            return []
        if info.operation.operation is OperationType.SUBSCRIPTION:
            # A live view would run the engine again at every event, for every socket.
            raise GraphQLError(
                "Suggestions are not sent in live views; ask for them in a query.",
                extensions={"code": "BAD_USER_INPUT", "field": "suggestions"},
            )
        # Each list runs the engine: one request asking for the lists of many pledges (a page
        # of them, or aliases) would hold the server for seconds.
        info.context.suggestion_lists += 1
        if info.context.suggestion_lists > MAX_SUGGESTION_LISTS:
            raise GraphQLError(
                f"Suggestions are worked out for at most {MAX_SUGGESTION_LISTS} pledges a "
                "request; ask for the others' in requests of their own.",
                extensions={
                    "code": "BAD_USER_INPUT",
                    "field": "suggestions",
                    "reason": ErrorCode.TOO_MANY.value,
                    "maximum": str(MAX_SUGGESTION_LISTS),
                },
            )
        async with info.context.db.read() as session:
            found = await suggestions.suggest(
                session, self.row, info.context.settings.today(), count
            )
        return [NeedSuggestion.from_found(s) for s in found]


@strawberry.type(description="Part of a pledge the engine suggests for one need item, and why.")
class NeedSuggestion:
    found: strawberry.Private[suggestions.Suggested]
    pledge_quantity: BigInt = strawberry.field(description="How much of the pledge, in its unit.")
    item_quantity: BigInt = strawberry.field(description="How many units of the item it covers.")
    value_fen: BigInt = strawberry.field(description="The value it carries, in fen.")
    score: int = strawberry.field(description="The matching score.")
    explanation: list[ScoreTerm] = strawberry.field(description="The score, term by term.")

    @classmethod
    def from_found(cls, found: suggestions.Suggested) -> NeedSuggestion:
        return cls(
            found=found,
            pledge_quantity=found.pledge_quantity,  # type: ignore[arg-type]
            item_quantity=found.item_quantity,  # type: ignore[arg-type]
            value_fen=found.value_fen,  # type: ignore[arg-type]
            score=found.terms.total,
            explanation=_score_terms({"terms": named_terms(found.terms)}),
        )

    @strawberry.field(description="The need item.")
    async def need_item(self, info: Ctx) -> NeedItem | None:
        row = await info.context.loaders.need_item.load(self.found.need_item_id)
        return NeedItem.from_model(row) if row else None

    @strawberry.field(description="The need the item belongs to.")
    async def need(self, info: Ctx) -> Need | None:
        row = await info.context.loaders.need.load(self.found.need_id)
        return Need.from_model(row) if row else None


@strawberry.type(description="A role a user holds in a party.")
class Membership:
    row: strawberry.Private[MembershipRow]
    role: Role = strawberry.field(description="What the user may do for the party.")

    @strawberry.field(description="The party.")
    async def party(self, info: Ctx) -> Party | None:
        return await load_party(info, self.row.party_id)


@strawberry.type(description="The logged-in user, with the roles the server has granted them.")
class Viewer:
    id: strawberry.ID = strawberry.field(description="The user's global ID.")
    name: str = strawberry.field(description="The name the identity provider gave.")
    email: str | None = strawberry.field(description="The email the identity provider gave.")
    memberships: list[Membership] = strawberry.field(description="Roles held, by party.")
    jurisdiction_codes: list[str] = strawberry.field(
        description="Region codes the user governs as a government official."
    )

    @strawberry.field(description="The regions the user governs as a government official.")
    def jurisdictions(self, info: Ctx) -> list[Region]:
        regions = [load_region(info, code) for code in self.jurisdiction_codes]
        return [region for region in regions if region is not None]


@strawberry.type(description="A role in a party offered to an email address.")
class Invitation(Node):
    row: strawberry.Private[InvitationRow]
    email: str = strawberry.field(description="Who is invited (lower-cased).")
    role: Role = strawberry.field(description="The role offered.")
    expires_at: datetime = strawberry.field(description="After this the invitation lapses.")
    accepted_at: datetime | None = strawberry.field(description="When it was accepted.")

    @classmethod
    def from_model(cls, row: InvitationRow) -> Invitation:
        assert row.id is not None
        return cls(
            row=row,
            id=to_global_id("Invitation", row.id),
            email=row.email,
            role=row.role,
            expires_at=row.expires_at,
            accepted_at=row.accepted_at,
        )

    @strawberry.field(description="The party the role is in.")
    async def party(self, info: Ctx) -> Party | None:
        return await load_party(info, self.row.party_id)


@strawberry.type(description="One term of a match's score, so a person can read why.")
class ScoreTerm:
    name: str = strawberry.field(description="What the term measures.")
    points: int = strawberry.field(description="Its contribution to the score.")


def _score_terms(explanation: dict[str, object]) -> list[ScoreTerm]:
    """The ``terms`` of a stored explanation (name to points), in name order."""
    terms = explanation.get("terms")
    if not isinstance(terms, dict):
        return []
    return [
        ScoreTerm(name=str(name), points=points)
        for name, points in sorted(terms.items())
        if isinstance(points, int)
    ]


@strawberry.type(description="A quantity of a pledge allocated to a need item.")
class Match(Node):
    row: strawberry.Private[MatchRow]
    status: MatchStatus = strawberry.field(description="Where the match is in its life cycle.")
    origin: MatchOrigin = strawberry.field(description="Who proposed it.")
    pledge_quantity: BigInt = strawberry.field(description="How much of the pledge, in its unit.")
    item_quantity: BigInt = strawberry.field(description="How many units of the item it covers.")
    value_fen: BigInt = strawberry.field(description="The value it carries, in fen.")
    score: int = strawberry.field(description="The matching score (engine proposals).")
    explanation: list[ScoreTerm] = strawberry.field(description="The score, term by term.")
    region_code: str = strawberry.field(description="The school's county code.")
    school_accepted_at: datetime | None = strawberry.field(description="When the school accepted.")
    donor_accepted_at: datetime | None = strawberry.field(description="When the donor accepted.")
    decided_at: datetime | None = strawberry.field(description="When an official decided.")
    reason: str | None = strawberry.field(description="Why it was declined or rejected.")
    created_at: datetime = strawberry.field(description="When it was proposed.")

    @classmethod
    def from_model(cls, row: MatchRow) -> Match:
        assert row.id is not None
        return cls(
            row=row,
            id=to_global_id("Match", row.id),
            status=row.status,
            origin=row.origin,
            pledge_quantity=row.pledge_quantity,  # type: ignore[arg-type]
            item_quantity=row.item_quantity,  # type: ignore[arg-type]
            value_fen=row.value_fen,  # type: ignore[arg-type]
            score=row.score,
            explanation=_score_terms(row.explanation),
            region_code=row.region_code,
            school_accepted_at=row.school_accepted_at,
            donor_accepted_at=row.donor_accepted_at,
            decided_at=row.decided_at,
            reason=row.reason,
            created_at=row.created_at,
        )

    @strawberry.field(description="The pledge it draws on.")
    async def pledge(self, info: Ctx) -> Pledge | None:
        row = await info.context.loaders.pledge.load(self.row.pledge_id)
        return Pledge.from_model(row) if row else None

    @strawberry.field(description="The need item it covers.")
    async def need_item(self, info: Ctx) -> NeedItem | None:
        row = await info.context.loaders.need_item.load(self.row.need_item_id)
        return NeedItem.from_model(row) if row else None

    @strawberry.field(description="The need the item belongs to.")
    async def need(self, info: Ctx) -> Need | None:
        row = await info.context.loaders.need.load(self.row.need_id)
        return Need.from_model(row) if row else None

    @strawberry.field(description="The school.")
    async def school(self, info: Ctx) -> School | None:
        return await load_school(info, self.row.school_id)

    @strawberry.field(description="The donor party.")
    async def donor(self, info: Ctx) -> Party | None:
        return await load_party(info, self.row.donor_id)

    @strawberry.field(description="How much was delivered and received; zeros before delivery.")
    async def fulfilment(self, info: Ctx) -> Annotated[MatchProgress, _FULFILMENT]:
        from ecosystem.api import fulfilment

        return await fulfilment.match_progress(info, self.row)

    @strawberry.field(description="The deliveries the donor recorded, oldest first.")
    async def deliveries(self, info: Ctx) -> list[Annotated[Delivery, _FULFILMENT]]:
        from ecosystem.api import fulfilment

        return await fulfilment.match_deliveries(info, self.row)

    @strawberry.field(description="The school's receipts and problem reports, oldest first.")
    async def receipts(self, info: Ctx) -> list[Annotated[Receipt, _FULFILMENT]]:
        from ecosystem.api import fulfilment

        return await fulfilment.match_receipts(info, self.row)
