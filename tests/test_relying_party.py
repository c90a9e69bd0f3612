"""Signing in with an OpenID provider, over HTTP: a browser, the site's login routes and a test
provider that can misbehave. Every refused sign-in must leave nobody signed in: no session in
Redis, no session cookie, ``on_login`` never called.

Also the browser sessions (logout everywhere, a dead Redis) and the rate limiter.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI
from oidc_test_provider import CLIENT_ID, CLIENT_SECRET, ISSUER, OIDCTestProvider
from redis.asyncio import Redis
from starlette.requests import Request
from starlette.responses import JSONResponse

from auth.ratelimit import Limit, RateLimiter
from auth.relying_party import LOGIN_COOKIE, OIDCProvider, VerifiedLogin, create_login_router
from auth.sessions import SESSION_COOKIE, SessionStore
from ecosystem.redis_client import create_redis
from ecosystem.settings import Settings

SITE = "http://testserver"


def _dead_redis() -> Redis:
    return Redis(host="127.0.0.1", port=1, socket_timeout=0.2, socket_connect_timeout=0.2)


@pytest.fixture
async def redis(settings: Settings) -> AsyncIterator[Redis]:
    """fakeredis, or the real Redis of TEST_REDIS_URL; keys are removed after each test."""
    client = create_redis(settings)
    yield client
    await client.aclose()


@pytest.fixture
async def prefix(redis: Redis) -> AsyncIterator[str]:
    value = f"test-rp-{uuid.uuid4().hex}:"
    yield value
    keys = [key async for key in redis.scan_iter(match=value + "*")]
    if keys:
        await redis.delete(*keys)


@dataclass
class Site:
    """A minimal site: the login routes, a page that needs a session, and the test provider."""

    provider: OIDCTestProvider
    sessions: SessionStore
    redis: Redis
    prefix: str
    app: FastAPI
    logins: list[VerifiedLogin] = field(default_factory=list)
    refused_subjects: set[str] = field(default_factory=set)

    def browser(self, base_url: str = SITE) -> httpx.AsyncClient:
        """A browser that reaches both the site and the provider, keeping its own cookies."""
        return httpx.AsyncClient(
            base_url=base_url,
            mounts={
                "all://testserver": httpx.ASGITransport(app=self.app),
                "all://idp.example": httpx.ASGITransport(app=self.provider.app),
            },
        )

    async def session_count(self) -> int:
        return len([key async for key in self.redis.scan_iter(match=self.prefix + "session:id:*")])


def build_site(
    redis: Redis,
    prefix: str,
    *,
    redis_for_sessions: Redis | None = None,
    public_client: bool = False,
    discovery_url: str | None = None,
    **router_options: Any,
) -> Site:
    client_secret = None if public_client else CLIENT_SECRET
    provider = OIDCTestProvider(client_secret=client_secret)
    sessions = SessionStore(redis_for_sessions or redis, prefix=prefix + "session:")
    app = FastAPI()
    site = Site(provider=provider, sessions=sessions, redis=redis, prefix=prefix, app=app)

    async def on_login(login: VerifiedLogin) -> str | None:
        if login.subject in site.refused_subjects:
            return None
        site.logins.append(login)
        return f"user:{login.issuer}:{login.subject}"

    options: dict[str, Any] = {
        "redis": redis_for_sessions or redis,
        "secure_cookies": False,
        "http_client_factory": provider.http_client,
        "key_prefix": prefix + "auth:",
    }
    options.update(router_options)
    providers = [
        OIDCProvider(
            name="test",
            issuer=ISSUER,
            client_id=CLIENT_ID,
            client_secret=client_secret,
            display_name="测试身份提供方",
            discovery_url=discovery_url,
        )
    ]
    app.include_router(create_login_router(providers, sessions, on_login, **options))

    @app.get("/me")
    async def me(request: Request) -> JSONResponse:
        session = await sessions.current(request)
        if session is None:
            return JSONResponse({"error": "not signed in"}, status_code=401)
        return JSONResponse({"user": session.user_key})

    return site


@pytest.fixture
def site(redis: Redis, prefix: str) -> Site:
    return build_site(redis, prefix)


async def start_login(browser: httpx.AsyncClient, next_path: str | None = None) -> str:
    """The provider's authorization URL the site sends the browser to."""
    params = {"provider": "test"} | ({"next": next_path} if next_path is not None else {})
    response = await browser.get("/auth/login", params=params)
    assert response.status_code == 302, response.text
    return response.headers["location"]


