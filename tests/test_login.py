"""Logging in for real: the browser flow through the embedded provider, and partner systems
with client_credentials bearer tokens; roles come from invitations and operator grants."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from conftest import OPERATIONS, GraphQLClient, World, count_rows, websocket_transport
from httpx_ws import AsyncWebSocketSession, aconnect_ws
from sqlalchemy import text
from test_embedded_provider import LoginForm
from test_events import _listening, _next_event, _subscribe
from test_matches import need_and_pledge, propose
from test_needs import water_need

from auth.provider import ClientRegistration, GrantType, ensure_account, ensure_client
from ecosystem.access.identity import EMBEDDED_CLIENT_ID, WRITE_SCOPE
from ecosystem.api import context as live_context
from ecosystem.app import create_app
from ecosystem.database import Database
from ecosystem.events.relay import relay_once
from ecosystem.members import service as members
from ecosystem.parties import service as parties
from ecosystem.parties.models import Role
from ecosystem.settings import OIDCProviderSettings, Settings

PUBLIC = "http://localhost:8000"
PARTNER = "https://partner.example.org"
PASSWORD = "correct horse battery"


@pytest.fixture
async def real_app(settings: Settings) -> AsyncIterator[Any]:
    """The application as deployed: no test authenticator, the embedded provider at /idp."""
    app = create_app(
        settings.model_copy(update={"public_url": PUBLIC, "allowed_origins": [PARTNER]})
    )
    yield app
    await app.state.db.dispose()


@pytest.fixture
async def browser(real_app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=real_app)
    async with httpx.AsyncClient(transport=transport, base_url=PUBLIC) as client:
        yield client


async def make_account(db: Database, username: str, email: str) -> None:
    async with db.transaction() as session:
        await ensure_account(session, username, PASSWORD, f"{username} 老师", email)


async def invited_principal(db: Database, world: World) -> None:
    """An account li.principal whose verified email is invited as the school's principal."""
    await make_account(db, "li.principal", "li@school.example")
    async with db.transaction() as session:
        await members.invite(
            session,
            None,
            email="li@school.example",
            party_id=world.school,
            role=Role.PRINCIPAL,
            trusted_operator=True,
        )


async def log_in(
    browser: httpx.AsyncClient,
    username: str,
    next_path: str = "/",
    password: str = PASSWORD,
    public: str = PUBLIC,
) -> httpx.Response:
    """Follow the whole flow as a browser: login, provider form, callback."""
    start = await browser.get("/auth/login", params={"provider": "hope", "next": next_path})
    assert start.status_code == 302, start.text
    authorize = start.headers["location"]
    assert authorize.startswith(f"{public}/idp/authorize?")
    page = await browser.get(authorize)
    assert page.status_code == 200
    form = LoginForm(page.text)
    fields = {**form.fields, "username": username, "password": password}
    posted = await browser.post(form.action, data=fields)
    assert posted.status_code == 303, posted.text
    callback = posted.headers["location"]
    assert urlsplit(callback).path == "/auth/callback/hope"
    return await browser.get(callback)


async def store_pos(db: Database, world: World, settings: Settings, **grant: Any) -> str:
    """The store's point-of-sale system as a partner client (client_credentials), made the
    store's donor admin under the embedded provider at PUBLIC; its secret."""
    secret = "partner-secret-for-tests-only"
    async with db.transaction() as session:
        await ensure_client(
            session,
            ClientRegistration(
                "store-pos",
                secret,
                grant_types=[GrantType.CLIENT_CREDENTIALS],
                scopes=[WRITE_SCOPE],
                audience=settings.api_audience,
            ),
        )
        await members.grant_api_client(
            session,
            issuer=f"{PUBLIC}/idp",
            client_id="store-pos",
            party_id=world.store,
            role=Role.DONOR_ADMIN,
            **grant,
        )
    return secret


