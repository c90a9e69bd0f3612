"""The API contract in graphql/: the schema snapshot matches the code; every operation is valid."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import OPERATIONS_DIR, REPO
from graphql import OperationDefinitionNode, build_schema, parse, validate

from ecosystem.api.schema import export_sdl

SCHEMA_FILE = REPO / "graphql" / "schema.graphql"
REGENERATE = "ecosystem export-schema -o graphql/schema.graphql"


def test_schema_snapshot_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == export_sdl(), (
        f"graphql/schema.graphql is stale: run `{REGENERATE}`"
    )


def test_export_schema_command_prints_the_snapshot(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}"}
    result = subprocess.run(
        [sys.executable, "-m", "ecosystem.cli", "export-schema"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    assert result.stdout == SCHEMA_FILE.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", sorted(OPERATIONS_DIR.glob("*.graphql")), ids=lambda p: p.stem)
def test_operation_is_valid_against_the_schema(path: Path) -> None:
    schema = build_schema(SCHEMA_FILE.read_text(encoding="utf-8"))
    document = parse(path.read_text(encoding="utf-8"))

    assert validate(schema, document) == []
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    assert [op.name.value for op in operations if op.name] == [path.stem]


def test_graphql_folder_is_not_a_python_package() -> None:
    folder = REPO / "graphql"
    assert not list(folder.rglob("*.py"))