async def authorize(browser: httpx.AsyncClient, authorization_url: str) -> str:
    """The callback URL the provider sends the browser back to."""
    response = await browser.get(authorization_url)
    assert response.status_code == 302, response.text
    return response.headers["location"]


async def sign_in(browser: httpx.AsyncClient, next_path: str | None = None) -> httpx.Response:
    callback = await authorize(browser, await start_login(browser, next_path))
    return await browser.get(callback)


def with_params(url: str, **changes: str | None) -> str:
    """``url`` with query parameters replaced (or removed when None)."""
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return parts._replace(query=str(httpx.QueryParams(query))).geturl()


def sets_session_cookie(response: httpx.Response) -> bool:
    return any(
        header.startswith(f"{SESSION_COOKIE}=") and not header.startswith(f'{SESSION_COOKIE}="";')
        for header in response.headers.get_list("set-cookie")
    )


async def assert_nobody_signed_in(
    site: Site, response: httpx.Response, *browsers: httpx.AsyncClient
) -> None:
    assert response.status_code in (400, 403), response.text
    assert "Traceback" not in response.text
    assert not sets_session_cookie(response)
    assert site.logins == []
    assert await site.session_count() == 0
    for browser in browsers:
        assert SESSION_COOKIE not in browser.cookies
        assert (await browser.get("/me")).status_code == 401


# --- The happy path ------------------------------------------------------------------------


async def test_signing_in_opens_a_session_and_returns_to_the_page_asked_for(site: Site) -> None:
    async with site.browser() as browser:
        response = await sign_in(browser, next_path="/needs?x=1")
        me = await browser.get("/me")

    assert response.status_code == 302
    assert response.headers["location"] == "/needs?x=1"
    assert me.status_code == 200
    assert me.json() == {"user": f"user:{ISSUER}:user-42"}
    [login] = site.logins
    assert (login.provider, login.issuer, login.subject) == ("test", ISSUER, "user-42")
    assert (login.name, login.email, login.email_verified) == (
        "王老师",
        "wang@school.example",
        True,
    )
    assert await site.session_count() == 1
    cookie = next(
        header
        for header in response.headers.get_list("set-cookie")
        if header.startswith(SESSION_COOKIE)
    ).lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert "secure" not in cookie
    # The pending login is used up and its cookie cleared.
    assert LOGIN_COOKIE not in browser.cookies


async def test_authorization_request_carries_pkce_state_and_nonce(site: Site) -> None:
    async with site.browser() as browser:
        url = await start_login(browser)
    params = parse_qs(urlsplit(url).query)

    assert url.startswith(f"{ISSUER}/authorize?")
    assert params["response_type"] == ["code"]
    assert params["client_id"] == [CLIENT_ID]
    assert params["redirect_uri"] == [f"{SITE}/auth/callback/test"]
    assert params["code_challenge_method"] == ["S256"]
    assert len(params["code_challenge"][0]) == 43
    assert len(params["state"][0]) >= 43 and len(params["nonce"][0]) >= 43
    assert params["scope"] == ["openid email profile"]


async def test_secure_cookies_are_marked_secure(redis: Redis, prefix: str) -> None:
    site = build_site(redis, prefix, secure_cookies=True)
    async with site.browser("https://testserver") as browser:
        response = await sign_in(browser)

    assert response.status_code == 302
    cookie = next(
        header
        for header in response.headers.get_list("set-cookie")
        if header.startswith(SESSION_COOKIE)
    )
    assert "secure" in cookie.lower()