async def graphql(
    client: httpx.AsyncClient, name: str, variables: dict[str, Any] | None = None, **headers: str
) -> dict[str, Any]:
    response = await client.post(
        "/graphql",
        json={"query": OPERATIONS[name], "variables": variables or {}},
        headers={"origin": PUBLIC, **headers},
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_principal_logs_in_through_the_embedded_provider(
    browser: httpx.AsyncClient, db: Database, world: World
) -> None:
    await invited_principal(db, world)

    done = await log_in(browser, "li.principal", next_path="/needs?mine=1")

    assert done.status_code == 302
    assert done.headers["location"] == "/needs?mine=1"
    me = (await graphql(browser, "Me"))["data"]["me"]
    assert me["name"] == "li.principal 老师"
    assert [(m["role"], m["party"]["name"]) for m in me["memberships"]] == [
        ("PRINCIPAL", "肥城市边院镇希望小学")
    ]
    posted = await graphql(browser, "PostNeed", {"input": water_need(world.school_id)})
    assert posted["data"]["postNeed"]["errors"] == []


async def test_a_browser_at_127_0_0_1_signs_in_at_the_public_localhost(
    real_app: Any, db: Database, world: World
) -> None:
    # The development server prints http://127.0.0.1:8000; the public URL says localhost.
    await invited_principal(db, world)
    transport = httpx.ASGITransport(app=real_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as there:
        start = await there.get("/auth/login", params={"provider": "hope", "next": "/needs"})
        # Sent to the same login by the public name, before any login cookie is set on a name
        # the sign-in never comes back to.
        assert start.status_code == 307
        assert start.headers["location"] == f"{PUBLIC}/auth/login?provider=hope&next=%2Fneeds"
        assert "set-cookie" not in start.headers
    async with httpx.AsyncClient(transport=transport, base_url=PUBLIC) as browser:
        done = await log_in(browser, "li.principal", next_path="/needs")
        assert (done.status_code, done.headers["location"]) == (302, "/needs")
        assert (await graphql(browser, "Me"))["data"]["me"]["name"] == "li.principal 老师"

    # Another host (a proxy that does not pass the public one on) is not sent round: the
    # login starts where it is asked for.
    async with httpx.AsyncClient(
        transport=transport, base_url="http://app.internal:8000"
    ) as proxied:
        start = await proxied.get("/auth/login", params={"provider": "hope"})
        assert start.status_code == 302
        assert start.headers["location"].startswith(f"{PUBLIC}/idp/authorize?")


async def test_cookie_mutation_from_another_site_is_refused(
    browser: httpx.AsyncClient, db: Database, world: World
) -> None:
    await invited_principal(db, world)
    await log_in(browser, "li.principal")

    body = await graphql(
        browser, "PostNeed", {"input": water_need(world.school_id)}, origin="https://evil.example"
    )

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await count_rows(db, "need") == 0
    assert (await graphql(browser, "Me", origin="https://evil.example"))["data"]["me"] is not None


async def test_logout_ends_the_session(browser: httpx.AsyncClient, db: Database) -> None:
    await make_account(db, "wang", "wang@example.org")
    await log_in(browser, "wang")
    assert (await graphql(browser, "Me"))["data"]["me"] is not None

    out = await browser.post("/auth/logout", headers={"origin": PUBLIC})

    assert out.status_code == 303
    assert (await graphql(browser, "Me"))["data"]["me"] is None


async def test_wrong_password_logs_nobody_in(browser: httpx.AsyncClient, db: Database) -> None:
    await make_account(db, "wang", "wang@example.org")
    start = await browser.get("/auth/login", params={"provider": "hope"})
    page = await browser.get(start.headers["location"])
    form = LoginForm(page.text)
    again = await browser.post(
        form.action, data={**form.fields, "username": "wang", "password": "nope"}
    )

    # The form again, in Chinese by default, saying what went wrong; no redirect with a code.
    assert again.status_code == 200
    assert "location" not in again.headers
    assert "用户名或密码不正确" in LoginForm(again.text).alert
    assert (await graphql(browser, "Me"))["data"]["me"] is None
    assert await count_rows(db, "app_user") == 0


async def test_partner_system_acts_with_a_client_credentials_token(
    browser: httpx.AsyncClient, db: Database, world: World, settings: Settings
) -> None:
    secret = await store_pos(db, world, settings)

    token = await browser.post(
        "/idp/token",
        data={"grant_type": "client_credentials", "scope": WRITE_SCOPE},
        auth=("store-pos", secret),
    )
    assert token.status_code == 200, token.text
    bearer = {"authorization": f"Bearer {token.json()['access_token']}"}
    async with httpx.AsyncClient(transport=browser._transport, base_url=PUBLIC) as api:
        me = (await graphql(api, "Me", **bearer))["data"]["me"]
        pledge = await graphql(
            api,
            "PostPledge",
            {
                "input": {
                    "partyId": world.store_id,
                    "kind": "MONEY",
                    "title": "门店善款",
                    "amountFen": 100_000,
                }
            },
            **bearer,
        )
        bad = await api.post(
            "/graphql",
            json={"query": OPERATIONS["Me"]},
            headers={"authorization": "Bearer forged.token.value"},
        )
        # Not a token's shape at all: answered as anybody before, not refused.
        shapeless = [
            await api.post(
                "/graphql", json={"query": OPERATIONS["Me"]}, headers={"authorization": header}
            )
            for header in ("Bearer <token>", "bearer", "Bearer a b")
        ]

    assert [(m["role"], m["party"]["id"]) for m in me["memberships"]] == [
        ("DONOR_ADMIN", world.store_id)
    ]
    assert pledge["data"]["postPledge"]["errors"] == []
    assert bad.status_code == 401
    # Shaped as GraphQL errors are, where it was FastAPI's {"detail": ...}.
    assert bad.json() == {
        "errors": [
            {"message": "The access token is not valid.", "extensions": {"code": "UNAUTHENTICATED"}}
        ]
    }
    for refused in (bad, *shapeless):
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"] == (
            'Bearer error="invalid_token", error_description="malformed"'
        )


async def test_people_and_partner_systems_keep_their_roles_when_the_public_url_moves(
    browser: httpx.AsyncClient, db: Database, world: World, settings: Settings
) -> None:
    """The embedded provider's issuer is PUBLIC_URL/idp. Its accounts and clients stay when
    the site moves to another address; so do the users and roles recorded under the old one."""
    await invited_principal(db, world)
    # Another provider people sign in with, whose issuer ends in /idp too (another instance of
    # this software, say), knows a client of the same name: that one is never taken.
    elsewhere = "https://partner.example.org/idp"
    async with db.transaction() as session:
        await parties.ensure_user(
            session, issuer=elsewhere, subject="store-pos", name="their store-pos", email=None
        )
    # As api-client registers it, which passes the configured providers' issuers.
    secret = await store_pos(db, world, settings, embedded=True, other_issuers=(elsewhere,))
    await log_in(browser, "li.principal")
    before = (await graphql(browser, "Me"))["data"]["me"]
    users = await count_rows(db, "app_user")

    moved = "http://localhost:8001"
    other = OIDCProviderSettings(
        name="partner", display_name="Partner", issuer=elsewhere, client_id="hope"
    )
    app = create_app(settings.model_copy(update={"public_url": moved, "oidc_providers": [other]}))
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=moved) as there:
            await log_in(there, "li.principal", public=moved)
            after = (await graphql(there, "Me", origin=moved))["data"]["me"]
            token = await there.post(
                "/idp/token",
                data={"grant_type": "client_credentials", "scope": WRITE_SCOPE},
                auth=("store-pos", secret),
            )
            assert token.status_code == 200, token.text
            bearer = f"Bearer {token.json()['access_token']}"
            partner = (await graphql(there, "Me", authorization=bearer))["data"]["me"]
    finally:
        await app.state.db.dispose()

    assert [(m["role"], m["party"]["name"]) for m in before["memberships"]] == [
        ("PRINCIPAL", "肥城市边院镇希望小学")
    ]
    assert (after["id"], after["memberships"]) == (before["id"], before["memberships"])
    assert [(m["role"], m["party"]["id"]) for m in partner["memberships"]] == [
        ("DONOR_ADMIN", world.store_id)
    ]
    # The principal and the partner system are the same users as before, not new ones.
    assert await count_rows(db, "app_user") == users
    async with db.read() as session:
        issuers = set(
            (
                await session.execute(
                    text("SELECT issuer FROM app_user WHERE subject = :s"), {"s": "store-pos"}
                )
            ).scalars()
        )
    assert issuers == {f"{moved}/idp", elsewhere}


