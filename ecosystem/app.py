"""The ASGI application: GraphQL at /graphql, health probes, and the built frontend."""

from __future__ import annotations

import asyncio
import gc
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import httpx
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from redis.asyncio import Redis
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import ClientDisconnect, HTTPConnection
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLRequestData
from strawberry.http.parse_content_type import parse_content_type

from auth.provider import ClientRegistration, ProviderConfig, create_provider_app
from auth.ratelimit import Limit
from auth.relying_party import END_USER_ADDRESS
from ecosystem.access.identity import (
    EMBEDDED_CLIENT_ID,
    EMBEDDED_PROVIDER,
    WRITE_SCOPE,
    Identity,
    TokenRefused,
)
from ecosystem.access.subject import Subject
from ecosystem.api.context import Authenticator, Context
from ecosystem.api.errors import database_cannot_write
from ecosystem.api.schema import build_schema
from ecosystem.database import Database, create_engine
from ecosystem.events.live import LiveHub, LiveViews
from ecosystem.fulfilment.routes import evidence_router
from ecosystem.jobs import Jobs
from ecosystem.redis_client import create_redis
from ecosystem.regions.models import Region
from ecosystem.regions.service import RegionIndex
from ecosystem.scheduler import create_scheduler
from ecosystem.settings import Settings, get_settings
from ecosystem.validation import unstorable

log = logging.getLogger("ecosystem")

MAX_BODY_BYTES = 1_000_000
GC_YOUNG_THRESHOLD = 50_000
PROBE_TIMEOUT_SECONDS = 2.0


class GraphQLEndpoint(GraphQLRouter[Context, None]):
    """The GraphQL route, answering in UTF-8 rather than escaping every Chinese character.
    Text, not bytes: WebSocket messages must be text frames for graphql-transport-ws clients."""

    def encode_json(self, data: object) -> str:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        """A JSON body must hold an operation (an object; a list, a batch, is refused as
        such): one that is JSON but not an object (``null``, ``1``, ``"x"``) used to end in a
        500, Strawberry reading its fields. What JSON holds shows in its first character."""
        content_type, _ = parse_content_type(request.content_type or "")
        if request.method == "POST" and "application/json" in content_type:
            body = await request.get_body()
            start = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
            if start and start not in (b"{", b"["):
                raise HTTPException(400, "The request body must be a JSON object.")
        return await super().parse_http_body(request)

    def decode_json(self, data: str | bytes) -> object:
        """JSON nested deeper than the parser recurses is malformed input, answered 400 like
        any other; the parser's RecursionError used to end in a 500. So is an operationName
        that is not text (half a surrogate pair), and a body that is not UTF-8 (the JSON
        parser's UnicodeDecodeError ended in a 500 too), and a number longer than Python
        converts from text (4,300 digits)."""
        try:
            body = json.loads(data)
        except UnicodeDecodeError:
            raise json.JSONDecodeError("the body is not UTF-8", "", 0) from None
        except RecursionError:
            text = data if isinstance(data, str) else data.decode("utf-8", "replace")
            raise json.JSONDecodeError("nested too deeply", text, 0) from None
        except json.JSONDecodeError:
            raise
        except ValueError:
            raise json.JSONDecodeError("a number has too many digits", "", 0) from None
        name = body.get("operationName") if isinstance(body, dict) else None
        if isinstance(name, str) and unstorable(name) is not None:
            # Strawberry answers an unknown name in a plain-text error that repeats it, which
            # cannot be encoded when it holds half a surrogate pair.
            raise json.JSONDecodeError("operationName is not text", "", 0)
        return body


def web_app_headers(public_url: str) -> dict[str, str]:
    """What the browser is told about the web app's pages: scripts, styles, data and live
    views from this origin only (photos also as data: and blob: previews), never framed by
    another site (an approval page in a hidden frame could have its buttons clicked for the
    official who is signed in), no type sniffing, and no full address to other sites."""
    live = urlsplit(public_url)._replace(scheme="wss" if public_url.startswith("https") else "ws")
    policy = "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            f"connect-src 'self' {live.scheme}://{live.netloc}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )
    return {
        "Content-Security-Policy": policy,
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }


class WebApp(StaticFiles):
    """The built web app. Hashed assets are cached for a year; index.html is revalidated on
    every visit, and a path that names no file (a page of the app) gets index.html. Every
    answer carries ``web_app_headers``."""

    def __init__(self, *, directory: Path, public_url: str) -> None:
        super().__init__(directory=directory, html=True)
        self.security_headers = web_app_headers(public_url)

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            response = await super().get_response(path, scope)
        except StarletteHTTPException as missing:
            if missing.status_code != 404 or "." in path.rsplit("/", 1)[-1]:
                raise
            response = await super().get_response("index.html", scope)
        if path.startswith("assets/") and response.status_code == 200:
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        else:
            response.headers["Cache-Control"] = "no-cache"
        response.headers.update(self.security_headers)
        return response


async def _token_refused(_request: Request, refused: TokenRefused) -> JSONResponse:
    return JSONResponse(
        {"errors": [{"message": refused.message, "extensions": {"code": refused.code}}]},
        status_code=refused.status,
        headers=refused.headers,
    )


async def _client_gone(_request: Request, _gone: ClientDisconnect) -> Response:
    """The client went away while its request was read (a page left mid-request): nobody is
    there to answer, and it is no fault of the server's, so nothing is logged as an error."""
    return Response(status_code=400)


class BodySizeLimit:
    """Refuses request bodies over the limit before anything parses them, by the bytes that
    arrive (a chunked body names no length): the body is read here, up to the limit, and
    handed on whole. Uploads of evidence photos enforce a larger limit of their own
    (EVIDENCE_MAX_BYTES) as they stream."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] == "/evidence":
            await self.app(scope, receive, send)
            return
        length = Headers(scope=scope).get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            await _too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        first: Message | None = None
        while True:
            message = await receive()
            if message["type"] != "http.request":
                # The client went away: let the app see it.
                first = message
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                await _too_large(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                first = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
                break

        async def replay() -> Message:
            nonlocal first
            if first is not None:
                message, first = first, None
                return message
            return await receive()

        await self.app(scope, replay, send)


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    response = JSONResponse(
        {
            "errors": [
                {
                    "message": "The request body is too large.",
                    "extensions": {"code": "PAYLOAD_TOO_LARGE"},
                }
            ]
        },
        status_code=413,
        # The rest of the body is not read: the connection cannot carry another request.
        headers={"connection": "close"},
    )
    await response(scope, receive, send)


class GraphQLHttpAnswers:
    """What every HTTP answer of /graphql carries: ``Cache-Control: no-store`` (answers hold
    private details of whoever asked) and ``X-Content-Type-Options: nosniff``; and a request
    Strawberry refuses before any GraphQL runs (a batch, another content type, ``variables``
    that are not an object), which it answers in plain text, is answered in the shape of
    GraphQL errors, with a code, as every other refusal is."""

    CODES: ClassVar[dict[int, str]] = {
        405: "METHOD_NOT_ALLOWED",
        415: "UNSUPPORTED_MEDIA_TYPE",
    }

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/graphql":
            await self.app(scope, receive, send)
            return
        held: Message | None = None
        chunks: list[bytes] = []

        async def answer(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("cache-control", "no-store")
                headers["x-content-type-options"] = "nosniff"
                status = message["status"]
                if 400 <= status < 500 and headers.get("content-type", "").startswith("text/plain"):
                    held = message
                    return
            elif held is not None and message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                status = held["status"]
                text = b"".join(chunks).decode("utf-8", "replace").strip()
                body = json.dumps(
                    {
                        "errors": [
                            {
                                "message": text or "The request cannot be answered.",
                                "extensions": {"code": self.CODES.get(status, "BAD_REQUEST")},
                            }
                        ]
                    },
                    ensure_ascii=False,
                ).encode()
                headers = MutableHeaders(scope=held)
                headers["content-type"] = "application/json"
                headers["content-length"] = str(len(body))
                await send(held)
                await send({"type": "http.response.body", "body": body, "more_body": False})
                return
            await send(message)

        await self.app(scope, receive, answer)


class WebSocketsPerAddress:
    """At most ``limit`` open websockets from one client address in this process; the next
    handshake is refused (HTTP 429 where the server can say so, else 403) until one closes.
    Each websocket may hold 16 live views and the process shares one Redis connection among
    them all, but one address opening thousands of sockets would still cost a task and buffers
    each. The address is the one uvicorn reports (X-Forwarded-For only from trusted proxies)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit
        self.open: dict[str, int] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        address = client[0] if client else "unknown"
        if self.open.get(address, 0) >= self.limit:
            await self._refuse(scope, receive, send)
            return
        self.open[address] = self.open.get(address, 0) + 1
        try:
            await self.app(scope, receive, send)
        finally:
            left = self.open[address] - 1
            if left:
                self.open[address] = left
            else:
                del self.open[address]

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        await receive()  # websocket.connect
        if "websocket.http.response" not in scope.get("extensions", {}):
            await send({"type": "websocket.close", "code": 1008, "reason": "too many websockets"})
            return
        body = json.dumps(
            {
                "errors": [
                    {
                        "message": (
                            f"This address already holds {self.limit} open websockets; "
                            "close one first."
                        ),
                        "extensions": {"code": "TOO_MANY_CONNECTIONS"},
                    }
                ]
            }
        ).encode()
        await send(
            {
                "type": "websocket.http.response.start",
                "status": 429,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "websocket.http.response.body", "body": body})