async def test_public_client_signs_in_with_pkce_alone(redis: Redis, prefix: str) -> None:
    site = build_site(redis, prefix, public_client=True)
    async with site.browser() as browser:
        response = await sign_in(browser)

        assert response.status_code == 302
        assert (await browser.get("/me")).status_code == 200


async def test_discovery_is_read_where_the_server_reaches_the_provider(
    redis: Redis, prefix: str
) -> None:
    internal = "http://idp.internal:8080/.well-known/openid-configuration"
    site = build_site(redis, prefix, discovery_url=internal)
    async with site.browser() as browser:
        response = await sign_in(browser)

    assert response.status_code == 302
    assert internal in site.provider.urls
    assert f"{ISSUER}/.well-known/openid-configuration" not in site.provider.urls


async def test_login_page_lists_the_providers(site: Site) -> None:
    async with site.browser() as browser:
        response = await browser.get("/auth/providers")

    assert response.json() == [
        {"name": "test", "displayName": "测试身份提供方", "loginPath": "/auth/login?provider=test"}
    ]


# --- Forged or broken callbacks --------------------------------------------------------------


async def test_callback_without_state_signs_nobody_in(site: Site) -> None:
    async with site.browser() as browser:
        callback = await authorize(browser, await start_login(browser))
        response = await browser.get(with_params(callback, state=None))
        await assert_nobody_signed_in(site, response, browser)


async def test_callback_with_the_state_of_another_browser_signs_nobody_in(site: Site) -> None:
    async with site.browser() as victim, site.browser() as attacker:
        attacker_callback = await authorize(attacker, await start_login(attacker))
        await start_login(victim)
        response = await victim.get(attacker_callback)
        await assert_nobody_signed_in(site, response, victim, attacker)


async def test_callback_in_a_browser_that_started_no_login_signs_nobody_in(site: Site) -> None:
    async with site.browser() as attacker, site.browser() as victim:
        callback = await authorize(attacker, await start_login(attacker))
        # Login CSRF: the attacker's finished login, replayed in the victim's browser.
        response = await victim.get(callback)
        await assert_nobody_signed_in(site, response, victim)


async def test_id_token_with_a_wrong_nonce_signs_nobody_in(site: Site) -> None:
    site.provider.behaviour.nonce = "a-nonce-from-another-login"
    async with site.browser() as browser:
        response = await sign_in(browser)
        await assert_nobody_signed_in(site, response, browser)


async def test_replayed_authorization_code_signs_nobody_in_again(site: Site) -> None:
    async with site.browser() as browser, site.browser() as other:
        callback = await authorize(browser, await start_login(browser))
        first = await browser.get(callback)
        assert first.status_code == 302
        site.logins.clear()
        await browser.post("/auth/logout")

        replay_same_browser = await browser.get(callback)
        await start_login(other)
        replay_other_browser = await other.get(callback)

        await assert_nobody_signed_in(site, replay_same_browser, browser)
        await assert_nobody_signed_in(site, replay_other_browser, other)


async def test_code_issued_for_another_pkce_challenge_is_refused(site: Site) -> None:
    async with site.browser() as victim, site.browser() as attacker:
        attacker_callback = await authorize(attacker, await start_login(attacker))
        victim_callback = await authorize(victim, await start_login(victim))
        # The attacker's code injected into the victim's own callback (right state): the site
        # redeems it with the victim's PKCE verifier, which the provider refuses.
        injected = with_params(
            victim_callback, code=parse_qs(urlsplit(attacker_callback).query)["code"][0]
        )
        response = await victim.get(injected)

        assert site.provider.pkce_failures == 1
        await assert_nobody_signed_in(site, response, victim)


async def test_id_token_from_another_issuer_signs_nobody_in(site: Site) -> None:
    site.provider.behaviour.id_token_issuer = "https://other-idp.example"
    async with site.browser() as browser:
        response = await sign_in(browser)
        await assert_nobody_signed_in(site, response, browser)


