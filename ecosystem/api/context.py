"""The per-request context: database, Redis, settings, the acting subject and its loaders."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping

from graphql import GraphQLError
from redis.asyncio import Redis
from starlette.requests import HTTPConnection
from strawberry.fastapi import BaseContext

from ecosystem.access.identity import TokenRefused
from ecosystem.access.subject import Subject
from ecosystem.api.loaders import Loaders
from ecosystem.database import Database
from ecosystem.errors import RateLimited
from ecosystem.events.live import LiveViews, TooManyLiveViews
from ecosystem.jobs import Jobs
from ecosystem.regions.models import Region
from ecosystem.settings import Settings

# Finds the authenticated subject of a request, or None. The identity layer provides it.
Authenticator = Callable[[HTTPConnection, Database], Awaitable[Subject | None]]
# Counts one use of a key against a per-minute budget; raises RateLimited past it.
Limiter = Callable[[str, int], Awaitable[None]]

SUBJECT_RECHECK_SECONDS = 5.0
"""How old a websocket's reading of its login may be before a live view reads it again."""


class Context(BaseContext):
    """What every resolver may use; built anew for each request (and each websocket)."""

    def __init__(
        self,
        *,
        db: Database,
        redis: Redis,
        settings: Settings,
        subject: Subject | None,
        regions: Mapping[str, Region],
        jobs: Jobs,
        live: LiveViews,
        limiter: Limiter | None = None,
        client_address: str | None = None,
        reauthenticate: Callable[[], Awaitable[Subject | None]] | None = None,
    ) -> None:
        super().__init__()
        self.db = db
        self.redis = redis
        self.settings = settings
        self.subject = subject
        self.regions = regions
        self.jobs = jobs
        # Per connection: a websocket's context lasts as long as the socket.
        self.live = live
        self.loaders = Loaders(db, subject)
        self._limiter = limiter
        self._client_address = client_address
        # A websocket's: finds its subject again (a session may end, a token expire, a
        # membership go) for ``live_subject``.
        self._reauthenticate = reauthenticate
        self._checked_at = time.monotonic()
        # Pledges whose suggestions this request (or socket) has had computed.
        self.suggestion_lists = 0

    async def live_subject(self) -> Subject | None:
        """Who a live view now serves: on a websocket, the handshake's session or token is
        read again once it is SUBJECT_RECHECK_SECONDS old, so a socket sees what a request
        made now would. A login that has ended (logged out, expired, or now someone else's)
        ends the view with UNAUTHENTICATED; changed memberships take effect."""
        if self._reauthenticate is None or self.subject is None:
            # Nobody to lose: an anonymous view sees the public alone, whoever signs in later.
            return self.subject
        if time.monotonic() - self._checked_at < SUBJECT_RECHECK_SECONDS:
            return self.subject
        try:
            found = await self._reauthenticate()
        except TokenRefused as refused:
            if refused.code != "UNAUTHENTICATED":
                return self.subject  # the issuer is away for now: keep what we knew
            found = None
        self._checked_at = time.monotonic()
        if self.subject is not None and (found is None or found.user_id != self.subject.user_id):
            self.subject = None
            self.loaders = Loaders(self.db, None)
            raise GraphQLError(
                "Your login has ended; log in again to keep watching.",
                extensions={"code": "UNAUTHENTICATED"},
            )
        if found != self.subject:
            self.subject = found
            self.loaders = Loaders(self.db, found)
        return self.subject

    async def limit_mutations(self, subject: Subject) -> None:
        """Count a mutation against the user's and the address's budget for this minute."""
        if self._limiter is None:
            return
        per_minute = self.settings.mutation_rate_per_minute
        keys = [f"mutation:user:{subject.user_id}"]
        if self._client_address:
            keys.append(f"mutation:address:{self._client_address}")
        try:
            for key in keys:
                await self._limiter(key, per_minute)
        except RateLimited as limited:
            if self.response is not None:
                self.response.status_code = 429
                self.response.headers["Retry-After"] = str(limited.retry_after)
            raise

    @contextlib.asynccontextmanager
    async def live_view(self, pattern: str) -> AsyncIterator[asyncio.Queue[str]]:
        """The messages of ``pattern`` for a subscription; past the connection's limit of live
        views, a BAD_USER_INPUT error (reason TOO_MANY) instead."""
        try:
            async with self.live.listen(pattern) as queue:
                yield queue
        except TooManyLiveViews as refused:
            # A GraphQLError: errors of a subscription's stream are not shaped.
            raise GraphQLError(
                str(refused),
                extensions={"code": "BAD_USER_INPUT", "field": None, "reason": "TOO_MANY"},
            ) from None
