"""Who is asking: the identity layer of ``auth`` wired to the marketplace's users and roles.

Browser sessions come from an OpenID Connect login (any configured provider, and the embedded one
at /idp in the embedded default); partner systems send ``Authorization: Bearer`` access tokens.
Either way the roles are read from the membership records, never from the request.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from urllib.parse import urlsplit

import httpx
from fastapi import APIRouter
from redis.asyncio import Redis
from starlette.requests import HTTPConnection

from auth.ratelimit import Limit, RateLimiter
from auth.relying_party import OIDCProvider, VerifiedLogin, create_login_router
from auth.sessions import SessionStore
from auth.tokens import (
    BearerVerifier,
    InvalidToken,
    InvalidTokenReason,
    IssuerUnavailable,
    TrustedIssuer,
    bearer_token,
)
from ecosystem.access.service import load_subject
from ecosystem.access.subject import Subject
from ecosystem.database import Database
from ecosystem.errors import RateLimited
from ecosystem.members.service import LoginIdentity, record_login
from ecosystem.parties import service as parties
from ecosystem.settings import OIDCProviderSettings, Settings

log = logging.getLogger("ecosystem.identity")

# The scope a bearer token needs to change anything; reads need none.
WRITE_SCOPE = "marketplace"
EMBEDDED_PROVIDER = "hope"
EMBEDDED_CLIENT_ID = "hope-web"


class TokenRefused(Exception):
    """A bearer token that cannot stand for anyone. Answered before GraphQL runs, in the shape
    GraphQL errors have (``errors[].extensions.code``), so a client reads it as any other."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


def embedded_provider_settings(settings: Settings) -> OIDCProviderSettings:
    """The embedded provider as the relying party sees it."""
    return OIDCProviderSettings(
        name=EMBEDDED_PROVIDER,
        display_name="希望生态账号 Hope account",
        issuer=settings.embedded_issuer,
        client_id=EMBEDDED_CLIENT_ID,
        client_secret=None,
    )


class Identity:
    """Sessions, bearer tokens, login routes and rate limits for one application."""

    def __init__(
        self,
        settings: Settings,
        db: Database,
        redis: Redis,
        *,
        http_client_factory: Callable[[], httpx.AsyncClient] | None = None,
    ) -> None:
        self.settings = settings
        self.db = db
        self.sessions = SessionStore(redis, idle_ttl_seconds=settings.session_idle_seconds)
        self.limiter = RateLimiter(redis)
        configured = list(settings.oidc_providers)
        if settings.embedded_idp_enabled:
            configured.insert(0, embedded_provider_settings(settings))
        self.providers = [
            OIDCProvider(
                name=p.name,
                issuer=p.issuer,
                client_id=p.client_id,
                display_name=p.display_name,
                client_secret=p.client_secret,
                discovery_url=p.discovery_url,
            )
            for p in configured
        ]
        self.bearer = BearerVerifier(
            [
                TrustedIssuer(
                    issuer=p.issuer, audience=settings.api_audience, discovery_url=p.discovery_url
                )
                for p in configured
            ],
            redis,
            http_client_factory,
        )
        self.http_client_factory = http_client_factory
        self.redis = redis
        self.allowed_origins = {
            _origin(settings.public_url),
            *map(_origin, settings.allowed_origins),
        }

    def router(self) -> APIRouter:
        """/auth/login, /auth/callback/NAME, /auth/logout and /auth/providers."""
        per_minute = Limit(self.settings.login_rate_per_minute, 60)
        return create_login_router(
            self.providers,
            self.sessions,
            self.on_login,
            redis=self.redis,
            secure_cookies=self.settings.is_production,
            http_client_factory=self.http_client_factory,
            public_origin=self.settings.public_url,
            allowed_origins=tuple(self.settings.allowed_origins),
            login_limit=per_minute,
            callback_limit=per_minute,
        )

    async def on_login(self, login: VerifiedLogin) -> str | None:
        """Record the login; open invitations for a verified email become memberships."""
        identity = LoginIdentity(
            issuer=login.issuer,
            subject=login.subject,
            name=login.name or login.email or login.subject,
            email=login.email,
            email_verified=login.email_verified,
            embedded=login.issuer == self.settings.embedded_issuer,
            other_issuers=self.settings.other_issuers,
        )
        async with self.db.transaction() as session:
            user = await record_login(session, identity)
        return str(user.id)

    async def authenticate(self, request: HTTPConnection, db: Database) -> Subject | None:
        """The subject of a request: a bearer token, else the session cookie, else nobody."""
        header = request.headers.get("authorization")
        token = bearer_token(header)
        if token is not None:
            return await self._from_bearer(token, db)
        if header is not None and header.strip().lower().startswith("bearer"):
            # "Bearer" and no token of the form RFC 6750 gives one: a client that meant to
            # send a token is told so, not answered as anybody at all.
            raise _invalid_token(InvalidTokenReason.MALFORMED)
        found = await self.sessions.current(request)
        if found is None or not found.user_key.isdigit():
            return None
        async with db.read() as session:
            subject = await load_subject(session, int(found.user_key))
        if subject is not None and request.scope["type"] == "websocket":
            # A live view opened from another site gets nothing a login would show.
            return subject if self._same_site(request) else None
        if (
            subject is not None
            and request.scope["method"] == "POST"
            and not self._same_site(request)
        ):
            # A cookie rides along on cross-site requests; only our own pages may change things.
            reason = "This request came from another site; changes are accepted from our pages."
            return dataclasses.replace(subject, read_only_reason=reason)
        return subject

    async def _from_bearer(self, token: str, db: Database) -> Subject | None:
        try:
            claims = await self.bearer.verify(token)
        except InvalidToken as error:
            raise _invalid_token(error.reason) from None
        except IssuerUnavailable:
            raise TokenRefused(
                503, "UNAVAILABLE", "The token's issuer cannot be reached; try again shortly."
            ) from None
        # Most requests come from known clients: read, and write only on a client's first call.
        async with db.read() as session:
            known = await parties.find_user(session, issuer=claims.issuer, subject=claims.subject)
            subject = await load_subject(session, known.id) if known and known.id else None
        if known is None:
            async with db.transaction() as session:
                user = await parties.ensure_user(
                    session,
                    issuer=claims.issuer,
                    subject=claims.subject,
                    name=(claims.client_id or claims.subject)[:200],
                    email=None,
                    embedded=claims.issuer == self.settings.embedded_issuer,
                    other_issuers=self.settings.other_issuers,
                )
                assert user.id is not None
                subject = await load_subject(session, user.id)
        if subject is not None and WRITE_SCOPE not in claims.scopes:
            return dataclasses.replace(
                subject, read_only_reason=f"The access token lacks the {WRITE_SCOPE!r} scope."
            )
        return subject

    def _same_site(self, request: HTTPConnection) -> bool:
        origin = request.headers.get("origin")
        return origin is not None and origin in self.allowed_origins

    async def limit(self, key: str, per_minute: int) -> None:
        """Refuse (RateLimited) once ``key`` has been used ``per_minute`` times this minute."""
        decision = await self.limiter.hit(key, per_minute, 60)
        if not decision.allowed:
            raise RateLimited(decision.retry_after_seconds)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _invalid_token(reason: str) -> TokenRefused:
    return TokenRefused(
        401,
        "UNAUTHENTICATED",
        "The access token is not valid.",
        # RFC 6750: one error code; the reason goes in the description.
        {"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{reason}"'},
    )
