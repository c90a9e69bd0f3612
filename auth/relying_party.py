"""Signing in with OpenID Connect providers: the relying party.

Routes (from :func:`create_login_router`):

- ``GET /auth/providers``: the configured providers, for a login page;
- ``GET /auth/login?provider=NAME&next=/path``: starts an authorization-code flow with PKCE
  (S256), a ``state`` and a ``nonce``;
- ``GET /auth/callback/NAME``: finishes it, verifies the ID token, asks the application's
  ``on_login`` for a user key and opens a browser session;
- ``POST /auth/logout``: ends every session of the signed-in user.

Authlib supplies the protocol pieces: the authorization URL, the PKCE challenge and the client
authentication of the token request. Its Starlette client is deliberately not used: it keeps the
pending login in ``request.session`` (Starlette's SessionMiddleware, which needs ``itsdangerous``,
not a dependency), skips the nonce check when no nonce was stored, drops the ``iss`` check once
claims options are passed, and ignores the RFC 9207 ``iss`` response parameter. Every check of
the ID token and of the authorization response is therefore done here, explicitly.

The pending login (state, nonce, PKCE verifier, next path) is kept in Redis under a random id that
only the browser which started the login holds, in a short-lived HttpOnly cookie scoped to the
callback path. It is taken with GETDEL, so it can be used once, whatever the outcome. Keeping it
server-side means no signing key to manage and nothing secret in the browser; a second login
started in the same browser replaces the first.

All HTTP calls to providers go through ``http_client_factory``, so tests route them in process.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import quote_plus, urlencode, urlsplit

import httpx
from authlib.oauth2.auth import ClientAuth
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from fastapi import APIRouter
from redis.asyncio import Redis
from redis.exceptions import RedisError
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from auth.notices import Notice, notice_page
from auth.ratelimit import Limit, RateLimiter
from auth.sessions import (
    SESSION_COOKIE,
    SessionStore,
    SessionStoreUnavailable,
    clear_session_cookie,
    set_session_cookie,
)
from auth.tokens import (
    ASYMMETRIC_ALGORITHMS,
    DEFAULT_LEEWAY_SECONDS,
    HttpClientFactory,
    InvalidToken,
    InvalidTokenReason,
    IssuerDirectory,
    IssuerUnavailable,
    audiences_of,
    check_lifetime,
    default_http_client,
)

log = logging.getLogger(__name__)

LOGIN_COOKIE = "hope_login"
CALLBACK_PATH = "/auth/callback"
_PROVIDER_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,62}")
_LOGIN_ID = re.compile(r"[A-Za-z0-9_-]{43}")
_MAX_NEXT_LENGTH = 2048
# Names of this machine a browser may use for a site served on it.
_LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


# The httpx request extension naming the browser a call to a provider is made for: its
# connection's address, never a header it wrote. Extensions stay in the process; a transport
# serving the provider in process (``ecosystem.app.OwnOriginTransport``) hands it on as the
# client address, so the provider's per-address limits count people, not this server.
END_USER_ADDRESS = "hope.end_user_address"


@dataclass(frozen=True)
class OIDCProvider:
    """An OpenID provider the site accepts logins from. ``name`` appears in URLs. Without a
    ``client_secret`` the site is a public client (PKCE only). ``discovery_url``: see
    :meth:`auth.tokens.IssuerDirectory.metadata`."""

    name: str
    issuer: str
    client_id: str
    display_name: str
    client_secret: str | None = field(default=None, repr=False)
    discovery_url: str | None = None
    scopes: tuple[str, ...] = ("openid", "email", "profile")


@dataclass(frozen=True)
class VerifiedLogin:
    """A login whose ID token passed every check, handed to the application's ``on_login``."""

    provider: str
    issuer: str
    subject: str
    name: str | None
    email: str | None
    email_verified: bool
    claims: Mapping[str, Any] = field(repr=False)


# Returns the application's user key for the session, or None to refuse the login.
LoginCallback = Callable[[VerifiedLogin], Awaitable[str | None]]