def test_realm_file_has_the_demo_accounts() -> None:
    import json

    from ecosystem.seed.demo import demo_accounts

    realm = json.loads((Path(__file__).parent.parent / "auth/keycloak/realm-hope.json").read_text())
    users = {(u["username"], u["email"]) for u in realm["users"]}
    assert users == {(a.username, a.email) for a in demo_accounts()}
    assert all(u["emailVerified"] for u in realm["users"])


async def test_demo_accounts_log_in_with_their_roles(
    browser: httpx.AsyncClient, database_url: str, tmp_path: Path
) -> None:
    from test_cli import ecosystem

    from ecosystem.seed.demo import DEMO_PASSWORD

    seeded = ecosystem("seed-demo", database_url=database_url, cwd=tmp_path)
    assert "demo logins are ready" in seeded.stdout

    await log_in(browser, "taian-official", password=DEMO_PASSWORD)
    me = (await graphql(browser, "Me"))["data"]["me"]

    assert [(m["role"], m["party"]["name"]) for m in me["memberships"]] == [
        ("GOV_OFFICIAL", "泰安市人民政府")
    ]
    assert me["jurisdictionCodes"] == ["3709"]


async def test_token_endpoint_is_rate_limited_per_address(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"public_url": PUBLIC, "login_rate_per_minute": 2}))
    # An address of its own (only a value in the ASGI scope), so other tests' counts don't add up.
    transport = httpx.ASGITransport(app=app, client=("192.0.2.9", 40000))
    async with httpx.AsyncClient(transport=transport, base_url=PUBLIC) as client:
        answers = [
            await client.post(
                "/idp/token",
                data={"grant_type": "client_credentials"},
                auth=("nobody", "a-wrong-secret-guess"),
            )
            for _ in range(3)
        ]
    await app.state.db.dispose()

    assert [a.status_code for a in answers] == [401, 401, 429]
    assert int(answers[2].headers["retry-after"]) > 0


