"""The `ecosystem` command: serve, worker, migrate, seed-demo, export-schema and more."""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from typer.core import TyperCommand

from ecosystem.errors import DomainError
from ecosystem.ledger.cli import app as ledger_app
from ecosystem.ledger.cli import open_signing_key
from ecosystem.parties.models import Role
from ecosystem.settings import Settings, get_settings

if TYPE_CHECKING:
    from alembic.script import ScriptDirectory
    from sqlalchemy.exc import DBAPIError
    from typer._click import Context

    from ecosystem.members.models import Invitation
    from ecosystem.members.service import InvitationOutcome
    from ecosystem.seed.demo import SeedReport

# Click's plain help: it wraps each paragraph to the terminal and shows no type for a flag,
# where Typer's rich panels keep the docstrings' line breaks and show flags as "<bool>".
app = typer.Typer(
    help="The Hope Ecosystem marketplace.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(ledger_app, name="ledger")

NOT_MIGRATED = "The database has no tables yet: run `ecosystem migrate` first."


class PlainUsage(TyperCommand):
    """A command whose usage line names its arguments as Click does (``MESSAGE``), not in the
    braces Typer 0.29 puts around required ones (``{MESSAGE}``), which read as a template."""

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        return [
            piece.removeprefix("{").removesuffix("}") for piece in super().collect_usage_pieces(ctx)
        ]


@app.command()
def serve(
    host: Annotated[str, typer.Option(metavar="HOST", help="Interface to listen on.")] = (
        "127.0.0.1"
    ),
    port: Annotated[
        int, typer.Option(metavar="PORT", min=1, max=65535, help="Port to listen on.")
    ] = 8000,
) -> None:
    """Serve the API (and the built frontend) with uvicorn.

    It starts only on a database that answers and is migrated to the newest revision, with a
    ledger signing key it can use.
    """
    # The settings and the database first, before the server's imports: refused in a second.
    settings = get_settings()
    require_migrated(settings)
    _require_ledger_key(settings)
    import uvicorn

    from ecosystem.app import create_app

    # Open connections get 10 s to finish after SIGTERM; then the app's own shutdown runs.
    # Websockets by wsproto: uvicorn's default protocol logs a handshake refused with an HTTP
    # answer (429, too many websockets from one address) as an ERROR, each time.
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_level="info",
        timeout_graceful_shutdown=10,
        ws="wsproto",
    )


@app.command()
def worker() -> None:
    """Run matching jobs from Redis, and the scheduled work.

    It reads the JOB_QUEUE stream of REDIS_URL until Ctrl-C or SIGTERM, then stops its
    scheduled work and closes its connections.
    """
    settings = get_settings()
    if settings.redis_url is None:
        typer.echo(
            "The worker reads jobs from Redis: set REDIS_URL. Without it (the embedded "
            "default) the server runs jobs itself.",
            err=True,
        )
        raise typer.Exit(2)
    require_migrated(settings)
    _require_ledger_key(settings)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        asyncio.run(_work(settings))
    except (KeyboardInterrupt, asyncio.CancelledError):
        # Ctrl-C (asyncio.run's own handler) or SIGTERM (_work's) cancelled the work.
        typer.echo("Worker stopped.")


async def _work(settings: Settings) -> None:
    from ecosystem.database import Database, create_engine
    from ecosystem.jobs import Jobs
    from ecosystem.redis_client import create_redis
    from ecosystem.scheduler import create_scheduler

    # SIGTERM (systemd, docker stop, Kubernetes) stops the worker as Ctrl-C does: the work is
    # cancelled and the finally block below stops the scheduler and closes the connections. A
    # second SIGTERM kills it at once.
    loop = asyncio.get_running_loop()
    work = asyncio.current_task()
    assert work is not None

    def stop() -> None:
        loop.remove_signal_handler(signal.SIGTERM)
        work.cancel()

    loop.add_signal_handler(signal.SIGTERM, stop)
    db = Database(create_engine(settings.database_url))
    redis = create_redis(settings)
    jobs = Jobs(settings, db, redis)
    scheduler = create_scheduler(settings, db, redis, jobs)
    try:
        await jobs.start(to_work=True)  # reaches Redis, or raises for main() to tell
        scheduler.start()
        typer.echo(f"Worker reading {settings.job_queue!r}; Ctrl-C or SIGTERM stops it.")
        await jobs.work()
    finally:
        await scheduler.stop()
        await jobs.stop()
        await redis.aclose()
        await db.dispose()