async def test_id_token_for_another_audience_signs_nobody_in(site: Site) -> None:
    site.provider.behaviour.audience = "another-client"
    async with site.browser() as browser:
        response = await sign_in(browser)
        await assert_nobody_signed_in(site, response, browser)


async def test_id_token_for_several_audiences_without_azp_signs_nobody_in(site: Site) -> None:
    site.provider.behaviour.audience = [CLIENT_ID, "another-client"]
    async with site.browser() as browser:
        response = await sign_in(browser)
        await assert_nobody_signed_in(site, response, browser)


async def test_id_token_authorized_for_another_party_signs_nobody_in(site: Site) -> None:
    site.provider.behaviour.azp = "another-client"
    async with site.browser() as browser:
        response = await sign_in(browser)
        await assert_nobody_signed_in(site, response, browser)


async def test_expired_id_token_signs_nobody_in(site: Site) -> None:
    site.provider.behaviour.lifetime_seconds = -3600
    async with site.browser() as browser:
        response = await sign_in(browser)
        await assert_nobody_signed_in(site, response, browser)


async def test_unsigned_id_token_signs_nobody_in(site: Site) -> None:
    site.provider.behaviour.signing = "none"
    async with site.browser() as browser:
        response = await sign_in(browser)
        await assert_nobody_signed_in(site, response, browser)


async def test_id_token_hmac_signed_with_the_public_key_signs_nobody_in(site: Site) -> None:
    site.provider.behaviour.signing = "HS256-public-key"
    async with site.browser() as browser:
        response = await sign_in(browser)
        await assert_nobody_signed_in(site, response, browser)


async def test_id_token_signed_with_an_unknown_key_signs_nobody_in(site: Site) -> None:
    async with site.browser() as earlier:
        # An earlier login puts the provider's keys in the cache.
        assert (await sign_in(earlier)).status_code == 302
        await earlier.post("/auth/logout")
    site.logins.clear()
    site.provider.behaviour.signing = "unknown-key"
    async with site.browser() as browser:
        response = await sign_in(browser)

        # The unknown kid made the site look at the provider's keys once more, and only once.
        assert site.provider.requests["/jwks"] == 2
        await assert_nobody_signed_in(site, response, browser)


async def test_wrong_iss_response_parameter_signs_nobody_in(site: Site) -> None:
    site.provider.behaviour.iss_parameter = "https://other-idp.example"
    async with site.browser() as browser:
        response = await sign_in(browser)
        await assert_nobody_signed_in(site, response, browser)


async def test_missing_iss_response_parameter_signs_nobody_in_when_advertised(site: Site) -> None:
    site.provider.behaviour.omit_iss_parameter = True
    async with site.browser() as browser:
        response = await sign_in(browser)
        await assert_nobody_signed_in(site, response, browser)


async def test_iss_response_parameter_is_optional_when_not_advertised(site: Site) -> None:
    site.provider.behaviour.advertise_iss_parameter = False
    site.provider.behaviour.omit_iss_parameter = True
    async with site.browser() as browser:
        response = await sign_in(browser)
        assert (await browser.get("/me")).status_code == 200

    assert response.status_code == 302


async def test_wrong_iss_response_parameter_signs_nobody_in_even_when_not_advertised(
    site: Site,
) -> None:
    site.provider.behaviour.advertise_iss_parameter = False
    site.provider.behaviour.iss_parameter = "https://other-idp.example"
    async with site.browser() as browser:
        response = await sign_in(browser)
        await assert_nobody_signed_in(site, response, browser)


async def test_provider_error_answer_signs_nobody_in(site: Site) -> None:
    async with site.browser() as browser:
        callback = await authorize(browser, await start_login(browser))
        response = await browser.get(with_params(callback, code=None, error="access_denied"))
        await assert_nobody_signed_in(site, response, browser)


