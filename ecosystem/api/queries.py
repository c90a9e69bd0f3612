"""Queries: read the arguments, call one service function, shape the result."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any

import strawberry

from ecosystem.access import policy
from ecosystem.api.relay import (
    NODE_LOADERS,
    Connection,
    Node,
    decode_id,
    from_global_id,
    node_loader,
    page_size,
    to_connection,
    to_global_id,
)
from ecosystem.api.types import (
    Ctx,
    Invitation,
    Match,
    Membership,
    Need,
    NeedItem,
    Party,
    Pledge,
    Region,
    School,
    Viewer,
    load_party,
    load_region,
    load_school,
)
from ecosystem.catalogue import Category
from ecosystem.database import row_id
from ecosystem.matches import service as match_service
from ecosystem.matches.models import MatchStatus
from ecosystem.members import service as members
from ecosystem.needs import service as need_service
from ecosystem.needs.models import NeedStatus, Urgency
from ecosystem.parties import service as party_service
from ecosystem.parties.models import Membership as MembershipRow
from ecosystem.parties.models import PartyKind, User
from ecosystem.pledges import service as pledge_service
from ecosystem.pledges.models import PledgeKind, PledgeStatus
from ecosystem.regions import service as region_service

strawberry.enum(party_service.SchoolOrder, name="SchoolOrder", description="How to order schools.")
strawberry.enum(need_service.NeedOrder, name="NeedOrder", description="How to order needs.")
strawberry.enum(pledge_service.PledgeOrder, name="PledgeOrder", description="How to order pledges.")

FIRST_DOC = "How many to return: 1 to 100."
AFTER_DOC = "Continue after this cursor (a page's `endCursor`)."


def _page_size(info: Ctx, first: int) -> int:
    return page_size(info.context.settings.graphql_max_page_size, first)


def _optional_id(global_id: strawberry.ID | None, field: str, *type_names: str) -> int | None:
    """The key of a filter's ID, or a field error naming it (``filter.schoolId``)."""
    if global_id is None:
        return None
    return decode_id(global_id, f"filter.{field}", *type_names)


@strawberry.input(description="Which schools to list.")
class SchoolFilter:
    region_code: str | None = strawberry.field(default=None, description="Region code prefix.")
    hope_school: bool | None = strawberry.field(
        default=None, description="Only Hope schools, or none."
    )
    text: str | None = strawberry.field(default=None, description="Text in the school's name.")


@strawberry.input(description="Which parties to list.")
class PartyFilter:
    region_code: str | None = strawberry.field(default=None, description="Region code prefix.")
    kind: PartyKind | None = strawberry.field(default=None, description="Only this kind.")
    verified: bool | None = strawberry.field(
        default=None, description="Only parties an official has verified (true) or not (false)."
    )
    text: str | None = strawberry.field(default=None, description="Text in the party's name.")


@strawberry.input(description="Which needs to list.")
class NeedFilter:
    region_code: str | None = strawberry.field(default=None, description="Region code prefix.")
    category: Category | None = strawberry.field(default=None, description="Only this category.")
    status: list[NeedStatus] | None = strawberry.field(
        default=None, description="Only these statuses."
    )
    urgency: Urgency | None = strawberry.field(default=None, description="Only this urgency.")
    school_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this school's."
    )
    text: str | None = strawberry.field(default=None, description="Text in the title.")


@strawberry.input(description="Which matches to list.")
class MatchFilter:
    status: list[MatchStatus] | None = strawberry.field(default=None, description="Only these.")
    region_code: str | None = strawberry.field(default=None, description="School region prefix.")
    pledge_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this pledge's."
    )
    need_id: strawberry.ID | None = strawberry.field(default=None, description="Only this need's.")
    school_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this school's (a School ID)."
    )
    donor_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this donor party's (a Party ID)."
    )


@strawberry.input(description="Which pledges to list.")
class PledgeFilter:
    region_code: str | None = strawberry.field(
        default=None, description="Region code prefix of the party."
    )
    kind: PledgeKind | None = strawberry.field(default=None, description="Only this kind.")
    party_kind: PartyKind | None = strawberry.field(
        default=None, description="Only parties of this kind."
    )
    party_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this party's."
    )
    category: Category | None = strawberry.field(default=None, description="Only this category.")
    status: list[PledgeStatus] | None = strawberry.field(
        default=None, description="Only these statuses."
    )
    text: str | None = strawberry.field(default=None, description="Text in the title.")


