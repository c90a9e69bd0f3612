"""Signing in through an OpenID provider that nobody here wrote: panva's certified
``oidc-provider`` (tests/interop/provider.mjs), run by Node as a separate process on loopback.

The browser is two HTTP clients sharing nothing but the test: one talks to our app in process
(``http://localhost:8000``), the other to the provider over the network, where it fills in the
provider's own development login and consent pages. Our app's server-side calls (discovery, token,
JWKS) reach the provider over loopback through ``OwnOriginTransport``. A completed sign-in thus
shows that our relying party accepts what a standards-compliant provider really sends: its
metadata, RS256 ID tokens signed with keys from its JWKS, ``iss``/``aud``/``nonce``, PKCE
(required by the provider) and the RFC 9207 ``iss`` response parameter.

Needs Node.js and ``npm ci`` run in tests/interop; skipped otherwise.
"""

from __future__ import annotations

import json
import os
import queue
import secrets
import shutil
import subprocess
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import count_rows
from fastapi import FastAPI

from auth.sessions import SESSION_COOKIE
from ecosystem.app import create_app
from ecosystem.database import Database
from ecosystem.settings import OIDCProviderSettings, Settings

INTEROP_DIR = Path(__file__).resolve().parent / "interop"
NODE = shutil.which("node")
PUBLIC = "http://localhost:8000"
CALLBACK = f"{PUBLIC}/auth/callback/interop"
READY_TIMEOUT_SECONDS = 20.0

CLIENT_ID = "hope-ecosystem"
CLIENT_SECRET = secrets.token_urlsafe(32)
# A secret as `openssl rand -base64` makes them: RFC 6749 §2.3.1 has the client form-urlencode
# it ("+" becomes "%2B") before HTTP Basic; a provider that follows the RFC decodes it.
RESERVED_CLIENT_ID = "hope-ecosystem-base64-secret"
RESERVED_CLIENT_SECRET = "q1Lk+8vZ/3Xw+Yb0rT5n9w=="

ME = "query { me { name email memberships { role } } }"

pytestmark = [
    pytest.mark.skipif(NODE is None, reason="Node.js (`node`) is not installed"),
    pytest.mark.skipif(
        not (INTEROP_DIR / "node_modules" / "oidc-provider").is_dir(),
        reason="oidc-provider is not installed: run `npm ci` in tests/interop",
    ),
]


