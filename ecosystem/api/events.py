"""Events over GraphQL: live match events, and partners' webhooks with their delivery log."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from datetime import datetime
from typing import Annotated, Any, TypeVar

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from ecosystem.access import policy
from ecosystem.api import context as live
from ecosystem.api.errors import UserError, user_errors
from ecosystem.api.relay import (
    Connection,
    Node,
    decode_id,
    node_loader,
    page_size,
    to_connection,
    to_global_id,
)
from ecosystem.api.scalars import BigInt
from ecosystem.api.types import Ctx, Match, Party, load_party
from ecosystem.errors import DomainError, DomainErrors
from ecosystem.events import service as events
from ecosystem.events.envelope import Event
from ecosystem.events.models import DeliveryStatus, OutboxEvent
from ecosystem.events.models import WebhookDelivery as DeliveryRow
from ecosystem.events.models import WebhookSubscription as WebhookRow
from ecosystem.events.relay import live_pattern
from ecosystem.matches import service as matches
from ecosystem.matches.models import MatchStatus
from ecosystem.regions.service import check_region_prefix

log = logging.getLogger(__name__)
T = TypeVar("T")

strawberry.enum(DeliveryStatus, description="Where a webhook delivery is.")


@strawberry.type(description="A match changed status: one event of the outbox, as it happened.")
class MatchEvent:
    match_key: strawberry.Private[int]
    event_id: strawberry.ID = strawberry.field(
        description="The event's id: the same on the stream, in webhooks and on replays."
    )
    type: str = strawberry.field(description="The event type, e.g. `match.APPROVED`.")
    match_id: strawberry.ID = strawberry.field(description="The match's global ID.")
    from_status: MatchStatus | None = strawberry.field(description="The status it left.")
    to_status: MatchStatus = strawberry.field(description="The status it reached.")
    region_code: str = strawberry.field(description="The school's county code.")
    value_fen: BigInt = strawberry.field(description="The value of the match, in fen.")
    quantity: BigInt = strawberry.field(description="Units of the need item it covers.")
    actor_role: str = strawberry.field(
        description="The role the change was made in (GOV_OFFICIAL, ENGINE, ...)."
    )
    at: datetime = strawberry.field(description="When the change happened.")

    @classmethod
    def from_event(cls, event: Event) -> MatchEvent:
        data = event.data
        return cls(
            match_key=int(data["entityId"]),
            event_id=strawberry.ID(event.event_id),
            type=event.type,
            match_id=to_global_id("Match", int(data["entityId"])),
            from_status=MatchStatus(data["fromStatus"]) if data.get("fromStatus") else None,
            to_status=MatchStatus(data["toStatus"]),
            region_code=event.region_code,
            value_fen=data.get("valueFen", 0),
            quantity=data.get("quantity", 0),
            actor_role=str(data.get("actorRole", "")),
            at=datetime.fromisoformat(str(data["at"])),
        )

    @strawberry.field(description="The match as it is now, if you may see it.")
    async def match(self, info: Ctx) -> Match | None:
        async with info.context.db.read() as session:
            found = await matches.visible_matches_by_id(
                session, info.context.subject, [self.match_key]
            )
        row = found.get(self.match_key)
        return Match.from_model(row) if row else None


@strawberry.type(description="A partner system's URL that receives a party's events, signed.")
class Webhook(Node):
    row: strawberry.Private[WebhookRow]
    url: str = strawberry.field(description="Where deliveries are POSTed.")
    event_types: list[str] = strawberry.field(
        description="The event types it receives, such as `match.APPROVED`, `match.*` or `*`."
    )
    active: bool = strawberry.field(description="False once deleted.")
    created_at: datetime = strawberry.field(description="When it was registered.")

    @classmethod
    def from_model(cls, row: WebhookRow) -> Webhook:
        assert row.id is not None
        return cls(
            row=row,
            id=to_global_id("Webhook", row.id),
            url=row.url,
            event_types=list(row.event_types),
            active=row.active,
            created_at=row.created_at,
        )

    @strawberry.field(description="The party whose events it receives.")
    async def party(self, info: Ctx) -> Party | None:
        return await load_party(info, self.row.party_id)


@strawberry.type(description="One event sent, or to be sent, to one webhook.")
class WebhookDelivery(Node):
    event_id: strawberry.ID = strawberry.field(
        description="The event's id, sent as X-Hope-Event-Id: de-duplicate by it."
    )
    event_type: str = strawberry.field(description="The event type.")
    webhook_id: strawberry.ID = strawberry.field(description="The webhook it goes to.")
    status: DeliveryStatus = strawberry.field(description="Where the delivery is.")
    attempt_count: int = strawberry.field(description="Attempts made so far.")
    next_attempt_at: datetime | None = strawberry.field(
        description="When it is attempted next, while PENDING."
    )
    last_attempt_at: datetime | None = strawberry.field(description="When it was last tried.")
    last_response_code: int | None = strawberry.field(
        description="The HTTP status the receiver last answered."
    )
    last_error: str | None = strawberry.field(description="Why the last attempt failed.")
    delivered_at: datetime | None = strawberry.field(description="When it was delivered.")
    replay_of_id: strawberry.ID | None = strawberry.field(
        description="The delivery this one replays, if it is a replay."
    )
    created_at: datetime = strawberry.field(description="When it was created.")

    @classmethod
    def from_model(cls, row: DeliveryRow, event: OutboxEvent) -> WebhookDelivery:
        assert row.id is not None
        return cls(
            id=to_global_id("WebhookDelivery", row.id),
            event_id=strawberry.ID(str(event.event_id)),
            event_type=event.type,
            webhook_id=to_global_id("Webhook", row.subscription_id),
            status=row.status,
            attempt_count=row.attempt_count,
            next_attempt_at=row.next_attempt_at,
            last_attempt_at=row.last_attempt_at,
            last_response_code=row.last_response_code,
            last_error=row.last_error,
            delivered_at=row.delivered_at,
            replay_of_id=(
                to_global_id("WebhookDelivery", row.replay_of_id) if row.replay_of_id else None
            ),
            created_at=row.created_at,
        )


async def _deliveries(session: AsyncSession, rows: Sequence[DeliveryRow]) -> list[WebhookDelivery]:
    """Wrap deliveries with their events, read in one statement."""
    ids = {row.outbox_event_id for row in rows}
    found = await session.scalars(select(OutboxEvent).where(col(OutboxEvent.id).in_(ids)))
    by_id = {event.id: event for event in found}
    return [WebhookDelivery.from_model(row, by_id[row.outbox_event_id]) for row in rows]


@node_loader("Webhook")
async def _webhook_node(info: Ctx, key: str) -> Node | None:
    async with info.context.db.read() as session:
        row = await events.visible_webhook(session, info.context.subject, int(key))
    return Webhook.from_model(row) if row else None


@node_loader("WebhookDelivery")
async def _webhook_delivery_node(info: Ctx, key: str) -> Node | None:
    async with info.context.db.read() as session:
        row = await events.visible_delivery(session, info.context.subject, int(key))
        return (await _deliveries(session, [row]))[0] if row else None


@strawberry.input(description="Register a URL to receive a party's events.")
class RegisterWebhookInput:
    party_id: strawberry.ID = strawberry.field(description="The party (you must administer it).")
    url: str = strawberry.field(description="An http(s) URL; in production, at a public address.")
    event_types: list[str] = strawberry.field(
        description=(
            "1 to 30 event types: `match.APPROVED`, `match.*`, `need.OPEN`, `delivery.RECORDED`, "
            "`receipt.*`, `story.RETRACTED`, or `*` (entities: need, pledge, match, delivery, "
            "receipt, story)."
        )
    )


@strawberry.type(description="The result of registerWebhook.")
class RegisterWebhookPayload:
    webhook: Webhook | None = strawberry.field(description="The webhook, on success.")
    secret: str | None = strawberry.field(
        description=(
            "The secret that signs its deliveries (X-Hope-Signature). Shown this once: "
            "store it now."
        )
    )
    errors: list[UserError] = strawberry.field(description="Why it was not; empty on success.")


@strawberry.input(description="Delete a webhook.")
class DeleteWebhookInput:
    id: strawberry.ID = strawberry.field(description="The webhook.")


@strawberry.type(description="The result of deleteWebhook.")
class WebhookPayload:
    webhook: Webhook | None = strawberry.field(description="The webhook, on success.")
    errors: list[UserError] = strawberry.field(description="Why not; empty on success.")


@strawberry.input(description="Send a delivery's event to its webhook again.")
class ReplayWebhookDeliveryInput:
    id: strawberry.ID = strawberry.field(description="The delivery to replay.")


@strawberry.type(description="The result of replayWebhookDelivery.")
class WebhookDeliveryPayload:
    delivery: WebhookDelivery | None = strawberry.field(
        description="The new delivery, due now, on success."
    )
    errors: list[UserError] = strawberry.field(description="Why not; empty on success.")


async def _write(
    info: Ctx, action: Callable[[AsyncSession], Awaitable[T]]
) -> tuple[T | None, list[UserError]]:
    """One transaction for a writing subject, within its rate limit; business failures are
    returned as payload errors."""
    context = info.context
    subject = policy.require_writer(context.subject)
    await context.limit_mutations(subject)
    try:
        async with context.db.transaction() as session:
            return await action(session), []
    except (DomainError, DomainErrors) as error:
        return None, user_errors(error)


@strawberry.type
class EventQueries:
    @strawberry.field(
        description="The active webhooks of the parties you administer (all, for platform admins)."
    )
    async def webhooks(
        self,
        info: Ctx,
        party_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this party's.")
        ] = None,
    ) -> list[Webhook]:
        party = decode_id(party_id, "partyId", "Party", "School") if party_id else None
        async with info.context.db.read() as session:
            rows = await events.list_webhooks(session, info.context.subject, party)
        return [Webhook.from_model(row) for row in rows]

    @strawberry.field(
        description=(
            "The webhook delivery log of the parties you administer, newest first: each "
            "event sent to each webhook, its attempts and outcome."
        )
    )
    async def webhook_deliveries(
        self,
        info: Ctx,
        first: Annotated[int, strawberry.argument(description="How many: 1 to 100.")] = 20,
        after: Annotated[str | None, strawberry.argument(description="A page's endCursor.")] = None,
        party_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this party's.")
        ] = None,
        status: Annotated[
            DeliveryStatus | None,
            strawberry.argument(description="Only deliveries in this status."),
        ] = None,
    ) -> Connection[WebhookDelivery]:
        size = page_size(info.context.settings.graphql_max_page_size, first)
        party = decode_id(party_id, "partyId", "Party", "School") if party_id else None
        async with info.context.db.read() as session:
            page: Any = await events.list_deliveries(
                session,
                info.context.subject,
                party_id=party,
                statuses=[status] if status else [],
                first=size,
                after=after,
            )
            wrapped = await _deliveries(session, page.rows)
        page.rows = wrapped
        return to_connection(page, lambda item: item)


@strawberry.type
class EventMutations:
    @strawberry.mutation(
        description=(
            "Register a URL that receives the party's events (admins of the party, or of the "
            "platform). The answer carries the signing secret, once."
        )
    )
    async def register_webhook(
        self, info: Ctx, input: RegisterWebhookInput
    ) -> RegisterWebhookPayload:
        allow_private = info.context.settings.webhook_private_addresses_allowed

        async def action(session: AsyncSession) -> tuple[WebhookRow, str]:
            return await events.register_webhook(
                session,
                info.context.subject,
                party_id=decode_id(input.party_id, "partyId", "Party", "School"),
                url=input.url,
                event_types=input.event_types,
                allow_private_addresses=allow_private,
                secret_key=info.context.settings.secret_key,
            )

        made, errors = await _write(info, action)
        if made is None:
            return RegisterWebhookPayload(webhook=None, secret=None, errors=errors)
        row, secret = made
        return RegisterWebhookPayload(webhook=Webhook.from_model(row), secret=secret, errors=[])

    @strawberry.mutation(
        description="Delete a webhook: no new deliveries, pending ones are dead; its log stays."
    )
    async def delete_webhook(self, info: Ctx, input: DeleteWebhookInput) -> WebhookPayload:
        async def action(session: AsyncSession) -> WebhookRow:
            hook_id = decode_id(input.id, "id", "Webhook")
            return await events.delete_webhook(session, info.context.subject, hook_id)

        row, errors = await _write(info, action)
        return WebhookPayload(webhook=Webhook.from_model(row) if row else None, errors=errors)

    @strawberry.mutation(
        description="Send a delivery's event again (same event id), as a new delivery due now."
    )
    async def replay_webhook_delivery(
        self, info: Ctx, input: ReplayWebhookDeliveryInput
    ) -> WebhookDeliveryPayload:
        async def action(session: AsyncSession) -> WebhookDelivery:
            delivery_id = decode_id(input.id, "id", "WebhookDelivery")
            row = await events.replay_delivery(session, info.context.subject, delivery_id)
            return (await _deliveries(session, [row]))[0]

        delivery, errors = await _write(info, action)
        return WebhookDeliveryPayload(delivery=delivery, errors=errors)


@strawberry.type
class EventSubscription:
    @strawberry.subscription(
        description=(
            "Match events in a region (2, 4 or 6 digits), live, as the relay publishes them. "
            "Seen as the matches query is: approvals by anyone; proposals by their school, "
            "their donor, officials over the school and platform admins. Live only: events "
            "while you are not connected are not replayed (webhooks deliver every one)."
        )
    )
    async def match_events(self, info: Ctx, region_code: str) -> AsyncGenerator[MatchEvent, None]:
        prefix = check_region_prefix(region_code, "regionCode")
        async with info.context.live_view(live_pattern("match", prefix)) as queue:
            while True:
                try:
                    # A quiet region still has its login read again, so that a view whose
                    # login ended closes without waiting for an event.
                    async with asyncio.timeout(live.SUBJECT_RECHECK_SECONDS):
                        message = await queue.get()
                except TimeoutError:
                    await info.context.live_subject()
                    continue
                event = _match_event(message, prefix)
                if event is None:
                    continue
                subject = await info.context.live_subject()
                if events.sees_match_event(subject, event):
                    yield MatchEvent.from_event(event)


def _match_event(data: str, prefix: str) -> Event | None:
    try:
        event = Event.from_json(data)
    except (ValueError, KeyError, TypeError, json.JSONDecodeError):
        log.warning("A live event could not be read: %r", data)
        return None
    if event.entity != "match" or not event.region_code.startswith(prefix):
        return None
    return event