async def _read(info: Ctx, run: Callable[[Any], Awaitable[Any]]) -> Any:
    async with info.context.db.read() as session:
        return await run(session)


@node_loader("Region")
async def _region_node(info: Ctx, key: str) -> Node | None:
    return load_region(info, key)


@node_loader("Party")
async def _party_node(info: Ctx, key: str) -> Node | None:
    return await load_party(info, int(key))


@node_loader("School")
async def _school_node(info: Ctx, key: str) -> Node | None:
    return await load_school(info, int(key))


@node_loader("Need")
async def _need_node(info: Ctx, key: str) -> Node | None:
    row = await info.context.loaders.need.load(int(key))
    return Need.from_model(row) if row else None


@node_loader("NeedItem")
async def _need_item_node(info: Ctx, key: str) -> Node | None:
    row = await info.context.loaders.need_item.load(int(key))
    # An item is visible exactly when its need is.
    if row is None or await info.context.loaders.need.load(row.need_id) is None:
        return None
    return NeedItem.from_model(row)


@node_loader("Match")
async def _match_node(info: Ctx, key: str) -> Node | None:
    row = await info.context.loaders.match.load(int(key))
    return Match.from_model(row) if row else None


@node_loader("Pledge")
async def _pledge_node(info: Ctx, key: str) -> Node | None:
    row = await info.context.loaders.pledge.load(int(key))
    return Pledge.from_model(row) if row else None


@node_loader("Invitation")
async def _invitation_node(info: Ctx, key: str) -> Node | None:
    subject = info.context.subject
    row = await _read(info, lambda s: members.visible_invitation(s, subject, int(key)))
    return Invitation.from_model(row) if row else None


async def _viewer_rows(session: Any, user_id: int) -> tuple[User, Sequence[MembershipRow]]:
    user = await session.get(User, user_id)
    return user, await members.memberships_of(session, user_id)


