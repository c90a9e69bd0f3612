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

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from ecosystem.database import before_commit, insert_rows
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


_LEDGER_PENDING = "ecosystem_ledger_pending"


async def record_transitions(session: AsyncSession, transitions: Sequence[Transition]) -> None:
    """Store the transitions in the status history and add their events to the outbox now, and
    append them to the public ledger as the transaction ends, all in the caller's transaction
    (one of ``Database.transaction``).

    The ledger comes last: appending locks the ledger head, which every other append waits
    for, until commit. Appended in the middle of a transaction, it was held while the rest of
    the work locked other rows, and two transactions each held what the other wanted (an
    answer to a proposal had the head and waited for the match; an approval had the match and
    waited for the head): PostgreSQL broke the deadlock by failing one."""
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
    session.info.setdefault(_LEDGER_PENDING, []).extend(transitions)
    before_commit(session, _append_recorded)


@event.listens_for(Session, "before_commit")
def _nothing_left_unappended(session: Session) -> None:
    # A transaction not of Database.transaction would commit its history without its ledger
    # entries; refuse rather than lose them.
    if session.info.get(_LEDGER_PENDING) and not session.in_nested_transaction():
        raise RuntimeError("transitions were recorded outside Database.transaction")


async def _append_recorded(session: AsyncSession) -> None:
    pending = session.info.pop(_LEDGER_PENDING, [])
    await ledger.append_transitions(session, pending)


def recorded_mark(session: AsyncSession) -> int:
    """Where the transitions recorded so far end, for ``forget_recorded_since``."""
    return len(session.info.get(_LEDGER_PENDING, []))


def forget_recorded_since(session: AsyncSession, mark: int) -> None:
    """A savepoint rolled back: the transitions recorded in it since ``mark`` are not to be
    appended (their history and events went with the savepoint)."""
    del session.info.get(_LEDGER_PENDING, [])[mark:]
