"""The rules of events and webhooks: who sees which live event, who manages a party's webhooks,
and the party's delivery log. Never commits."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, false, func, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped
from sqlmodel import col

from ecosystem.access import policy
from ecosystem.access.subject import Grant, Subject
from ecosystem.database import utcnow
from ecosystem.errors import DomainError, ErrorCode, Forbidden
from ecosystem.events.envelope import Event
from ecosystem.events.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from ecosystem.events.sealing import seal
from ecosystem.events.webhooks import check_url
from ecosystem.fulfilment.models import DeliveryStatus as FulfilmentDeliveryStatus
from ecosystem.fulfilment.models import ReceiptKind, StoryStatus
from ecosystem.matches.models import MatchStatus
from ecosystem.needs.models import NeedStatus
from ecosystem.pagination import Ordering, Page, keyset_page
from ecosystem.parties.models import Party, PartyKind, Role
from ecosystem.pledges.models import PledgeStatus
from ecosystem.validation import InputChecks

# Who administers a party's webhooks: the same roles that administer the party.
WEBHOOK_ADMINS = (Role.PRINCIPAL, Role.DONOR_ADMIN, Role.GOV_OFFICIAL)
MAX_WEBHOOKS_PER_PARTY = 10
MAX_EVENT_TYPES = 30
STATUSES_BY_ENTITY: dict[str, frozenset[str]] = {
    "need": frozenset(s.value for s in NeedStatus),
    "pledge": frozenset(s.value for s in PledgeStatus),
    "match": frozenset(s.value for s in MatchStatus),
    # Fulfilment records: a delivery recorded, a receipt confirmed or a problem reported.
    "delivery": frozenset(s.value for s in FulfilmentDeliveryStatus),
    "receipt": frozenset(s.value for s in ReceiptKind),
    # A media party's stories: published, and retracted.
    "story": frozenset(s.value for s in StoryStatus),
}
# Once approved, a match is part of the public record (as in ecosystem.matches.service).
PUBLIC_MATCH_STATUSES = frozenset(
    s.value
    for s in (
        MatchStatus.APPROVED,
        MatchStatus.IN_DELIVERY,
        MatchStatus.DELIVERED,
        MatchStatus.CONFIRMED,
    )
)
DELIVERY_NEWEST = Ordering(
    "delivery-newest", col(WebhookDelivery.created_at), datetime, descending=True
)
_NOT_YOURS = (
    "Only an admin of the party (of a government, an official), or of the platform, may manage "
    "its webhooks."
)


def sees_match_event(subject: Subject | None, event: Event) -> bool:
    """As the ``matches`` query: approved matches are public; proposals are seen by their
    school, their donor, the officials over the school and platform admins."""
    if event.to_status in PUBLIC_MATCH_STATUSES:
        return True
    if subject is None:
        return False
    if subject.is_platform_admin or policy.governs(subject, event.region_code):
        return True
    roles = (*policy.SCHOOL_EDITORS, *policy.PLEDGE_EDITORS)
    return any(subject.has_role(party_id, *roles) for party_id in event.party_ids)


def _manages_webhooks(grant: Grant) -> bool:
    """A government's webhooks carry what happens in its jurisdiction, proposals too, which
    only officials see: its officials manage them, not its donor admins."""
    if grant.party_kind is PartyKind.GOVERNMENT:
        return grant.role is Role.GOV_OFFICIAL
    return grant.role in WEBHOOK_ADMINS


def _ensure_manages_webhooks(subject: Subject | None, party_id: int) -> Subject:
    acting = policy.require_subject(subject)
    if not (
        acting.is_platform_admin
        or any(g.party_id == party_id and _manages_webhooks(g) for g in acting.grants)
    ):
        raise Forbidden(_NOT_YOURS)
    return acting


def _managed_parties(subject: Subject | None, party_id: Mapped[int]) -> ColumnElement[bool]:
    """Rows whose ``party_id`` is of a party the subject administers (any, for platform
    admins): who sees a party's webhooks and their delivery log."""
    if subject is None:
        return false()
    if subject.is_platform_admin:
        return true()
    parties = [g.party_id for g in subject.grants if _manages_webhooks(g)]
    return party_id.in_(parties) if parties else false()


