"""The embedded OpenID Connect provider, over HTTP the way browsers and clients use it: discovery,
keys, signing in with the authorization code flow and PKCE, client_credentials and userinfo.

Tokens are checked independently of the provider's code: signatures with joserfc against the
published JWKS, PKCE challenges and at_hash computed here with hashlib.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import os
import secrets
from collections.abc import AsyncIterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import fakeredis
import httpx
import pytest
from authlib.oidc.discovery import OpenIDProviderMetadata
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry
from redis.asyncio import Redis
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col
from starlette.applications import Starlette
from starlette.routing import Mount

from auth.provider import (
    ClientRegistration,
    GrantType,
    IdpAccount,
    IdpClient,
    IdpSigningKey,
    ProviderConfig,
    TokenEndpointAuthMethod,
    create_provider_app,
    ensure_account,
)
from auth.ratelimit import Limit
from ecosystem.database import create_engine

ISSUER = "http://localhost/idp"
# Unique names: the suite's clean-up does not know these tables, and CI may share a database.
RUN = secrets.token_hex(4)
WEB, WEB_SECRET = f"web-{RUN}", f"web-secret-{RUN}-{RUN}"
APP = f"app-{RUN}"
PARTNER, PARTNER_SECRET = f"partner-{RUN}", f"partner-secret-{RUN}-{RUN}"
REDIRECT_URI = "http://localhost:5173/auth/callback"
API_AUDIENCE = "https://hope.example/graphql"
USERNAME, PASSWORD = f"principal-{RUN}", "边院镇-correct-horse"
GUESSED_USERNAME = f"guessed-{RUN}"
NAME, EMAIL = "王校长", f"principal-{RUN}@school.example"
PRIVATE_JWK_MEMBERS = {"d", "p", "q", "dp", "dq", "qi", "oth"}

CONFIG = ProviderConfig(
    issuer=ISSUER,
    secret_key="test-secret-for-login-forms",
    clients=[
        ClientRegistration(WEB, WEB_SECRET, redirect_uris=[REDIRECT_URI]),
        ClientRegistration(APP, None, redirect_uris=[REDIRECT_URI]),
        ClientRegistration(
            PARTNER,
            PARTNER_SECRET,
            grant_types=[GrantType.CLIENT_CREDENTIALS],
            scopes=["needs:read", "pledges:write"],
            audience=API_AUDIENCE,
            token_endpoint_auth_method=TokenEndpointAuthMethod.CLIENT_SECRET_POST,
        ),
    ],
    # This module signs the same person in many times; the limit has a test of its own.
    login_limit=Limit(hits=1000, window_seconds=60),
)


@pytest.fixture(scope="module")
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    # The suite's database was built by the migrations, which include the idp_* tables.
    engine = create_engine(database_url)
    maker = async_sessionmaker(engine, expire_on_commit=False)
    async with maker() as session:
        kids_before = list(await session.scalars(select(col(IdpSigningKey.kid))))
    yield maker
    async with maker.begin() as session:
        await session.execute(
            delete(IdpAccount).where(col(IdpAccount.username).in_([USERNAME, GUESSED_USERNAME]))
        )
        await session.execute(
            delete(IdpClient).where(col(IdpClient.client_id).in_([WEB, APP, PARTNER]))
        )
        await session.execute(
            delete(IdpSigningKey).where(col(IdpSigningKey.kid).not_in(kids_before))
        )
    await engine.dispose()


@pytest.fixture(scope="module")
async def subject(sessions: async_sessionmaker[AsyncSession]) -> str:
    async with sessions.begin() as session:
        return await ensure_account(session, USERNAME, PASSWORD, NAME, EMAIL)


@pytest.fixture(scope="module")
async def redis() -> AsyncIterator[Redis]:
    url = os.environ.get("TEST_REDIS_URL")
    client = (
        Redis.from_url(url, decode_responses=True)
        if url
        else fakeredis.FakeAsyncRedis(decode_responses=True)
    )
    yield client
    await client.aclose()


@pytest.fixture(scope="module")
def provider(sessions: async_sessionmaker[AsyncSession], redis: Redis, subject: str) -> Starlette:
    return create_provider_app(CONFIG, sessions, redis)


def _client_for(provider: Starlette) -> httpx.AsyncClient:
    # Mounted at /idp as in the ecosystem app, so paths and cookies are the real ones.
    root = Starlette(routes=[Mount("/idp", app=provider)])
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=root), base_url="http://localhost")


@pytest.fixture
async def idp(provider: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with _client_for(provider) as client:
        yield client


# Helpers: what a browser and a client application do.


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def authorize_params(challenge: str, **overrides: str | None) -> dict[str, str]:
    params: dict[str, str | None] = {
        "response_type": "code",
        "client_id": APP,
        "redirect_uri": REDIRECT_URI,
        "scope": "openid profile email",
        "state": f"state-{secrets.token_hex(8)}",
        "nonce": f"nonce-{secrets.token_hex(8)}",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        **overrides,
    }
    return {name: value for name, value in params.items() if value is not None}


class LoginForm(HTMLParser):
    """The form's action and fields, and the page's alert text, as a browser would see them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.action = ""
        self.fields: dict[str, str] = {}
        self.alert = ""
        self.labels: list[str] = []
        self._in: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.action = attributes["action"]
        elif tag == "input":
            self.fields[attributes["name"]] = attributes.get("value", "")
        elif attributes.get("role") == "alert" or tag == "label":
            self._in = tag if tag == "label" else "alert"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "label"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "alert":
            self.alert += data
        elif self._in == "label":
            self.labels.append(data)


