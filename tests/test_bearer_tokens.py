"""Bearer access tokens from a trusted issuer: what is accepted, and why everything else is not.

The issuer is the in-process test provider; its keys are fetched over HTTP and cached in Redis
(fakeredis, or the real Redis of TEST_REDIS_URL).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from oidc_test_provider import ISSUER, OIDCTestProvider, Signing
from redis.asyncio import Redis

from auth.tokens import (
    BearerVerifier,
    InsufficientScope,
    InvalidToken,
    InvalidTokenReason,
    TrustedIssuer,
    bearer_token,
    require_scopes,
)
from ecosystem.redis_client import create_redis
from ecosystem.settings import Settings

AUDIENCE = "hope-api"


@pytest.fixture
async def redis(settings: Settings) -> AsyncIterator[Redis]:
    client = create_redis(settings)
    yield client
    await client.aclose()


@pytest.fixture
async def prefix(redis: Redis) -> AsyncIterator[str]:
    value = f"test-bearer-{uuid.uuid4().hex}:"
    yield value
    keys = [key async for key in redis.scan_iter(match=value + "*")]
    if keys:
        await redis.delete(*keys)


@pytest.fixture
def provider() -> OIDCTestProvider:
    return OIDCTestProvider()


@pytest.fixture
def verifier(provider: OIDCTestProvider, redis: Redis, prefix: str) -> BearerVerifier:
    return BearerVerifier(
        [TrustedIssuer(issuer=ISSUER, audience=AUDIENCE)],
        redis,
        provider.http_client,
        key_prefix=prefix,
    )


def access_claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "sub": "user-42",
        "aud": [AUDIENCE, "account"],
        "client_id": "hope-web",
        "scope": "openid needs:write pledges:read",
        "iat": now,
        "nbf": now,
        "exp": now + 300,
        "jti": uuid.uuid4().hex,
    }
    claims.update(changes)
    return {key: value for key, value in claims.items() if value is not None}


def token(provider: OIDCTestProvider, signing: Signing = "RS256", **changes: Any) -> str:
    return provider.sign(access_claims(**changes), signing)


async def refused(verifier: BearerVerifier, value: str) -> InvalidTokenReason:
    with pytest.raises(InvalidToken) as caught:
        await verifier.verify(value)
    return caught.value.reason


async def test_valid_token_is_accepted_with_its_scopes(
    verifier: BearerVerifier, provider: OIDCTestProvider
) -> None:
    claims = await verifier.verify(token(provider))

    assert claims.issuer == ISSUER
    assert claims.subject == "user-42"
    assert claims.client_id == "hope-web"
    assert claims.scopes == frozenset({"openid", "needs:write", "pledges:read"})
    assert claims.audience == frozenset({AUDIENCE, "account"})
    assert abs(claims.expires_at.timestamp() - (time.time() + 300)) < 5
    require_scopes(claims, "needs:write", "pledges:read")
    with pytest.raises(InsufficientScope) as missing:
        require_scopes(claims, "needs:write", "matches:approve")
    assert missing.value.missing == frozenset({"matches:approve"})


async def test_keycloak_style_azp_and_scp_claims_are_understood(
    verifier: BearerVerifier, provider: OIDCTestProvider
) -> None:
    claims = await verifier.verify(
        token(provider, client_id=None, azp="hope-cli", scope=None, scp=["needs:read"])
    )

    assert claims.client_id == "hope-cli"
    assert claims.scopes == frozenset({"needs:read"})


async def test_token_for_another_audience_is_refused(
    verifier: BearerVerifier, provider: OIDCTestProvider
) -> None:
    assert await refused(verifier, token(provider, aud="another-api")) is (
        InvalidTokenReason.WRONG_AUDIENCE
    )


async def test_token_from_an_untrusted_issuer_is_refused(
    verifier: BearerVerifier, provider: OIDCTestProvider
) -> None:
    stranger = OIDCTestProvider(issuer="https://stranger.example")

    assert await refused(verifier, token(stranger, iss="https://stranger.example")) is (
        InvalidTokenReason.WRONG_ISSUER
    )
    assert provider.requests.total() == 0


async def test_expired_token_is_refused(
    verifier: BearerVerifier, provider: OIDCTestProvider
) -> None:
    now = int(time.time())
    expired = token(provider, iat=now - 3600, nbf=now - 3600, exp=now - 600)

    assert await refused(verifier, expired) is InvalidTokenReason.EXPIRED


async def test_token_not_valid_yet_is_refused(
    verifier: BearerVerifier, provider: OIDCTestProvider
) -> None:
    later = int(time.time()) + 3600

    assert await refused(verifier, token(provider, nbf=later, exp=later + 300)) is (
        InvalidTokenReason.NOT_YET_VALID
    )


async def test_token_without_expiry_is_refused(
    verifier: BearerVerifier, provider: OIDCTestProvider
) -> None:
    assert await refused(verifier, token(provider, exp=None)) is InvalidTokenReason.MISSING_CLAIM


async def test_unsigned_token_is_refused(
    verifier: BearerVerifier, provider: OIDCTestProvider
) -> None:
    assert await refused(verifier, token(provider, "none")) is (
        InvalidTokenReason.UNSUPPORTED_ALGORITHM
    )


async def test_token_hmac_signed_with_the_public_key_is_refused(
    verifier: BearerVerifier, provider: OIDCTestProvider
) -> None:
    assert await refused(verifier, token(provider, "HS256-public-key")) is (
        InvalidTokenReason.UNSUPPORTED_ALGORITHM
    )


async def test_token_with_a_tampered_payload_is_refused(
    verifier: BearerVerifier, provider: OIDCTestProvider
) -> None:
    header, _, signature = token(provider).split(".")
    _, forged_payload, _ = token(provider, scope="matches:approve").split(".")

    assert await refused(verifier, f"{header}.{forged_payload}.{signature}") is (
        InvalidTokenReason.BAD_SIGNATURE
    )


async def test_unknown_key_refetches_the_keys_once_then_is_refused(
    verifier: BearerVerifier, provider: OIDCTestProvider
) -> None:
    await verifier.verify(token(provider))
    assert provider.requests["/jwks"] == 1

    first = await refused(verifier, token(provider, "unknown-key"))
    assert provider.requests["/jwks"] == 2
    # Another forged kid right after does not make the site hammer the issuer.
    second = await refused(verifier, token(provider, "unknown-key"))

    assert first is second is InvalidTokenReason.UNKNOWN_KEY
    assert provider.requests["/jwks"] == 2


async def test_token_signed_with_a_rotated_key_is_accepted_after_one_refetch(
    verifier: BearerVerifier, provider: OIDCTestProvider
) -> None:
    await verifier.verify(token(provider))
    provider.rotate_key("key-2")

    claims = await verifier.verify(token(provider))

    assert claims.subject == "user-42"
    assert provider.requests["/jwks"] == 2


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "not-a-jwt",
        "a.b.c",
        "....",
        "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln",
        "é.é.é",
        "x" * 20000,
    ],
)
async def test_garbage_is_refused_as_malformed(
    verifier: BearerVerifier, provider: OIDCTestProvider, garbage: str
) -> None:
    assert await refused(verifier, garbage) is InvalidTokenReason.MALFORMED
    assert provider.requests.total() == 0


async def test_keys_are_cached_between_verifications(
    verifier: BearerVerifier, provider: OIDCTestProvider
) -> None:
    await verifier.verify(token(provider))
    calls = provider.requests.total()

    await verifier.verify(token(provider, sub="user-43"))

    assert calls == 2  # discovery, then the key set
    assert provider.requests.total() == calls


async def test_configured_key_url_skips_discovery(
    provider: OIDCTestProvider, redis: Redis, prefix: str
) -> None:
    verifier = BearerVerifier(
        [TrustedIssuer(issuer=ISSUER, audience=AUDIENCE, jwks_uri=f"{ISSUER}/jwks")],
        redis,
        provider.http_client,
        key_prefix=prefix,
    )

    await verifier.verify(token(provider))

    assert provider.requests == {"/jwks": 1}


async def test_tokens_are_still_verified_when_redis_is_down(provider: OIDCTestProvider) -> None:
    dead = Redis(host="127.0.0.1", port=1, socket_timeout=0.2, socket_connect_timeout=0.2)
    verifier = BearerVerifier(
        [TrustedIssuer(issuer=ISSUER, audience=AUDIENCE)],
        dead,
        provider.http_client,
        redis_timeout_seconds=0.1,
    )

    claims = await verifier.verify(token(provider))
    await dead.aclose()

    assert claims.subject == "user-42"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Bearer abc.def.ghi", "abc.def.ghi"),
        ("bearer   abc.def.ghi", "abc.def.ghi"),
        ("Basic dXNlcjpwYXNz", None),
        ("Bearer", None),
        ("Bearer a b", None),
        (None, None),
    ],
)
def test_bearer_token_is_read_from_the_authorization_header(
    header: str | None, expected: str | None
) -> None:
    assert bearer_token(header) == expected
