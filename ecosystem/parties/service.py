"""Parties, schools, users and memberships: reads for the API, writes for invitations and seeds."""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from ecosystem.access import policy
from ecosystem.access.subject import Subject
from ecosystem.database import row_id, utcnow
from ecosystem.pagination import Ordering, Page, contains_text, keyset_page
from ecosystem.parties.models import Membership, Party, PartyKind, Role, SchoolProfile, User
from ecosystem.regions.service import check_region_prefix, within_region

log = logging.getLogger(__name__)

EMBEDDED_PATH = "/idp"
"""Where the embedded provider lives under ``PUBLIC_URL``: its issuer ends so."""


class SchoolOrder(StrEnum):
    NAME = "NAME"
    NEWEST = "NEWEST"


SCHOOL_ORDERINGS = {
    SchoolOrder.NAME: Ordering("school-name", col(Party.name), str, descending=False),
    SchoolOrder.NEWEST: Ordering("school-newest", col(Party.created_at), datetime, descending=True),
}


@dataclass(frozen=True)
class SchoolFilter:
    region_code: str | None = None
    hope_school: bool | None = None
    text: str | None = None


async def list_schools(
    session: AsyncSession,
    filters: SchoolFilter,
    order: SchoolOrder,
    *,
    first: int,
    after: str | None,
) -> Page[Party]:
    """Schools matching the filters, one keyset page at a time."""
    statement = (
        select(Party)
        .join(SchoolProfile, col(SchoolProfile.party_id) == col(Party.id))
        .where(col(Party.kind) == PartyKind.SCHOOL)
    )
    if filters.region_code:
        prefix = check_region_prefix(filters.region_code, "filter.regionCode")
        statement = statement.where(within_region(col(Party.region_code), prefix))
    if filters.hope_school is not None:
        statement = statement.where(col(SchoolProfile.hope_school) == filters.hope_school)
    if filters.text:
        statement = statement.where(contains_text(col(Party.name), filters.text))
    return await keyset_page(
        session,
        statement,
        SCHOOL_ORDERINGS[order],
        col(Party.id),
        first=first,
        after=after,  # type: ignore[arg-type]
    )


PARTY_BY_NAME = Ordering("party-name", col(Party.name), str, descending=False)


@dataclass(frozen=True)
class PartyFilter:
    region_code: str | None = None
    kind: PartyKind | None = None
    verified: bool | None = None
    text: str | None = None


async def list_parties(
    session: AsyncSession, filters: PartyFilter, *, first: int, after: str | None
) -> Page[Party]:
    """Parties of every kind matching the filters, by name, one keyset page at a time."""
    statement = select(Party)
    if filters.region_code:
        prefix = check_region_prefix(filters.region_code, "filter.regionCode")
        statement = statement.where(within_region(col(Party.region_code), prefix))
    if filters.kind is not None:
        statement = statement.where(col(Party.kind) == filters.kind)
    if filters.verified is not None:
        verified = col(Party.verified_at).is_not(None)
        statement = statement.where(verified if filters.verified else ~verified)
    if filters.text:
        statement = statement.where(contains_text(col(Party.name), filters.text))
    return await keyset_page(
        session, statement, PARTY_BY_NAME, col(Party.id), first=first, after=after
    )


async def parties_by_id(session: AsyncSession, ids: Sequence[int]) -> dict[int, Party]:
    rows = await session.scalars(select(Party).where(col(Party.id).in_(set(ids))))
    return {party.id: party for party in rows if party.id is not None}


async def school_profiles_by_party(
    session: AsyncSession, ids: Sequence[int]
) -> dict[int, SchoolProfile]:
    rows = await session.scalars(
        select(SchoolProfile).where(col(SchoolProfile.party_id).in_(set(ids)))
    )
    return {profile.party_id: profile for profile in rows}


async def create_party(
    session: AsyncSession, party: Party, profile: SchoolProfile | None = None
) -> Party:
    """Add a party (and a school's profile) within the caller's transaction."""
    session.add(party)
    await session.flush()
    if profile is not None:
        assert party.id is not None
        profile.party_id = party.id
        session.add(profile)
        await session.flush()
    return party


