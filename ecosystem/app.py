"""The ASGI application: GraphQL at /graphql, health probes, and the built frontend."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response
from strawberry.fastapi import GraphQLRouter

from ecosystem.api.context import Authenticator, Context
from ecosystem.api.schema import build_schema
from ecosystem.database import Database, create_engine
from ecosystem.redis_client import create_redis
from ecosystem.settings import Settings, get_settings

log = logging.getLogger("ecosystem")

MAX_BODY_BYTES = 1_000_000
PROBE_TIMEOUT_SECONDS = 2.0


class BodySizeLimit(BaseHTTPMiddleware):
    """Refuses request bodies over the limit before anything parses them."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return JSONResponse(
                {
                    "errors": [
                        {
                            "message": "The request body is too large.",
                            "extensions": {"code": "PAYLOAD_TOO_LARGE"},
                        }
                    ]
                },
                status_code=413,
            )
        return await call_next(request)


def create_app(
    settings: Settings | None = None, *, authenticate: Authenticator | None = None
) -> FastAPI:
    """Build the application. ``authenticate`` finds the subject of a request; without it,
    every request is anonymous (reads work, mutations answer UNAUTHENTICATED)."""
    settings = settings or get_settings()
    db = Database(create_engine(settings.database_url, echo=settings.database_echo))
    redis = create_redis(settings)

    async def context_getter(request: Request) -> Context:
        subject = await authenticate(request, db) if authenticate is not None else None
        return Context(db=db, redis=redis, settings=settings, subject=subject)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        await redis.aclose()
        await db.dispose()

    app = FastAPI(
        title="Hope Ecosystem",
        lifespan=lifespan,
        docs_url=None if settings.is_production else "/docs",
        redoc_url=None,
        openapi_url=None if settings.is_production else "/openapi.json",
    )
    app.state.db = db
    app.state.redis = redis
    app.state.settings = settings
    app.add_middleware(BodySizeLimit)
    graphql = GraphQLRouter(
        build_schema(settings),
        context_getter=context_getter,
        graphql_ide=None if settings.is_production else "graphiql",
        multipart_uploads_enabled=False,
    )
    app.include_router(graphql, prefix="/graphql")

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        """The process is alive."""
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    async def readyz() -> JSONResponse:
        """The database and Redis answer; says which does not."""
        database, cache = await asyncio.gather(_probe_database(db), _probe_redis(redis))
        ready = database == "ok" and cache == "ok"
        return JSONResponse(
            {"status": "ready" if ready else "not ready", "database": database, "redis": cache},
            status_code=200 if ready else 503,
        )

    if settings.frontend_dist.is_dir():
        app.mount("/", StaticFiles(directory=settings.frontend_dist, html=True), name="frontend")
    return app


async def _probe_database(db: Database) -> str:
    try:
        async with asyncio.timeout(PROBE_TIMEOUT_SECONDS), db.read() as session:
            await session.execute(text("SELECT 1"))
    except Exception:
        log.warning("Database probe failed", exc_info=True)
        return "unreachable"
    return "ok"


async def _probe_redis(redis: object) -> str:
    try:
        async with asyncio.timeout(PROBE_TIMEOUT_SECONDS):
            await redis.ping()  # type: ignore[attr-defined]
    except Exception:
        log.warning("Redis probe failed", exc_info=True)
        return "unreachable"
    return "ok"
