"""Loading a subject's grants from the membership records."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from ecosystem.access.subject import Grant, Subject
from ecosystem.parties.models import Membership, Party, User


async def load_subject(session: AsyncSession, user_id: int) -> Subject | None:
    """The user with every membership they hold, or None if there is no such user."""
    user = await session.get(User, user_id)
    if user is None or user.id is None:
        return None
    rows = await session.execute(
        select(
            col(Membership.party_id), col(Party.kind), col(Party.region_code), col(Membership.role)
        )
        .join(Party, col(Party.id) == col(Membership.party_id))
        .where(col(Membership.user_id) == user_id)
        .order_by(col(Membership.id))
    )
    grants = tuple(
        Grant(party_id=party_id, party_kind=kind, region_code=region, role=role)
        for party_id, kind, region, role in rows
    )
    return Subject(user_id=user.id, name=user.name, grants=grants)
