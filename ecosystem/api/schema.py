"""The schema and its limits: depth, aliases, tokens; in production, no introspection or hints.
Errors are logged only when they are the server's fault (``errors.log_errors``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import aclosing
from functools import partial
from typing import Any

import strawberry
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import (
    FloatValueNode,
    GraphQLError,
    IntValueNode,
    Node,
    OperationDefinitionNode,
    Visitor,
    visit,
)
from starlette.requests import Request
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.extensions.disable_introspection import DisableIntrospection
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import StreamResult
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType

from ecosystem.api.errors import ShapeErrors, log_errors, shape_error, without_suggestions
from ecosystem.api.events import EventMutations, EventQueries, EventSubscription
from ecosystem.api.fulfilment import FulfilmentMutations, FulfilmentQueries
from ecosystem.api.ledger import LedgerQueries
from ecosystem.api.mutations import Mutation
from ecosystem.api.queries import Query
from ecosystem.api.runs import MatchingRun, RunMutations, RunQueries, Subscription
from ecosystem.api.scalars import SCALARS
from ecosystem.api.text_guard import RefuseUnstorableText
from ecosystem.api.transparency import TransparencyQueries
from ecosystem.api.types import Need, NeedItem, Party, Pledge, Region, School
from ecosystem.errors import ErrorCode
from ecosystem.settings import Settings


class Schema(strawberry.Schema):
    """Strawberry's schema, logging through ``log_errors`` instead of every error in full."""

    # Production: no "Did you mean ...?" in subscriptions' errors either (see ShapeErrors).
    hide_suggestions = False

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_errors(errors)

    async def stream(self, *args: Any, **kwargs: Any) -> StreamResult:
        """Strawberry's stream (what subscriptions run through), each result's errors shaped
        as ``ShapeErrors`` shapes those of queries and mutations: a refusal carries its code,
        and an unexpected error hides its internals (the extension does not see them)."""
        return _shaped(await super().stream(*args, **kwargs), self.hide_suggestions)


async def _shaped(results: StreamResult, hide_suggestions: bool) -> StreamResult:
    async with aclosing(results):
        async for result in results:
            if isinstance(result, ExecutionResult) and result.errors:
                result.errors = [shape_error(error) for error in result.errors]
                if hide_suggestions:
                    result.errors = [without_suggestions(error) for error in result.errors]
            yield result


class NamedOperation(SchemaExtension):
    """A document of several operations runs the one ``operationName`` names. Without a name
    it is refused, as the GraphQL spec asks, where Strawberry would run the first one and
    leave the client guessing which ran."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        # ``operation_name`` falls back to the first operation's name; the name the request
        # gave is kept apart (the test with a named document fails if that ever changes).
        given = getattr(context, "_provided_operation_name", None)
        if document is not None and given is None:
            count = sum(isinstance(d, OperationDefinitionNode) for d in document.definitions)
            if count > 1:
                context.result = GraphQLExecutionResult(
                    data=None,
                    errors=[
                        GraphQLError(
                            f"The document holds {count} operations; name the one to run "
                            "in operationName.",
                            extensions={
                                "code": "BAD_USER_INPUT",
                                "field": "operationName",
                                "reason": ErrorCode.REQUIRED.value,
                            },
                        )
                    ],
                )
        yield


LONGEST_NUMBER = 100
"""Characters of a number literal in a query; Python converts at most 4,300 digits from text,
and graphql-core's Int and Float ended in an unexpected error past that."""


class _LongNumber(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: IntValueNode | FloatValueNode | None = None

    def enter(self, node: Node, *_: Any) -> Any:
        if isinstance(node, IntValueNode | FloatValueNode) and len(node.value) > LONGEST_NUMBER:
            self.found = node
            return Visitor.BREAK
        return None


class RefuseLongNumbers(SchemaExtension):
    """A number literal longer than any value of the schema is refused before validation
    reads it (validation is where it would fail)."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None:
            visitor = _LongNumber()
            visit(context.graphql_document, visitor)
            if visitor.found is not None:
                context.pre_execution_errors = [
                    GraphQLError(
                        f"A number in the query has {len(visitor.found.value):,} characters; "
                        f"none may have more than {LONGEST_NUMBER}.",
                        nodes=[visitor.found],
                        extensions={"code": "BAD_USER_INPUT", "reason": ErrorCode.INVALID.value},
                    )
                ]
        yield


class SubscriptionsOverWebsockets(SchemaExtension):
    """A subscription sent in an HTTP request is the client's mistake, answered as one: live
    views run over a websocket. Executed as a query, it used to end in an unexpected error,
    logged with a traceback."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        request = getattr(context.context, "request", None)
        try:
            subscription = context.operation_type is OperationType.SUBSCRIPTION
        except RuntimeError:  # no document, or no operation of that name: validation says so
            subscription = False
        if subscription and isinstance(request, Request):
            context.pre_execution_errors = [
                GraphQLError(
                    "Subscriptions run over a websocket at /graphql "
                    "(graphql-transport-ws), not in an HTTP request.",
                    extensions={"code": "BAD_REQUEST"},
                )
            ]
        yield


def build_schema(settings: Settings) -> strawberry.Schema:
    """The GraphQL schema, with the limits the settings ask for."""
    # Classes or factories: Strawberry makes each request its own extension instances.
    extensions: list[Any] = [
        partial(QueryDepthLimiter, max_depth=settings.graphql_max_depth),
        partial(MaxAliasesLimiter, max_alias_count=settings.graphql_max_aliases),
        partial(MaxTokensLimiter, max_token_count=settings.graphql_max_tokens),
        NamedOperation,
        RefuseLongNumbers,
        SubscriptionsOverWebsockets,
        RefuseUnstorableText,
        partial(ShapeErrors, hide_suggestions=settings.is_production),
    ]
    if settings.is_production:
        extensions.append(DisableIntrospection)
    schema = Schema(
        query=merge_types(
            "Query",
            (
                Query,
                RunQueries,
                TransparencyQueries,
                LedgerQueries,
                EventQueries,
                FulfilmentQueries,
            ),
        ),
        mutation=merge_types(
            "Mutation", (Mutation, RunMutations, EventMutations, FulfilmentMutations)
        ),
        subscription=merge_types("Subscription", (Subscription, EventSubscription)),
        types=[Region, Party, School, Need, NeedItem, Pledge, MatchingRun],
        extensions=extensions,
        # Suggestions ("Did you mean ...?") would reveal the schema that introspection hides
        # (ShapeErrors removes those of arguments, enum values and input fields).
        config=StrawberryConfig(
            disable_field_suggestions=settings.is_production, scalar_map=SCALARS
        ),
    )
    schema.hide_suggestions = settings.is_production
    return schema


def export_sdl(settings: Settings | None = None) -> str:
    """The schema in SDL, as committed in graphql/schema.graphql."""
    return build_schema(settings or Settings()).as_str() + "\n"