@strawberry.type
class Query:
    @strawberry.field(description="Any object by its global ID; null if there is none you may see.")
    async def node(self, info: Ctx, id: strawberry.ID) -> Node | None:
        try:
            type_name, key = from_global_id(id)
        except ValueError:
            return None
        load = NODE_LOADERS.get(type_name)
        if load is None or (type_name != "Region" and row_id(key) is None):
            return None
        return await load(info, key)

    @strawberry.field(description="The logged-in user, their memberships and jurisdictions.")
    async def me(self, info: Ctx) -> Viewer | None:
        subject = info.context.subject
        if subject is None:
            return None
        user, rows = await _read(info, lambda s: _viewer_rows(s, subject.user_id))
        return Viewer(
            id=to_global_id("User", subject.user_id),
            name=user.name,
            email=user.email,
            memberships=[Membership(row=row, role=row.role) for row in rows],
            jurisdiction_codes=list(policy.jurisdictions(subject)),
        )

    @strawberry.field(description="The provinces, or the divisions directly under `parentCode`.")
    async def regions(self, info: Ctx, parent_code: str | None = None) -> list[Region]:
        rows = await _read(info, lambda s: region_service.list_regions(s, parent_code))
        return [Region.from_model(row) for row in rows]

    @strawberry.field(description="Parties of every kind, by name; contact details as on Party.")
    async def parties(
        self,
        info: Ctx,
        first: Annotated[int, strawberry.argument(description=FIRST_DOC)] = 20,
        after: Annotated[str | None, strawberry.argument(description=AFTER_DOC)] = None,
        filter: PartyFilter | None = None,
    ) -> Connection[Party]:
        f = filter or PartyFilter()
        filters = party_service.PartyFilter(
            region_code=f.region_code, kind=f.kind, verified=f.verified, text=f.text
        )
        size = _page_size(info, first)
        page = await _read(
            info, lambda s: party_service.list_parties(s, filters, first=size, after=after)
        )
        return to_connection(page, Party.from_model)

    @strawberry.field(description="Schools, filtered and ordered.")
    async def schools(
        self,
        info: Ctx,
        first: Annotated[int, strawberry.argument(description=FIRST_DOC)] = 20,
        after: Annotated[str | None, strawberry.argument(description=AFTER_DOC)] = None,
        filter: SchoolFilter | None = None,
        order_by: party_service.SchoolOrder = party_service.SchoolOrder.NAME,
    ) -> Connection[School]:
        f = filter or SchoolFilter()
        filters = party_service.SchoolFilter(
            region_code=f.region_code, hope_school=f.hope_school, text=f.text
        )
        size = _page_size(info, first)

        async def run(session: Any) -> tuple[Any, dict[int, Any]]:
            page = await party_service.list_schools(
                session, filters, order_by, first=size, after=after
            )
            ids = [row.id for row in page.rows if row.id is not None]
            return page, await party_service.school_profiles_by_party(session, ids)

        page, profiles = await _read(info, run)
        return to_connection(page, lambda row: School.from_model(row, profiles.get(row.id)))

    @strawberry.field(description="Needs you may see, filtered and ordered.")
    async def needs(
        self,
        info: Ctx,
        first: Annotated[int, strawberry.argument(description=FIRST_DOC)] = 20,
        after: Annotated[str | None, strawberry.argument(description=AFTER_DOC)] = None,
        filter: NeedFilter | None = None,
        order_by: need_service.NeedOrder = need_service.NeedOrder.NEWEST,
    ) -> Connection[Need]:
        f = filter or NeedFilter()
        filters = need_service.NeedFilter(
            region_code=f.region_code,
            category=f.category,
            statuses=tuple(f.status or ()),
            urgency=f.urgency,
            school_id=_optional_id(f.school_id, "schoolId", "School", "Party"),
            text=f.text,
        )
        size = _page_size(info, first)
        subject = info.context.subject
        page = await _read(
            info,
            lambda s: need_service.list_needs(
                s, subject, filters, order_by, first=size, after=after
            ),
        )
        return to_connection(page, Need.from_model)

    @strawberry.field(description="Pledges, filtered and ordered.")
    async def pledges(
        self,
        info: Ctx,
        first: Annotated[int, strawberry.argument(description=FIRST_DOC)] = 20,
        after: Annotated[str | None, strawberry.argument(description=AFTER_DOC)] = None,
        filter: PledgeFilter | None = None,
        order_by: pledge_service.PledgeOrder = pledge_service.PledgeOrder.NEWEST,
    ) -> Connection[Pledge]:
        f = filter or PledgeFilter()
        filters = pledge_service.PledgeFilter(
            region_code=f.region_code,
            kind=f.kind,
            party_kind=f.party_kind,
            party_id=_optional_id(f.party_id, "partyId", "Party"),
            category=f.category,
            statuses=tuple(f.status or ()),
            text=f.text,
        )
        size = _page_size(info, first)
        page = await _read(
            info,
            lambda s: pledge_service.list_pledges(s, filters, order_by, first=size, after=after),
        )
        return to_connection(page, Pledge.from_model)

    @strawberry.field(
        description=(
            "Matches you may see, newest first: approved ones are public; proposals are seen by "
            "their school, their donor, the officials over the school and platform admins."
        )
    )
    async def matches(
        self,
        info: Ctx,
        first: Annotated[int, strawberry.argument(description=FIRST_DOC)] = 20,
        after: Annotated[str | None, strawberry.argument(description=AFTER_DOC)] = None,
        filter: MatchFilter | None = None,
    ) -> Connection[Match]:
        f = filter or MatchFilter()
        filters = match_service.MatchFilter(
            statuses=tuple(f.status or ()),
            region_code=f.region_code,
            pledge_id=_optional_id(f.pledge_id, "pledgeId", "Pledge"),
            need_id=_optional_id(f.need_id, "needId", "Need"),
            school_id=_optional_id(f.school_id, "schoolId", "School", "Party"),
            donor_id=_optional_id(f.donor_id, "donorId", "Party"),
        )
        size = _page_size(info, first)
        subject = info.context.subject
        page = await _read(
            info,
            lambda s: match_service.list_matches(s, subject, filters, first=size, after=after),
        )
        return to_connection(page, Match.from_model)
