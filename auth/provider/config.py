"""How the embedded provider is set up: its public address, token lifetimes and its clients."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from urllib.parse import urlsplit

from authlib.common.security import is_secure_transport

from auth.ratelimit import Limit


class GrantType(StrEnum):
    """The OAuth 2.0 grants the provider implements."""

    AUTHORIZATION_CODE = "authorization_code"
    CLIENT_CREDENTIALS = "client_credentials"


class TokenEndpointAuthMethod(StrEnum):
    """How a client proves who it is at the token endpoint (RFC 7591 names)."""

    CLIENT_SECRET_BASIC = "client_secret_basic"
    CLIENT_SECRET_POST = "client_secret_post"
    NONE = "none"


# The OpenID Connect scopes: they describe the signed-in person, so they mean nothing in a
# client_credentials token and are never put in one.
OIDC_SCOPES = ("openid", "profile", "email")
MIN_CLIENT_SECRET_LENGTH = 16
MIN_SECRET_KEY_LENGTH = 16
# RFC 6749 §4.1.2 recommends at most ten minutes for an authorization code.
MAX_CODE_LIFETIME = timedelta(minutes=10)
# Ten sign-in attempts per username per five minutes: ample for a person, slow for guessing.
DEFAULT_LOGIN_LIMIT = Limit(hits=10, window_seconds=300)
DEFAULT_TOKEN_LIMIT = Limit(hits=60, window_seconds=60)

# Characters that survive HTTP Basic encoding and URLs unescaped; no ':' (the Basic separator).
_CLIENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,127}")
# RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
_SCOPE_TOKEN = re.compile(r"[\x21\x23-\x5b\x5d-\x7e]+")


@dataclass(frozen=True)
class ClientRegistration:
    """An application the provider knows: a web app signing people in, or an API client
    (partner system, device) getting tokens for itself with client_credentials.

    ``secret=None`` makes a public client (authorization code with PKCE only). A confidential
    client authenticates with ``client_secret_basic`` unless told otherwise. ``audience`` is the
    ``aud`` of the access tokens the client gets: required for client_credentials, and used for
    the authorization code grant too when set (otherwise the ``aud`` is the client id).
    """

    client_id: str
    secret: str | None
    redirect_uris: Sequence[str] = ()
    grant_types: Sequence[GrantType] = (GrantType.AUTHORIZATION_CODE,)
    scopes: Sequence[str] = OIDC_SCOPES
    audience: str | None = None
    token_endpoint_auth_method: TokenEndpointAuthMethod | None = None

    def __post_init__(self) -> None:
        # Normalise to tuples (callers pass lists) and check once, so a bad registration stops
        # the process at start instead of failing the first sign-in.
        object.__setattr__(self, "redirect_uris", tuple(self.redirect_uris))
        object.__setattr__(self, "grant_types", tuple(GrantType(g) for g in self.grant_types))
        object.__setattr__(self, "scopes", tuple(self.scopes))
        if self.token_endpoint_auth_method is not None:
            object.__setattr__(
                self,
                "token_endpoint_auth_method",
                TokenEndpointAuthMethod(self.token_endpoint_auth_method),
            )
        self._check()

    @property
    def auth_method(self) -> TokenEndpointAuthMethod:
        """The token endpoint authentication method, defaulted from whether there is a secret."""
        if self.token_endpoint_auth_method is not None:
            return self.token_endpoint_auth_method
        if self.secret is None:
            return TokenEndpointAuthMethod.NONE
        return TokenEndpointAuthMethod.CLIENT_SECRET_BASIC

    def _check(self) -> None:
        name = f"client {self.client_id!r}"
        if not _CLIENT_ID.fullmatch(self.client_id):
            raise ValueError(f"{name}: a client id is 1-128 letters, digits and . _ ~ -")
        if not self.grant_types or len(set(self.grant_types)) != len(self.grant_types):
            raise ValueError(f"{name}: give each grant type once, at least one")
        if not self.scopes or len(set(self.scopes)) != len(self.scopes):
            raise ValueError(f"{name}: give each scope once, at least one")
        for scope in self.scopes:
            if not _SCOPE_TOKEN.fullmatch(scope):
                raise ValueError(f"{name}: {scope!r} is not a valid scope name")
        self._check_authentication(name)
        if GrantType.AUTHORIZATION_CODE in self.grant_types:
            self._check_sign_in(name)
        elif self.redirect_uris:
            raise ValueError(f"{name}: redirect URIs are only used by authorization_code")
        if GrantType.CLIENT_CREDENTIALS in self.grant_types and not self.audience:
            raise ValueError(f"{name}: client_credentials needs the audience of its tokens")

    def _check_authentication(self, name: str) -> None:
        if self.secret is None:
            if self.auth_method is not TokenEndpointAuthMethod.NONE:
                raise ValueError(f"{name}: {self.auth_method} needs a secret")
            if GrantType.CLIENT_CREDENTIALS in self.grant_types:
                raise ValueError(f"{name}: client_credentials needs a confidential client")
            return
        if self.auth_method is TokenEndpointAuthMethod.NONE:
            raise ValueError(f"{name}: a client with a secret must authenticate with it")
        if len(self.secret) < MIN_CLIENT_SECRET_LENGTH:
            raise ValueError(
                f"{name}: a client secret has at least {MIN_CLIENT_SECRET_LENGTH} characters"
            )

    def _check_sign_in(self, name: str) -> None:
        if "openid" not in self.scopes:
            raise ValueError(f"{name}: authorization_code clients must be allowed 'openid'")
        if not self.redirect_uris:
            raise ValueError(f"{name}: authorization_code needs at least one redirect URI")
        for uri in self.redirect_uris:
            parts = urlsplit(uri)
            if parts.fragment or not parts.netloc:
                raise ValueError(f"{name}: {uri!r} must be absolute, without a fragment")
            # Codes travel in this URI: TLS, or a loopback address during development.
            if not is_secure_transport(uri):
                raise ValueError(f"{name}: {uri!r} must use https (http only on loopback)")


@dataclass(frozen=True)
class ProviderConfig:
    """The provider's settings.

    ``issuer`` is the absolute public URL of the provider's mount point (for example
    ``http://localhost:8000/idp``): it is the ``iss`` of every token and the base of every
    endpoint. ``secret_key`` signs the login form's anti-forgery tokens. ``clients`` are
    registered (created or updated) when the provider starts. ``login_limit`` is how many
    sign-in attempts one username gets per window from one address, against password guessing
    (ten times as many from all addresses together, so a guesser elsewhere cannot lock the
    account's owner out); ``token_limit``
    how many token requests one client address gets, against guessing secrets and codes (a
    server that redeems its users' codes in process should present each user's address).
    """

    issuer: str
    secret_key: str
    clients: Sequence[ClientRegistration] = field(default_factory=tuple)
    access_token_lifetime: timedelta = timedelta(minutes=15)
    id_token_lifetime: timedelta = timedelta(minutes=15)
    code_lifetime: timedelta = timedelta(seconds=60)
    login_limit: Limit = DEFAULT_LOGIN_LIMIT
    token_limit: Limit = DEFAULT_TOKEN_LIMIT
    # Scopes clients registered later (partner systems) are granted, for the discovery
    # document's ``scopes_supported`` beside those of ``clients``.
    extra_scopes: Sequence[str] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "clients", tuple(self.clients))
        parts = urlsplit(self.issuer)
        if not parts.netloc or parts.query or parts.fragment or self.issuer.endswith("/"):
            raise ValueError(
                "issuer must be an absolute URL without query, fragment or trailing slash"
            )
        if not is_secure_transport(self.issuer):
            raise ValueError("issuer must use https (http only on a loopback address)")
        if len(self.secret_key) < MIN_SECRET_KEY_LENGTH:
            raise ValueError(f"secret_key must have at least {MIN_SECRET_KEY_LENGTH} characters")
        for name in ("access_token_lifetime", "id_token_lifetime", "code_lifetime"):
            lifetime: timedelta = getattr(self, name)
            if lifetime.total_seconds() < 1 or lifetime.total_seconds() % 1:
                raise ValueError(f"{name} must be a positive whole number of seconds")
        if self.code_lifetime > MAX_CODE_LIFETIME:
            raise ValueError("code_lifetime must be at most ten minutes")
        if self.login_limit.hits < 1 or self.login_limit.window_seconds < 1:
            raise ValueError("login_limit needs at least one hit in a window of a second or more")
        client_ids = [client.client_id for client in self.clients]
        if len(set(client_ids)) != len(client_ids):
            raise ValueError("each client id may be registered once")

    @property
    def mount_path(self) -> str:
        """The path part of the issuer: where the provider's routes live on the public host."""
        return urlsplit(self.issuer).path

    def url(self, endpoint: str) -> str:
        """The absolute public URL of one of the provider's endpoints, e.g. ``/token``."""
        return self.issuer + endpoint
