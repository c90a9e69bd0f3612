"""Browser sessions kept server-side in Redis.

The browser holds only an opaque random id in an HttpOnly cookie; the user key and data live in
Redis with an idle expiry (refreshed on use) and an absolute lifetime. Each user has a sorted set
of their session ids, so "log out everywhere" can end them all.

Reads fail soft: if Redis cannot be reached a lookup answers "no session" (the request goes on
anonymous) instead of an error. Writes raise :class:`SessionStoreUnavailable`, because a login or
logout that silently did not happen would mislead the user.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError
from starlette.requests import HTTPConnection
from starlette.responses import Response

log = logging.getLogger(__name__)

SESSION_COOKIE = "hope_session"
# secrets.token_urlsafe(32) is 43 URL-safe characters; anything else is not ours.
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{43}")


class SessionStoreUnavailable(Exception):
    """Redis did not answer while creating or ending sessions."""


@dataclass(frozen=True)
class SessionData:
    """One browser session."""

    session_id: str
    user_key: str
    data: Mapping[str, str]
    created_at: float


def set_session_cookie(response: Response, session_id: str, *, secure: bool, max_age: int) -> None:
    """Give the browser its session id: HttpOnly, SameSite=Lax, Secure when ``secure``."""
    response.set_cookie(
        SESSION_COOKIE,
        session_id,
        max_age=max_age,
        path="/",
        secure=secure,
        httponly=True,
        samesite="lax",
    )


def clear_session_cookie(response: Response, *, secure: bool) -> None:
    """Make the browser forget its session id."""
    response.delete_cookie(SESSION_COOKIE, path="/", secure=secure, httponly=True, samesite="lax")


class SessionStore:
    """Creates, finds and ends browser sessions in Redis, under ``prefix``. No call waits longer
    than ``timeout_seconds`` for Redis, whatever the client's own timeouts and retries."""

    def __init__(
        self,
        redis: Redis,
        *,
        prefix: str = "session:",
        idle_ttl_seconds: int = 12 * 3600,
        absolute_ttl_seconds: int = 7 * 24 * 3600,
        timeout_seconds: float = 0.5,
    ) -> None:
        self._redis = redis
        self._prefix = prefix
        self._timeout = timeout_seconds
        self.idle_ttl_seconds = idle_ttl_seconds
        self.absolute_ttl_seconds = absolute_ttl_seconds

    async def create(self, user_key: str, data: Mapping[str, str] | None = None) -> str:
        """Open a session for ``user_key`` and return its new id."""
        session_id = secrets.token_urlsafe(32)
        now = time.time()
        record = json.dumps({"user": user_key, "data": dict(data or {}), "created": now})
        user_sessions = self._user_key(user_key)
        try:
            async with (
                asyncio.timeout(self._timeout),
                self._redis.pipeline(transaction=True) as pipe,
            ):
                pipe.set(self._session_key(session_id), record, ex=self.idle_ttl_seconds)
                # Scored by the absolute end of life, so ended sessions can be pruned by score.
                pipe.zadd(user_sessions, {session_id: now + self.absolute_ttl_seconds})
                pipe.zremrangebyscore(user_sessions, "-inf", now)
                pipe.expire(user_sessions, self.absolute_ttl_seconds)
                await pipe.execute()
        except (RedisError, OSError) as error:  # asyncio's TimeoutError is an OSError
            raise SessionStoreUnavailable(str(error)) from error
        return session_id

    async def get(self, session_id: str) -> SessionData | None:
        """The live session with this id, refreshing its idle expiry; None when there is none
        or Redis cannot be reached."""
        try:
            return await self._load(session_id)
        except SessionStoreUnavailable as error:
            log.warning("Session lookup failed, treating as no session: %s", error)
            return None

    async def current(self, connection: HTTPConnection) -> SessionData | None:
        """The session named by the request's session cookie, if any."""
        session_id = connection.cookies.get(SESSION_COOKIE)
        return await self.get(session_id) if session_id else None

    async def delete(self, session_id: str) -> None:
        """End one session."""
        if not _SESSION_ID.fullmatch(session_id):
            return
        try:
            async with asyncio.timeout(self._timeout):
                record = _parse(await self._redis.getdel(self._session_key(session_id)))
                if record is not None:
                    await self._redis.zrem(self._user_key(record[0]), session_id)
        except (RedisError, OSError) as error:
            raise SessionStoreUnavailable(str(error)) from error

    async def delete_all_for(self, user_key: str) -> None:
        """End every session of ``user_key`` (log out everywhere)."""
        user_sessions = self._user_key(user_key)
        try:
            async with asyncio.timeout(self._timeout):
                members = await self._redis.zrange(user_sessions, 0, -1)
            async with (
                asyncio.timeout(self._timeout),
                self._redis.pipeline(transaction=True) as pipe,
            ):
                for member in members:
                    pipe.delete(self._session_key(_text(member)))
                pipe.delete(user_sessions)
                await pipe.execute()
        except (RedisError, OSError) as error:
            raise SessionStoreUnavailable(str(error)) from error

    async def logout_everywhere(self, session_id: str) -> str | None:
        """End every session of the user who owns ``session_id``; that user's key, or None if
        the session does not exist. Unlike :meth:`get`, raises when Redis cannot be reached."""
        session = await self._load(session_id)
        if session is None:
            return None
        await self.delete_all_for(session.user_key)
        return session.user_key

    async def _load(self, session_id: str) -> SessionData | None:
        if not _SESSION_ID.fullmatch(session_id):
            return None
        try:
            async with asyncio.timeout(self._timeout):
                raw = await self._redis.getex(
                    self._session_key(session_id), ex=self.idle_ttl_seconds
                )
        except (RedisError, OSError) as error:
            raise SessionStoreUnavailable(str(error)) from error
        record = _parse(raw)
        if record is None:
            return None
        user_key, data, created = record
        if created + self.absolute_ttl_seconds <= time.time():
            return None
        return SessionData(session_id=session_id, user_key=user_key, data=data, created_at=created)

    def _session_key(self, session_id: str) -> str:
        return f"{self._prefix}id:{session_id}"

    def _user_key(self, user_key: str) -> str:
        return f"{self._prefix}user:{user_key}"


def _text(value: object) -> str:
    # The store works with clients created with or without decode_responses.
    return value.decode() if isinstance(value, bytes) else str(value)


def _parse(raw: str | bytes | None) -> tuple[str, dict[str, str], float] | None:
    if raw is None:
        return None
    try:
        record = json.loads(raw)
        return str(record["user"]), dict(record["data"]), float(record["created"])
    except (ValueError, KeyError, TypeError):
        log.warning("Ignoring an unreadable session record")
        return None
