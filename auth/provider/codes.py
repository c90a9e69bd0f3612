"""Authorization codes: short-lived, single-use, kept in Redis.

A code is stored under the SHA-256 of its value, so that reading Redis does not hand out
redeemable codes, with the code lifetime as its TTL. Redeeming is one ``GETDEL``: of any number
of concurrent attempts exactly one gets the grant, and the code is gone after it.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import asdict, dataclass
from datetime import timedelta

from redis.asyncio import Redis

KEY_PREFIX = "idp:code:"


@dataclass(frozen=True)
class AuthorizationGrant:
    """What the person approved at the authorization endpoint, bound to its code."""

    client_id: str
    redirect_uri: str
    subject: str
    scope: str
    nonce: str | None
    code_challenge: str
    auth_time: int


async def issue_code(redis: Redis, grant: AuthorizationGrant, lifetime: timedelta) -> str:
    """A new code for ``grant``, valid for ``lifetime``."""
    code = secrets.token_urlsafe(32)
    await redis.set(_key(code), json.dumps(asdict(grant)), ex=lifetime)
    return code


async def redeem_code(redis: Redis, code: str) -> AuthorizationGrant | None:
    """The grant of ``code``, which is deleted in the same step; None if it is unknown, expired
    or already redeemed."""
    stored = await redis.getdel(_key(code))
    if stored is None:
        return None
    return AuthorizationGrant(**json.loads(stored))


def _key(code: str) -> str:
    return KEY_PREFIX + hashlib.sha256(code.encode("utf-8")).hexdigest()