def create_app(
    settings: Settings | None = None, *, authenticate: Authenticator | None = None
) -> FastAPI:
    """Build the application. ``authenticate`` replaces the login (sessions and bearer tokens)
    as the way to find the subject of a request; the tests use it to act as any user."""
    settings = settings or get_settings()
    db = Database(create_engine(settings.database_url, echo=settings.database_echo))
    redis = create_redis(settings)
    app = FastAPI(
        title="Hope Ecosystem",
        docs_url=None if settings.is_production else "/docs",
        redoc_url=None,
        openapi_url=None if settings.is_production else "/openapi.json",
    )
    identity = Identity(
        settings,
        db,
        redis,
        http_client_factory=lambda: httpx.AsyncClient(
            transport=OwnOriginTransport(app, settings.public_url), timeout=10.0
        ),
    )
    find_subject = authenticate or identity.authenticate
    region_index = RegionIndex()

    jobs = Jobs(settings, db, redis)
    live_hub = LiveHub(redis)
    scheduler = create_scheduler(settings, db, redis, jobs)

    async def context_getter(request: HTTPConnection) -> Context:
        async def reauthenticate() -> Subject | None:
            return await find_subject(request, db)

        return Context(
            db=db,
            redis=redis,
            settings=settings,
            subject=await find_subject(request, db),
            regions=await _regions(region_index, db),
            jobs=jobs,
            live=LiveViews(live_hub),
            limiter=identity.limit,
            client_address=request.client.host if request.client else None,
            reauthenticate=reauthenticate if request.scope["type"] == "websocket" else None,
        )

    provider = _embedded_provider(settings, db, redis) if settings.embedded_idp_enabled else None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if provider is not None:
            await provider.state.provider.start()
        if settings.runs_jobs_in_process:
            await jobs.recover()
            await jobs.start()
            scheduler.start()
        _tune_garbage_collection()
        yield
        await stop_within("the scheduled work", scheduler.stop())
        await stop_within("the job queue", jobs.stop())
        await stop_within("the live views", live_hub.close())
        await stop_within("Redis", redis.aclose())
        await stop_within("the database", db.dispose())

    app.router.lifespan_context = lifespan
    app.state.db = db
    app.state.identity = identity
    app.state.jobs = jobs
    app.state.live = live_hub
    app.state.scheduler = scheduler
    app.state.redis = redis
    app.state.settings = settings
    app.add_exception_handler(TokenRefused, _token_refused)  # type: ignore[arg-type]
    app.add_exception_handler(ClientDisconnect, _client_gone)  # type: ignore[arg-type]
    app.add_middleware(BodySizeLimit)
    # Outside the body limit, so that its 413 carries the same headers as every answer.
    app.add_middleware(GraphQLHttpAnswers)
    app.add_middleware(WebSocketsPerAddress, limit=settings.websockets_per_address)
    # Pages, scripts and GraphQL answers compress well; tiny ones are not worth it.
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    graphql = GraphQLEndpoint(
        build_schema(settings),
        context_getter=context_getter,
        graphql_ide=None if settings.is_production else "graphiql",
        multipart_uploads_enabled=False,
        # Live views from PUBLIC_URL and ALLOWED_ORIGINS, as for cookie mutations: Strawberry
        # otherwise lets a websocket in only from the Host the request names, which a proxy
        # may rewrite, and refused the origins ALLOWED_ORIGINS lists.
        allowed_origins=sorted(identity.allowed_origins),
    )
    app.include_router(graphql, prefix="/graphql")
    app.include_router(identity.router())
    app.include_router(evidence_router(settings, db, find_subject, identity.limit))
    if provider is not None:
        app.mount("/idp", provider, name="idp")

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        """The process is alive."""
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    async def readyz() -> JSONResponse:
        """The database and Redis answer, and the database takes writes; says which does not."""
        database, cache = await asyncio.gather(_probe_database(db), _probe_redis(redis))
        ready = database == "ok" and cache == "ok"
        return JSONResponse(
            {"status": "ready" if ready else "not ready", "database": database, "redis": cache},
            status_code=200 if ready else 503,
        )

    if settings.frontend_dist.is_dir():
        app.mount(
            "/",
            WebApp(directory=settings.frontend_dist, public_url=settings.public_url),
            name="frontend",
        )
    return app