def query_of(response: httpx.Response) -> dict[str, str]:
    location = response.headers["location"]
    assert location.startswith(REDIRECT_URI + "?"), location
    return dict(parse_qsl(urlsplit(location).query))


async def sign_in(
    idp: httpx.AsyncClient, params: dict[str, str], password: str = PASSWORD
) -> httpx.Response:
    page = await idp.get("/idp/authorize", params=params)
    assert page.status_code == 200, page.text
    form = LoginForm(page.text)
    return await idp.post(
        form.action, data={**form.fields, "username": USERNAME, "password": password}
    )


async def code_for(idp: httpx.AsyncClient, params: dict[str, str]) -> str:
    response = await sign_in(idp, params)
    assert response.status_code == 303, response.text
    return query_of(response)["code"]


async def redeem(
    idp: httpx.AsyncClient,
    code: str,
    verifier: str,
    *,
    client: tuple[str, str | None] = (APP, None),
    redirect_uri: str = REDIRECT_URI,
) -> httpx.Response:
    client_id, secret = client
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": verifier,
    }
    if secret is None:
        return await idp.post("/idp/token", data={**data, "client_id": client_id})
    return await idp.post("/idp/token", data=data, auth=(client_id, secret))


async def partner_token(idp: httpx.AsyncClient) -> str:
    """An access token for the partner system, by client_credentials."""
    response = await idp.post(
        "/idp/token",
        data={
            "grant_type": "client_credentials",
            "client_id": PARTNER,
            "client_secret": PARTNER_SECRET,
        },
    )
    return str(response.json()["access_token"])


async def published_keys(idp: httpx.AsyncClient) -> KeySet:
    return KeySet.import_key_set((await idp.get("/idp/jwks")).json())


async def codes_in_redis(redis: Redis) -> int:
    return len([key async for key in redis.scan_iter(match="idp:code:*")])


def half_hash(value: str) -> str:
    digest = hashlib.sha256(value.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest[:16]).rstrip(b"=").decode("ascii")


# Discovery and keys.


async def test_discovery_document_describes_the_endpoints_and_what_they_support(
    idp: httpx.AsyncClient,
) -> None:
    response = await idp.get("/idp/.well-known/openid-configuration")

    assert response.status_code == 200
    document = response.json()
    OpenIDProviderMetadata(document).validate()
    assert document["issuer"] == ISSUER
    assert document["authorization_endpoint"] == f"{ISSUER}/authorize"
    assert document["token_endpoint"] == f"{ISSUER}/token"
    assert document["jwks_uri"] == f"{ISSUER}/jwks"
    assert document["userinfo_endpoint"] == f"{ISSUER}/userinfo"
    assert document["response_types_supported"] == ["code"]
    assert document["grant_types_supported"] == ["authorization_code", "client_credentials"]
    assert document["subject_types_supported"] == ["public"]
    assert document["id_token_signing_alg_values_supported"] == ["RS256"]
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert set(document["token_endpoint_auth_methods_supported"]) == {
        "client_secret_basic",
        "client_secret_post",
        "none",
    }
    assert {"openid", "profile", "email", "needs:read"} <= set(document["scopes_supported"])
    assert {"sub", "name", "email", "email_verified", "nonce"} <= set(document["claims_supported"])
    assert document["authorization_response_iss_parameter_supported"] is True