async def test_login_refused_by_the_application_signs_nobody_in(site: Site) -> None:
    site.refused_subjects.add("user-42")
    async with site.browser() as browser:
        response = await sign_in(browser)

        assert response.status_code == 403
        # In the browser's language (Chinese unless it asks for English), with a way back.
        assert "这个账号不能在本站登录。" in response.text
        assert '<a href="/">返回首页</a>' in response.text
        await assert_nobody_signed_in(site, response, browser)


async def test_the_language_chosen_on_the_site_goes_to_the_provider_as_ui_locales(
    site: Site,
) -> None:
    async with site.browser() as browser:
        english = await browser.get("/auth/login", params={"provider": "test", "lang": "en"})
        odd = await browser.get("/auth/login", params={"provider": "test", "lang": "en&x=1 y"})

    assert parse_qs(urlsplit(english.headers["location"]).query)["ui_locales"] == ["en"]
    assert "ui_locales" not in parse_qs(urlsplit(odd.headers["location"]).query)


async def test_a_failed_sign_in_is_told_in_the_browsers_language(site: Site) -> None:
    async with site.browser() as browser:
        chinese = await browser.get("/auth/callback/test", params={"code": "c", "state": "s"})
        english = await browser.get(
            "/auth/callback/test",
            params={"code": "c", "state": "s"},
            headers={"Accept-Language": "en-GB,en;q=0.9,zh;q=0.5"},
        )

    assert chinese.status_code == english.status_code == 400
    assert chinese.headers["content-type"].startswith("text/html")
    assert '<html lang="zh-CN">' in chinese.text and "登录没有完成" in chinese.text
    assert '<html lang="en">' in english.text
    assert "Sign-in failed. Please start again from the sign-in page." in english.text


async def test_provider_whose_discovery_names_another_issuer_is_not_used(site: Site) -> None:
    site.provider.behaviour.discovery_issuer = "https://impostor.example"
    async with site.browser() as browser:
        response = await browser.get("/auth/login", params={"provider": "test"})

    assert response.status_code == 502
    assert LOGIN_COOKIE not in browser.cookies
    assert site.provider.requests["/authorize"] == 0


async def test_unknown_provider_is_not_found(site: Site) -> None:
    async with site.browser() as browser:
        response = await browser.get("/auth/login", params={"provider": "nope"})

    assert response.status_code == 404


# --- Where the browser goes after signing in ---------------------------------------------------


@pytest.mark.parametrize(
    "next_path",
    [
        "https://elsewhere.example",
        "//elsewhere.example",
        "/\\elsewhere.example",
        "\\\\elsewhere.example",
        "/\t/elsewhere.example",
        "javascript:alert(1)",
        "needs",
        "",
    ],
)
async def test_sign_in_never_returns_to_another_site(site: Site, next_path: str) -> None:
    async with site.browser() as browser:
        response = await sign_in(browser, next_path=next_path)

    assert response.status_code == 302
    assert response.headers["location"] == "/"


# --- Logout ------------------------------------------------------------------------------------


async def test_logout_ends_every_session_of_the_user(site: Site) -> None:
    async with site.browser() as phone, site.browser() as laptop:
        await sign_in(phone)
        await sign_in(laptop)
        assert (await phone.get("/me")).status_code == 200
        assert (await laptop.get("/me")).status_code == 200

        response = await phone.post("/auth/logout", headers={"Origin": SITE})

        assert response.status_code == 303
        assert response.headers["location"] == "/"
        assert SESSION_COOKIE not in phone.cookies
        assert (await phone.get("/me")).status_code == 401
        assert (await laptop.get("/me")).status_code == 401
    assert await site.session_count() == 0


async def test_logout_from_another_site_is_refused(site: Site) -> None:
    async with site.browser() as browser:
        await sign_in(browser)
        response = await browser.post("/auth/logout", headers={"Origin": "https://evil.example"})
        cross_site = await browser.post("/auth/logout", headers={"Sec-Fetch-Site": "cross-site"})

        assert response.status_code == 403
        assert cross_site.status_code == 403
        assert (await browser.get("/me")).status_code == 200


