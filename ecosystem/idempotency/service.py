"""Replaying a mutation sent again with the same idempotency key."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ecosystem.errors import DomainError, ErrorCode
from ecosystem.idempotency.models import IdempotencyRecord

MAX_KEY_LENGTH = 100


def request_hash(operation: str, body: dict[str, Any]) -> str:
    """A stable hash of an operation and its input (keys sorted, compact)."""
    canonical = json.dumps([operation, body], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_key(key: str) -> str:
    cleaned = key.strip()
    if not cleaned:
        raise DomainError(ErrorCode.REQUIRED, "idempotencyKey is empty.", "idempotencyKey")
    if len(cleaned) > MAX_KEY_LENGTH:
        raise DomainError(
            ErrorCode.TOO_LONG,
            f"idempotencyKey is {len(cleaned)} characters long; at most {MAX_KEY_LENGTH}.",
            "idempotencyKey",
            maximum=str(MAX_KEY_LENGTH),
        )
    return cleaned


async def recall(
    session: AsyncSession, *, user_id: int, key: str, operation: str, digest: str
) -> dict[str, Any] | None:
    """The stored result for this key, or None if new; a key reused for another body is refused."""
    record = await session.get(IdempotencyRecord, (user_id, key))
    if record is None:
        return None
    if record.operation != operation or record.request_hash != digest:
        raise DomainError(
            ErrorCode.IDEMPOTENCY_KEY_REUSED,
            "This idempotency key was already used for a different request.",
            "idempotencyKey",
        )
    return dict(record.result)


async def remember(
    session: AsyncSession,
    *,
    user_id: int,
    key: str,
    operation: str,
    digest: str,
    result: dict[str, Any],
) -> None:
    """Store the result in the mutation's own transaction, so both commit or neither."""
    session.add(
        IdempotencyRecord(
            user_id=user_id, key=key, operation=operation, request_hash=digest, result=result
        )
    )
    await session.flush()
