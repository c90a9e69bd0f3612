"""Verifying signed JWTs from remote issuers: bearer access tokens, and the signature step of
the relying party's ID tokens.

Only asymmetric algorithms are accepted, so a token can never be "signed" with a secret that an
attacker can read (``alg: none``, or HS256 keyed with a published public key). Issuer metadata and
JWK sets are fetched over HTTP and cached in Redis; an unknown ``kid`` refetches the JWK set once,
at most once per cool-down, so a stream of forged key ids cannot hammer the issuer.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
import secrets
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

import httpx
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import Key, import_key
from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# RS*/PS* (RSA), ES* (NIST curves), EdDSA and its fully specified names (RFC 9864).
ASYMMETRIC_ALGORITHMS: frozenset[str] = frozenset(
    {
        "RS256",
        "RS384",
        "RS512",
        "PS256",
        "PS384",
        "PS512",
        "ES256",
        "ES384",
        "ES512",
        "EdDSA",
        "Ed25519",
        "Ed448",
    }
)
# The key type each algorithm family needs; checked before joserfc sees the key.
_KEY_TYPE_BY_PREFIX = {"RS": "RSA", "PS": "RSA", "ES": "EC", "Ed": "OKP"}

DEFAULT_LEEWAY_SECONDS = 60
# Real tokens are a few kilobytes; anything far larger is refused before it is parsed.
MAX_TOKEN_LENGTH = 16_384
_BEARER = re.compile(r"Bearer +([A-Za-z0-9\-._~+/]+=*)", re.IGNORECASE)

HttpClientFactory = Callable[[], httpx.AsyncClient]


def default_http_client() -> httpx.AsyncClient:
    """The client used to reach issuers unless another factory is given: short timeouts, and
    no redirects, so a metadata or key URL answers for itself."""
    return httpx.AsyncClient(timeout=httpx.Timeout(5.0), follow_redirects=False)


class InvalidTokenReason(StrEnum):
    """Why a token was refused."""

    MALFORMED = "malformed"
    UNSUPPORTED_ALGORITHM = "unsupported_algorithm"
    UNKNOWN_KEY = "unknown_key"
    BAD_SIGNATURE = "bad_signature"
    WRONG_ISSUER = "wrong_issuer"
    WRONG_AUDIENCE = "wrong_audience"
    WRONG_AUTHORIZED_PARTY = "wrong_authorized_party"
    WRONG_NONCE = "wrong_nonce"
    MISSING_CLAIM = "missing_claim"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"


class InvalidToken(Exception):
    """A token that must not be accepted. ``reason`` is safe to log; the token is never kept."""

    def __init__(self, reason: InvalidTokenReason, detail: str = "") -> None:
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason
        self.detail = detail


class IssuerUnavailable(Exception):
    """An issuer's metadata or keys could not be fetched, or are not acceptable (for example a
    discovery document naming another issuer). Not the token's fault: answer 502/503, not 401."""


class InsufficientScope(Exception):
    """A valid token that lacks scopes an operation needs."""

    def __init__(self, missing: frozenset[str]) -> None:
        super().__init__("missing scopes: " + " ".join(sorted(missing)))
        self.missing = missing


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header value, or None."""
    if authorization is None:
        return None
    match = _BEARER.fullmatch(authorization.strip())
    return match.group(1) if match else None


def audiences_of(claims: Mapping[str, Any]) -> frozenset[str]:
    """The ``aud`` claim as a set, whether it was sent as a string or a list of strings."""
    aud = claims.get("aud")
    if isinstance(aud, str):
        return frozenset({aud})
    if isinstance(aud, list) and aud and all(isinstance(value, str) for value in aud):
        return frozenset(aud)
    raise InvalidToken(InvalidTokenReason.MISSING_CLAIM, "aud")


def check_lifetime(
    claims: Mapping[str, Any], *, now: float, leeway: float, require_iat: bool = False
) -> None:
    """Refuse a token that has expired, is not valid yet, or claims to be issued in the future;
    ``exp`` is always required, ``iat`` when asked for. ``leeway`` absorbs clock skew."""
    exp = _numeric_claim(claims, "exp", required=True)
    nbf = _numeric_claim(claims, "nbf", required=False)
    iat = _numeric_claim(claims, "iat", required=require_iat)
    if exp is not None and now >= exp + leeway:
        raise InvalidToken(InvalidTokenReason.EXPIRED)
    if nbf is not None and nbf > now + leeway:
        raise InvalidToken(InvalidTokenReason.NOT_YET_VALID, "nbf")
    if iat is not None and iat > now + leeway:
        raise InvalidToken(InvalidTokenReason.NOT_YET_VALID, "iat")


def _numeric_claim(claims: Mapping[str, Any], name: str, *, required: bool) -> float | None:
    value = claims.get(name)
    if value is None:
        if required:
            raise InvalidToken(InvalidTokenReason.MISSING_CLAIM, name)
        return None
    # bool is an int in Python, never a timestamp.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidToken(InvalidTokenReason.MALFORMED, name)
    return float(value)


def unverified_claims(token: str) -> dict[str, Any]:
    """The payload of a compact JWS, NOT verified: only to choose which issuer's keys to use."""
    return _payload(_split(token))