async def test_logout_from_an_allowed_origin_of_the_site_works(redis: Redis, prefix: str) -> None:
    site = build_site(redis, prefix, allowed_origins=["http://localhost:5173"])
    async with site.browser() as browser:
        await sign_in(browser)
        response = await browser.post("/auth/logout", headers={"Origin": "http://localhost:5173"})

        assert response.status_code == 303
        assert (await browser.get("/me")).status_code == 401


async def test_logout_is_not_a_get(site: Site) -> None:
    async with site.browser() as browser:
        await sign_in(browser)
        response = await browser.get("/auth/logout")

        assert response.status_code == 405
        assert (await browser.get("/me")).status_code == 200


# --- A dead Redis ------------------------------------------------------------------------------


async def test_dead_redis_means_no_session_quickly_not_an_error(redis: Redis, prefix: str) -> None:
    dead = _dead_redis()
    site = build_site(redis, prefix, redis_for_sessions=dead, redis_timeout_seconds=0.2)
    async with site.browser() as browser:
        started = time.monotonic()
        me = await browser.get("/me", headers={"Cookie": f"{SESSION_COOKIE}={'a' * 43}"})
        elapsed = time.monotonic() - started
        login = await browser.get("/auth/login", params={"provider": "test"})
    await dead.aclose()

    assert me.status_code == 401
    assert elapsed < 1.0
    assert login.status_code == 503
    assert "Traceback" not in login.text


# --- Rate limits -------------------------------------------------------------------------------


async def test_too_many_logins_from_one_address_are_refused(redis: Redis, prefix: str) -> None:
    site = build_site(redis, prefix, login_limit=Limit(hits=2, window_seconds=60))
    async with site.browser() as browser:
        first = await browser.get("/auth/login", params={"provider": "test"})
        second = await browser.get("/auth/login", params={"provider": "test"})
        third = await browser.get("/auth/login", params={"provider": "test"})

    assert (first.status_code, second.status_code) == (302, 302)
    assert third.status_code == 429
    assert 0 < int(third.headers["retry-after"]) <= 60
    assert "登录尝试太频繁" in third.text
    assert third.headers["retry-after"] in third.text


async def test_the_hit_over_the_limit_is_refused_with_a_retry_after(
    redis: Redis, prefix: str
) -> None:
    limiter = RateLimiter(redis, prefix=prefix)
    decisions = [await limiter.hit("mutation:user-1", 3, 60) for _ in range(4)]
    other_key = await limiter.hit("mutation:user-2", 3, 60)

    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions] == [2, 1, 0, 0]
    assert 0 < decisions[3].retry_after_seconds <= 60
    assert other_key.allowed


async def test_a_rate_limiter_whose_redis_does_not_answer_says_so(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A Redis that takes the connection and never answers: the warning said "()", the empty
    # text of a timeout, so an operator could not tell it from anything else.
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(1 << 16)
        await asyncio.sleep(5)

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    slow = Redis(host="127.0.0.1", port=port, socket_timeout=5)
    limiter = RateLimiter(slow, timeout_seconds=0.2)
    try:
        decision = await limiter.hit("mutation:address:127.0.0.1", 5, 60)
    finally:
        await slow.aclose()
        server.close()

    assert decision.allowed
    assert "cannot reach Redis (no answer within 0.2 s); allowing mutation:address" in (caplog.text)


async def test_rate_limiter_fails_open_quickly_when_redis_is_down(
    caplog: pytest.LogCaptureFixture,
) -> None:
    dead = _dead_redis()
    limiter = RateLimiter(dead)
    started = time.monotonic()
    decision = await limiter.hit("login:127.0.0.1", 5, 60)
    elapsed = time.monotonic() - started
    await dead.aclose()

    assert decision.allowed
    assert elapsed < 1.0
    assert "cannot reach Redis" in caplog.text