async def test_jwks_publishes_the_public_signing_key_and_no_private_part(
    idp: httpx.AsyncClient,
) -> None:
    response = await idp.get("/idp/jwks")

    assert response.status_code == 200
    keys = response.json()["keys"]
    assert keys
    for key in keys:
        assert key["kty"] == "RSA"
        assert key["use"] == "sig"
        assert key["alg"] == "RS256"
        assert key["kid"]
        assert not PRIVATE_JWK_MEMBERS & set(key), key.keys()
        assert len(base64.urlsafe_b64decode(key["n"] + "==")) * 8 == 2048


async def test_signing_key_is_kept_and_reused_by_the_next_start(
    idp: httpx.AsyncClient,
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
) -> None:
    first_kids = [key["kid"] for key in (await idp.get("/idp/jwks")).json()["keys"]]
    token = await partner_token(idp)

    restarted = create_provider_app(CONFIG, sessions, redis)
    async with _client_for(restarted) as again:
        second_keys = await published_keys(again)

    assert [key.kid for key in second_keys] == first_kids
    assert jwt.decode(token, second_keys, algorithms=["RS256"]).header["kid"] in first_kids
    async with sessions() as session:
        active = await session.scalar(
            select(func.count()).select_from(IdpSigningKey).where(col(IdpSigningKey.active))
        )
    assert active == 1


async def test_signing_key_is_stored_sealed_and_another_secret_key_replaces_it(
    idp: httpx.AsyncClient,
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
) -> None:
    kids = [key["kid"] for key in (await idp.get("/idp/jwks")).json()["keys"]]
    token = await partner_token(idp)
    async with sessions() as session:
        before = {
            row.kid: (row.active, row.private_jwk)
            for row in await session.scalars(select(IdpSigningKey))
        }
    for kid in kids:
        stored = before[kid][1]
        # Neither the JWK nor any private member of it can be read from the row (quotes and
        # braces never occur in base64, so this cannot match by chance).
        assert stored.startswith("v1:")
        assert not {'"', "{", "}"} & set(stored)

    other = dataclasses.replace(CONFIG, secret_key="another-secret-key-for-this-test")
    try:
        async with _client_for(create_provider_app(other, sessions, redis)) as restarted:
            replaced = await published_keys(restarted)
        async with sessions() as session:
            rows = {row.kid: row.active for row in await session.scalars(select(IdpSigningKey))}

        # The old key cannot be opened: it is no longer published nor active, and a new key
        # signs; tokens signed with the old one no longer verify.
        assert len(replaced.keys) == 1
        assert replaced.keys[0].kid not in kids
        assert rows[replaced.keys[0].kid] is True
        assert all(rows[kid] is False for kid in kids)
        assert sum(rows.values()) == 1
        with pytest.raises(InvalidKeyIdError):
            jwt.decode(token, replaced, algorithms=["RS256"])
    finally:
        async with sessions.begin() as session:
            await session.execute(
                delete(IdpSigningKey).where(col(IdpSigningKey.kid).not_in(list(before)))
            )
            for kid, (active, _) in before.items():
                row = await session.scalar(select(IdpSigningKey).where(IdpSigningKey.kid == kid))
                assert row is not None
                row.active = active


# Signing in: the authorization code flow with PKCE.