def _embedded_provider(settings: Settings, db: Database, redis: Redis) -> Starlette:
    """The embedded OpenID provider at /idp, with the web app registered as a public client."""
    config = ProviderConfig(
        issuer=settings.embedded_issuer,
        secret_key=settings.secret_key,
        token_limit=Limit(settings.login_rate_per_minute, 60),
        # Partner systems registered with `ecosystem api-client` are granted it.
        extra_scopes=(WRITE_SCOPE,),
        clients=[
            ClientRegistration(
                EMBEDDED_CLIENT_ID,
                None,
                redirect_uris=[
                    f"{settings.public_url.rstrip('/')}/auth/callback/{EMBEDDED_PROVIDER}"
                ],
            )
        ],
    )
    return create_provider_app(config, db.sessionmaker, redis)


class OwnOriginTransport(httpx.AsyncBaseTransport):
    """Sends requests for this server's own origin (the embedded provider) into the app
    in process, and everything else over the network.

    A call made for a browser's login (the relying party's ``END_USER_ADDRESS`` extension)
    reaches the provider with that browser's address as its client address, others with
    127.0.0.1. The token endpoint's per-address limit, against guessing from one address, then
    counts each browser (already limited at /auth/login and /auth/callback) together with its own
    direct calls, instead of the whole site's logins as one address. Chosen over an allowance per
    authenticated client, which does not fit: the web app is a public client anyone can name.
    The extension never comes from the network, so a forged X-Forwarded-For changes nothing.
    """

    def __init__(self, app: FastAPI, public_url: str) -> None:
        self._app = app
        self._local = httpx.ASGITransport(app=app)
        self._remote = httpx.AsyncHTTPTransport()
        parts = httpx.URL(public_url)
        self._origin = (parts.scheme, parts.host, parts.port)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if (url.scheme, url.host, url.port) != self._origin:
            return await self._remote.handle_async_request(request)
        browser = request.extensions.get(END_USER_ADDRESS)
        if isinstance(browser, str):
            local = httpx.ASGITransport(app=self._app, client=(browser, 0))
            return await local.handle_async_request(request)
        return await self._local.handle_async_request(request)

    async def aclose(self) -> None:
        await self._remote.aclose()


