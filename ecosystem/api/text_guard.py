"""The NUL character, refused before anything runs.

PostgreSQL's text columns cannot store U+0000, which SQLite stores as it is: a NUL that reached
a query failed as an unexpected error on one backend and was kept on the other. Every string of
a request (its variables, their keys, and the string literals of the document, where an escaped
``\\u0000`` parses to NUL) is therefore checked first: a request with one gets a single error
that says where, and nothing is executed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import DocumentNode, GraphQLError, StringValueNode, Visitor, visit
from graphql import ExecutionResult as GraphQLExecutionResult
from strawberry.extensions import SchemaExtension

from ecosystem.errors import ErrorCode

NUL = "\x00"


def nul_path(value: Any) -> str | None:
    """The dotted path of the first string (or key) in ``value`` holding a NUL, or None. A
    loop, not recursion: variables nest as deep as the JSON parser allows."""
    pending: list[tuple[str, Any]] = [("", value)]
    while pending:
        path, here = pending.pop()
        if isinstance(here, str):
            if NUL in here:
                return path
        elif isinstance(here, dict):
            for key in here:
                if NUL in str(key):
                    return _join(path, key)
            pending.extend((_join(path, key), item) for key, item in reversed(here.items()))
        elif isinstance(here, list | tuple):
            pending.extend((_join(path, k), item) for k, item in reversed(list(enumerate(here))))
    return None


def _join(path: str, step: object) -> str:
    return f"{path}.{step}" if path else str(step)


class _LiteralWithNul(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: StringValueNode | None = None

    def enter_string_value(self, node: StringValueNode, *_: Any) -> Any:
        if NUL in node.value:
            self.found = node
            return Visitor.BREAK
        return None


def _literal_with_nul(document: DocumentNode | None) -> StringValueNode | None:
    if document is None:
        return None
    visitor = _LiteralWithNul()
    visit(document, visitor)
    return visitor.found


class RefuseNulText(SchemaExtension):
    """Refuses a request with a NUL character in any of its strings, before execution."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        where = nul_path(context.variables or {})
        literal = None if where is not None else _literal_with_nul(context.graphql_document)
        if where is not None or literal is not None:
            place = f"the variable {where}" if where is not None else "a string in the query"
            context.result = GraphQLExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        f"Text may not contain the NUL character (U+0000); {place} does.",
                        nodes=[literal] if literal is not None else None,
                        extensions={
                            "code": "BAD_USER_INPUT",
                            "field": where,
                            "reason": ErrorCode.INVALID.value,
                        },
                    )
                ],
            )
        yield