def safe_next_path(value: str | None) -> str:
    """``value`` if it is a path on this site, else ``/``: it must start with a single ``/``,
    name no scheme or host, and hold no backslash or control character (browsers read
    ``/\\evil`` and ``/<tab>/evil`` as ``//evil``, another site)."""
    if not value or len(value) > _MAX_NEXT_LENGTH or not value.startswith("/"):
        return "/"
    if (
        value.startswith("//")
        or "\\" in value
        or any(ord(c) < 0x20 or ord(c) == 0x7F for c in value)
    ):
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return "/"
    return value


@dataclass(frozen=True)
class _PendingLogin:
    provider: str
    state: str
    nonce: str
    code_verifier: str
    next_path: str
    redirect_uri: str


class _PendingLogins:
    """Pending logins in Redis, each readable once."""

    def __init__(
        self, redis: Redis, *, prefix: str, ttl_seconds: int, timeout_seconds: float
    ) -> None:
        self._redis = redis
        self._prefix = prefix
        self.ttl_seconds = ttl_seconds
        self._timeout = timeout_seconds

    async def put(self, pending: _PendingLogin) -> str:
        login_id = secrets.token_urlsafe(32)
        try:
            async with asyncio.timeout(self._timeout):
                await self._redis.set(
                    self._prefix + login_id, json.dumps(asdict(pending)), ex=self.ttl_seconds
                )
        except (RedisError, OSError) as error:
            raise SessionStoreUnavailable(str(error)) from error
        return login_id

    async def take(self, login_id: str | None) -> _PendingLogin | None:
        if login_id is None or not _LOGIN_ID.fullmatch(login_id):
            return None
        try:
            async with asyncio.timeout(self._timeout):
                raw = await self._redis.getdel(self._prefix + login_id)
        except (RedisError, OSError) as error:
            raise SessionStoreUnavailable(str(error)) from error
        if raw is None:
            return None
        try:
            return _PendingLogin(**json.loads(raw))
        except (ValueError, TypeError):
            log.warning("Ignoring an unreadable pending login")
            return None


_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?")


def _ui_locales(lang: str | None) -> dict[str, str]:
    """``ui_locales`` for the authorization request when ``lang`` is a language tag."""
    return {"ui_locales": lang} if lang and _LANGUAGE_TAG.fullmatch(lang) else {}


class _Rejected(Exception):
    """A callback that must not sign anyone in; ``reason`` is for the log only."""

    def __init__(
        self, reason: str, *, status: int = 400, message: Notice = Notice.SIGN_IN_FAILED
    ) -> None:
        super().__init__(reason)
        self.status = status
        self.message = message


