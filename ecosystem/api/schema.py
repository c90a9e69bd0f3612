"""The schema and its limits: depth, aliases, tokens; in production, no introspection or hints.
Errors are logged only when they are the server's fault (``errors.log_errors``)."""

from __future__ import annotations

from functools import partial
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.extensions.disable_introspection import DisableIntrospection
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from ecosystem.api.errors import ShapeErrors, log_errors
from ecosystem.api.events import EventMutations, EventQueries, EventSubscription
from ecosystem.api.fulfilment import FulfilmentMutations, FulfilmentQueries
from ecosystem.api.ledger import LedgerQueries
from ecosystem.api.mutations import Mutation
from ecosystem.api.queries import Query
from ecosystem.api.runs import MatchingRun, RunMutations, RunQueries, Subscription
from ecosystem.api.scalars import SCALARS
from ecosystem.api.text_guard import RefuseNulText
from ecosystem.api.transparency import TransparencyQueries
from ecosystem.api.types import Need, NeedItem, Party, Pledge, Region, School
from ecosystem.settings import Settings


class Schema(strawberry.Schema):
    """Strawberry's schema, logging through ``log_errors`` instead of every error in full."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_errors(errors)


def build_schema(settings: Settings) -> strawberry.Schema:
    """The GraphQL schema, with the limits the settings ask for."""
    # Classes or factories: Strawberry makes each request its own extension instances.
    extensions: list[Any] = [
        partial(QueryDepthLimiter, max_depth=settings.graphql_max_depth),
        partial(MaxAliasesLimiter, max_alias_count=settings.graphql_max_aliases),
        partial(MaxTokensLimiter, max_token_count=settings.graphql_max_tokens),
        RefuseNulText,
        ShapeErrors,
    ]
    if settings.is_production:
        extensions.append(DisableIntrospection)
    return Schema(
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
        # Suggestions ("Did you mean ...?") would reveal the schema that introspection hides.
        config=StrawberryConfig(
            disable_field_suggestions=settings.is_production, scalar_map=SCALARS
        ),
    )


def export_sdl(settings: Settings | None = None) -> str:
    """The schema in SDL, as committed in graphql/schema.graphql."""
    return build_schema(settings or Settings()).as_str() + "\n"
