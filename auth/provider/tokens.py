"""The tokens the provider issues and reads back: RFC 9068 JWT access tokens and ID tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from authlib.oauth2.rfc9068 import JWTBearerTokenGenerator
from authlib.oidc.core.grants.util import generate_id_token
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry

from auth.provider.keys import SIGNING_ALGORITHM, SigningKeys
from auth.provider.service import Account, Client

ACCESS_TOKEN_TYPE = "at+jwt"
# Clock skew tolerated when reading back a token this provider issued.
LEEWAY_SECONDS = 30


@dataclass(frozen=True)
class SignedInUser:
    """The person an authorization code was issued for, and when they signed in.
    ``get_user_id`` is the part of Authlib's ``UserMixin`` its token generator calls."""

    account: Account
    auth_time: int

    def get_user_id(self) -> str:
        """The subject, for Authlib."""
        return self.account.subject


class AccessTokenGenerator(JWTBearerTokenGenerator):
    """Authlib's RFC 9068 generator: an RS256 JWT (``typ: at+jwt``) with iss, sub, aud, exp,
    iat, jti, client_id and scope. ``sub`` is the person's subject, or the client id for
    client_credentials. ``aud`` is the client's configured audience, else the client id."""

    def __init__(self, issuer: str, keys: SigningKeys, lifetime: timedelta) -> None:
        super().__init__(
            issuer, alg=SIGNING_ALGORITHM, expires_generator=int(lifetime.total_seconds())
        )
        self._keys = keys

    def get_jwks(self) -> KeySet:
        """The key to sign with (Authlib hook)."""
        return self._keys.signing_key_set()

    def get_audiences(self, client: Client, user: SignedInUser | None, scope: str) -> str:
        """The token's ``aud`` (Authlib hook)."""
        return client.audience or client.client_id

    def get_auth_time(self, user: SignedInUser | None) -> int | None:
        """When the person signed in; absent for client_credentials (Authlib hook)."""
        return None if user is None else user.auth_time


def issue_id_token(
    *,
    keys: SigningKeys,
    issuer: str,
    client_id: str,
    user: SignedInUser,
    scope: str,
    nonce: str | None,
    access_token: str,
    lifetime: timedelta,
) -> str:
    """An OpenID Connect ID token for ``client_id``, made by Authlib's ``generate_id_token``
    (the function its ``OpenIDCode`` grant uses): iss, sub, aud, exp, iat, auth_time, nonce and
    at_hash, plus azp and the person's claims that the granted scope allows."""
    claims = user.account.claims().filter(scope)
    # The ID token's audience is exactly this client; azp says so explicitly (OIDC Core §2).
    claims["azp"] = client_id
    token: str = generate_id_token(
        token={"access_token": access_token},
        user_info=claims,
        key=keys.active,
        iss=issuer,
        aud=client_id,
        alg=SIGNING_ALGORITHM,
        exp=int(lifetime.total_seconds()),
        nonce=nonce,
        auth_time=user.auth_time,
        kid=keys.active.kid,
    )
    return token


class InvalidAccessToken(Exception):
    """The bearer token is not a live access token issued by this provider."""


def read_access_token(token: str, *, keys: SigningKeys, issuer: str) -> dict[str, Any]:
    """The claims of an access token this provider issued, after checking its signature, type,
    issuer and expiry; raises :class:`InvalidAccessToken` otherwise. An ID token is refused:
    it is signed by the same key but is not an access token (RFC 9068 §4)."""
    try:
        decoded = jwt.decode(token, keys.verification_key_set(), algorithms=[SIGNING_ALGORITHM])
        JWTClaimsRegistry(
            leeway=LEEWAY_SECONDS,
            iss={"essential": True, "value": issuer},
            sub={"essential": True},
            exp={"essential": True},
        ).validate(decoded.claims)
    except (JoseError, ValueError) as error:
        raise InvalidAccessToken(str(error)) from error
    if decoded.header.get("typ") != ACCESS_TOKEN_TYPE:
        raise InvalidAccessToken("not an access token")
    return decoded.claims
