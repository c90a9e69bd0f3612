"""The provider as an ASGI application: discovery, JWKS, authorization, token and userinfo."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import time
from typing import Any

from authlib.common.urls import add_params_to_uri
from authlib.oauth2.rfc6749.errors import (
    InvalidClientError,
    InvalidGrantError,
    InvalidRequestError,
    InvalidScopeError,
    OAuth2Error,
    UnauthorizedClientError,
    UnsupportedGrantTypeError,
)
from authlib.oauth2.rfc6749.util import extract_basic_authorization, list_to_scope, scope_to_list
from authlib.oauth2.rfc6750.errors import InsufficientScopeError, InvalidTokenError
from authlib.oauth2.rfc7636.challenge import CODE_VERIFIER_PATTERN, create_s256_code_challenge
from authlib.oidc.discovery import OpenIDProviderMetadata
from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from auth.provider.authorization import (
    AUTHORIZATION_PARAMETERS,
    AuthorizationRequest,
    ErrorForClient,
    Problem,
    Unanswerable,
    check_authorization_request,
)
from auth.provider.codes import AuthorizationGrant, issue_code, redeem_code
from auth.provider.config import OIDC_SCOPES, GrantType, ProviderConfig, TokenEndpointAuthMethod
from auth.provider.form_tokens import BROWSER_COOKIE, FORM_LIFETIME, FormTokens, new_browser_value
from auth.provider.keys import SIGNING_ALGORITHM, SigningKeys
from auth.provider.pages import (
    Language,
    LoginFailure,
    choose_language,
    login_page,
    problem_page,
    switch_link,
)
from auth.provider.parameters import MalformedForm, Parameters, read_form
from auth.provider.service import (
    Client,
    authenticate_account,
    ensure_client,
    find_account,
    find_client,
    normalize_username,
    verify_client_secret,
)
from auth.provider.tokens import (
    AccessTokenGenerator,
    InvalidAccessToken,
    SignedInUser,
    issue_id_token,
    read_access_token,
)
from auth.ratelimit import RateLimiter

log = logging.getLogger(__name__)

TOKEN_PARAMETERS = (
    "grant_type",
    "code",
    "redirect_uri",
    "code_verifier",
    "client_id",
    "client_secret",
    "scope",
)
# Token responses carry credentials: never cached (RFC 6749 §5.1).
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
CLAIMS_SUPPORTED = [
    "iss",
    "sub",
    "aud",
    "exp",
    "iat",
    "auth_time",
    "nonce",
    "azp",
    "at_hash",
    "name",
    "locale",
    "email",
    "email_verified",
]


def create_provider_app(
    config: ProviderConfig,
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
) -> Starlette:
    """The embedded OpenID Connect provider, to be mounted at the path of ``config.issuer``.

    It starts itself on the first request that needs keys or clients (creating the signing key
    if there is none and registering ``config.clients``); ``await app.state.provider.start()``
    does it ahead of time, so that a broken database stops the server at start instead.
    """
    provider = EmbeddedProvider(config, sessions, redis)
    app = Starlette(
        routes=[
            Route("/.well-known/openid-configuration", provider.discovery, methods=["GET"]),
            Route("/jwks", provider.jwks, methods=["GET"]),
            Route("/authorize", provider.authorize, methods=["GET", "POST"]),
            Route("/token", provider.token, methods=["POST"]),
            Route("/userinfo", provider.userinfo, methods=["GET", "POST"]),
        ],
        exception_handlers={
            SQLAlchemyError: _unavailable,
            RedisError: _unavailable,
            OSError: _unavailable,
        },
    )
    app.state.provider = provider
    return app


class EmbeddedProvider:
    """The endpoints and the state they share: keys, the token generator, the form signer."""

    def __init__(
        self,
        config: ProviderConfig,
        sessions: async_sessionmaker[AsyncSession],
        redis: Redis,
    ) -> None:
        self.config = config
        self._sessions = sessions
        self._redis = redis
        self._keys = SigningKeys(config.secret_key)
        self._access_tokens = AccessTokenGenerator(
            config.issuer, self._keys, config.access_token_lifetime
        )
        self._forms = FormTokens(config.secret_key)
        self._login_attempts = RateLimiter(redis, prefix="idp:login-attempts:")
        self._token_requests = RateLimiter(redis, prefix="idp:token-requests:")
        self._authorize_path = f"{config.mount_path}/authorize"
        self._metadata = discovery_document(config)
        self._started = False
        self._start_lock = asyncio.Lock()

    async def start(self) -> None:
        """Load (or create) the signing keys and register the configured clients, once."""
        if self._started:
            return
        async with self._start_lock:
            if self._started:
                return
            await self._keys.load(self._sessions)
            async with self._sessions() as session, session.begin():
                for registration in self.config.clients:
                    await ensure_client(session, registration)
            self._started = True
            log.info("Embedded OpenID provider started for %s", self.config.issuer)

    async def discovery(self, request: Request) -> Response:
        """OpenID Provider Metadata (OpenID Connect Discovery 1.0, RFC 8414)."""
        return JSONResponse(self._metadata, headers={"Cache-Control": "public, max-age=300"})

    async def jwks(self, request: Request) -> Response:
        """The public signing keys (RFC 7517)."""
        await self.start()
        return JSONResponse(
            self._keys.public_jwks(), headers={"Cache-Control": "public, max-age=300"}
        )

    async def authorize(self, request: Request) -> Response:
        """GET shows the login form for a valid authorization request; POST checks the form
        and the credentials, then sends the browser back to the client with a code."""
        if request.method == "POST":
            return await self._submit_login(request)
        return await self._show_login(request)

    async def token(self, request: Request) -> Response:
        """The token endpoint: authorization_code (with PKCE) and client_credentials."""
        limit = self.config.token_limit
        # Per connection address, whichever client is named: a guesser gains nothing from
        # naming a public client or forging X-Forwarded-For. A code exchanged in process for a
        # browser arrives with that browser's address (ecosystem.app.OwnOriginTransport).
        address = request.client.host if request.client else "unknown"
        decision = await self._token_requests.hit(address, limit.hits, limit.window_seconds)
        if not decision.allowed:
            return JSONResponse(
                {
                    "error": "temporarily_unavailable",
                    "error_description": "Too many token requests; try again later.",
                },
                status_code=429,
                headers={**NO_STORE, "Retry-After": str(decision.retry_after_seconds)},
            )
        try:
            token = await self._issue_token(request, await read_form(request))
        except MalformedForm as error:
            return _oauth_error(InvalidRequestError(str(error)))
        except OAuth2Error as error:
            return _oauth_error(error)
        return JSONResponse(token, headers=NO_STORE)

    async def userinfo(self, request: Request) -> Response:
        """The signed-in person's claims, as far as the access token's scope allows."""
        await self.start()
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return _oauth_error(InvalidTokenError("A Bearer access token is required."))
        try:
            claims = read_access_token(token.strip(), keys=self._keys, issuer=self.config.issuer)
        except InvalidAccessToken:
            return _oauth_error(InvalidTokenError("The access token is invalid or expired."))
        scope = claims.get("scope")
        if not isinstance(scope, str) or "openid" not in scope.split():
            return _oauth_error(
                InsufficientScopeError("The access token was not granted the openid scope."),
                {"WWW-Authenticate": 'Bearer error="insufficient_scope", scope="openid"'},
            )
        async with self._sessions() as session:
            account = await find_account(session, str(claims["sub"]))
        if account is None:
            return _oauth_error(InvalidTokenError("The access token's subject is unknown."))
        return JSONResponse(dict(account.claims().filter(scope)), headers=NO_STORE)

    # The authorization endpoint.

    async def _show_login(self, request: Request) -> Response:
        accept_language = request.headers.get("accept-language")
        try:
            params = Parameters(request.query_params.multi_items())
        except MalformedForm:
            return problem_page(
                choose_language(None, None, accept_language), Problem.INVALID_REQUEST, 400
            )
        language = choose_language(params.get("lang"), params.get("ui_locales"), accept_language)
        await self.start()
        try:
            authorization = check_authorization_request(params, await self._client_of(params))
        except Unanswerable as refusal:
            return problem_page(language, refusal.problem, 400)
        except ErrorForClient as error:
            return self._redirect_error(error, status_code=302)
        return self._login_form(request, authorization, language, username="", failure=None)

    async def _submit_login(self, request: Request) -> Response:
        accept_language = request.headers.get("accept-language")
        try:
            form = await read_form(request)
        except MalformedForm:
            language = choose_language(None, None, accept_language)
            return problem_page(language, Problem.INVALID_REQUEST, 400)
        language = choose_language(form.get("lang"), None, accept_language)
        await self.start()
        signed = {
            name: value
            for name in AUTHORIZATION_PARAMETERS
            if (value := form.get(name)) is not None
        }
        browser, form_token = request.cookies.get(BROWSER_COOKIE), form.get("form_token")
        if not browser or not form_token or not self._forms.check(form_token, signed, browser):
            return problem_page(language, Problem.EXPIRED_FORM, 400)
        try:
            authorization = check_authorization_request(form, await self._client_of(form))
        except Unanswerable as refusal:
            return problem_page(language, refusal.problem, 400)
        except ErrorForClient as error:
            return self._redirect_error(error, status_code=303)
        username = form.get("username") or ""
        # Counted per username, whether it exists or not, before the slow password hash runs:
        # from this address, and (ten times as many) from everywhere. Someone guessing from
        # one address is stopped without locking the account's owner out from theirs.
        limit = self.config.login_limit
        address = request.client.host if request.client else "unknown"
        keys = _attempt_keys(username, address)
        attempt = await self._login_attempts.hit(keys[0], limit.hits, limit.window_seconds)
        if attempt.allowed:
            attempt = await self._login_attempts.hit(
                keys[1], limit.hits * ADDRESSES_PER_USERNAME, limit.window_seconds
            )
        if not attempt.allowed:
            refused = self._login_form(
                request,
                authorization,
                language,
                username=username,
                failure=LoginFailure.TOO_MANY_ATTEMPTS,
                status_code=429,
            )
            refused.headers["Retry-After"] = str(attempt.retry_after_seconds)
            return refused
        account = await authenticate_account(self._sessions, username, form.get("password") or "")
        if account is None:
            return self._login_form(
                request,
                authorization,
                language,
                username=username,
                failure=LoginFailure.BAD_CREDENTIALS,
            )
        # The right password was no guess: the next sign-in, on another device, starts afresh.
        for key in keys:
            await self._login_attempts.forget(key)
        code = await issue_code(
            self._redis,
            AuthorizationGrant(
                client_id=authorization.client_id,
                redirect_uri=authorization.redirect_uri,
                subject=account.subject,
                scope=authorization.scope,
                nonce=authorization.nonce,
                code_challenge=authorization.code_challenge,
                auth_time=int(time.time()),
            ),
            self.config.code_lifetime,
        )
        response = [("code", code)]
        if authorization.state is not None:
            response.append(("state", authorization.state))
        # RFC 9207: the client can tell which issuer answered, against mix-up attacks.
        response.append(("iss", self.config.issuer))
        # 303, not 302 or 307: the browser must not re-post the password to the client
        # (RFC 9700 §4.12).
        return RedirectResponse(
            add_params_to_uri(authorization.redirect_uri, response),
            status_code=303,
            headers=NO_STORE,
        )

    def _login_form(
        self,
        request: Request,
        authorization: AuthorizationRequest,
        language: Language,
        *,
        username: str,
        failure: LoginFailure | None,
        status_code: int = 200,
    ) -> Response:
        browser = request.cookies.get(BROWSER_COOKIE) or new_browser_value()
        fields = authorization.fields()
        response = login_page(
            language,
            action=self._authorize_path,
            hidden={
                **fields,
                "lang": language.value,
                "form_token": self._forms.sign(fields, browser),
            },
            client_id=authorization.client_id,
            username=username,
            failure=failure,
            switch_href=switch_link(self._authorize_path, fields, language),
            status_code=status_code,
        )
        response.set_cookie(
            BROWSER_COOKIE,
            browser,
            max_age=int(FORM_LIFETIME.total_seconds()),
            path=self.config.mount_path or "/",
            secure=self.config.issuer.startswith("https://"),
            httponly=True,
            samesite="lax",
        )
        return response

    def _redirect_error(self, error: ErrorForClient, *, status_code: int) -> Response:
        params = error.error.get_body()
        if error.state is not None:
            params.append(("state", error.state))
        params.append(("iss", self.config.issuer))
        return RedirectResponse(
            add_params_to_uri(error.redirect_uri, params), status_code=status_code
        )

    async def _client_of(self, params: Parameters) -> Client | None:
        client_id = params.get("client_id")
        if client_id is None:
            return None
        async with self._sessions() as session:
            return await find_client(session, client_id)

    # The token endpoint.

    async def _issue_token(self, request: Request, form: Parameters) -> dict[str, Any]:
        repeated = form.repeated(TOKEN_PARAMETERS)
        if repeated:
            raise InvalidRequestError(f"The parameter {repeated} was sent more than once.")
        grant_type = form.get("grant_type")
        if grant_type is None:
            raise InvalidRequestError("The grant_type parameter is required.")
        if grant_type not in set(GrantType):
            raise UnsupportedGrantTypeError(grant_type)
        await self.start()
        client = await self._authenticate_client(request, form)
        if grant_type not in client.grant_types:
            raise UnauthorizedClientError(f"This client may not use {grant_type}.")
        if grant_type == GrantType.AUTHORIZATION_CODE:
            return await self._exchange_code(client, form)
        return self._client_credentials_token(client, form)

    async def _authenticate_client(self, request: Request, form: Parameters) -> Client:
        """The client, authenticated the one way its registration allows (RFC 6749 §2.3)."""
        failed = InvalidClientError("Client authentication failed.", status_code=401)
        try:
            basic_id, basic_secret = extract_basic_authorization(request.headers)
        except UnicodeDecodeError:  # credentials that are not UTF-8: no client is named so
            raise failed from None
        if "authorization" in request.headers and basic_id is None:
            raise failed
        if "\x00" in f"{basic_id}{basic_secret}":
            raise failed  # no client is registered so, and PostgreSQL's text cannot hold it
        secret: str | None
        if basic_id is not None:
            if form.get("client_secret") is not None:
                raise InvalidRequestError("Use one client authentication method, not two.")
            if form.get("client_id") not in (None, basic_id):
                raise InvalidRequestError("The client_id differs from the authenticated client.")
            method, client_id, secret = (
                TokenEndpointAuthMethod.CLIENT_SECRET_BASIC,
                basic_id,
                basic_secret or "",
            )
        elif form.get("client_secret") is not None:
            method = TokenEndpointAuthMethod.CLIENT_SECRET_POST
            client_id, secret = form.get("client_id"), form.get("client_secret")
        else:
            method, client_id, secret = TokenEndpointAuthMethod.NONE, form.get("client_id"), None
        if client_id is None:
            raise failed
        async with self._sessions() as session:
            client = await find_client(session, client_id)
        if secret is None:
            authenticated = client is not None and client.auth_method is method
        else:
            # A client registered for another method is checked like an unknown one (same cost).
            expected = client if client is not None and client.auth_method is method else None
            authenticated = await verify_client_secret(expected, secret)
        if client is None or not authenticated:
            raise failed
        return client

    async def _exchange_code(self, client: Client, form: Parameters) -> dict[str, Any]:
        code, redirect_uri = form.get("code"), form.get("redirect_uri")
        verifier = form.get("code_verifier")
        if code is None or redirect_uri is None:
            raise InvalidRequestError("The code and redirect_uri parameters are required.")
        if verifier is None:
            raise InvalidRequestError("PKCE is required: send the code_verifier.")
        if not CODE_VERIFIER_PATTERN.fullmatch(verifier):
            raise InvalidRequestError("The code_verifier is malformed.")
        # The code is spent by this attempt whatever its outcome: one presented with the wrong
        # client, redirect_uri or verifier may have been stolen, and must not be tried again.
        grant = await redeem_code(self._redis, code)
        if grant is None:
            raise InvalidGrantError("The code is invalid, expired or already used.")
        if grant.client_id != client.client_id:
            raise InvalidGrantError("The code was issued to another client.")
        if grant.redirect_uri != redirect_uri:
            raise InvalidGrantError("The redirect_uri differs from the authorization request.")
        challenge = create_s256_code_challenge(verifier)
        if not hmac.compare_digest(challenge, grant.code_challenge):
            raise InvalidGrantError("The code_verifier does not match the code_challenge.")
        async with self._sessions() as session:
            account = await find_account(session, grant.subject)
        if account is None:
            raise InvalidGrantError("The account that signed in no longer exists.")
        user = SignedInUser(account=account, auth_time=grant.auth_time)
        token: dict[str, Any] = self._access_tokens.generate(
            GrantType.AUTHORIZATION_CODE.value,
            client,
            user=user,
            scope=grant.scope,
            include_refresh_token=False,
        )
        token["id_token"] = issue_id_token(
            keys=self._keys,
            issuer=self.config.issuer,
            client_id=client.client_id,
            user=user,
            scope=token["scope"],
            nonce=grant.nonce,
            access_token=token["access_token"],
            lifetime=self.config.id_token_lifetime,
        )
        return token

    def _client_credentials_token(self, client: Client, form: Parameters) -> dict[str, Any]:
        if client.auth_method is TokenEndpointAuthMethod.NONE:
            raise UnauthorizedClientError("A public client cannot use client_credentials.")
        # No scope asked for means every scope the client is allowed (RFC 6749 §3.3).
        requested = scope_to_list(form.get("scope")) or list(client.scopes)
        scope = client.get_allowed_scope(
            list_to_scope([name for name in requested if name not in OIDC_SCOPES])
        )
        if scope is None:
            raise InvalidScopeError("None of the requested scopes is allowed for this client.")
        token: dict[str, Any] = self._access_tokens.generate(
            GrantType.CLIENT_CREDENTIALS.value,
            client,
            user=None,
            scope=scope,
            include_refresh_token=False,
        )
        return token


ADDRESSES_PER_USERNAME = 10
"""Sign-in attempts on one username from all addresses together may be this many times those
from one address."""


def _attempt_keys(username: str, address: str) -> tuple[str, str]:
    """The limiter's keys for a username: from this address, and from anywhere."""
    # Hashed: Redis holds no usernames, and the key length stays fixed whatever was typed.
    name = hashlib.sha256(normalize_username(username).encode("utf-8")).hexdigest()
    here = hashlib.sha256(f"{name} {address}".encode()).hexdigest()
    return f"at:{here}", name