async def find_user(session: AsyncSession, *, issuer: str, subject: str) -> User | None:
    """The user for (issuer, subject), if there is one."""
    return await session.scalar(
        select(User).where(col(User.issuer) == issuer, col(User.subject) == subject)
    )


async def ensure_user(
    session: AsyncSession,
    *,
    issuer: str,
    subject: str,
    name: str,
    email: str | None,
    embedded: bool = False,
    other_issuers: Collection[str] = (),
) -> User:
    """The user for (issuer, subject), created on first sight.

    ``embedded``: the issuer is the embedded provider's, ``PUBLIC_URL/idp``, which moves when
    ``PUBLIC_URL`` does while its accounts and clients stay. A user recorded under an earlier
    address of it (the same subject, an issuer ending in ``/idp`` that is none of
    ``other_issuers``, the other providers'; the oldest if several) is this user: it moves to
    the new issuer with its roles, instead of a new user without them.
    """
    user = await find_user(session, issuer=issuer, subject=subject)
    if user is None and embedded:
        # By subject, then the issuer checked here: SQLite's LIKE ignores case.
        earlier = await session.scalars(
            select(User)
            .where(col(User.subject) == subject, col(User.issuer) != issuer)
            .order_by(col(User.id))
            .with_for_update()
        )
        user = next(
            (
                u
                for u in earlier
                if u.issuer.endswith(EMBEDDED_PATH) and u.issuer not in other_issuers
            ),
            None,
        )
        if user is not None:
            log.info(
                "user %s moves with the embedded provider from %s to %s",
                user.id,
                user.issuer,
                issuer,
            )
            user.issuer = issuer
            session.add(user)
            await session.flush()
    if user is None:
        user = User(issuer=issuer, subject=subject, name=name, email=email)
        session.add(user)
        await session.flush()
    return user


async def _membership(
    session: AsyncSession, *, user_id: int, party_id: int, role: Role
) -> Membership | None:
    return await session.scalar(
        select(Membership).where(
            col(Membership.user_id) == user_id,
            col(Membership.party_id) == party_id,
            col(Membership.role) == role,
        )
    )


async def has_role(session: AsyncSession, *, user_id: int, party_id: int, role: Role) -> bool:
    """Whether the user holds the role in the party."""
    return await _membership(session, user_id=user_id, party_id=party_id, role=role) is not None


async def grant_role(
    session: AsyncSession, *, user_id: int, party_id: int, role: Role
) -> Membership:
    """Give a user a role in a party (idempotent)."""
    existing = await _membership(session, user_id=user_id, party_id=party_id, role=role)
    if existing is not None:
        return existing
    membership = Membership(user_id=user_id, party_id=party_id, role=role)
    session.add(membership)
    await session.flush()
    return membership


async def verify_party(session: AsyncSession, subject: Subject | None, party_id: int) -> Party:
    """A government official with jurisdiction vouches for a party (idempotent)."""
    party = await session.get(Party, party_id, with_for_update=True)
    acting = policy.ensure_can_verify(subject, party)
    assert party is not None
    if party.verified_at is None:
        party.verified_at = utcnow()
        party.verified_by_user_id = acting.user_id
        session.add(party)
        await session.flush()
    return party


async def find_party_id(session: AsyncSession, reference: str) -> int:
    """A party by its number or its exact name, for operators at the command line."""
    if reference.isascii() and reference.isdigit():
        number = row_id(reference)
        party = await session.get(Party, number) if number is not None else None
        if party is None or party.id is None:
            raise LookupError(f"There is no party {reference}.")
        return party.id
    found = [
        party.id
        for party in await session.scalars(select(Party).where(col(Party.name) == reference))
        if party.id is not None
    ]
    if len(found) != 1:
        raise LookupError(f"{len(found)} parties are named {reference!r}; give its number.")
    return found[0]


async def schools_by_id(
    session: AsyncSession, ids: Sequence[int]
) -> dict[int, tuple[Party, SchoolProfile | None]]:
    """Schools with their profiles, in one query."""
    rows = await session.execute(
        select(Party, SchoolProfile)
        .outerjoin(SchoolProfile, col(SchoolProfile.party_id) == col(Party.id))
        .where(col(Party.id).in_(set(ids)), col(Party.kind) == PartyKind.SCHOOL)
    )
    return {party.id: (party, profile) for party, profile in rows.tuples() if party.id is not None}
