"""Errors, mapped once: business failures become payload errors, auth failures top-level
errors with a code, and anything unexpected a masked message (logged, never sent)."""

from __future__ import annotations

import ast
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import strawberry
from graphql import GraphQLError
from sqlalchemy.exc import DBAPIError, DisconnectionError
from strawberry.extensions import SchemaExtension

from ecosystem.errors import (
    DomainError,
    DomainErrors,
    ErrorCode,
    Forbidden,
    NotAuthenticated,
    RateLimited,
)

log = logging.getLogger("ecosystem.api")

strawberry.enum(ErrorCode, description="Why a request was refused.")


@strawberry.type(description="A business rule refused the input; nothing was written.")
class UserError:
    field: str | None = strawberry.field(
        description=(
            "The input field at fault, as a dotted path (`items.0.quantity`); "
            "null for the whole input."
        )
    )
    message: str = strawberry.field(description="What is wrong, in plain words.")
    code: ErrorCode = strawberry.field(description="A stable code to branch on.")
    allowed: list[str] | None = strawberry.field(
        default=None,
        description=(
            "When the input named a value the field does not take: the values it takes "
            "(for a party's roles, those of its kind). Null otherwise."
        ),
    )
    minimum: str | None = strawberry.field(
        default=None,
        description=(
            "When the input was below the range the field takes: its smallest value (a whole "
            "number, or a date as YYYY-MM-DD). Null otherwise."
        ),
    )
    maximum: str | None = strawberry.field(
        default=None,
        description=(
            "When the input was above the range the field takes: its largest value (a whole "
            "number, or a date as YYYY-MM-DD). Null otherwise."
        ),
    )


def user_errors(error: DomainError | DomainErrors) -> list[UserError]:
    found = error.errors if isinstance(error, DomainErrors) else [error]
    return [
        UserError(
            field=e.field,
            message=e.message,
            code=e.code,
            allowed=list(e.allowed) if e.allowed is not None else None,
            minimum=e.minimum,
            maximum=e.maximum,
        )
        for e in found
    ]


def shape_error(error: GraphQLError) -> GraphQLError:
    """The error a client sees: a code for every refusal, nothing of an unexpected one."""
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        # Parsing, validation and errors raised on purpose as GraphQLError carry no internals;
        # those without a code get one, so that every error can be told apart by its code.
        if (error.extensions or {}).get("code"):
            return error
        return GraphQLError(
            _in_json_words(error.message),
            nodes=error.nodes,
            path=error.path,
            extensions={**(error.extensions or {}), "code": _request_error_code(error.message)},
        )
    if isinstance(original, NotAuthenticated):
        code, message = "UNAUTHENTICATED", str(original)
    elif isinstance(original, Forbidden):
        code, message = "FORBIDDEN", str(original)
    elif isinstance(original, RateLimited):
        return GraphQLError(
            str(original),
            nodes=error.nodes,
            path=error.path,
            extensions={"code": "RATE_LIMITED", "retryAfter": original.retry_after},
        )
    elif isinstance(original, DomainError):
        return GraphQLError(
            original.message,
            nodes=error.nodes,
            path=error.path,
            extensions={
                "code": "BAD_USER_INPUT",
                "field": original.field,
                "reason": original.code.value,
                **({"allowed": list(original.allowed)} if original.allowed else {}),
                **({"minimum": original.minimum} if original.minimum else {}),
                **({"maximum": original.maximum} if original.maximum else {}),
            },
        )
    elif database_cannot_write(original):
        code, message = "UNAVAILABLE", CANNOT_SAVE
    elif _database_unavailable(original):
        code, message = "UNAVAILABLE", "The connection to the database was lost; try again shortly."
    elif _unreachable(original):
        code, message = "UNAVAILABLE", "The database cannot be reached; try again shortly."
    else:
        code, message = "INTERNAL_SERVER_ERROR", "Unexpected error."
    return GraphQLError(message, nodes=error.nodes, path=error.path, extensions={"code": code})


# graphql-core words a variable's value as Python shows it, the client having sent JSON.
_ECHO = re.compile(r"(?<=[.?])\s*Found: .*$", re.S)
# The value is what follows the last "value: " (a dict holds colons of its own).
_PYTHON_VALUE = re.compile(r"^(.*value: )(.+?)(\.?)$", re.S)


def _in_json_words(message: str) -> str:
    """A variable's refusal in the words of the JSON it came in (null, true, false, "text"),
    without graphql-core's echo of a whole input object in Python's notation."""
    if not message.startswith("Variable '$"):
        return message
    message = _ECHO.sub("", message.replace("not to be None.", "not to be null."))
    return _PYTHON_VALUE.sub(_as_json, message)


def _as_json(found: re.Match[str]) -> str:
    """A value in Python's notation ({'a': 1}, False, '5') as JSON, where the message has it."""
    try:
        value = ast.literal_eval(found.group(2))
        return found.group(1) + json.dumps(value, ensure_ascii=False) + found.group(3)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return found.group(0)