@dataclass
class NodeProvider:
    """The running oidc-provider process."""

    issuer: str
    process: subprocess.Popen[str]
    log_path: Path

    def log(self, since: int = 0) -> str:
        """What the provider wrote to stderr (its warnings and every error it answered)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")[since:]


@contextmanager
def run_provider(log_path: Path, *, claims_in_id_token: bool) -> Iterator[NodeProvider]:
    """Start provider.mjs on a free loopback port; stop it (by closing its stdin) afterwards."""
    assert NODE is not None
    clients = [
        {"client_id": client_id, "client_secret": secret, "redirect_uris": [CALLBACK]}
        for client_id, secret in (
            (CLIENT_ID, CLIENT_SECRET),
            (RESERVED_CLIENT_ID, RESERVED_CLIENT_SECRET),
        )
    ]
    env = {
        **os.environ,
        "INTEROP_CLIENTS": json.dumps(clients),
        "INTEROP_CLAIMS_IN_ID_TOKEN": "1" if claims_in_id_token else "0",
    }
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [NODE, "provider.mjs", "0"],
            cwd=INTEROP_DIR,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
    lines: queue.Queue[str | None] = queue.Queue()

    def read_stdout() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read_stdout, daemon=True).start()
    try:
        issuer = _wait_until_ready(lines, log_path)
        yield NodeProvider(issuer=issuer, process=process, log_path=log_path)
    finally:
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(lines: queue.Queue[str | None], log_path: Path) -> str:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while True:
        try:
            line = lines.get(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            line = None
        if line is None:
            log = log_path.read_text(encoding="utf-8", errors="replace")
            pytest.fail(f"oidc-provider did not start within {READY_TIMEOUT_SECONDS} s:\n{log}")
        if line.startswith("READY "):
            return line.split()[1]


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NodeProvider]:
    """oidc-provider putting the profile and email claims in the ID token too (as Keycloak,
    Google or Entra ID do)."""
    log_path = tmp_path_factory.mktemp("interop") / "oidc-provider.log"
    with run_provider(log_path, claims_in_id_token=True) as running:
        yield running


@pytest.fixture(scope="module")
def userinfo_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NodeProvider]:
    """oidc-provider as configured by default: with an access token issued, the claims of the
    email and profile scopes come from the UserInfo endpoint only (OpenID Connect Core §5.4)."""
    log_path = tmp_path_factory.mktemp("interop") / "oidc-provider-userinfo.log"
    with run_provider(log_path, claims_in_id_token=False) as running:
        yield running


@asynccontextmanager
async def site_for(
    settings: Settings, issuer: str, client_id: str = CLIENT_ID, client_secret: str = CLIENT_SECRET
) -> AsyncIterator[FastAPI]:
    """The real application with the provider configured as any operator would."""
    app = create_app(
        settings.model_copy(
            update={
                "public_url": PUBLIC,
                "oidc_providers": [
                    OIDCProviderSettings(
                        name="interop",
                        display_name="oidc-provider",
                        issuer=issuer,
                        client_id=client_id,
                        client_secret=client_secret,
                    )
                ],
            }
        )
    )
    try:
        yield app
    finally:
        await app.state.redis.aclose()
        await app.state.db.dispose()


@pytest.fixture(scope="module")
async def site(settings: Settings, provider: NodeProvider) -> AsyncIterator[FastAPI]:
    async with site_for(settings, provider.issuer) as app:
        yield app


@dataclass
class Browser:
    """One browser: its cookies for our site (in process) and for the provider (network)."""

    site: httpx.AsyncClient
    idp: httpx.AsyncClient

    async def start_login(self, issuer: str) -> str:
        """Our site's redirect to the provider's authorization endpoint."""
        response = await self.site.get("/auth/login", params={"provider": "interop", "next": "/x"})
        assert response.status_code == 302, response.text
        location = response.headers["location"]
        assert location.startswith(f"{issuer}/auth?"), location
        return location

    async def at_provider(self, authorization_url: str, login: str) -> tuple[httpx.URL, list[str]]:
        """Act as the person at the provider: follow its redirects, sign in as ``login`` on its
        login page and confirm its consent page. Returns the URL it sends the browser back to
        and the prompts it showed."""
        prompts: list[str] = []
        url = httpx.URL(authorization_url)
        for _ in range(10):
            if str(url).startswith(PUBLIC + "/"):
                return url, prompts
            response = await self.idp.get(url)
            if response.status_code == 200:
                form = Form(response.text)
                prompt = form.fields.get("prompt", "")
                prompts.append(prompt)
                assert prompt in ("login", "consent"), response.text[:2000]
                if prompt == "login":
                    form.fields |= {"login": login, "password": "any password will do"}
                response = await self.idp.post(url.join(form.action), data=form.fields)
            assert response.is_redirect, f"{response.status_code}: {response.text[:2000]}"
            url = url.join(response.headers["location"])
        pytest.fail(f"the provider did not send the browser back; last at {url}")

    async def sign_in(self, issuer: str, login: str) -> httpx.URL:
        """The callback URL the provider sends the browser to, after signing in there."""
        callback, prompts = await self.at_provider(await self.start_login(issuer), login)
        assert prompts[:1] == ["login"], prompts
        return callback

    async def me(self) -> dict[str, Any] | None:
        response = await self.site.post("/graphql", json={"query": ME}, headers={"origin": PUBLIC})
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body
        return body["data"]["me"]


@asynccontextmanager
async def browser_for(app: FastAPI) -> AsyncIterator[Browser]:
    transport = httpx.ASGITransport(app=app)
    async with (
        httpx.AsyncClient(transport=transport, base_url=PUBLIC) as site,
        # trust_env=False: no proxy from the environment between the browser and loopback.
        httpx.AsyncClient(trust_env=False, timeout=10.0) as idp,
    ):
        yield Browser(site=site, idp=idp)


class Form(HTMLParser):
    """The first form of a page: its action and its named inputs with their values."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self._action: str | None = None
        self.fields: dict[str, str] = {}
        self._closed = False
        self.feed(html)
        assert self._action is not None, html[:2000]
        self.action: str = self._action

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form" and self._action is None:
            self._action = attributes.get("action", "")
        elif (
            tag == "input"
            and self._action is not None
            and not self._closed
            and "name" in attributes
        ):
            self.fields[attributes["name"]] = attributes.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._closed = True


def with_param(url: httpx.URL, name: str, value: str) -> httpx.URL:
    assert name in url.params, url
    return url.copy_set_param(name, value)


def sets_session_cookie(response: httpx.Response) -> bool:
    return any(
        header.startswith(f"{SESSION_COOKIE}=") and not header.startswith(f'{SESSION_COOKIE}="";')
        for header in response.headers.get_list("set-cookie")
    )