@dataclass
class _RelyingParty:
    """The route handlers and what they share; built by :func:`create_login_router`."""

    providers: dict[str, OIDCProvider]
    sessions: SessionStore
    on_login: LoginCallback
    secure_cookies: bool
    http: HttpClientFactory
    # The site's public origin (scheme://host[:port]), or None to take it from each request.
    origin: str | None
    # Other origins of this site's own pages (a development frontend server), for logout.
    allowed_origins: frozenset[str]
    login_limit: Limit
    callback_limit: Limit
    leeway: float
    limiter: RateLimiter
    pending: _PendingLogins
    directory: IssuerDirectory

    async def list_providers(self, request: Request) -> Response:
        """The providers a login page can offer."""
        return JSONResponse(
            [
                {
                    "name": provider.name,
                    "displayName": provider.display_name,
                    "loginPath": "/auth/login?" + urlencode({"provider": provider.name}),
                }
                for provider in self.providers.values()
            ]
        )

    async def login(self, request: Request) -> Response:
        """Send the browser to the provider, remembering what the callback must check."""
        limited = await self._rate_limit(request, "login", self.login_limit)
        if limited is not None:
            return limited
        public = self._at_public_name(request)
        if public is not None:
            return RedirectResponse(public, status_code=307)
        provider = self.providers.get(request.query_params.get("provider", ""))
        if provider is None:
            return notice_page(request, Notice.UNKNOWN_PROVIDER, 404)
        try:
            metadata = await self._metadata(provider)
        except IssuerUnavailable as error:
            log.warning("Provider %s unavailable: %s", provider.name, error)
            return notice_page(request, Notice.PROVIDER_UNREACHABLE, 502)
        pending = _PendingLogin(
            provider=provider.name,
            state=secrets.token_urlsafe(32),
            nonce=secrets.token_urlsafe(32),
            code_verifier=secrets.token_urlsafe(64),
            next_path=safe_next_path(request.query_params.get("next")),
            redirect_uri=self._redirect_uri(request, provider),
        )
        try:
            login_id = await self.pending.put(pending)
        except SessionStoreUnavailable as error:
            log.warning("Cannot store a pending login: %s", error)
            return notice_page(request, Notice.UNAVAILABLE, 503)
        url = prepare_grant_uri(
            metadata["authorization_endpoint"],
            provider.client_id,
            "code",
            redirect_uri=pending.redirect_uri,
            scope=" ".join(provider.scopes),
            state=pending.state,
            nonce=pending.nonce,
            code_challenge=create_s256_code_challenge(pending.code_verifier),
            code_challenge_method="S256",
            # The language the site is shown in, for the provider's pages (OpenID Connect's
            # ui_locales): a reader who chose English on the site signs in in English.
            **_ui_locales(request.query_params.get("lang")),
        )
        response = RedirectResponse(url, status_code=302)
        response.set_cookie(
            LOGIN_COOKIE,
            login_id,
            max_age=self.pending.ttl_seconds,
            path=CALLBACK_PATH,
            secure=self.secure_cookies,
            httponly=True,
            # Lax: the provider's redirect back is a top-level GET navigation, which carries it.
            samesite="lax",
        )
        return response

    async def callback(self, request: Request) -> Response:
        """Check the provider's answer and the ID token; on success open a session."""
        limited = await self._rate_limit(request, "callback", self.callback_limit)
        if limited is not None:
            return limited
        try:
            # Taken before anything else, so every outcome uses the pending login up.
            pending = await self.pending.take(request.cookies.get(LOGIN_COOKIE))
            if pending is None:
                raise _Rejected("no pending login in this browser (missing, expired or used)")
            login = await self._verify_callback(request, pending)
        except _Rejected as rejected:
            log.warning("Sign-in rejected: %s", rejected)
            return self._without_login_cookie(
                notice_page(request, rejected.message, rejected.status)
            )
        except SessionStoreUnavailable as error:
            log.warning("Cannot read a pending login: %s", error)
            return self._without_login_cookie(notice_page(request, Notice.UNAVAILABLE, 503))
        user_key = await self.on_login(login)
        if user_key is None:
            log.info("Login of %s at %s refused by the application", login.subject, login.issuer)
            return self._without_login_cookie(notice_page(request, Notice.NOT_ALLOWED, 403))
        try:
            # A fresh id on every login; an older session of this browser is ended (no fixation).
            previous = request.cookies.get(SESSION_COOKIE)
            if previous:
                await self.sessions.delete(previous)
            session_id = await self.sessions.create(
                user_key, {"provider": login.provider, "issuer": login.issuer}
            )
        except SessionStoreUnavailable as error:
            log.warning("Cannot open a session: %s", error)
            return self._without_login_cookie(notice_page(request, Notice.UNAVAILABLE, 503))
        response = self._without_login_cookie(RedirectResponse(pending.next_path, status_code=302))
        set_session_cookie(
            response,
            session_id,
            secure=self.secure_cookies,
            max_age=self.sessions.absolute_ttl_seconds,
        )
        return response

    async def logout(self, request: Request) -> Response:
        """End every session of the signed-in user; only from a page of this site."""
        if not self._same_origin(request):
            return notice_page(request, Notice.CROSS_SITE_SIGN_OUT, 403)
        session_id = request.cookies.get(SESSION_COOKIE)
        try:
            if session_id:
                await self.sessions.logout_everywhere(session_id)
        except SessionStoreUnavailable as error:
            log.warning("Cannot end sessions: %s", error)
            return notice_page(request, Notice.SIGN_OUT_FAILED, 503)
        response = RedirectResponse("/", status_code=303)
        clear_session_cookie(response, secure=self.secure_cookies)
        return response

    async def _verify_callback(self, request: Request, pending: _PendingLogin) -> VerifiedLogin:
        params = request.query_params
        provider = self.providers.get(request.path_params["provider"])
        if provider is None or provider.name != pending.provider:
            raise _Rejected("callback for another provider than the pending login")
        if "error" in params:
            raise _Rejected(f"provider answered error={params['error']!r}")
        state = params.get("state")
        if not state or not secrets.compare_digest(state, pending.state):
            raise _Rejected("state missing or not the one of this browser's pending login")
        try:
            metadata = await self._metadata(provider)
        except IssuerUnavailable as error:
            raise _Rejected(str(error), status=502, message=Notice.UNAVAILABLE) from error
        # RFC 9207: required when advertised, and never another issuer's when present.
        iss = params.get("iss")
        if metadata.get("authorization_response_iss_parameter_supported") is True and iss is None:
            raise _Rejected("iss response parameter missing")
        if iss is not None and iss != provider.issuer:
            raise _Rejected(f"iss response parameter {iss!r} is not {provider.issuer!r}")
        code = params.get("code")
        if not code:
            raise _Rejected("no authorization code")
        for_browser = {END_USER_ADDRESS: request.client.host} if request.client else {}
        token = await self._redeem(provider, metadata, code, pending, for_browser)
        try:
            claims = await self._verify_id_token(
                provider, metadata, token["id_token"], pending.nonce
            )
        except InvalidToken as error:
            raise _Rejected(f"ID token refused: {error}") from error
        except IssuerUnavailable as error:
            raise _Rejected(str(error), status=502, message=Notice.UNAVAILABLE) from error
        claims = await self._with_userinfo(metadata, token, claims, for_browser)
        name = claims.get("name") or claims.get("preferred_username")
        email = claims.get("email")
        verified = claims.get("email_verified")
        return VerifiedLogin(
            provider=provider.name,
            issuer=provider.issuer,
            subject=claims["sub"],
            name=name if isinstance(name, str) else None,
            email=email if isinstance(email, str) else None,
            # Some providers send the string "true".
            email_verified=verified is True or verified == "true",
            claims=claims,
        )

    async def _with_userinfo(
        self,
        metadata: Mapping[str, Any],
        token: Mapping[str, Any],
        claims: dict[str, Any],
        for_browser: Mapping[str, str],
    ) -> dict[str, Any]:
        """OpenID Connect Core §5.4: with an access token issued, the claims of the email and
        profile scopes may come from the UserInfo endpoint only. The ID token's claims win; a
        UserInfo answer about another subject is refused (§5.3.4)."""
        endpoint = metadata.get("userinfo_endpoint")
        access_token = token.get("access_token")
        if ("email" in claims and "name" in claims) or not isinstance(endpoint, str):
            return claims
        if not isinstance(access_token, str):
            return claims
        try:
            async with self.http() as client:
                headers = {"Authorization": f"Bearer {access_token}", "Accept": "application/json"}
                response = await client.get(endpoint, headers=headers, extensions=for_browser)
            userinfo = response.json() if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError):
            userinfo = None
        if not isinstance(userinfo, dict):
            return claims
        if userinfo.get("sub") != claims["sub"]:
            raise _Rejected("UserInfo answered for another subject than the ID token's")
        return {**userinfo, **claims}

    async def _redeem(
        self,
        provider: OIDCProvider,
        metadata: Mapping[str, Any],
        code: str,
        pending: _PendingLogin,
        for_browser: Mapping[str, str],
    ) -> dict[str, Any]:
        """Exchange the code (with the PKCE verifier) for the provider's ID token."""
        supported = metadata.get("token_endpoint_auth_methods_supported", ["client_secret_basic"])
        if provider.client_secret is None:
            method = "none"
        elif "client_secret_basic" in supported:
            method = "client_secret_basic"
        else:
            method = "client_secret_post"
        body = urlencode(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": pending.redirect_uri,
                "code_verifier": pending.code_verifier,
            }
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
        }
        client_id, client_secret = provider.client_id, provider.client_secret
        if method == "client_secret_basic" and client_secret is not None:
            # RFC 6749 §2.3.1: both are form-urlencoded before Basic; Authlib does not do it.
            client_id, client_secret = quote_plus(client_id), quote_plus(client_secret)
        url, headers, body = ClientAuth(client_id, client_secret, method).prepare(
            "POST", metadata["token_endpoint"], headers, body
        )
        try:
            async with self.http() as client:
                response = await client.post(
                    url, content=body, headers=headers, extensions=for_browser
                )
        except httpx.HTTPError as error:
            raise _Rejected(
                f"token request failed: {error!r}", status=502, message=Notice.UNAVAILABLE
            ) from error
        if response.status_code != 200:
            raise _Rejected(
                f"token endpoint answered {response.status_code}: {response.text[:200]}"
            )
        try:
            token = response.json()
        except ValueError as error:
            raise _Rejected("token endpoint did not answer JSON") from error
        id_token = token.get("id_token") if isinstance(token, dict) else None
        if not isinstance(id_token, str):
            raise _Rejected("token response has no ID token")
        return token

    async def _verify_id_token(
        self, provider: OIDCProvider, metadata: Mapping[str, Any], id_token: str, nonce: str
    ) -> dict[str, Any]:
        """OpenID Connect Core §3.1.3.7, every step in our own code."""
        # RS256 is the algorithm OpenID Connect assumes when the provider names none.
        advertised = metadata.get("id_token_signing_alg_values_supported", ["RS256"])
        algorithms = ASYMMETRIC_ALGORITHMS.intersection(
            advertised if isinstance(advertised, list) else []
        )
        claims = await self.directory.verify_signature(
            id_token, jwks_uri=metadata["jwks_uri"], algorithms=algorithms
        )
        if claims.get("iss") != provider.issuer:
            raise InvalidToken(InvalidTokenReason.WRONG_ISSUER, repr(claims.get("iss")))
        audience = audiences_of(claims)
        if provider.client_id not in audience:
            raise InvalidToken(InvalidTokenReason.WRONG_AUDIENCE)
        azp = claims.get("azp")
        if (len(audience) > 1 or azp is not None) and azp != provider.client_id:
            raise InvalidToken(InvalidTokenReason.WRONG_AUTHORIZED_PARTY, repr(azp))
        check_lifetime(claims, now=time.time(), leeway=self.leeway, require_iat=True)
        token_nonce = claims.get("nonce")
        if not isinstance(token_nonce, str) or not secrets.compare_digest(token_nonce, nonce):
            raise InvalidToken(InvalidTokenReason.WRONG_NONCE)
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject:
            raise InvalidToken(InvalidTokenReason.MISSING_CLAIM, "sub")
        return claims

    async def _metadata(self, provider: OIDCProvider) -> dict[str, Any]:
        metadata = await self.directory.metadata(
            provider.issuer, discovery_url=provider.discovery_url
        )
        for endpoint in ("authorization_endpoint", "token_endpoint"):
            value = metadata.get(endpoint)
            if not isinstance(value, str) or urlsplit(value).scheme not in ("https", "http"):
                raise IssuerUnavailable(f"{provider.issuer} has no usable {endpoint}")
        return metadata

    def _redirect_uri(self, request: Request, provider: OIDCProvider) -> str:
        if self.origin is not None:
            return f"{self.origin}{CALLBACK_PATH}/{provider.name}"
        return str(request.url_for("auth_callback", provider=provider.name))

    def _at_public_name(self, request: Request) -> str | None:
        """The same login at the public origin, for a browser that opened the site by another
        name of this machine (``http://127.0.0.1:8000`` where the public origin is
        ``http://localhost:8000``, as a development server prints it): the sign-in comes back
        to the public origin, and the cookie the callback needs must be set there. None when
        the request came by the public name, or from anywhere but this machine's names (a
        proxy that rewrites the host must never be sent round in circles)."""
        if self.origin is None:
            return None
        public = urlsplit(self.origin)
        here = request.url
        if (here.scheme, here.netloc) == (public.scheme, public.netloc):
            return None
        if (
            here.scheme != public.scheme
            or here.port != public.port
            or here.hostname not in _LOOPBACK_HOSTS
            or public.hostname not in _LOOPBACK_HOSTS
        ):
            return None
        return str(here.replace(netloc=public.netloc))

    def _same_origin(self, request: Request) -> bool:
        """A POST from a page of this site. Browsers send ``Origin`` on POST (or at least
        ``Sec-Fetch-Site``); a request with neither is not from a current browser, and the
        SameSite=Lax session cookie is not sent on cross-site POSTs anyway."""
        expected = {self.origin or _origin(str(request.url))} | self.allowed_origins
        origin = request.headers.get("origin")
        if origin is not None:
            return origin in expected
        fetch_site = request.headers.get("sec-fetch-site")
        if fetch_site is not None:
            return fetch_site in ("same-origin", "none")
        referer = request.headers.get("referer")
        if referer is not None:
            return _origin(referer) in expected
        return True

    async def _rate_limit(self, request: Request, action: str, limit: Limit) -> Response | None:
        client = request.client.host if request.client else "unknown"
        decision = await self.limiter.hit(f"{action}:{client}", limit.hits, limit.window_seconds)
        if decision.allowed:
            return None
        return notice_page(
            request,
            Notice.TOO_MANY_ATTEMPTS,
            429,
            headers={"Retry-After": str(decision.retry_after_seconds)},
            seconds=decision.retry_after_seconds,
        )

    def _without_login_cookie(self, response: Response) -> Response:
        response.delete_cookie(
            LOGIN_COOKIE,
            path=CALLBACK_PATH,
            secure=self.secure_cookies,
            httponly=True,
            samesite="lax",
        )
        return response