def _request_error_code(message: str) -> str:
    """The code of an error graphql-core found in the request itself, before anything ran:
    a document it cannot parse, a variable whose value does not fit its type (bad input,
    as a field's would be), or a document that does not fit the schema (a variable never
    used or not declared is the document's). Told apart by the
    wording graphql-core gives each, the only thing that tells them apart."""
    if message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    if message.startswith("Variable '$") and any(words in message for words in _COERCION):
        return "BAD_USER_INPUT"
    return "GRAPHQL_VALIDATION_FAILED"


# How graphql-core words a variable's value that does not fit its type; its other messages
# about variables ("is never used", "is not defined", "used in position expecting") are about
# the document.
_COERCION = ("invalid value", "invalid default value", "was not provided", "must not be null")


def _database_unavailable(error: BaseException) -> bool:
    """The connection to the database was lost during the request. A transaction cut off this
    way is rolled back by the server; retrying may succeed (a mutation retried with its
    idempotency key is applied at most once)."""
    if isinstance(error, DBAPIError):
        return bool(error.connection_invalidated)
    return isinstance(error, DisconnectionError)


def _unreachable(error: BaseException) -> bool:
    """No connection could be made (refused, reset, timed out): the database is down or out
    of reach, which is no fault of the request's and may pass. asyncpg raises these as they
    are, not wrapped by SQLAlchemy."""
    return isinstance(error, (ConnectionError, TimeoutError)) or (
        isinstance(error, DBAPIError) and isinstance(error.orig, (ConnectionError, TimeoutError))
    )


CANNOT_SAVE = "The database cannot save changes right now; try again later."
# SQLite's primary result codes for a database that cannot take writes: SQLITE_READONLY (the file,
# its directory or its disk is read-only), SQLITE_IOERR (the disk failed a write), SQLITE_FULL
# (the disk, or max_page_count, is full). Extended codes carry them in their low byte.
_SQLITE_CANNOT_WRITE = frozenset({8, 10, 13})
# PostgreSQL's: disk_full, and read_only_sql_transaction (a standby, or a database set read-only).
_POSTGRES_CANNOT_WRITE = frozenset({"53100", "25006"})


def database_cannot_write(error: BaseException) -> bool:
    """The database refused to write because of its disk or its mode, not the request: a full
    or failing disk, a read-only file or server. Nothing of the transaction was written, and
    the same request may succeed once an operator has made room or made it writable."""
    # SQLAlchemy's error wraps the driver's; a driver used directly raises its own.
    cause = error.orig if isinstance(error, DBAPIError) else error
    sqlite_code = getattr(cause, "sqlite_errorcode", None)
    if isinstance(sqlite_code, int):
        return sqlite_code & 0xFF in _SQLITE_CANNOT_WRITE
    return getattr(cause, "sqlstate", None) in _POSTGRES_CANNOT_WRITE


# What ``shape_error`` passes on as an answer to the client rather than masks as unexpected.
_REFUSALS = (GraphQLError, NotAuthenticated, Forbidden, RateLimited, DomainError)


def log_errors(errors: list[GraphQLError]) -> None:
    """Logs what went wrong on the server's side: unexpected errors with their traceback, a
    lost database connection as a warning. Refusals (bad input, no login, no right, too many
    requests, a malformed query) are answers to the client, not faults, and are not logged."""
    for error in errors:
        original = error.original_error
        if original is None or isinstance(original, _REFUSALS):
            continue
        if database_cannot_write(original):
            # The driver's error alone: the statement and its values stay out of the log.
            cause = original.orig if isinstance(original, DBAPIError) else original
            log.error("Database cannot write in %s: %r", error.path, cause)
        elif _database_unavailable(original) or _unreachable(original):
            log.warning("Database unavailable in %s: %r", error.path, original)
        else:
            log.error("Unexpected error in %s", error.path, exc_info=original)


class ShapeErrors(SchemaExtension):
    """Gives every execution error a code and hides the internals of unexpected ones; with
    ``hide_suggestions`` (production, where introspection is off), also graphql-core's "Did
    you mean ...?" for arguments, enum values and input fields, which would name them."""

    def __init__(self, *, hide_suggestions: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.hide_suggestions = hide_suggestions

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            shaped = [shape_error(error) for error in result.errors]
            if self.hide_suggestions:
                shaped = [without_suggestions(error) for error in shaped]
            result.errors = shaped


_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


def without_suggestions(error: GraphQLError) -> GraphQLError:
    """The error without graphql-core's "Did you mean ...?"."""
    message = _SUGGESTION.sub("", error.message)
    if message == error.message:
        return error
    return GraphQLError(message, nodes=error.nodes, path=error.path, extensions=error.extensions)