@app.command()
def migrate() -> None:
    """Apply the database migrations up to the newest."""
    from sqlalchemy.exc import DBAPIError

    from ecosystem.migrations import upgrade

    settings = get_settings()
    before = asyncio.run(_database_revision(settings.database_url))
    script = _migrations(settings.database_url)
    newest = script.get_current_head()
    if before == newest:
        typer.echo(f"Database is up to date ({newest}).")
        return
    _refuse_unknown_revision(before, script)
    applied = len(list(script.iterate_revisions(newest, before or "base")))
    running = _RunningMigration()
    try:
        with running.watching():
            upgrade(settings.database_url)
    except DBAPIError as error:
        if error.connection_invalidated:
            raise  # the connection was lost: main() says the database cannot be reached
        after = asyncio.run(_database_revision(settings.database_url))
        _fail(_migration_failed(running.revision, before, after, script, error), 1, error)
    typer.echo(f"Applied {_migrations_counted(applied)}; the database is at {newest}.")


class _RunningMigration(logging.Handler):
    """Which migration Alembic is running: it logs each one ("Running upgrade A -> B") before
    it runs it, and nothing else tells a failure's migration on PostgreSQL, where the whole
    upgrade is rolled back."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.revision: str | None = None

    def emit(self, record: logging.LogRecord) -> None:
        from alembic.runtime.migration import RevisionStep

        step = record.args[0] if isinstance(record.args, tuple) and record.args else None
        if isinstance(step, RevisionStep):
            self.revision = step.revision.revision

    @contextmanager
    def watching(self) -> Iterator[None]:
        logger = logging.getLogger("alembic.runtime.migration")
        level = logger.level
        logger.setLevel(logging.INFO)
        logger.addHandler(self)
        try:
            yield
        finally:
            logger.removeHandler(self)
            logger.setLevel(level)


def _migration_failed(
    revision: str | None,
    before: str | None,
    after: str | None,
    script: ScriptDirectory,
    error: DBAPIError,
) -> str:
    """One line: the migration the database refused, where the database was left, and what
    the database said."""
    if after == before:
        left = "nothing was applied" + (f"; the database is still at {before}" if before else "")
    else:
        done = len(list(script.iterate_revisions(after, before or "base")))
        was = "was" if done == 1 else "were"
        left = f"{_migrations_counted(done)} {was} applied before it; the database is at {after}"
    return f"Migration {revision or '(unknown)'} failed ({left}): {_database_said(error)}"


def _migrations_counted(count: int) -> str:
    return f"{count} migration" if count == 1 else f"{count} migrations"


def _database_said(error: DBAPIError) -> str:
    """The database's error in a line, without SQLAlchemy's statement and background link."""
    said = str(error.orig if error.orig is not None else error)
    # asyncpg's errors, as SQLAlchemy wraps them, start with their class.
    said = re.sub(r"^<class '[\w.]+'>: ", "", said)
    return f"{type(error).__name__}: {said.splitlines()[0] if said else ''}"


def _migrations(database_url: str) -> ScriptDirectory:
    """The migrations in ecosystem/migrations/versions."""
    from alembic.script import ScriptDirectory

    from ecosystem.migrations import alembic_config

    return ScriptDirectory.from_config(alembic_config(database_url))


async def _database_revision(database_url: str) -> str | None:
    """The migration the database is at; None if it was never migrated (or, for SQLite, is not
    there: it is not created by asking). A database that cannot be reached raises."""
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy.engine import make_url

    from ecosystem.database import create_engine

    url = make_url(database_url)
    file = url.database if url.get_backend_name() == "sqlite" else None
    if file and file != ":memory:" and not Path(file).exists():
        return None
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda sync: MigrationContext.configure(sync).get_current_revision()
            )
    finally:
        await engine.dispose()


def _refuse_unknown_revision(revision: str | None, script: ScriptDirectory) -> None:
    """Exit 2 if the database was migrated by a newer version of the code than this one."""
    if revision is not None and revision not in {r.revision for r in script.walk_revisions()}:
        typer.echo(
            f"The database is at migration {revision}, which this version does not have (its "
            f"newest is {script.get_current_head()}): run the version that migrated it.",
            err=True,
        )
        raise typer.Exit(2)


def require_migrated(settings: Settings) -> None:
    """Before a long-running process starts or a command writes: the database answers (else
    the error is raised, for main() to tell) and is at the newest migration (else exit 2
    saying so)."""
    current = asyncio.run(_database_revision(settings.database_url))
    script = _migrations(settings.database_url)
    newest = script.get_current_head()
    if current == newest:
        return
    _refuse_unknown_revision(current, script)
    if current is None:
        typer.echo(NOT_MIGRATED, err=True)
    else:
        typer.echo(
            f"The database is at migration {current}, not the newest ({newest}): run "
            "`ecosystem migrate` first.",
            err=True,
        )
    raise typer.Exit(2)


def _require_ledger_key(settings: Settings) -> None:
    """Before the server or a worker starts: the key they sign ledger checkpoints with can be
    used (else exit 2 saying how to fix it), rather than every checkpoint failing once up."""
    from ecosystem.ledger.service import LedgerKeyError

    try:
        open_signing_key(settings)
    except LedgerKeyError as error:
        typer.echo(f"Not started: {error}", err=True)
        raise typer.Exit(2) from None


@app.command("new-migration", cls=PlainUsage)
def new_migration(
    message: Annotated[
        str,
        typer.Argument(metavar="MESSAGE", help="What the migration does, in a few words."),
    ],
) -> None:
    """Autogenerate a migration from the models (developers).

    It holds the differences between the models and the database.
    """
    from alembic import command

    from ecosystem.migrations import alembic_config

    written = command.revision(
        alembic_config(get_settings().database_url), message=message, autogenerate=True
    )
    if not written:
        typer.echo("The models and the database do not differ: no migration was written.", err=True)
        raise typer.Exit(code=1)


@app.command("seed-demo")
def seed_demo() -> None:
    """Load the demo data; a second run changes nothing.

    Schools, parties, needs and pledges, and the demo logins of the embedded provider. Refused
    when ENVIRONMENT=production.
    """
    settings = get_settings()
    if settings.is_production:
        typer.echo(
            "seed-demo is refused when ENVIRONMENT=production: it writes fictional schools, "
            "needs, pledges, public-ledger entries and open invitations, a platform admin's "
            "among them.",
            err=True,
        )
        raise typer.Exit(2)
    require_migrated(settings)
    report, logins = asyncio.run(_seed(settings))
    if report.created:
        typer.echo(
            f"Seeded {report.schools} schools, {report.parties} parties, {report.needs} needs, "
            f"{report.pledges} pledges, {report.users} demo users."
        )
    else:
        typer.echo("Demo data is already present; nothing changed.")
    if logins:
        typer.echo(f"{logins} demo logins are ready at the embedded provider (see the README).")


async def _seed(settings: Settings) -> tuple[SeedReport, int]:
    from ecosystem.database import Database, create_engine
    from ecosystem.seed.demo import seed_demo as run
    from ecosystem.seed.logins import seed_demo_logins

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
    email: Annotated[
        str,
        typer.Option(metavar="EMAIL", help="Whoever logs in first with this verified email."),
    ],
    party: Annotated[
        str, typer.Option(metavar="PARTY", help="The party: its number or its exact name.")
    ],
    role: Annotated[Role, typer.Option(help="The role offered.", case_sensitive=False)],
) -> None:
    """Invite a member to a party (as the platform operator).

    Inviting again renews an invitation still open; for someone who accepted it and holds the
    role, nothing is done.
    """
    from ecosystem.members.service import InvitationOutcome

    settings = get_settings()
    require_migrated(settings)
    try:
        invitation, outcome = asyncio.run(_invite(settings, email, party, role))
    except (DomainError, LookupError) as error:
        typer.echo(f"Not invited: {error}", err=True)
        raise typer.Exit(code=1) from None
    who, what = invitation.email, f"{invitation.role.value} of party {invitation.party_id}"
    until = f"{invitation.expires_at:%Y-%m-%d}"
    if outcome is InvitationOutcome.ALREADY_MEMBER:
        typer.echo(f"{who} is already {what}; nothing done.")
    elif outcome is InvitationOutcome.RENEWED:
        typer.echo(f"{who} was invited already as {what}; the invitation is renewed until {until}.")
    else:
        typer.echo(f"Invited {who} as {what}; open until {until}.")


async def _invite(
    settings: Settings, email: str, party: str, role: Role
) -> tuple[Invitation, InvitationOutcome]:
    from ecosystem.database import Database, create_engine
    from ecosystem.members import service as members
    from ecosystem.parties import service as parties

    db = Database(create_engine(settings.database_url))
    try:
        async with db.transaction() as session:
            party_id = await parties.find_party_id(session, party)
            return await members.invite_as_operator(
                session, email=email, party_id=party_id, role=role
            )
    finally:
        await db.dispose()


@app.command("api-client")
def api_client(
    client_id: Annotated[
        str, typer.Option(metavar="ID", help="The client id the partner system will use.")
    ],
    party: Annotated[
        str,
        typer.Option(metavar="PARTY", help="The party it acts for: its number or exact name."),
    ],
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
    """Register a partner system with the embedded provider.

    The system gets tokens by client_credentials, holding a role in a party; the client secret
    is printed once. For a client already registered, adds the role and keeps its secret,
    unless --new-secret.
    """
    settings = get_settings()
    if not settings.embedded_idp_enabled:
        typer.echo(
            "The embedded provider is off; register the client with your provider.", err=True
        )
        raise typer.Exit(code=1)
    require_migrated(settings)
    secret = secrets.token_urlsafe(32)
    try:
        created, added = asyncio.run(_api_client(client_id, party, role, secret, new_secret))
    except (DomainError, LookupError, ValueError) as error:
        typer.echo(f"Not registered: {error}", err=True)
        raise typer.Exit(code=1) from None
    if not created and not new_secret:
        holds = "now also holds" if added else "already held"
        typer.echo(
            f"{client_id} was registered already: it {holds} {role.value} of party "
            f"{party}, and its secret is unchanged (--new-secret replaces it)."
        )
        return
    if created:
        typer.echo(f"Registered {client_id} as {role.value} of party {party}.")
    else:
        typer.echo(
            f"Replaced the secret of {client_id}, which also holds {role.value} of party "
            f"{party}: the systems using the old secret get no token until they use this one."
        )
    typer.echo(f"Token endpoint: {settings.embedded_issuer}/token (grant client_credentials,")
    typer.echo(f"scope marketplace). Client secret, shown once: {secret}")


async def _api_client(
    client_id: str, party: str, role: Role, secret: str, new_secret: bool
) -> tuple[bool, bool]:
    """Grant the role, registering the client (or replacing its secret); whether the client
    is new, and whether the role is."""
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
            added = await members.grant_embedded_client(
                session, settings, client_id=client_id, party_id=party_id, role=role
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
    return existing is None, added


@app.command()
def expire(
    today: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help="The day to expire for (YYYY-MM-DD): today (the default) or before.",
        ),
    ] = None,
    allow_future: Annotated[
        bool,
        typer.Option(
            "--allow-future",
            help="Allow a --today after today, for rehearsals on a copy of the database: what "
            "expires stays expired.",
        ),
    ] = False,
) -> None:
    """Expire what is overdue, and remove unused photos.

    Needs past their deadline, pledges past their validity and proposals nobody approved in
    time expire; photos uploaded EVIDENCE_UNUSED_DAYS before that no record uses are removed.
    For cron: the server and workers also do it on a schedule. Running it again changes
    nothing.
    """
    from ecosystem.database import Database, create_engine
    from ecosystem.fulfilment.expiry import expire_overdue
    from ecosystem.fulfilment.unused import (
        discard_unused_evidence,
        evidence_store,
        unused_before,
    )

    settings = get_settings()
    real_today = settings.today()
    try:
        day = date.fromisoformat(today) if today else real_today
    except ValueError:
        typer.echo(f"Not a date: {today!r}; use YYYY-MM-DD.", err=True)
        raise typer.Exit(code=2) from None
    # A mistyped year would expire every open need and pledge, for good and in the ledger.
    if day > real_today and not allow_future:
        typer.echo(
            f"--today {day.isoformat()} is after today ({real_today.isoformat()} in "
            f"{settings.time_zone}), and what expires stays expired; --allow-future is for "
            "rehearsals on a copy of the database.",
            err=True,
        )
        raise typer.Exit(code=2)
    require_migrated(settings)

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
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to this file instead of standard output.",
        ),
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
    from pydantic_settings import SettingsError
    from redis.exceptions import RedisError
    from sqlalchemy.exc import ArgumentError, DBAPIError

    try:
        app()
    except ValidationError as error:
        problems = [_problem(e["loc"], e["msg"]) for e in error.errors()]
        if len(problems) == 1:
            _fail(f"The configuration cannot be used: {problems[0]}", 2, error)
        listed = "".join(f"\n  {problem}" for problem in problems)
        _fail(f"The configuration cannot be used:{listed}", 2, error)
    except SettingsError as error:  # a variable holding JSON that is not
        _fail(f"The configuration cannot be used: {_unparsed(error)}", 2, error)
    except ArgumentError as error:
        _fail(f"DATABASE_URL is not a database URL the server can use: {error}", 2, error)
    except (ConnectionError, TimeoutError, socket.gaierror, DBAPIError, RedisError) as error:
        if isinstance(error, DBAPIError) and _missing_table(error):
            _fail(NOT_MIGRATED, 2, error)
        _fail(
            "A service this command needs cannot be reached (check DATABASE_URL and REDIS_URL): "
            f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}",
            1,
            error,
        )
    except OSError as error:  # a file: export-schema -o into a folder that is not there, say
        where = f": {error.filename}" if error.filename else ""
        _fail(f"{error.strerror or error}{where}", 1, error)


def _problem(location: tuple[int | str, ...], message: str) -> str:
    """One problem of the settings, named by its environment variable."""
    message = message.removeprefix("Value error, ")
    if not location:
        return message
    field, *inside = location
    name = str(field).upper() + "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in inside
    )
    return message if message.startswith(name) else f"{name}: {message}"


def _unparsed(error: Exception) -> str:
    """What pydantic-settings could not parse: a variable that is not JSON."""
    field = re.search(r'field "(\w+)"', str(error))
    if field is None:
        return str(error)
    reason = f" ({error.__cause__})" if error.__cause__ else ""
    return f"{field.group(1).upper()} is not valid JSON{reason}"


def _missing_table(error: DBAPIError) -> bool:
    """Whether the database lacks a table: SQLite's "no such table", PostgreSQL's
    undefined_table (SQLSTATE 42P01)."""
    return getattr(error.orig, "sqlstate", None) == "42P01" or "no such table" in str(error.orig)


def _fail(message: str, status: int, error: BaseException) -> NoReturn:
    import os

    if os.environ.get("ECOSYSTEM_TRACEBACK") == "1":
        raise error
    typer.echo(message, err=True)
    raise SystemExit(status)


if __name__ == "__main__":
    main()
