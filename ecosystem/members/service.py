"""Invitations and logins: roles come from these server-side records, never from a client."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from ecosystem.access import policy
from ecosystem.access.subject import Subject
from ecosystem.database import utcnow
from ecosystem.errors import DomainError, ErrorCode
from ecosystem.members.models import Invitation
from ecosystem.parties import service as parties
from ecosystem.parties.models import Membership, Party, Role, User
from ecosystem.settings import Settings

INVITATION_LIFETIME = timedelta(days=30)
# The characters an address may hold (letters of any script, digits, RFC 5322's symbols in the
# local part, hyphens in domain labels), so "<b>x</b>@example.com" is no address.
_EMAIL = re.compile(r"^[\w.!#$%&'*+/=?^`{|}~-]{1,64}@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}$")


def normalise_email(email: str, field: str = "email") -> str:
    """The address lower-cased and trimmed; a field error when it is not an email address."""
    cleaned = email.strip().lower()
    printable = all(c.isprintable() for c in cleaned)  # no control or zero-width characters
    if len(cleaned) > 254 or not printable or not _EMAIL.match(cleaned):
        raise DomainError(ErrorCode.INVALID, f"{email!r} is not an email address.", field)
    return cleaned


async def invite(
    session: AsyncSession,
    subject: Subject | None,
    *,
    email: str,
    party_id: int,
    role: Role,
    trusted_operator: bool = False,
) -> Invitation:
    """Offer ``role`` in a party to ``email``; asked again while the invitation is open, that
    invitation. ``trusted_operator`` is the CLI on the server."""
    address = await _invitable(session, subject, email, party_id, role, trusted_operator)
    now = utcnow()
    existing = await _open_invitation(session, address, party_id, role, now)
    if existing is not None:
        return existing
    return await _new_invitation(session, subject, address, party_id, role, now)


class InvitationOutcome(StrEnum):
    """What the operator's invitation did."""

    INVITED = "INVITED"
    RENEWED = "RENEWED"
    ALREADY_MEMBER = "ALREADY_MEMBER"


async def invite_as_operator(
    session: AsyncSession, *, email: str, party_id: int, role: Role
) -> tuple[Invitation, InvitationOutcome]:
    """The platform operator's invitation (``ecosystem invite``): for an email that accepted
    this role in the party and still holds it, that invitation, untouched; one still open is
    renewed for another INVITATION_LIFETIME; else a new one."""
    address = await _invitable(session, None, email, party_id, role, trusted_operator=True)
    accepted = await session.scalar(
        select(Invitation)
        .join(
            Membership,
            (col(Membership.user_id) == col(Invitation.accepted_by_user_id))
            & (col(Membership.party_id) == col(Invitation.party_id))
            & (col(Membership.role) == col(Invitation.role)),
        )
        .where(
            col(Invitation.email) == address,
            col(Invitation.party_id) == party_id,
            col(Invitation.role) == role,
        )
        .limit(1)
    )
    if accepted is not None:
        return accepted, InvitationOutcome.ALREADY_MEMBER
    now = utcnow()
    existing = await _open_invitation(session, address, party_id, role, now)
    if existing is not None:
        existing.expires_at = now + INVITATION_LIFETIME
        session.add(existing)
        await session.flush()
        return existing, InvitationOutcome.RENEWED
    invitation = await _new_invitation(session, None, address, party_id, role, now)
    return invitation, InvitationOutcome.INVITED


async def _invitable(
    session: AsyncSession,
    subject: Subject | None,
    email: str,
    party_id: int,
    role: Role,
    trusted_operator: bool,
) -> str:
    """The normalised address, if the subject may offer the role in the party and the party
    can hold it; a DomainError saying why not otherwise."""
    party = await session.get(Party, party_id)
    # To the party's admins a role the party cannot hold is said as such, before whether they
    # may invite to it (a principal asking for a donor admin of the school).
    fits = party is None or role in policy.roles_for_party(party.kind)
    said_unfit = (
        party is not None
        and not fits
        and role is not Role.PLATFORM_ADMIN
        and policy.administers(subject, party)
    )
    if not trusted_operator and not said_unfit:
        policy.ensure_can_invite(subject, party, role)
    if party is None:
        raise DomainError(ErrorCode.NOT_FOUND, f"There is no party {party_id}.", "partyId")
    if not fits:
        allowed = tuple(r.value for r in policy.roles_for_party(party.kind))
        raise DomainError(
            ErrorCode.INVALID,
            f"A {party.kind.value} party has no {role.value} role; "
            f"use one of {', '.join(allowed)}.",
            "role",
            allowed=allowed,
        )
    return normalise_email(email)


