"""The `ecosystem` command: serve, worker, migrate, seed-demo, export-schema and more."""

from __future__ import annotations

import asyncio
import secrets
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ecosystem.errors import DomainError
from ecosystem.ledger.cli import app as ledger_app
from ecosystem.parties.models import Role
from ecosystem.settings import Settings, get_settings

if TYPE_CHECKING:
    from ecosystem.members.models import Invitation
    from ecosystem.seed.demo import SeedReport

app = typer.Typer(
    help="The Hope Ecosystem marketplace.", no_args_is_help=True, add_completion=False
)
app.add_typer(ledger_app, name="ledger")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the API (and the built frontend) with uvicorn."""
    import uvicorn

    from ecosystem.app import create_app

    # Open connections get 10 s to finish after SIGTERM; then the app's own shutdown runs.
    uvicorn.run(
        create_app(get_settings()),
        host=host,
        port=port,
        log_level="info",
        timeout_graceful_shutdown=10,
    )


@app.command()
def worker() -> None:
    """Run background jobs (matching runs) from the Redis queue, and the scheduled work, until
    stopped (Ctrl-C)."""
    import logging

    settings = get_settings()
    if settings.redis_url is None:
        typer.echo(
            "The worker reads jobs from Redis: set REDIS_URL. Without it (the embedded "
            "default) the server runs jobs itself.",
            err=True,
        )
        raise typer.Exit(2)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    typer.echo(f"Worker reading {settings.job_queue!r}; Ctrl-C stops it.")
    try:
        asyncio.run(_work(settings))
    except KeyboardInterrupt:
        typer.echo("Worker stopped.")


async def _work(settings: Settings) -> None:
    from ecosystem.database import Database, create_engine
    from ecosystem.jobs import Jobs
    from ecosystem.redis_client import create_redis
    from ecosystem.scheduler import create_scheduler

    db = Database(create_engine(settings.database_url))
    redis = create_redis(settings)
    jobs = Jobs(settings, db, redis)
    scheduler = create_scheduler(settings, db, redis, jobs)
    scheduler.start()
    try:
        await jobs.work()
    finally:
        await scheduler.stop()
        await redis.aclose()
        await db.dispose()


@app.command()
def migrate() -> None:
    """Apply the database migrations up to the newest."""
    from ecosystem.migrations import upgrade

    settings = get_settings()
    upgrade(settings.database_url)
    typer.echo("Database is up to date.")


@app.command("new-migration")
def new_migration(
    message: Annotated[str, typer.Argument(help="What the migration does, in a few words.")],
) -> None:
    """Write a migration for the differences between the models and the database (developers)."""
    from alembic import command

    from ecosystem.migrations import alembic_config

    command.revision(
        alembic_config(get_settings().database_url), message=message, autogenerate=True
    )


@app.command("seed-demo")
def seed_demo() -> None:
    """Load the demo data (schools, parties, needs, pledges); a second run changes nothing."""
    report, logins = asyncio.run(_seed())
    if report.created:
        typer.echo(
            f"Seeded {report.schools} schools, {report.parties} parties, {report.needs} needs, "
            f"{report.pledges} pledges, {report.users} demo users."
        )
    else:
        typer.echo("Demo data is already present; nothing changed.")
    if logins:
        typer.echo(f"{logins} demo logins are ready at the embedded provider (see the README).")


async def _seed() -> tuple[SeedReport, int]:
    from ecosystem.database import Database, create_engine
    from ecosystem.seed.demo import seed_demo as run
    from ecosystem.seed.logins import seed_demo_logins

    settings = get_settings()
    db = Database(create_engine(settings.database_url))
    try:
        async with db.transaction() as session:
            report = await run(session, today=settings.today())
            # Demo passwords are for the embedded default only, never for production.
            with_logins = settings.embedded_idp_enabled and not settings.is_production
            logins = await seed_demo_logins(session, settings) if with_logins else 0
            return report, logins
    finally:
        await db.dispose()


@app.command()
def invite(
    email: Annotated[str, typer.Option(help="Whoever logs in first with this verified email.")],
    party: Annotated[str, typer.Option(help="The party: its number or its exact name.")],
    role: Annotated[Role, typer.Option(help="The role offered.", case_sensitive=False)],
) -> None:
    """Invite a member to a party (as the platform operator)."""
    try:
        invitation = asyncio.run(_invite(email, party, role))
    except (DomainError, LookupError) as error:
        typer.echo(f"Not invited: {error}", err=True)
        raise typer.Exit(code=1) from None
    typer.echo(
        f"Invited {invitation.email} as {invitation.role.value} of party {invitation.party_id}; "
        f"open until {invitation.expires_at:%Y-%m-%d}."
    )


async def _invite(email: str, party: str, role: Role) -> Invitation:
    from ecosystem.database import Database, create_engine
    from ecosystem.members import service as members
    from ecosystem.parties import service as parties

    db = Database(create_engine(get_settings().database_url))
    try:
        async with db.transaction() as session:
            party_id = await parties.find_party_id(session, party)
            return await members.invite(
                session, None, email=email, party_id=party_id, role=role, trusted_operator=True
            )
    finally:
        await db.dispose()


@app.command("api-client")
def api_client(
    client_id: Annotated[str, typer.Option(help="The client id the partner system will use.")],
    party: Annotated[str, typer.Option(help="The party it acts for: its number or exact name.")],
    role: Annotated[Role, typer.Option(help="The role it holds.", case_sensitive=False)],
    new_secret: Annotated[
        bool,
        typer.Option(
            "--new-secret",
            help="For a client already registered: replace its secret (the systems using the "
            "old one stop getting tokens until they use the new one).",
        ),
    ] = False,
) -> None:
    """Register a partner system with the embedded provider (client_credentials) and give its
    tokens a role in a party. Prints the client secret once. For a client already registered,
    adds the role and keeps its secret, unless --new-secret."""
    settings = get_settings()
    if not settings.embedded_idp_enabled:
        typer.echo(
            "The embedded provider is off; register the client with your provider.", err=True
        )
        raise typer.Exit(code=1)
    secret = secrets.token_urlsafe(32)
    try:
        created = asyncio.run(_api_client(client_id, party, role, secret, new_secret))
    except (DomainError, LookupError, ValueError) as error:
        typer.echo(f"Not registered: {error}", err=True)
        raise typer.Exit(code=1) from None
    if not created and not new_secret:
        typer.echo(
            f"{client_id} was registered already: it now also holds {role.value} of party "
            f"{party}, and its secret is unchanged (--new-secret replaces it)."
        )
        return
    typer.echo(f"Registered {client_id} as {role.value} of party {party}.")
    typer.echo(f"Token endpoint: {settings.embedded_issuer}/token (grant client_credentials,")
    typer.echo(f"scope marketplace). Client secret, shown once: {secret}")


async def _api_client(
    client_id: str, party: str, role: Role, secret: str, new_secret: bool
) -> bool:
    """Grant the role, registering the client (or replacing its secret); whether it is new."""
    from auth.provider import ClientRegistration, GrantType, ensure_client, find_client
    from ecosystem.access.identity import WRITE_SCOPE
    from ecosystem.database import Database, create_engine
    from ecosystem.members import service as members
    from ecosystem.parties import service as parties

    settings = get_settings()
    db = Database(create_engine(settings.database_url))
    try:
        async with db.transaction() as session:
            existing = await find_client(session, client_id)
            if existing is not None and existing.grant_types != {GrantType.CLIENT_CREDENTIALS}:
                # The web app's login client, say: making it a partner system would break it.
                raise ValueError(
                    f"{client_id} is registered for signing people in, not as a partner system"
                )
            party_id = await parties.find_party_id(session, party)
            await members.grant_api_client(
                session,
                issuer=settings.embedded_issuer,
                client_id=client_id,
                party_id=party_id,
                role=role,
            )
            if existing is None or new_secret:
                registration = ClientRegistration(
                    client_id,
                    secret,
                    grant_types=[GrantType.CLIENT_CREDENTIALS],
                    scopes=[WRITE_SCOPE],
                    audience=settings.api_audience,
                )
                await ensure_client(session, registration)
    finally:
        await db.dispose()
    return existing is None


@app.command()
def expire(
    today: Annotated[
        str | None, typer.Option(help="The day to expire for (YYYY-MM-DD); default today.")
    ] = None,
) -> None:
    """Expire needs past their deadline, pledges past their validity and proposals nobody
    approved in time, and remove photos uploaded EVIDENCE_UNUSED_DAYS before that no record
    uses (for cron; the server and workers also do it on a schedule). Running it again changes
    nothing."""
    from ecosystem.database import Database, create_engine
    from ecosystem.fulfilment.expiry import expire_overdue
    from ecosystem.fulfilment.unused import (
        discard_unused_evidence,
        evidence_store,
        unused_before,
    )

    settings = get_settings()
    try:
        day = date.fromisoformat(today) if today else settings.today()
    except ValueError:
        typer.echo(f"Not a date: {today!r}; use YYYY-MM-DD.", err=True)
        raise typer.Exit(code=2) from None

    async def run() -> tuple[int, int]:
        db = Database(create_engine(settings.database_url))
        try:
            expired = await expire_overdue(
                db, day, proposal_max_age_days=settings.proposal_max_age_days
            )
            store = evidence_store(settings)
            photos = await discard_unused_evidence(db, store, unused_before(settings, day))
            return expired, photos
        finally:
            await db.dispose()

    count, photos = asyncio.run(run())
    typer.echo(f"Expired {count} needs, pledges and proposals overdue on {day.isoformat()}.")
    if photos:
        typer.echo(
            f"Removed {photos} photos uploaded before "
            f"{unused_before(settings, day).date().isoformat()} that no delivery or receipt "
            "uses."
        )


@app.command("export-schema")
def export_schema(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file instead of standard output."),
    ] = None,
) -> None:
    """Print the GraphQL schema (SDL) exported from the code."""
    from ecosystem.api.schema import export_sdl

    sdl = export_sdl()
    if output is None:
        typer.echo(sdl, nl=False)
    else:
        output.write_text(sdl, encoding="utf-8")
        typer.echo(f"Wrote {output}.", err=True)


def main() -> None:
    """The console script: the commands, with a configuration that cannot be used or a service
    that cannot be reached told in a line or two instead of a traceback (exit status 2 and 1).
    ``ECOSYSTEM_TRACEBACK=1`` shows the traceback as well."""
    import socket

    from pydantic import ValidationError
    from redis.exceptions import RedisError
    from sqlalchemy.exc import ArgumentError, DBAPIError

    try:
        app()
    except ValidationError as error:
        problems = [
            f"  {'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in error.errors()
        ]
        _fail("The configuration cannot be used:\n" + "\n".join(problems), 2, error)
    except ArgumentError as error:
        _fail(f"DATABASE_URL is not a database URL the server can use: {error}", 2, error)
    except (ConnectionError, TimeoutError, socket.gaierror, DBAPIError, RedisError) as error:
        _fail(
            "A service this command needs cannot be reached (check DATABASE_URL and REDIS_URL): "
            f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}",
            1,
            error,
        )
    except OSError as error:  # a file: export-schema -o into a folder that is not there, say
        where = f": {error.filename}" if error.filename else ""
        _fail(f"{error.strerror or error}{where}", 1, error)


def _fail(message: str, status: int, error: BaseException) -> None:
    import os

    if os.environ.get("ECOSYSTEM_TRACEBACK") == "1":
        raise error
    typer.echo(message, err=True)
    raise SystemExit(status)


if __name__ == "__main__":
    main()