async def assert_refused(browser: Browser, *responses: httpx.Response) -> None:
    for response in responses:
        assert response.status_code == 400, response.text
        assert "Traceback" not in response.text
        assert not sets_session_cookie(response)
    assert SESSION_COOKIE not in browser.site.cookies
    assert await browser.me() is None


# --- Signing in ------------------------------------------------------------------------------


async def test_signing_in_through_oidc_provider_opens_a_session(
    site: FastAPI, provider: NodeProvider
) -> None:
    async with browser_for(site) as browser:
        authorization_url = await browser.start_login(provider.issuer)
        callback, prompts = await browser.at_provider(authorization_url, "alice")
        done = await browser.site.get(str(callback))
        me = await browser.me()

    assert prompts == ["login", "consent"]
    assert str(callback).startswith(CALLBACK + "?")
    # RFC 9207: the provider names itself in the authorization response.
    assert callback.params["iss"] == provider.issuer
    assert done.status_code == 302, f"{done.text}\noidc-provider log:\n{provider.log()}"
    assert done.headers["location"] == "/x"
    assert sets_session_cookie(done)
    assert me == {"name": "Interop alice", "email": "alice@interop.example", "memberships": []}


# --- Forged and replayed callbacks -----------------------------------------------------------


FORGERIES = {
    # Another browser's login, or none at all (CSRF).
    "state": lambda: secrets.token_urlsafe(32),
    # A mix-up: the response claims to come from another issuer (RFC 9207).
    "iss": lambda: "http://127.0.0.1:1",
    # A code the provider never issued: its token endpoint refuses it.
    "code": lambda: secrets.token_urlsafe(32),
}


@pytest.mark.parametrize("param", list(FORGERIES))
async def test_tampered_callback_signs_nobody_in(
    site: FastAPI, provider: NodeProvider, db: Database, param: str
) -> None:
    async with browser_for(site) as browser:
        callback = await browser.sign_in(provider.issuer, "mallory")
        forged = with_param(callback, param, FORGERIES[param]())
        tampered = await browser.site.get(str(forged))
        # The pending login is used up by the forged answer: the genuine one is refused too.
        genuine = await browser.site.get(str(callback))

        await assert_refused(browser, tampered, genuine)
    assert await count_rows(db, "app_user") == 0


async def test_replayed_callback_signs_nobody_in(site: FastAPI, provider: NodeProvider) -> None:
    async with browser_for(site) as victim, browser_for(site) as attacker:
        callback = await victim.sign_in(provider.issuer, "alice")
        done = await victim.site.get(str(callback))
        assert done.status_code == 302, f"{done.text}\noidc-provider log:\n{provider.log()}"

        again = await victim.site.get(str(callback))
        stolen = await attacker.site.get(str(callback))

        assert again.status_code == 400, again.text
        assert not sets_session_cookie(again)
        await assert_refused(attacker, stolen)
        # The victim's own session is untouched.
        assert (await victim.me() or {}).get("email") == "alice@interop.example"


# --- Behaviours this provider brought to light ---------------------------------------------


async def test_claims_the_provider_serves_from_userinfo_reach_the_app(
    settings: Settings, userinfo_provider: NodeProvider
) -> None:
    async with (
        site_for(settings, userinfo_provider.issuer) as app,
        browser_for(app) as browser,
    ):
        done = await browser.site.get(str(await browser.sign_in(userinfo_provider.issuer, "bob")))
        assert done.status_code == 302, f"{done.text}\n{userinfo_provider.log()}"
        me = await browser.me()

    # By default this provider serves name and email from UserInfo only (OIDC Core §5.4).
    assert me == {"name": "Interop bob", "email": "bob@interop.example", "memberships": []}


async def test_client_secret_with_form_reserved_characters_signs_in(
    settings: Settings, provider: NodeProvider
) -> None:
    async with (
        site_for(settings, provider.issuer, RESERVED_CLIENT_ID, RESERVED_CLIENT_SECRET) as app,
        browser_for(app) as browser,
    ):
        callback = await browser.sign_in(provider.issuer, "carol")
        log_mark = len(provider.log())
        done = await browser.site.get(str(callback))
        me = await browser.me()

    # RFC 6749 §2.3.1: a secret with '+' must be form-encoded inside Basic authentication.
    log = provider.log(log_mark)
    assert done.status_code == 302, f"{done.text}\n{log}"
    assert me is not None and me["email"] == "carol@interop.example"