async def test_many_people_sign_in_within_a_minute_from_their_own_addresses(
    settings: Settings, db: Database
) -> None:
    # Allowed 3 token requests per address and minute, 8 people sign in through the web app,
    # whose server redeems every code at its own /idp/token in process.
    app = create_app(settings.model_copy(update={"public_url": PUBLIC, "login_rate_per_minute": 3}))
    usernames = ["zhao", "qian", "sun"]
    for username in usernames:
        await make_account(db, username, f"{username}@school.example")

    arrivals = []
    for person in range(8):
        transport = httpx.ASGITransport(app=app, client=(f"198.51.100.{person + 1}", 40000))
        async with httpx.AsyncClient(transport=transport, base_url=PUBLIC) as browser:
            done = await log_in(browser, usernames[person % 3], next_path="/needs")
            me = (await graphql(browser, "Me"))["data"]["me"] if done.status_code == 302 else None
        arrivals.append((done.status_code, done.headers.get("location"), me and me["name"]))
    await app.state.db.dispose()

    assert arrivals == [(302, "/needs", f"{usernames[i % 3]} 老师") for i in range(8)]


async def test_one_address_hammering_the_token_endpoint_is_refused_and_signs_in_no_faster(
    settings: Settings, db: Database
) -> None:
    app = create_app(settings.model_copy(update={"public_url": PUBLIC, "login_rate_per_minute": 3}))
    await make_account(db, "wang", "wang@example.org")
    hammering = httpx.ASGITransport(app=app, client=("203.0.113.66", 40000))
    elsewhere = httpx.ASGITransport(app=app, client=("203.0.113.67", 40000))
    async with httpx.AsyncClient(transport=hammering, base_url=PUBLIC) as attacker:
        # Guessed codes for the web app's own (public) client; a forged X-Forwarded-For
        # claiming another address changes nothing.
        guesses = [
            await attacker.post(
                "/idp/token",
                data={
                    "grant_type": "authorization_code",
                    "client_id": EMBEDDED_CLIENT_ID,
                    "code": f"guessed-code-{guess}",
                    "redirect_uri": f"{PUBLIC}/auth/callback/hope",
                    "code_verifier": "v" * 43,
                },
                headers={"x-forwarded-for": f"198.51.100.{guess + 100}"},
            )
            for guess in range(5)
        ]
        # Signing in through the web app from that address: its code is redeemed in process,
        # counted under the same address, so it is no way around the limit.
        from_attacker = await log_in(attacker, "wang")
    async with httpx.AsyncClient(transport=elsewhere, base_url=PUBLIC) as browser:
        from_elsewhere = await log_in(browser, "wang")
    await app.state.db.dispose()

    assert [g.status_code for g in guesses] == [400, 400, 400, 429, 429]
    assert guesses[0].json()["error"] == "invalid_grant"
    assert int(guesses[3].headers["retry-after"]) > 0
    assert from_attacker.status_code == 400
    assert "hope_session" not in from_attacker.cookies
    assert (from_elsewhere.status_code, from_elsewhere.headers["location"]) == (302, "/")


async def test_cookie_mutation_must_be_json(
    browser: httpx.AsyncClient, db: Database, world: World
) -> None:
    await invited_principal(db, world)
    await log_in(browser, "li.principal")
    body = json.dumps(
        {"query": OPERATIONS["PostNeed"], "variables": {"input": water_need(world.school_id)}}
    )
    for content_type in ("text/plain", "application/x-www-form-urlencoded"):
        answer = await browser.post(
            "/graphql", content=body, headers={"origin": PUBLIC, "content-type": content_type}
        )
        assert answer.status_code in (400, 415), (content_type, answer.status_code)
    assert await count_rows(db, "need") == 0


