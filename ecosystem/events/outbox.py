"""The transactional outbox: each recorded transition becomes an event in the same transaction.

An event says what the public record says of a transition (the entity, its old and new status,
the time, the region, the parties, the actor's role, amounts and related ids) and nothing more:
not the acting user's id and not a free-text reason, which may name a person.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from ecosystem.database import insert_rows, utcnow
from ecosystem.events.models import OutboxEvent

if TYPE_CHECKING:
    from ecosystem.lifecycle.record import Transition


def event_type(entity: str, status: str) -> str:
    """The type of the event a transition to ``status`` makes, e.g. ``match.APPROVED``."""
    return f"{entity}.{status}"


def _payload(transition: Transition) -> dict[str, Any]:
    facts = transition.facts
    return {
        "entity": transition.entity,
        "entityId": transition.entity_id,
        "fromStatus": transition.from_status,
        "toStatus": transition.to_status,
        "at": transition.at.isoformat(),
        "regionCode": facts.region_code,
        "partyIds": list(facts.party_ids),
        "actorRole": facts.actor_role,
        "valueFen": facts.value_fen,
        "quantity": facts.quantity,
        "refs": dict(facts.refs),
    }


async def add_events(session: AsyncSession, transitions: Sequence[Transition]) -> None:
    """Write one outbox event per transition, in the caller's transaction: if the change
    rolls back, so do its events."""
    if not transitions:
        return
    now: datetime = utcnow()
    await insert_rows(
        session,
        OutboxEvent,
        [
            {
                "event_id": uuid.uuid4(),
                "type": event_type(t.entity, t.to_status),
                "entity": t.entity,
                "entity_id": t.entity_id,
                "region_code": t.facts.region_code,
                "payload": _payload(t),
                "created_at": now,
                "published_at": None,
            }
            for t in transitions
        ],
    )
