"""Text no database can store, refused before anything runs.

PostgreSQL's text columns cannot store U+0000, which SQLite stores as it is: a NUL that reached
a query failed as an unexpected error on one backend and was kept on the other. A lone surrogate
(``\\ud800`` in JSON: half of a pair, not a character) cannot be encoded as UTF-8 at all, and
failed on both. Every string of a request (its variables, their keys, and the string literals of
the document, where escapes parse to these) is therefore checked first: a request with one gets a
single error that says where, and nothing is executed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import DocumentNode, GraphQLError, StringValueNode, Visitor, visit
from graphql import ExecutionResult as GraphQLExecutionResult
from strawberry.extensions import SchemaExtension

from ecosystem.errors import ErrorCode
from ecosystem.validation import unstorable


def unstorable_path(value: Any) -> tuple[str, str] | None:
    """The dotted path of the first string (or key) in ``value`` holding unstorable text, and
    what it holds; None when there is none. A loop, not recursion: variables nest as deep as the
    JSON parser allows."""
    pending: list[tuple[str, Any]] = [("", value)]
    while pending:
        path, here = pending.pop()
        if isinstance(here, str):
            if (fault := unstorable(here)) is not None:
                return path, fault
        elif isinstance(here, dict):
            for key in here:
                if (fault := unstorable(str(key))) is not None:
                    # Named escaped: the answer repeats the path, and UTF-8 cannot hold half
                    # a surrogate pair ("te\\ud800xt").
                    shown = str(key).encode("utf-8", "backslashreplace").decode("utf-8")
                    return _join(path, shown), fault
            pending.extend((_join(path, key), item) for key, item in reversed(here.items()))
        elif isinstance(here, list | tuple):
            pending.extend((_join(path, k), item) for k, item in reversed(list(enumerate(here))))
    return None


def _join(path: str, step: object) -> str:
    return f"{path}.{step}" if path else str(step)


class _UnstorableLiteral(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: tuple[StringValueNode, str] | None = None

    def enter_string_value(self, node: StringValueNode, *_: Any) -> Any:
        if (fault := unstorable(node.value)) is not None:
            self.found = node, fault
            return Visitor.BREAK
        return None


def _unstorable_literal(document: DocumentNode | None) -> tuple[StringValueNode, str] | None:
    if document is None:
        return None
    visitor = _UnstorableLiteral()
    visit(document, visitor)
    return visitor.found


class RefuseUnstorableText(SchemaExtension):
    """Refuses a request with text no database can store in any of its strings, before
    execution."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        variable = unstorable_path(context.variables or {})
        literal = None if variable is not None else _unstorable_literal(context.graphql_document)
        if variable is not None or literal is not None:
            if variable is not None:
                where, fault = variable
                place, nodes = f"the variable {where}", None
            else:
                assert literal is not None
                node, fault = literal
                where, place, nodes = None, "a string in the query", [node]
            context.result = GraphQLExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        f"Text may not contain {fault}; {place} does.",
                        nodes=nodes,
                        extensions={
                            "code": "BAD_USER_INPUT",
                            "field": where,
                            "reason": ErrorCode.INVALID.value,
                        },
                    )
                ],
            )
        yield
