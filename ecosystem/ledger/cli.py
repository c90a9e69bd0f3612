"""`ecosystem ledger`: verify a ledger from outside, sign a checkpoint now, show the public key."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

    from ecosystem.ledger.checkpoints import Checkpoint
    from ecosystem.settings import Settings

app = typer.Typer(
    help="Verify the public ledger, sign a checkpoint, show the key.",
    no_args_is_help=True,
    add_completion=False,
    # Click's plain help, as the `ecosystem` command's (see there).
    rich_markup_mode=None,
)

STATE_DIRECTORY = Path.home() / ".hope-ecosystem"


def default_state_path(public_key: Ed25519PublicKey) -> Path:
    """Where the checkpoints seen of the ledger signed by this key are kept by default: one
    file per key in ``~/.hope-ecosystem``, whichever server (or mirror) it is read from."""
    from ecosystem.ledger.checkpoints import key_id

    return STATE_DIRECTORY / f"ledger-{key_id(public_key)}.json"


@app.command()
def verify(
    url: Annotated[
        str,
        typer.Option(
            metavar="URL", help="The server's GraphQL endpoint, e.g. http://host:8000/graphql."
        ),
    ],
    public_key: Annotated[
        str,
        typer.Option(
            metavar="KEY",
            help="The ledger's Ed25519 public key (base64), as the operator published it.",
            envvar="LEDGER_PUBLIC_KEY",
        ),
    ],
    state: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help=(
                "The file of checkpoints seen before "
                "(default: ~/.hope-ecosystem/ledger-KEYID.json)."
            ),
        ),
    ] = None,
) -> None:
    """Check the whole ledger, trusting only the public key.

    It checks the signed checkpoint, its consistency with the checkpoints seen before, and
    every entry's hash. Exits 1 naming the first entry that does not verify, 2 if the ledger
    cannot be read.
    """
    from ecosystem.ledger.checkpoints import CheckpointError, load_public_key
    from ecosystem.ledger.http_source import (
        GraphQLLedgerSource,
        LedgerInconsistent,
        LedgerSourceError,
    )
    from ecosystem.ledger.verify import StateFileError, verify_ledger

    try:
        key = load_public_key(public_key)
    except CheckpointError as error:
        typer.echo(f"The public key cannot be used: {error}", err=True)
        raise typer.Exit(2) from None
    path = state or default_state_path(key)
    try:
        with GraphQLLedgerSource(url) as source:
            report = verify_ledger(source, key, path)
    except LedgerInconsistent as error:
        typer.echo(f"FAILED: {error}")
        raise typer.Exit(1) from None
    except LedgerSourceError as error:
        typer.echo(f"Cannot read the ledger: {error}", err=True)
        raise typer.Exit(2) from None
    except StateFileError as error:
        typer.echo(f"Cannot use the state file: {error}", err=True)
        raise typer.Exit(2) from None
    if not report.ok:
        typer.echo(f"FAILED: {report.message}")
        if report.first_bad_index is not None:
            typer.echo(f"First entry that does not verify: {report.first_bad_index}")
        raise typer.Exit(1)
    typer.echo(f"OK: size {report.checkpoint.tree_size}; {report.message}.")
    typer.echo(f"Checkpoints seen are kept in {path}.")


@app.command()
def checkpoint() -> None:
    """Sign a checkpoint of the ledger now.

    Only if anything was appended since the last one.
    """
    from ecosystem.ledger.service import LedgerIntegrityError, LedgerKeyError
    from ecosystem.settings import get_settings

    settings = get_settings()
    _require_migrated(settings)
    try:
        signed = asyncio.run(_checkpoint_now(settings))
    except (LedgerIntegrityError, LedgerKeyError) as error:
        typer.echo(f"Nothing signed: {error}", err=True)
        raise typer.Exit(1) from None
    if signed is None:
        typer.echo("The latest checkpoint already covers every entry; nothing signed.")
        return
    typer.echo(f"Signed a checkpoint of size {signed.tree_size} at {_when(signed.timestamp)}.")


@app.command("public-key")
def public_key() -> None:
    """Print the key checkpoints are signed with.

    Publish it for verifiers: `ecosystem ledger verify --public-key KEY`.
    """
    from ecosystem.ledger.checkpoints import public_key_to_base64
    from ecosystem.ledger.service import LedgerKeyError
    from ecosystem.settings import get_settings

    settings = get_settings()
    _require_migrated(settings)
    try:
        key = open_signing_key(settings)
    except LedgerKeyError as error:
        typer.echo(f"No public key shown: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(public_key_to_base64(key.public_key()))


def open_signing_key(settings: Settings) -> Ed25519PrivateKey:
    """The key checkpoints are signed with, found as the server and workers find it
    (LEDGER_SIGNING_KEY, else the stored one, made on first use); LedgerKeyError if it cannot
    be used."""
    return asyncio.run(_signing_key(settings))


def _require_migrated(settings: Settings) -> None:
    # Imported when used: ecosystem.cli imports this module.
    from ecosystem.cli import require_migrated

    require_migrated(settings)


def _when(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat()


async def _checkpoint_now(settings: Settings) -> Checkpoint | None:
    from ecosystem.database import Database, create_engine
    from ecosystem.ledger import service as ledger

    db = Database(create_engine(settings.database_url))
    try:
        return await ledger.checkpoint_now(db, settings)
    finally:
        await db.dispose()


async def _signing_key(settings: Settings) -> Ed25519PrivateKey:
    from ecosystem.database import Database, create_engine
    from ecosystem.ledger import service as ledger

    db = Database(create_engine(settings.database_url))
    try:
        return await ledger.signing_key(db, settings)
    finally:
        await db.dispose()