def create_login_router(
    providers: Sequence[OIDCProvider],
    sessions: SessionStore,
    on_login: LoginCallback,
    *,
    redis: Redis,
    secure_cookies: bool,
    http_client_factory: HttpClientFactory | None = None,
    public_origin: str | None = None,
    allowed_origins: Collection[str] = (),
    login_limit: Limit = Limit(hits=10, window_seconds=60),
    callback_limit: Limit = Limit(hits=10, window_seconds=60),
    key_prefix: str = "auth:",
    leeway_seconds: float = DEFAULT_LEEWAY_SECONDS,
    pending_ttl_seconds: int = 600,
    metadata_ttl_seconds: int = 600,
    redis_timeout_seconds: float = 0.5,
) -> APIRouter:
    """The sign-in routes under ``/auth`` for ``providers``.

    ``on_login`` receives each verified login and returns the user key to keep in the session,
    or None to refuse (403). ``redis`` holds pending logins, the providers' metadata and keys,
    and the per-address rate limits of ``/auth/login`` and ``/auth/callback/*``.
    ``public_origin`` (``https://host[:port]``) builds the callback URL and is what logout's
    same-origin check expects; without it both come from the request, which is only right when
    the server sees the public host and scheme; logout is also accepted from
    ``allowed_origins``. ``http_client_factory`` makes the client for
    every call to a provider (default: :func:`auth.tokens.default_http_client`).
    """
    by_name = {provider.name: provider for provider in providers}
    if len(by_name) != len(providers):
        raise ValueError("provider names must be unique")
    for name in by_name:
        if not _PROVIDER_NAME.fullmatch(name):
            raise ValueError(f"provider name {name!r} must match {_PROVIDER_NAME.pattern}")
    http = http_client_factory or default_http_client
    party = _RelyingParty(
        providers=by_name,
        sessions=sessions,
        on_login=on_login,
        secure_cookies=secure_cookies,
        http=http,
        origin=_origin(public_origin) if public_origin else None,
        allowed_origins=frozenset(_origin(origin) for origin in allowed_origins),
        login_limit=login_limit,
        callback_limit=callback_limit,
        leeway=leeway_seconds,
        limiter=RateLimiter(
            redis, prefix=key_prefix + "ratelimit:", timeout_seconds=redis_timeout_seconds
        ),
        pending=_PendingLogins(
            redis,
            prefix=key_prefix + "login:",
            ttl_seconds=pending_ttl_seconds,
            timeout_seconds=redis_timeout_seconds,
        ),
        directory=IssuerDirectory(
            redis,
            http,
            ttl_seconds=metadata_ttl_seconds,
            prefix=key_prefix + "issuer:",
            redis_timeout_seconds=redis_timeout_seconds,
        ),
    )
    router = APIRouter()
    router.add_route(
        "/auth/providers", party.list_providers, methods=["GET"], include_in_schema=False
    )
    router.add_route("/auth/login", party.login, methods=["GET"], include_in_schema=False)
    router.add_route(
        CALLBACK_PATH + "/{provider}",
        party.callback,
        methods=["GET"],
        name="auth_callback",
        include_in_schema=False,
    )
    router.add_route("/auth/logout", party.logout, methods=["POST"], include_in_schema=False)
    return router


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
