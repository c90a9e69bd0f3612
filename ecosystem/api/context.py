"""The per-request context: database, Redis, settings, the acting subject and its loaders."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from redis.asyncio import Redis
from starlette.requests import Request
from strawberry.fastapi import BaseContext

from ecosystem.access.subject import Subject
from ecosystem.api.loaders import Loaders
from ecosystem.database import Database
from ecosystem.settings import Settings

# Finds the authenticated subject of a request, or None. The identity layer provides it.
Authenticator = Callable[[Request, Database], Awaitable[Subject | None]]


class Context(BaseContext):
    """What every resolver may use; built anew for each request."""

    def __init__(
        self, *, db: Database, redis: Redis, settings: Settings, subject: Subject | None
    ) -> None:
        super().__init__()
        self.db = db
        self.redis = redis
        self.settings = settings
        self.subject = subject
        self.loaders = Loaders(db, subject)