async def test_person_signs_in_and_the_client_gets_tokens_it_can_verify(
    idp: httpx.AsyncClient, subject: str
) -> None:
    verifier, challenge = pkce_pair()
    params = authorize_params(challenge, client_id=WEB)

    page = await idp.get("/idp/authorize", params=params)
    assert page.status_code == 200
    form = LoginForm(page.text)
    assert form.action == "/idp/authorize"
    assert {"username", "password", "form_token"} <= set(form.fields)
    signed_in = await idp.post(
        form.action, data={**form.fields, "username": USERNAME, "password": PASSWORD}
    )

    assert signed_in.status_code == 303
    returned = query_of(signed_in)
    assert returned["state"] == params["state"]
    assert returned["iss"] == ISSUER
    assert set(returned) == {"code", "state", "iss"}

    response = await redeem(idp, returned["code"], verifier, client=(WEB, WEB_SECRET))

    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    tokens = response.json()
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == CONFIG.access_token_lifetime.total_seconds()
    assert tokens["scope"] == "openid profile email"
    keys = await published_keys(idp)

    id_token = jwt.decode(tokens["id_token"], keys, algorithms=["RS256"])
    JWTClaimsRegistry(
        iss={"essential": True, "value": ISSUER},
        sub={"essential": True, "value": subject},
        aud={"essential": True, "value": WEB},
        azp={"essential": True, "value": WEB},
        nonce={"essential": True, "value": params["nonce"]},
        exp={"essential": True},
        iat={"essential": True},
        auth_time={"essential": True},
    ).validate(id_token.claims)
    assert id_token.claims["name"] == NAME
    assert id_token.claims["email"] == EMAIL
    assert id_token.claims["email_verified"] is True
    assert id_token.claims["at_hash"] == half_hash(tokens["access_token"])

    access_token = jwt.decode(tokens["access_token"], keys, algorithms=["RS256"])
    assert access_token.header["typ"] == "at+jwt"
    JWTClaimsRegistry(
        iss={"essential": True, "value": ISSUER},
        sub={"essential": True, "value": subject},
        aud={"essential": True, "value": WEB},
        client_id={"essential": True, "value": WEB},
        scope={"essential": True, "value": "openid profile email"},
        exp={"essential": True},
        iat={"essential": True},
        jti={"essential": True},
    ).validate(access_token.claims)

    userinfo = await idp.get(
        "/idp/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert userinfo.status_code == 200
    assert userinfo.json() == {
        "sub": subject,
        "name": NAME,
        "locale": "zh-CN",
        "email": EMAIL,
        "email_verified": True,
    }


async def test_public_client_redeems_its_code_with_the_verifier_alone(
    idp: httpx.AsyncClient, subject: str
) -> None:
    verifier, challenge = pkce_pair()
    code = await code_for(idp, authorize_params(challenge, scope="openid"))

    response = await redeem(idp, code, verifier)

    assert response.status_code == 200, response.text
    tokens = response.json()
    claims = jwt.decode(tokens["id_token"], await published_keys(idp)).claims
    assert (claims["sub"], claims["aud"], claims["azp"]) == (subject, APP, APP)
    # Only the openid scope was asked for: no profile or email claims.
    assert not {"name", "email"} & set(claims)


async def test_wrong_password_shows_the_form_again_with_an_error_and_no_code(
    idp: httpx.AsyncClient, redis: Redis
) -> None:
    _, challenge = pkce_pair()
    codes_before = await codes_in_redis(redis)

    response = await sign_in(idp, authorize_params(challenge), password="wrong-password")

    assert response.status_code == 200
    assert "location" not in response.headers
    form = LoginForm(response.text)
    assert form.alert == "用户名或密码不正确，请重试。"
    assert form.fields["username"] == USERNAME
    assert "form_token" in form.fields
    assert await codes_in_redis(redis) == codes_before


async def test_unknown_username_gets_the_same_error_as_a_wrong_password(
    idp: httpx.AsyncClient,
) -> None:
    _, challenge = pkce_pair()
    page = await idp.get("/idp/authorize", params=authorize_params(challenge, lang="en"))
    form = LoginForm(page.text)

    response = await idp.post(
        form.action, data={**form.fields, "username": "nobody", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert LoginForm(response.text).alert == (
        "The username or password is incorrect. Please try again."
    )


@pytest.mark.parametrize(
    ("challenge", "method", "description"),
    [
        (None, None, "PKCE is required: send code_challenge with method S256."),
        ("take-the-verifier-itself-as-challenge-plain-method", "plain", None),
        ("take-the-verifier-itself-as-challenge-no-method-so-plain", None, None),
    ],
    ids=["missing", "plain", "method-omitted-means-plain"],
)
async def test_authorization_without_s256_pkce_is_refused(
    idp: httpx.AsyncClient,
    redis: Redis,
    challenge: str | None,
    method: str | None,
    description: str | None,
) -> None:
    params = authorize_params("unused", code_challenge=challenge, code_challenge_method=method)
    codes_before = await codes_in_redis(redis)

    response = await idp.get("/idp/authorize", params=params)

    assert response.status_code == 302
    returned = query_of(response)
    assert returned["error"] == "invalid_request"
    assert returned["error_description"] == (
        description or "The code_challenge_method must be S256."
    )
    assert returned["state"] == params["state"]
    assert returned["iss"] == ISSUER
    assert "code" not in returned
    assert await codes_in_redis(redis) == codes_before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"redirect_uri": "https://attacker.example/steal"}, "返回地址未为该应用登记"),
        ({"redirect_uri": REDIRECT_URI + "/extra"}, "返回地址未为该应用登记"),
        ({"redirect_uri": None}, "返回地址未为该应用登记"),
        ({"client_id": "no-such-client"}, "未在本平台登记"),
        ({"client_id": PARTNER}, "返回地址未为该应用登记"),
    ],
    ids=["foreign-uri", "longer-uri", "no-uri", "unknown-client", "api-client"],
)
async def test_untrusted_redirect_is_refused_on_a_page_never_by_redirecting(
    idp: httpx.AsyncClient, overrides: dict[str, str | None], message: str
) -> None:
    _, challenge = pkce_pair()

    response = await idp.get("/idp/authorize", params=authorize_params(challenge, **overrides))

    assert response.status_code == 400
    assert "location" not in response.headers
    assert "<form" not in response.text
    assert message in LoginForm(response.text).alert


