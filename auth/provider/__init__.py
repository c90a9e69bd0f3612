"""The embedded OpenID Connect provider: the identity provider of the embedded default.

Mounted (at ``/idp`` by convention) it serves OpenID Connect Discovery, a JWKS, the authorization
code flow with PKCE (S256 only) behind a login page in Chinese and English, ID tokens, RFC 9068
JWT access tokens, client_credentials for registered API clients, and userinfo. Accounts, clients
and signing keys live in the ``idp_*`` tables; authorization codes and the per-username count of
sign-in attempts (:mod:`auth.ratelimit`) live in Redis. It keeps no sign-in session: every
authorization request shows the login form, so there is nothing for a logout endpoint to end.

Which parts of Authlib are used, and why
-----------------------------------------
Authlib's ``AuthorizationServer`` and grant classes are synchronous and look up clients and codes
through synchronous callbacks, while everything here lives in async storage (SQLAlchemy's
AsyncSession, redis.asyncio). Rather than prefetching data for those callbacks and replaying
their side effects (code deletion, code storage) afterwards, the endpoints are written directly,
in order, with Authlib's lower-level pieces doing the standard work:

- ``authlib.oauth2.rfc6749.errors`` (and ``rfc6750.errors``, ``oidc.core.errors``): every error
  the endpoints return, with the RFC's error codes, status codes and ``WWW-Authenticate``
  headers.
- ``authlib.oauth2.rfc6749.util``: Basic client credentials parsing and scope strings.
- ``authlib.oauth2.rfc7636``: the S256 challenge computation and the challenge and verifier
  syntax.
- ``authlib.oauth2.rfc9068.JWTBearerTokenGenerator``: the JWT access tokens (iss, sub, aud, exp,
  iat, jti, client_id, scope; ``typ: at+jwt``). It is synchronous and pure, so it fits as is.
- ``authlib.oidc.core.grants.util.generate_id_token`` (what Authlib's ``OpenIDCode`` uses) and
  ``authlib.oidc.core.UserInfo``: ID tokens with ``at_hash``, and claims filtered by scope.
- ``authlib.oidc.discovery.OpenIDProviderMetadata``: the discovery document is validated when
  the application is built.
- joserfc (Authlib's JOSE backend): RSA key generation, JWKS, and reading access tokens back at
  the userinfo endpoint.

This package never imports :mod:`ecosystem`.
"""

from auth.provider.app import EmbeddedProvider, create_provider_app
from auth.provider.config import (
    ClientRegistration,
    GrantType,
    ProviderConfig,
    TokenEndpointAuthMethod,
)
from auth.provider.models import (
    PROVIDER_TABLE_NAMES,
    PROVIDER_TABLES,
    IdpAccount,
    IdpClient,
    IdpSigningKey,
)
from auth.provider.service import (
    Account,
    Client,
    ensure_account,
    ensure_client,
    find_client,
    verify_client_secret,
)

__all__ = [
    "PROVIDER_TABLES",
    "PROVIDER_TABLE_NAMES",
    "Account",
    "Client",
    "ClientRegistration",
    "EmbeddedProvider",
    "GrantType",
    "IdpAccount",
    "IdpClient",
    "IdpSigningKey",
    "ProviderConfig",
    "TokenEndpointAuthMethod",
    "create_provider_app",
    "ensure_account",
    "ensure_client",
    "find_client",
    "verify_client_secret",
]