def _split(token: str) -> jws.CompactSignature:
    if len(token) > MAX_TOKEN_LENGTH or not token.isascii():
        raise InvalidToken(InvalidTokenReason.MALFORMED, "size or characters")
    try:
        return jws.extract_compact(token.encode("ascii"))
    except (JoseError, ValueError, TypeError) as error:
        raise InvalidToken(InvalidTokenReason.MALFORMED, "not a compact JWS") from error


def _payload(obj: jws.CompactSignature) -> dict[str, Any]:
    try:
        claims = json.loads(obj.payload)
    except ValueError as error:
        raise InvalidToken(InvalidTokenReason.MALFORMED, "payload is not JSON") from error
    if not isinstance(claims, dict):
        raise InvalidToken(InvalidTokenReason.MALFORMED, "payload is not an object")
    return claims


def _absolute_url(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    parts = urlsplit(value)
    return value if parts.scheme in ("https", "http") and parts.netloc else None


class IssuerDirectory:
    """Discovery documents and JWK sets of remote issuers, fetched over HTTP and cached in Redis.

    A Redis failure only costs the cache: documents are then fetched for each use, and no cache
    call waits longer than ``redis_timeout_seconds``.
    """

    def __init__(
        self,
        redis: Redis,
        http_client_factory: HttpClientFactory | None = None,
        *,
        ttl_seconds: int = 600,
        refetch_cooldown_seconds: int = 30,
        prefix: str = "auth:",
        redis_timeout_seconds: float = 0.5,
    ) -> None:
        self._redis = redis
        self._http = http_client_factory or default_http_client
        self._ttl = ttl_seconds
        self._cooldown = refetch_cooldown_seconds
        self._prefix = prefix
        self._redis_timeout = redis_timeout_seconds

    async def metadata(self, issuer: str, *, discovery_url: str | None = None) -> dict[str, Any]:
        """The issuer's OpenID discovery document, read from ``discovery_url`` when the server
        reaches the issuer by another address than browsers do (containers), else from
        ``{issuer}/.well-known/openid-configuration``. Its ``issuer`` must equal the configured
        one exactly (OpenID Connect Discovery §4.3) and it must name a ``jwks_uri``."""
        url = discovery_url or issuer.rstrip("/") + "/.well-known/openid-configuration"
        cache_key = self._cache_key("metadata", f"{issuer} {url}")
        document = await self._cached(cache_key)
        if document is None:
            document = await self._fetch_json(url)
            if document.get("issuer") != issuer:
                raise IssuerUnavailable(
                    f"discovery for {issuer} names issuer {document.get('issuer')!r}"
                )
            if _absolute_url(document.get("jwks_uri")) is None:
                raise IssuerUnavailable(f"discovery for {issuer} has no usable jwks_uri")
            await self._store(cache_key, document)
        return document

    async def verify_signature(
        self, token: str, *, jwks_uri: str, algorithms: Collection[str]
    ) -> dict[str, Any]:
        """The claims of ``token`` once its signature is verified with a key of ``jwks_uri``,
        using one of ``algorithms`` that is asymmetric. Claims are NOT checked here."""
        obj = _split(token)
        header = obj.headers()
        alg = header.get("alg")
        if not isinstance(alg, str) or alg not in ASYMMETRIC_ALGORITHMS.intersection(algorithms):
            raise InvalidToken(InvalidTokenReason.UNSUPPORTED_ALGORITHM, repr(alg))
        kid = header.get("kid")
        if kid is not None and not isinstance(kid, str):
            raise InvalidToken(InvalidTokenReason.MALFORMED, "kid")
        key = await self._signing_key(jwks_uri, kid, alg)
        try:
            valid = jws.validate_compact(obj, key, algorithms=[alg])
        except JoseError as error:
            raise InvalidToken(InvalidTokenReason.BAD_SIGNATURE, str(error)) from error
        if not valid:
            raise InvalidToken(InvalidTokenReason.BAD_SIGNATURE)
        return _payload(obj)

    async def _signing_key(self, jwks_uri: str, kid: str | None, alg: str) -> Key:
        cache_key = self._cache_key("jwks", jwks_uri)
        document = await self._cached(cache_key)
        fresh = document is None
        if document is None:
            document = await self._download_jwks(jwks_uri, cache_key)
        found = _select_key(document, kid)
        # A new kid usually means the issuer rotated its keys: look once more, unless the set
        # was fetched just now or another token already triggered a refetch this cool-down.
        if found is None and not fresh and await self._may_refetch(jwks_uri):
            document = await self._download_jwks(jwks_uri, cache_key)
            found = _select_key(document, kid)
        if found is None:
            raise InvalidToken(InvalidTokenReason.UNKNOWN_KEY, repr(kid))
        fits = found.get("kty") == _KEY_TYPE_BY_PREFIX.get(alg[:2]) and found.get("alg", alg) == alg
        if not fits:
            raise InvalidToken(InvalidTokenReason.BAD_SIGNATURE, f"{alg} does not fit the key")
        try:
            return import_key(found)
        except (JoseError, ValueError, TypeError) as error:
            raise InvalidToken(InvalidTokenReason.UNKNOWN_KEY, "unreadable key") from error

    async def _download_jwks(self, jwks_uri: str, cache_key: str) -> dict[str, Any]:
        document = await self._fetch_json(jwks_uri)
        keys = document.get("keys")
        if not isinstance(keys, list):
            raise IssuerUnavailable(f"{jwks_uri} is not a JWK set")
        key_set = {"keys": [key for key in keys if isinstance(key, dict)]}
        await self._store(cache_key, key_set)
        return key_set

    async def _may_refetch(self, jwks_uri: str) -> bool:
        try:
            async with asyncio.timeout(self._redis_timeout):
                acquired = await self._redis.set(
                    self._cache_key("jwks-refetch", jwks_uri), "1", ex=self._cooldown, nx=True
                )
        except (RedisError, OSError) as error:
            log.warning("JWKS refetch guard unavailable (%s); refetching", error)
            return True
        return bool(acquired)

    async def _fetch_json(self, url: str) -> dict[str, Any]:
        try:
            async with self._http() as client:
                response = await client.get(url, headers={"Accept": "application/json"})
        except httpx.HTTPError as error:
            raise IssuerUnavailable(f"{url}: {error!r}") from error
        if response.status_code != 200:
            raise IssuerUnavailable(f"{url} answered {response.status_code}")
        try:
            document = response.json()
        except ValueError as error:
            raise IssuerUnavailable(f"{url} did not answer JSON") from error
        if not isinstance(document, dict):
            raise IssuerUnavailable(f"{url} did not answer a JSON object")
        return document

    def _cache_key(self, kind: str, url: str) -> str:
        return f"{self._prefix}{kind}:{hashlib.sha256(url.encode()).hexdigest()}"

    async def _cached(self, cache_key: str) -> dict[str, Any] | None:
        try:
            async with asyncio.timeout(self._redis_timeout):
                raw = await self._redis.get(cache_key)
        except (RedisError, OSError) as error:
            log.warning("Issuer cache unavailable (%s); fetching", error)
            return None
        if raw is None:
            return None
        try:
            document = json.loads(raw)
        except ValueError:
            return None
        return document if isinstance(document, dict) else None

    async def _store(self, cache_key: str, document: Mapping[str, Any]) -> None:
        try:
            async with asyncio.timeout(self._redis_timeout):
                await self._redis.set(cache_key, json.dumps(document), ex=self._ttl)
        except (RedisError, OSError) as error:
            log.warning("Issuer cache unavailable (%s); not caching", error)


def _select_key(document: Mapping[str, Any], kid: str | None) -> dict[str, Any] | None:
    signing = [
        key
        for key in document.get("keys", [])
        if isinstance(key, dict) and key.get("use", "sig") == "sig"
    ]
    if kid is None:
        # Without a kid a token can only name the issuer's one and only signing key.
        return signing[0] if len(signing) == 1 else None
    for key in signing:
        if isinstance(key.get("kid"), str) and secrets.compare_digest(key["kid"], kid):
            return key
    return None


@dataclass(frozen=True)
class TrustedIssuer:
    """An issuer whose access tokens the API accepts, for one audience. Without ``jwks_uri``
    the keys are found through the issuer's discovery document (at ``discovery_url`` if given,
    see :meth:`IssuerDirectory.metadata`)."""

    issuer: str
    audience: str
    jwks_uri: str | None = None
    discovery_url: str | None = None
    algorithms: frozenset[str] = field(default=ASYMMETRIC_ALGORITHMS)


@dataclass(frozen=True)
class AccessClaims:
    """What a verified access token says."""

    issuer: str
    subject: str
    client_id: str | None
    scopes: frozenset[str]
    audience: frozenset[str]
    expires_at: datetime
    claims: Mapping[str, Any] = field(repr=False)


def require_scopes(claims: AccessClaims, *scopes: str) -> None:
    """Raise :class:`InsufficientScope` unless the token carries every one of ``scopes``."""
    missing = frozenset(scopes) - claims.scopes
    if missing:
        raise InsufficientScope(missing)


class BearerVerifier:
    """Verifies JWT access tokens (RFC 9068 shape; Keycloak's ``azp`` and ``scp`` accepted)
    issued by the trusted issuers for their audience."""

    def __init__(
        self,
        trusted: Sequence[TrustedIssuer],
        cache: Redis,
        http_client_factory: HttpClientFactory | None = None,
        *,
        leeway_seconds: float = DEFAULT_LEEWAY_SECONDS,
        jwks_ttl_seconds: int = 600,
        refetch_cooldown_seconds: int = 30,
        key_prefix: str = "auth:",
        redis_timeout_seconds: float = 0.5,
    ) -> None:
        self._trusted = {entry.issuer: entry for entry in trusted}
        if len(self._trusted) != len(trusted):
            raise ValueError("each trusted issuer may be listed once")
        self._leeway = leeway_seconds
        self._directory = IssuerDirectory(
            cache,
            http_client_factory,
            ttl_seconds=jwks_ttl_seconds,
            refetch_cooldown_seconds=refetch_cooldown_seconds,
            prefix=key_prefix,
            redis_timeout_seconds=redis_timeout_seconds,
        )

    async def verify(self, token: str) -> AccessClaims:
        """The claims of a valid access token. Raises :class:`InvalidToken` with a reason when
        the token must be refused, :class:`IssuerUnavailable` when its issuer's keys cannot be
        fetched."""
        issuer = unverified_claims(token).get("iss")
        trusted = self._trusted.get(issuer) if isinstance(issuer, str) else None
        if trusted is None:
            raise InvalidToken(InvalidTokenReason.WRONG_ISSUER, repr(issuer))
        jwks_uri = (
            trusted.jwks_uri
            or (
                await self._directory.metadata(trusted.issuer, discovery_url=trusted.discovery_url)
            )["jwks_uri"]
        )
        claims = await self._directory.verify_signature(
            token, jwks_uri=jwks_uri, algorithms=trusted.algorithms
        )
        if claims.get("iss") != trusted.issuer:
            raise InvalidToken(InvalidTokenReason.WRONG_ISSUER)
        audience = audiences_of(claims)
        if trusted.audience not in audience:
            raise InvalidToken(InvalidTokenReason.WRONG_AUDIENCE)
        check_lifetime(claims, now=time.time(), leeway=self._leeway)
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject:
            raise InvalidToken(InvalidTokenReason.MISSING_CLAIM, "sub")
        client_id = claims.get("client_id", claims.get("azp"))
        return AccessClaims(
            issuer=trusted.issuer,
            subject=subject,
            client_id=client_id if isinstance(client_id, str) else None,
            scopes=_scopes(claims),
            audience=audience,
            expires_at=datetime.fromtimestamp(claims["exp"], tz=UTC),
            claims=claims,
        )


def _scopes(claims: Mapping[str, Any]) -> frozenset[str]:
    scope = claims.get("scope")
    if isinstance(scope, str):
        return frozenset(scope.split())
    scp = claims.get("scp")
    if isinstance(scp, list) and all(isinstance(value, str) for value in scp):
        return frozenset(scp)
    return frozenset()