async def test_scope_without_openid_is_refused_at_the_redirect_uri(
    idp: httpx.AsyncClient,
) -> None:
    _, challenge = pkce_pair()

    response = await idp.get(
        "/idp/authorize", params=authorize_params(challenge, scope="profile email")
    )

    assert response.status_code == 302
    returned = query_of(response)
    assert (returned["error"], returned["iss"]) == ("invalid_scope", ISSUER)


async def test_altered_login_form_is_refused_and_issues_no_code(
    idp: httpx.AsyncClient, redis: Redis
) -> None:
    _, challenge = pkce_pair()
    page = await idp.get("/idp/authorize", params=authorize_params(challenge))
    form = LoginForm(page.text)
    _, attacker_challenge = pkce_pair()
    codes_before = await codes_in_redis(redis)

    altered = await idp.post(
        form.action,
        data={
            **form.fields,
            "code_challenge": attacker_challenge,
            "username": USERNAME,
            "password": PASSWORD,
        },
    )
    idp.cookies.clear()
    from_elsewhere = await idp.post(
        form.action, data={**form.fields, "username": USERNAME, "password": PASSWORD}
    )

    for response in (altered, from_elsewhere):
        assert response.status_code == 400
        assert "location" not in response.headers
        assert "登录表单已过期或已被修改" in LoginForm(response.text).alert
    assert await codes_in_redis(redis) == codes_before


@pytest.mark.parametrize(
    ("tamper", "description"),
    [
        ({"verifier": "wrong"}, "The code_verifier does not match the code_challenge."),
        ({"redirect_uri": "http://localhost:5173/other"}, "The redirect_uri differs"),
        ({"client": (WEB, WEB_SECRET)}, "The code was issued to another client."),
    ],
    ids=["wrong-verifier", "wrong-redirect-uri", "other-client"],
)
async def test_code_presented_with_wrong_proof_is_invalid_grant_and_spent(
    idp: httpx.AsyncClient, tamper: dict[str, Any], description: str
) -> None:
    verifier, challenge = pkce_pair()
    code = await code_for(idp, authorize_params(challenge))
    wrong_verifier = pkce_pair()[0] if tamper.get("verifier") else verifier

    response = await redeem(
        idp,
        code,
        wrong_verifier,
        client=tamper.get("client", (APP, None)),
        redirect_uri=tamper.get("redirect_uri", REDIRECT_URI),
    )

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    assert response.json()["error_description"].startswith(description)
    assert "access_token" not in response.json()
    # The failed attempt spent the code: even the right proof cannot use it now.
    retry = await redeem(idp, code, verifier)
    assert retry.json()["error"] == "invalid_grant"


