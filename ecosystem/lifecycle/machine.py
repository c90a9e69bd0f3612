"""One state machine per life cycle: the only place transitions are allowed or refused."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from ecosystem.database import utcnow
from ecosystem.errors import DomainError, ErrorCode
from ecosystem.lifecycle.record import Facts, Transition, record_transitions

S = TypeVar("S", bound=StrEnum)


class StateMachine(Generic[S]):
    """The allowed transitions of one entity's status."""

    def __init__(self, entity: str, transitions: Mapping[S, frozenset[S]]) -> None:
        self.entity = entity
        self.transitions = transitions

    def can(self, current: S, target: S) -> bool:
        return target in self.transitions.get(current, frozenset())

    def check(self, current: S, target: S) -> None:
        """Refuse a transition the life cycle does not allow. The error names no input field:
        the thing the input names is in a state that does not allow it."""
        if not self.can(current, target):
            raise DomainError(
                ErrorCode.INVALID_TRANSITION,
                f"The {self.entity} is already {current.value.lower()}."
                if current == target
                else f"A {self.entity} that is {current.value.lower()} cannot become "
                f"{target.value.lower()}.",
            )

    async def move(
        self,
        session: AsyncSession,
        *,
        entity_id: int,
        current: S | None,
        target: S,
        actor_user_id: int | None,
        facts: Facts,
        reason: str | None = None,
    ) -> None:
        """Check the transition (``current`` None means creation) and record it."""
        if current is not None:
            self.check(current, target)
        await record_transitions(
            session,
            [
                Transition(
                    entity=self.entity,
                    entity_id=entity_id,
                    from_status=current.value if current is not None else None,
                    to_status=target.value,
                    actor_user_id=actor_user_id,
                    reason=reason,
                    at=utcnow(),
                    facts=facts,
                )
            ],
        )
