"""Recording transitions, in the same transaction as the change.

Every transition of a need, pledge, match, delivery or receipt comes here, one at a time from
``StateMachine.move`` or in bulk (a matching run's proposals, the demo seed), and lands in the
status history, the public ledger and the event outbox together. ``Facts`` carry what the
public record may say of it (ids, the region, amounts, the parties, the actor's role), never a
person's or a child's private data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from ecosystem.database import insert_rows
from ecosystem.events.outbox import add_events
from ecosystem.ledger import service as ledger
from ecosystem.lifecycle.models import StatusChange


@dataclass(frozen=True)
class Facts:
    """The public facts of a transition."""

    region_code: str
    party_ids: tuple[int, ...]
    actor_role: str
    """The role the actor acted in (PRINCIPAL, DONOR_ADMIN, GOV_OFFICIAL, ...), or SYSTEM."""
    value_fen: int = 0
    quantity: int = 0
    refs: dict[str, int] = field(default_factory=dict)
    """Related ids by kind, e.g. ``{"need": 3, "pledge": 7}``."""


@dataclass(frozen=True)
class Transition:
    """One change of status of one entity."""

    entity: str
    entity_id: int
    from_status: str | None
    to_status: str
    actor_user_id: int | None
    reason: str | None
    at: datetime
    facts: Facts


async def record_transitions(session: AsyncSession, transitions: Sequence[Transition]) -> None:
    """Store the transitions in the status history, add their events to the outbox and append
    them to the public ledger, all in the caller's transaction."""
    if not transitions:
        return
    await insert_rows(
        session,
        StatusChange,
        [
            {
                "entity": t.entity,
                "entity_id": t.entity_id,
                "from_status": t.from_status,
                "to_status": t.to_status,
                "actor_user_id": t.actor_user_id,
                "reason": t.reason,
                "at": t.at,
            }
            for t in transitions
        ],
    )
    await add_events(session, transitions)
    # Last: appending holds the ledger head, which every other append waits for, until commit.
    await ledger.append_transitions(session, transitions)