def check_event_types(values: Sequence[str]) -> list[str]:
    """Known event types (``match.APPROVED``), an entity's wildcard (``match.*``) or ``*``."""
    checks = InputChecks()
    checks.list_length("eventTypes", values, minimum=1, maximum=MAX_EVENT_TYPES)
    cleaned: list[str] = []
    for k, value in enumerate(values[:MAX_EVENT_TYPES]):
        name = value.strip()
        entity, dot, status = name.partition(".")
        known = name == "*" or (
            dot == "."
            and entity in STATUSES_BY_ENTITY
            and (status == "*" or status in STATUSES_BY_ENTITY[entity])
        )
        if not known:
            checks.fail(
                f"eventTypes.{k}",
                ErrorCode.INVALID,
                f"{value!r} is not an event type: use entity.STATUS (need, pledge, match, "
                "delivery, receipt or story), entity.* or *.",
            )
        elif name not in cleaned:
            cleaned.append(name)
    checks.raise_if_any()
    return cleaned


async def register_webhook(
    session: AsyncSession,
    subject: Subject | None,
    *,
    party_id: int,
    url: str,
    event_types: Sequence[str],
    allow_private_addresses: bool,
    secret_key: str,
) -> tuple[WebhookSubscription, str]:
    """A party's admin registers a URL for some event types: the new webhook and the secret
    its deliveries are signed with (show it once; it is stored sealed with ``secret_key``)."""
    acting = _ensure_manages_webhooks(subject, party_id)
    # The party's row, held until commit: two registrations for one party take turns, so
    # neither misses the other in the checks below.
    party = await session.get(Party, party_id, with_for_update=True)
    if party is None:
        raise Forbidden(_NOT_YOURS)
    cleaned_url = check_url(url, allow_private=allow_private_addresses)
    types = check_event_types(event_types)
    same = await session.scalar(
        select(col(WebhookSubscription.id)).where(
            col(WebhookSubscription.party_id) == party_id,
            col(WebhookSubscription.active).is_(True),
            col(WebhookSubscription.url) == cleaned_url,
        )
    )
    if same is not None:
        # A retry after a lost answer used to register a second webhook, and every event
        # then reached the partner twice.
        raise DomainError(
            ErrorCode.INVALID,
            "This party already has a webhook at this URL; change its event types by deleting "
            "it and registering the URL again (a new secret comes with it).",
            "url",
        )
    active = await session.scalar(
        select(func.count())
        .select_from(WebhookSubscription)
        .where(
            col(WebhookSubscription.party_id) == party_id,
            col(WebhookSubscription.active).is_(True),
        )
    )
    if (active or 0) >= MAX_WEBHOOKS_PER_PARTY:
        raise DomainError(
            ErrorCode.TOO_MANY,
            f"A party may have at most {MAX_WEBHOOKS_PER_PARTY} webhooks.",
            maximum=str(MAX_WEBHOOKS_PER_PARTY),
        )
    secret = "whsec_" + secrets.token_urlsafe(32)
    hook = WebhookSubscription(
        party_id=party_id,
        url=cleaned_url,
        secret=seal(secret, secret_key),
        event_types=types,
        created_by_user_id=acting.user_id,
    )
    session.add(hook)
    await session.flush()
    return hook, secret


async def _hook_for(
    session: AsyncSession, subject: Subject | None, hook_id: int
) -> WebhookSubscription:
    hook = await session.get(WebhookSubscription, hook_id)
    if hook is None:
        policy.require_subject(subject)
        raise Forbidden(_NOT_YOURS)
    _ensure_manages_webhooks(subject, hook.party_id)
    return hook