def discovery_document(config: ProviderConfig) -> dict[str, Any]:
    """The provider's metadata, checked by Authlib's ``OpenIDProviderMetadata`` (which also
    refuses an issuer that is neither https nor loopback http)."""
    granted = [*(s for c in config.clients for s in c.scopes), *config.extra_scopes]
    scopes = dict.fromkeys([*OIDC_SCOPES, *granted])
    metadata = OpenIDProviderMetadata(
        issuer=config.issuer,
        authorization_endpoint=config.url("/authorize"),
        token_endpoint=config.url("/token"),
        userinfo_endpoint=config.url("/userinfo"),
        jwks_uri=config.url("/jwks"),
        scopes_supported=list(scopes),
        response_types_supported=["code"],
        response_modes_supported=["query"],
        grant_types_supported=[grant.value for grant in GrantType],
        subject_types_supported=["public"],
        id_token_signing_alg_values_supported=[SIGNING_ALGORITHM],
        token_endpoint_auth_methods_supported=[method.value for method in TokenEndpointAuthMethod],
        code_challenge_methods_supported=["S256"],
        claims_supported=CLAIMS_SUPPORTED,
        ui_locales_supported=[language.value for language in Language],
        claims_parameter_supported=False,
        request_parameter_supported=False,
        request_uri_parameter_supported=False,
        authorization_response_iss_parameter_supported=True,
    )
    metadata.validate()
    return dict(metadata)


def _oauth_error(error: OAuth2Error, headers: dict[str, str] | None = None) -> JSONResponse:
    """An RFC 6749 §5.2 / RFC 6750 §3 error as JSON, with Authlib's status and headers."""
    status_code, body, error_headers = error()
    merged = {name: value for name, value in error_headers if name.lower() != "content-type"}
    return JSONResponse(body, status_code=status_code, headers={**merged, **(headers or {})})


async def _unavailable(request: Request, exc: Exception) -> Response:
    # The database or Redis failed: say so (503), keep the details in the log.
    log.error("Embedded provider request failed: %s", request.url.path, exc_info=exc)
    if request.url.path.endswith("/authorize"):
        language = choose_language(
            request.query_params.get("lang"), None, request.headers.get("accept-language")
        )
        return problem_page(language, Problem.UNAVAILABLE, 503)
    return _oauth_error(
        OAuth2Error(
            "The service is temporarily unavailable.",
            error="temporarily_unavailable",
            status_code=503,
        )
    )
