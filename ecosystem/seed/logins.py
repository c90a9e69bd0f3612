"""Demo logins for the embedded identity provider: one account per demo user, and a partner
system's client. Usable only where the embedded provider runs (never in production by default)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from auth.provider import ClientRegistration, GrantType, ensure_account, ensure_client
from ecosystem.access.identity import WRITE_SCOPE
from ecosystem.members import service as members
from ecosystem.parties.models import Party, PartyKind, Role
from ecosystem.seed.demo import DEMO_PASSWORD, ENTERPRISE_NAME, demo_accounts
from ecosystem.settings import Settings

DEMO_PARTNER_CLIENT = "partner-system"
DEMO_PARTNER_SECRET = "partner-system-demo-secret"


async def seed_demo_logins(session: AsyncSession, settings: Settings) -> int:
    """Create or refresh the demo accounts and the partner client; returns how many accounts."""
    accounts = demo_accounts()
    for account in accounts:
        await ensure_account(session, account.username, DEMO_PASSWORD, account.name, account.email)
    enterprise = await session.scalar(
        select(Party).where(
            col(Party.kind) == PartyKind.ENTERPRISE, col(Party.name) == ENTERPRISE_NAME
        )
    )
    if enterprise is not None and enterprise.id is not None:
        await ensure_client(
            session,
            ClientRegistration(
                DEMO_PARTNER_CLIENT,
                DEMO_PARTNER_SECRET,
                grant_types=[GrantType.CLIENT_CREDENTIALS],
                scopes=[WRITE_SCOPE],
                audience=settings.api_audience,
            ),
        )
        await members.grant_embedded_client(
            session,
            settings,
            client_id=DEMO_PARTNER_CLIENT,
            party_id=enterprise.id,
            role=Role.DONOR_ADMIN,
        )
    return len(accounts)