async def delete_webhook(
    session: AsyncSession, subject: Subject | None, hook_id: int
) -> WebhookSubscription:
    """Stop a webhook: it gets no new deliveries and its pending ones are dead. Its log stays."""
    hook = await _hook_for(session, subject, hook_id)
    if not hook.active:
        raise DomainError(ErrorCode.STALE, "The webhook is already deleted.", "id")
    now = utcnow()
    hook.active, hook.deleted_at = False, now
    session.add(hook)
    await session.execute(
        update(WebhookDelivery)
        .where(
            col(WebhookDelivery.subscription_id) == hook_id,
            col(WebhookDelivery.status) == DeliveryStatus.PENDING,
        )
        .values(
            status=DeliveryStatus.DEAD,
            next_attempt_at=None,
            last_error="The webhook was deleted.",
            updated_at=now,
        )
    )
    await session.flush()
    return hook


async def replay_delivery(
    session: AsyncSession, subject: Subject | None, delivery_id: int
) -> WebhookDelivery:
    """Send a delivery's event again, as a new delivery due now (same event id)."""
    original = await session.get(WebhookDelivery, delivery_id)
    if original is None:
        policy.require_subject(subject)
        raise Forbidden(_NOT_YOURS)
    hook = await _hook_for(session, subject, original.subscription_id)
    if not hook.active:
        raise DomainError(ErrorCode.STALE, "The webhook was deleted; register it again.", "id")
    replay = WebhookDelivery(
        outbox_event_id=original.outbox_event_id,
        subscription_id=original.subscription_id,
        party_id=original.party_id,
        replay_of_id=original.id,
    )
    session.add(replay)
    await session.flush()
    return replay


async def list_webhooks(
    session: AsyncSession, subject: Subject | None, party_id: int | None
) -> Sequence[WebhookSubscription]:
    """The active webhooks of the parties the subject administers."""
    acting = policy.require_subject(subject)
    statement = select(WebhookSubscription).where(
        col(WebhookSubscription.active).is_(True),
        _managed_parties(acting, col(WebhookSubscription.party_id)),
    )
    if party_id is not None:
        statement = statement.where(col(WebhookSubscription.party_id) == party_id)
    return (await session.scalars(statement.order_by(col(WebhookSubscription.id)))).all()


async def list_deliveries(
    session: AsyncSession,
    subject: Subject | None,
    *,
    party_id: int | None,
    statuses: Sequence[DeliveryStatus],
    first: int,
    after: str | None,
) -> Page[WebhookDelivery]:
    """The delivery log of the parties the subject administers, newest first."""
    acting = policy.require_subject(subject)
    statement = select(WebhookDelivery).where(
        _managed_parties(acting, col(WebhookDelivery.party_id))
    )
    if party_id is not None:
        statement = statement.where(col(WebhookDelivery.party_id) == party_id)
    if statuses:
        statement = statement.where(col(WebhookDelivery.status).in_(list(statuses)))
    return await keyset_page(
        session, statement, DELIVERY_NEWEST, col(WebhookDelivery.id), first=first, after=after
    )


async def visible_webhook(
    session: AsyncSession, subject: Subject | None, hook_id: int
) -> WebhookSubscription | None:
    """A webhook, deleted or not, if the subject administers its party (as ``list_webhooks``)."""
    return await session.scalar(
        select(WebhookSubscription).where(
            col(WebhookSubscription.id) == hook_id,
            _managed_parties(subject, col(WebhookSubscription.party_id)),
        )
    )


async def visible_delivery(
    session: AsyncSession, subject: Subject | None, delivery_id: int
) -> WebhookDelivery | None:
    """A delivery of the log, if the subject administers its party (as ``list_deliveries``)."""
    return await session.scalar(
        select(WebhookDelivery).where(
            col(WebhookDelivery.id) == delivery_id,
            _managed_parties(subject, col(WebhookDelivery.party_id)),
        )
    )
