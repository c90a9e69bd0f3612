"""Settings that cannot be used are refused when a command or the server starts: one line saying
which and why, exit status 2, and nothing created, migrated or served."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import free_port

from ecosystem.ledger.checkpoints import generate_private_key, private_key_to_pem

# Variables the tests' own environment might set, which would change what is refused.
SETTINGS = ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ENVIRONMENT", "PUBLIC_URL")
PEM_NOT_A_KEY = "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n"
# RFC 8032 §7.1, test 1 (a public test key: never for real use).
SEED = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A="


def ecosystem(
    command: str, env: dict[str, str], cwd: Path, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """The `ecosystem` command, as an operator runs it, with only ``env`` set of the settings."""
    args = command.split()
    if args[0] == "serve":
        args += ["--port", str(free_port())]  # should the server start after all
    return subprocess.run(
        [sys.executable, "-m", "ecosystem.cli", *args],
        capture_output=True,
        text=True,
        env={**{k: v for k, v in os.environ.items() if k not in SETTINGS}, **env},
        cwd=cwd,
        timeout=timeout,
        check=False,
    )


@pytest.mark.parametrize(
    ("command", "variable", "value", "says"),
    [
        ("migrate", "DATABASE_URL", "mysql://x/y", "it starts mysql://"),
        ("migrate", "DATABASE_URL", "postgresql://hope:s3cret@127.0.0.1/hope", "postgresql://"),
        ("migrate", "DATABASE_URL", "sqlite:///./x.db", "it starts sqlite://"),
        ("serve", "DATABASE_URL", "postgresql+psycopg://127.0.0.1/x", "postgresql+psycopg"),
        ("serve", "REDIS_URL", "http://foo", "REDIS_URL must start with redis://, rediss://"),
        ("worker", "REDIS_URL", "localhost:6379", "REDIS_URL must start with redis://"),
        ("serve", "ALLOWED_ORIGINS", "notjson", "ALLOWED_ORIGINS is not valid JSON"),
        ("serve", "ALLOWED_ORIGINS", '["partner.example.org"]', "not an origin"),
        ("serve", "PUBLIC_URL", "notaurl", "PUBLIC_URL must be the absolute http(s) URL"),
        ("serve", "PUBLIC_URL", "http://hope.example.org", "PUBLIC_URL must use https"),
        ("serve", "GRAPHQL_MAX_DEPTH", "0", "GRAPHQL_MAX_DEPTH: Input should be greater"),
        ("migrate", "GRAPHQL_MAX_DEPTH", "-1", "GRAPHQL_MAX_DEPTH: Input should be greater"),
        ("serve", "GRAPHQL_MAX_PAGE_SIZE", "0", "GRAPHQL_MAX_PAGE_SIZE: Input should be"),
        ("serve", "GRAPHQL_MAX_ALIASES", "0", "GRAPHQL_MAX_ALIASES: Input should be"),
        ("serve", "GRAPHQL_MAX_TOKENS", "0", "GRAPHQL_MAX_TOKENS: Input should be"),
        ("serve", "LEDGER_SIGNING_KEY", "abc", "LEDGER_SIGNING_KEY must be an Ed25519 private"),
        ("serve", "LEDGER_SIGNING_KEY", PEM_NOT_A_KEY, "LEDGER_SIGNING_KEY must be an Ed25519"),
        ("seed-demo", "LEDGER_SIGNING_KEY", "abc", "LEDGER_SIGNING_KEY must be an Ed25519"),
    ],
    ids=[
        "mysql",
        "postgresql-without-asyncpg",
        "sqlite-without-aiosqlite",
        "psycopg",
        "redis-over-http",
        "redis-without-scheme",
        "origins-not-json",
        "origin-without-scheme",
        "public-url-not-a-url",
        "public-url-http-elsewhere",
        "depth-0",
        "depth-negative",
        "page-size-0",
        "aliases-0",
        "tokens-0",
        "signing-key-not-base64",
        "signing-key-bad-pem",
        "signing-key-seed-demo",
    ],
)
def test_a_setting_that_cannot_be_used_is_refused_at_start_in_a_line(
    tmp_path: Path, command: str, variable: str, value: str, says: str
) -> None:
    database = tmp_path / "hope.db"
    env = {
        "DATABASE_URL": f"sqlite+aiosqlite:///{database}",
        "REDIS_URL": "redis://127.0.0.1:6379/14",
        variable: value,
    }
    if command != "worker" and variable != "REDIS_URL":
        del env["REDIS_URL"]

    result = ecosystem(command, env, tmp_path)

    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("The configuration cannot be used: ")
    assert says in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    # A password in a URL, or the key itself, is never repeated.
    assert "s3cret" not in result.stderr and "BEGIN" not in result.stderr
    # Refused before anything was touched.
    assert not database.exists() and not (tmp_path / "x.db").exists()
    assert not (tmp_path / "var").exists()


@pytest.mark.parametrize("key", ["seed", "pem"])
def test_usable_settings_other_than_the_defaults_are_accepted(
    database_url: str, tmp_path: Path, key: str
) -> None:
    env = {
        "DATABASE_URL": database_url,
        "LEDGER_SIGNING_KEY": SEED if key == "seed" else private_key_to_pem(generate_private_key()),
        "PUBLIC_URL": "https://hope.example.org",
        "ALLOWED_ORIGINS": '["https://partner.example.org", "http://localhost:5173"]',
        "GRAPHQL_MAX_DEPTH": "1",
        "GRAPHQL_MAX_PAGE_SIZE": "1",
    }

    result = ecosystem("migrate", env, tmp_path)

    assert result.returncode == 0, result.stderr
    assert "Database is up to date" in result.stdout