async def test_replayed_code_is_invalid_grant(idp: httpx.AsyncClient) -> None:
    verifier, challenge = pkce_pair()
    code = await code_for(idp, authorize_params(challenge))
    first = await redeem(idp, code, verifier)
    assert first.status_code == 200

    replay = await redeem(idp, code, verifier)

    assert replay.status_code == 400
    assert replay.json() == {
        "error": "invalid_grant",
        "error_description": "The code is invalid, expired or already used.",
    }


async def test_token_request_without_code_verifier_is_refused_and_keeps_the_code(
    idp: httpx.AsyncClient,
) -> None:
    verifier, challenge = pkce_pair()
    code = await code_for(idp, authorize_params(challenge))

    response = await idp.post(
        "/idp/token",
        data={
            "grant_type": "authorization_code",
            "client_id": APP,
            "code": code,
            "redirect_uri": REDIRECT_URI,
        },
    )

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    # A malformed request is not an attempt on the code: it still works once, properly.
    assert (await redeem(idp, code, verifier)).status_code == 200


# API clients: client_credentials.


async def test_api_client_gets_an_access_token_for_its_audience_and_allowed_scopes(
    idp: httpx.AsyncClient,
) -> None:
    response = await idp.post(
        "/idp/token",
        data={
            "grant_type": "client_credentials",
            "client_id": PARTNER,
            "client_secret": PARTNER_SECRET,
            "scope": "needs:read admin openid",
        },
    )

    assert response.status_code == 200, response.text
    tokens = response.json()
    assert "id_token" not in tokens
    assert "refresh_token" not in tokens
    assert tokens["scope"] == "needs:read"
    token = jwt.decode(tokens["access_token"], await published_keys(idp), algorithms=["RS256"])
    assert token.header["typ"] == "at+jwt"
    JWTClaimsRegistry(
        iss={"essential": True, "value": ISSUER},
        sub={"essential": True, "value": PARTNER},
        aud={"essential": True, "value": API_AUDIENCE},
        client_id={"essential": True, "value": PARTNER},
        scope={"essential": True, "value": "needs:read"},
        exp={"essential": True},
        iat={"essential": True},
        jti={"essential": True},
    ).validate(token.claims)
    assert token.claims["exp"] - token.claims["iat"] == tokens["expires_in"]


async def test_api_client_asking_no_scope_gets_all_its_scopes(idp: httpx.AsyncClient) -> None:
    response = await idp.post(
        "/idp/token",
        data={
            "grant_type": "client_credentials",
            "client_id": PARTNER,
            "client_secret": PARTNER_SECRET,
        },
    )

    assert response.json()["scope"] == "needs:read pledges:write"


@pytest.mark.parametrize(
    "credentials",
    [
        {"client_id": PARTNER, "client_secret": "not-the-partner-secret"},
        {"client_id": "no-such-client", "client_secret": PARTNER_SECRET},
        {"client_id": PARTNER},
    ],
    ids=["wrong-secret", "unknown-client", "no-secret"],
)
async def test_api_client_that_fails_authentication_gets_401_invalid_client(
    idp: httpx.AsyncClient, credentials: dict[str, str]
) -> None:
    response = await idp.post(
        "/idp/token", data={"grant_type": "client_credentials", **credentials}
    )

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert response.headers["www-authenticate"].startswith("Basic ")
    assert "access_token" not in response.json()


async def test_client_authenticating_another_way_than_registered_is_refused(
    idp: httpx.AsyncClient,
) -> None:
    # The partner is registered for client_secret_post; the right secret over Basic is refused.
    response = await idp.post(
        "/idp/token",
        data={"grant_type": "client_credentials"},
        auth=(PARTNER, PARTNER_SECRET),
    )

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


async def test_token_endpoint_answers_rfc_6749_errors(idp: httpx.AsyncClient) -> None:
    unsupported = await idp.post(
        "/idp/token", data={"grant_type": "password", "username": USERNAME}
    )
    missing = await idp.post("/idp/token", data={"client_id": PARTNER})
    not_a_form = await idp.post("/idp/token", json={"grant_type": "client_credentials"})
    not_allowed = await idp.post(
        "/idp/token", data={"grant_type": "client_credentials"}, auth=(WEB, WEB_SECRET)
    )

    assert (unsupported.status_code, unsupported.json()["error"]) == (
        400,
        "unsupported_grant_type",
    )
    assert (missing.status_code, missing.json()["error"]) == (400, "invalid_request")
    assert (not_a_form.status_code, not_a_form.json()["error"]) == (400, "invalid_request")
    assert (not_allowed.status_code, not_allowed.json()["error"]) == (400, "unauthorized_client")