SHUTDOWN_STEP_SECONDS = 10.0


async def stop_within(
    name: str, step: Awaitable[None], seconds: float = SHUTDOWN_STEP_SECONDS
) -> bool:
    """Await one shutdown step for at most ``seconds``; False (and a warning) if it did not end.

    A step that never ends (a task that ignores cancellation, a connection that never answers)
    must not keep the process from exiting on SIGTERM: the step is cancelled, left behind and
    named in the log, and shutdown goes on. A step that fails is logged the same way.
    """
    task = asyncio.ensure_future(step)
    done, _ = await asyncio.wait({task}, timeout=seconds)
    if not done:
        task.cancel()
        log.warning("shutdown: %s did not stop within %.0f s; going on without it", name, seconds)
        return False
    if task.cancelled() or task.exception() is not None:
        error = None if task.cancelled() else task.exception()
        log.warning("shutdown: stopping %s failed", name, exc_info=error)
        return False
    return True


def _tune_garbage_collection() -> None:
    """A GraphQL response makes thousands of short-lived objects; with the default thresholds
    the collector runs many times per request and rescans everything loaded at start-up.
    Freezing the start-up heap and collecting the youngest generation less often cut the CPU
    of a needs page by about a third in benchmarks/api_read.py."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, 20, 20)


async def _regions(index: RegionIndex, db: Database) -> Mapping[str, Region]:
    """The region index; empty while the database cannot be read, so that the request still
    gets a GraphQL answer (its own reads fail with a clear error)."""
    try:
        return await index.get(db.read)
    except Exception as error:
        # A line, not a traceback: while the database is down every request would log one.
        log.warning("Regions could not be read: %r", error)
        return {}


async def _probe_database(db: Database) -> str:
    """``ok``, ``unreachable``, or ``read-only`` when it answers but would refuse a write."""
    try:
        async with asyncio.timeout(PROBE_TIMEOUT_SECONDS):
            async with db.read() as session:
                await session.execute(text("SELECT 1"))
            writable = await _takes_writes(db)
    except Exception as error:
        # Orchestrators probe every few seconds: a line each, not a traceback.
        log.warning("Database probe failed: %r", error)
        return "unreachable"
    return "ok" if writable else "read-only"


# SQLite's answer when another connection holds the write lock.
_SQLITE_BUSY = 5


async def _takes_writes(db: Database) -> bool:
    """Whether the database would take a write now, found without writing anything. On SQLite:
    a write transaction begun and a statement that changes no row, then rolled back; a writer
    holding the lock meanwhile shows it takes writes, and is not waited for. On PostgreSQL:
    whether its transactions are read-only (a standby, default_transaction_read_only). A full
    disk shows only once a write needs room, which a probe that writes nothing cannot see."""
    async with db.engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            return await connection.scalar(text("SHOW transaction_read_only")) != "on"
        sqlite = (await connection.get_raw_connection()).driver_connection
        assert sqlite is not None
        (busy_timeout,) = await (await sqlite.execute("PRAGMA busy_timeout")).fetchone()
        await sqlite.execute("PRAGMA busy_timeout=0")
        try:
            await sqlite.execute("BEGIN IMMEDIATE")
            await sqlite.execute("UPDATE alembic_version SET version_num = version_num WHERE 0")
        except Exception as error:
            code = getattr(error, "sqlite_errorcode", None)
            if isinstance(code, int) and code & 0xFF == _SQLITE_BUSY:
                return True
            if database_cannot_write(error):
                log.warning("Database probe: it does not take writes: %r", error)
                return False
            raise
        finally:
            if sqlite.in_transaction:
                await sqlite.rollback()
            await sqlite.execute(f"PRAGMA busy_timeout={int(busy_timeout)}")
    return True


async def _probe_redis(redis: object) -> str:
    try:
        async with asyncio.timeout(PROBE_TIMEOUT_SECONDS):
            await redis.ping()  # type: ignore[attr-defined]
    except Exception as error:
        log.warning("Redis probe failed: %r", error)
        return "unreachable"
    return "ok"