async def _open_invitation(
    session: AsyncSession, address: str, party_id: int, role: Role, now: datetime
) -> Invitation | None:
    """The invitation of the address to the role in the party not accepted yet nor expired."""
    return await session.scalar(
        select(Invitation).where(
            col(Invitation.email) == address,
            col(Invitation.party_id) == party_id,
            col(Invitation.role) == role,
            col(Invitation.accepted_at).is_(None),
            col(Invitation.expires_at) > now,
        )
    )


async def _new_invitation(
    session: AsyncSession,
    subject: Subject | None,
    address: str,
    party_id: int,
    role: Role,
    now: datetime,
) -> Invitation:
    invitation = Invitation(
        email=address,
        party_id=party_id,
        role=role,
        invited_by_user_id=subject.user_id if subject else None,
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    session.add(invitation)
    await session.flush()
    return invitation


async def visible_invitation(
    session: AsyncSession, subject: Subject | None, invitation_id: int
) -> Invitation | None:
    """An invitation, if the subject may see it: whoever may make it (``policy.may_invite``)."""
    invitation = await session.get(Invitation, invitation_id)
    if invitation is None:
        return None
    party = await session.get(Party, invitation.party_id)
    return invitation if policy.may_invite(subject, party, invitation.role) else None


@dataclass(frozen=True)
class LoginIdentity:
    """What an identity provider vouched for at login."""

    issuer: str
    subject: str
    name: str
    email: str | None
    email_verified: bool
    embedded: bool = False
    """Vouched for by the embedded provider, whose issuer moves with ``PUBLIC_URL``."""
    other_issuers: tuple[str, ...] = ()
    """The other providers' issuers (see ``parties.ensure_user``)."""


async def record_login(session: AsyncSession, identity: LoginIdentity) -> User:
    """The user for this identity, with every open invitation for a verified email activated."""
    user = await parties.ensure_user(
        session,
        issuer=identity.issuer,
        subject=identity.subject,
        name=identity.name[:200] or identity.subject[:200],
        email=identity.email,
        embedded=identity.embedded,
        other_issuers=identity.other_issuers,
    )
    user.name = identity.name[:200] or user.name
    if identity.email:
        user.email = identity.email[:254]
    session.add(user)
    assert user.id is not None
    if identity.email and identity.email_verified:
        await _accept_invitations(session, user.id, identity.email.strip().lower())
    await session.flush()
    return user


async def _accept_invitations(session: AsyncSession, user_id: int, email: str) -> None:
    now = utcnow()
    open_invitations = await session.scalars(
        select(Invitation)
        .where(
            col(Invitation.email) == email,
            col(Invitation.accepted_at).is_(None),
            col(Invitation.expires_at) > now,
        )
        .with_for_update()
    )
    for invitation in open_invitations:
        await parties.grant_role(
            session, user_id=user_id, party_id=invitation.party_id, role=invitation.role
        )
        invitation.accepted_at = now
        invitation.accepted_by_user_id = user_id
        session.add(invitation)


async def grant_embedded_client(
    session: AsyncSession, settings: Settings, *, client_id: str, party_id: int, role: Role
) -> bool:
    """``grant_api_client`` for a client of the embedded provider: under its issuer at the
    current ``PUBLIC_URL``, taking over the client's user from an earlier address of it."""
    return await grant_api_client(
        session,
        issuer=settings.embedded_issuer,
        client_id=client_id,
        party_id=party_id,
        role=role,
        embedded=True,
        other_issuers=settings.other_issuers,
    )


async def memberships_of(session: AsyncSession, user_id: int) -> Sequence[Membership]:
    rows = await session.scalars(
        select(Membership).where(col(Membership.user_id) == user_id).order_by(col(Membership.id))
    )
    return rows.all()


async def grant_api_client(
    session: AsyncSession,
    *,
    issuer: str,
    client_id: str,
    party_id: int,
    role: Role,
    embedded: bool = False,
    other_issuers: tuple[str, ...] = (),
) -> bool:
    """Let a partner system's client act for a party: its tokens' (issuer, subject) get a role.
    Whether the role is new (False: it held it already).

    Only an operator does this (``ecosystem api-client``); a token never carries its own roles.
    """
    party = await session.get(Party, party_id)
    if party is None:
        raise DomainError(ErrorCode.NOT_FOUND, f"There is no party {party_id}.", "partyId")
    if role not in policy.roles_for_party(party.kind) or role is Role.PLATFORM_ADMIN:
        raise DomainError(ErrorCode.INVALID, f"An API client cannot be {role.value} here.", "role")
    user = await parties.ensure_user(
        session,
        issuer=issuer,
        subject=client_id,
        name=client_id,
        email=None,
        embedded=embedded,
        other_issuers=other_issuers,
    )
    assert user.id is not None
    held = await parties.has_role(session, user_id=user.id, party_id=party_id, role=role)
    await parties.grant_role(session, user_id=user.id, party_id=party_id, role=role)
    return not held