async def sign_in_attempts(
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
    username: str,
    passwords: tuple[str, ...],
    hits: int = 2,
) -> list[httpx.Response]:
    """The answers to signing in as ``username`` with each of ``passwords`` in turn, on a
    provider that allows ``hits`` attempts a minute per username."""
    async with sessions.begin() as session:
        await ensure_account(session, username, PASSWORD, "登录的人", None)
    limited = dataclasses.replace(CONFIG, login_limit=Limit(hits=hits, window_seconds=60))
    _, challenge = pkce_pair()
    async with _client_for(create_provider_app(limited, sessions, redis)) as idp:
        page = await idp.get("/idp/authorize", params=authorize_params(challenge))
        form = LoginForm(page.text).fields
        return [
            await idp.post(
                "/idp/authorize", data={**form, "username": username, "password": password}
            )
            for password in passwords
        ]


async def test_too_many_attempts_for_a_username_are_refused_even_with_the_right_password(
    sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> None:
    guesses = await sign_in_attempts(
        sessions, redis, GUESSED_USERNAME, ("guess-number-1", "guess-number-2", PASSWORD)
    )

    assert [response.status_code for response in guesses] == [200, 200, 429]
    refused = guesses[-1]
    assert "location" not in refused.headers
    assert 0 < int(refused.headers["retry-after"]) <= 60
    assert LoginForm(refused.text).alert == "登录尝试次数过多，请过几分钟再试。"


async def test_signing_in_rightly_does_not_count_against_the_next_sign_in(
    sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> None:
    """The limit slows down guessing; a principal who signs in on a phone, a laptop and the
    school's computer in a few minutes is not guessing, and a wrong guess after them still
    counts."""
    attempts = await sign_in_attempts(
        sessions,
        redis,
        f"frequent-{RUN}",
        (PASSWORD, PASSWORD, PASSWORD, "a-wrong-guess", PASSWORD),
    )

    assert [response.status_code for response in attempts] == [303, 303, 303, 200, 303]
    assert all("code=" in attempts[k].headers["location"] for k in (0, 1, 2, 4))


async def test_guessing_from_one_address_does_not_lock_the_owner_out_elsewhere(
    sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> None:
    username = f"targeted-{RUN}"
    async with sessions.begin() as session:
        await ensure_account(session, username, PASSWORD, "被猜的人", None)
    limited = dataclasses.replace(CONFIG, login_limit=Limit(hits=2, window_seconds=60))
    provider = Starlette(routes=[Mount("/idp", app=create_provider_app(limited, sessions, redis))])
    _, challenge = pkce_pair()

    async def attempts(address: str, passwords: tuple[str, ...]) -> list[int]:
        transport = httpx.ASGITransport(app=provider, client=(address, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as browser:
            page = await browser.get("/idp/authorize", params=authorize_params(challenge))
            form = LoginForm(page.text).fields
            return [
                (
                    await browser.post(
                        "/idp/authorize", data={**form, "username": username, "password": p}
                    )
                ).status_code
                for p in passwords
            ]

    guesser = await attempts("203.0.113.9", ("guess-1", "guess-2", "guess-3", PASSWORD))
    owner = await attempts("198.51.100.7", (PASSWORD,))

    assert guesser == [200, 200, 429, 429]
    assert owner == [303]


# Userinfo and the login page.


async def test_userinfo_refuses_missing_invalid_and_id_tokens(idp: httpx.AsyncClient) -> None:
    verifier, challenge = pkce_pair()
    code = await code_for(idp, authorize_params(challenge))
    tokens = (await redeem(idp, code, verifier)).json()
    access_token = await partner_token(idp)

    missing = await idp.get("/idp/userinfo")
    forged = await idp.get(
        "/idp/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}x"}
    )
    id_token = await idp.get(
        "/idp/userinfo", headers={"Authorization": f"Bearer {tokens['id_token']}"}
    )
    no_openid = await idp.get("/idp/userinfo", headers={"Authorization": f"Bearer {access_token}"})

    for response in (missing, forged, id_token):
        assert response.status_code == 401
        assert response.json()["error"] == "invalid_token"
        assert response.headers["www-authenticate"].startswith("Bearer ")
    assert no_openid.status_code == 403
    assert no_openid.json()["error"] == "insufficient_scope"


async def test_login_page_speaks_chinese_by_default_and_english_on_request(
    idp: httpx.AsyncClient,
) -> None:
    _, challenge = pkce_pair()
    params = authorize_params(challenge)

    chinese = await idp.get("/idp/authorize", params=params)
    english = await idp.get("/idp/authorize", params={**params, "lang": "en"})
    browser_english = await idp.get(
        "/idp/authorize", params=params, headers={"Accept-Language": "en-GB,en;q=0.9,zh;q=0.5"}
    )

    assert '<html lang="zh-CN">' in chinese.text
    assert LoginForm(chinese.text).labels == ["用户名", "密码"]
    assert 'hreflang="en"' in chinese.text
    for response in (english, browser_english):
        assert '<html lang="en">' in response.text
        assert LoginForm(response.text).labels == ["Username", "Password"]
    # Self-contained: no scripts and nothing loaded from elsewhere, framing refused.
    assert "<script" not in chinese.text
    assert "http" not in LoginForm(chinese.text).action
    policy = chinese.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert chinese.headers["cache-control"] == "no-store"


async def test_redis_outage_is_answered_with_503_and_no_details(
    sessions: async_sessionmaker[AsyncSession], subject: str
) -> None:
    # Nothing listens on port 1: every Redis call fails at once.
    down = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    provider = create_provider_app(CONFIG, sessions, down)
    _, challenge = pkce_pair()
    try:
        async with _client_for(provider) as idp:
            signed_in = await sign_in(idp, authorize_params(challenge))
            token = await idp.post(
                "/idp/token",
                data={
                    "grant_type": "authorization_code",
                    "client_id": APP,
                    "code": "any-code",
                    "redirect_uri": REDIRECT_URI,
                    "code_verifier": pkce_pair()[0],
                },
            )
    finally:
        await down.aclose()

    assert signed_in.status_code == 503
    assert "location" not in signed_in.headers
    assert "服务暂时不可用" in LoginForm(signed_in.text).alert
    assert token.status_code == 503
    assert token.json() == {
        "error": "temporarily_unavailable",
        "error_description": "The service is temporarily unavailable.",
    }


async def test_nul_in_any_parameter_is_an_invalid_request_that_reaches_no_query(
    idp: httpx.AsyncClient, redis: Redis
) -> None:
    # PostgreSQL's text cannot hold U+0000: a lookup with one used to fail as "unavailable".
    _, challenge = pkce_pair()
    page = await idp.get("/idp/authorize", params=authorize_params(challenge, client_id=APP + "\0"))
    good = await idp.get("/idp/authorize", params=authorize_params(challenge))
    form = LoginForm(good.text)
    codes_before = await codes_in_redis(redis)
    login = await idp.post(
        form.action, data={**form.fields, "username": USERNAME + "\0", "password": PASSWORD}
    )
    posted = await idp.post(
        "/idp/token",
        data={
            "grant_type": "client_credentials",
            "client_id": PARTNER + "\0",
            "client_secret": PARTNER_SECRET,
        },
    )
    basic = await idp.post(
        "/idp/token", data={"grant_type": "client_credentials"}, auth=(WEB + "\0", WEB_SECRET)
    )
    # Credentials that are not UTF-8 name no client either (they ended in a 500).
    not_utf8 = await idp.post(
        "/idp/token",
        data={"grant_type": "client_credentials"},
        headers={"authorization": "Basic " + base64.b64encode(b"\xff\xfe:x").decode()},
    )

    for response in (page, login):
        assert response.status_code == 400
        assert "location" not in response.headers
        assert "含有不允许的字符" in LoginForm(response.text).alert
    assert (posted.status_code, posted.json()["error"]) == (400, "invalid_request")
    assert "NUL" in posted.json()["error_description"]
    for refused in (basic, not_utf8):
        assert (refused.status_code, refused.json()["error"]) == (401, "invalid_client")
    assert await codes_in_redis(redis) == codes_before