@contextlib.asynccontextmanager
async def principal_watching(
    real_app: Any, db: Database, world: World
) -> AsyncIterator[tuple[httpx.AsyncClient, AsyncWebSocketSession]]:
    """li.principal logged in, with a browser and a live view of the school's county."""
    await invited_principal(db, world)
    redis = real_app.state.redis
    transport = websocket_transport(real_app)
    async with (
        httpx.AsyncClient(transport=transport, base_url=PUBLIC) as browser,
        contextlib.AsyncExitStack() as stack,
    ):
        await log_in(browser, "li.principal")
        before = await redis.pubsub_numpat()
        ws = await stack.enter_async_context(
            aconnect_ws(
                "/graphql",
                browser,
                subprotocols=["graphql-transport-ws"],
                headers={"origin": PUBLIC},
            )
        )
        await _subscribe(ws, "370983")
        await _listening(redis, before + 1)
        yield browser, ws


async def test_a_live_view_ends_with_the_login_it_was_opened_with(
    real_app: Any, db: Database, world: World, gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A websocket keeps its handshake's cookie: after logging out, its views must stop
    showing what only the login could see."""
    # Read at every event, so that the event right after the logout is read as nobody's.
    monkeypatch.setattr(live_context, "SUBJECT_RECHECK_SECONDS", 0.0)
    redis = real_app.state.redis
    stream = f"hope:test-events:{uuid.uuid4().hex}"
    async with principal_watching(real_app, db, world) as (browser, ws):
        need, offer = await need_and_pledge(gql, world)
        await propose(gql, world, need, offer, 1)
        await relay_once(db, redis, stream=stream)
        seen_while_logged_in = await _next_event(ws)

        out = await browser.post("/auth/logout", headers={"origin": PUBLIC})
        assert out.status_code == 303
        later = await propose(gql, world, need, offer, 2)
        await relay_once(db, redis, stream=stream)
        after_logout = await asyncio.wait_for(ws.receive_json(), timeout=10)

    assert seen_while_logged_in["type"] == "match.PROPOSED"
    assert later["id"] not in json.dumps(after_logout)
    assert "UNAUTHENTICATED" in json.dumps(after_logout), after_logout


async def test_a_quiet_live_view_ends_with_its_login_too(
    real_app: Any, db: Database, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No event needs to come for a view whose login ended to close."""
    monkeypatch.setattr(live_context, "SUBJECT_RECHECK_SECONDS", 0.2)
    async with principal_watching(real_app, db, world) as (browser, ws):
        out = await browser.post("/auth/logout", headers={"origin": PUBLIC})
        assert out.status_code == 303
        ended = await asyncio.wait_for(ws.receive_json(), timeout=5)

    assert "UNAUTHENTICATED" in json.dumps(ended), ended


@pytest.mark.parametrize(
    ("headers", "opened"),
    [
        # A page of an origin ALLOWED_ORIGINS lists, as for cookie mutations.
        ({"origin": PARTNER, "host": "localhost:8000"}, True),
        # A proxy that passes the upstream address as Host (nginx's default).
        ({"origin": PUBLIC, "host": "10.0.0.7:8000"}, True),
        ({"origin": PUBLIC, "host": "localhost:8000"}, True),
        ({"origin": "https://evil.example", "host": "localhost:8000"}, False),
    ],
)
async def test_live_views_open_from_the_origins_that_may_change_things(
    real_app: Any, headers: dict[str, str], opened: bool
) -> None:
    # Strawberry let a websocket in only from the Host the handshake named: pages of the
    # origins ALLOWED_ORIGINS lists, and any page behind a proxy that rewrites Host, got 403.
    answer = await _handshake(real_app, headers)
    if opened:
        assert answer["type"] == "websocket.accept", answer
        assert answer["subprotocol"] == "graphql-transport-ws"
    else:
        assert answer["type"] in ("websocket.close", "websocket.http.response.start"), answer


async def _handshake(app: Any, headers: dict[str, str]) -> dict[str, Any]:
    """The application's first answer to a websocket handshake on /graphql with ``headers``."""
    scope = {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "scheme": "ws",
        "http_version": "1.1",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
        "subprotocols": ["graphql-transport-ws"],
        "extensions": {"websocket.http.response": {}},
    }
    incoming: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    outgoing: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    await incoming.put({"type": "websocket.connect"})
    serving = asyncio.ensure_future(app(scope, incoming.get, outgoing.put))
    try:
        return await asyncio.wait_for(outgoing.get(), 10)
    finally:
        await incoming.put({"type": "websocket.disconnect", "code": 1000})
        serving.cancel()
        with contextlib.suppress(BaseException):
            await serving


async def test_discovery_names_the_scope_partner_systems_are_granted(
    browser: httpx.AsyncClient,
) -> None:
    document = (await browser.get("/idp/.well-known/openid-configuration")).json()

    assert {"openid", "profile", "email", WRITE_SCOPE} <= set(document["scopes_supported"])
