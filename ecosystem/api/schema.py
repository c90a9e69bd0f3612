"""The schema, with its limits: depth, aliases, tokens; introspection and suggestions off in production."""

from __future__ import annotations

from collections.abc import Iterator

import strawberry
from graphql import specified_rules, validate
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.extensions.disable_introspection import DisableIntrospection
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from ecosystem.api.errors import ShapeErrors
from ecosystem.api.mutations import Mutation
from ecosystem.api.queries import Query
from ecosystem.api.types import Need, NeedItem, Party, Pledge, Region, School
from ecosystem.settings import Settings


class HideSuggestions(SchemaExtension):
    """Validates without "Did you mean ...?" hints, which would reveal the schema."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and context.pre_execution_errors is None:
            context.pre_execution_errors = validate(
                context.schema._schema,
                context.graphql_document,
                (*specified_rules, *context.validation_rules, MaybeNullValidationRule, OneOfInputValidationRule),
                hide_suggestions=True,
            )
        yield


def build_schema(settings: Settings) -> strawberry.Schema:
    """The GraphQL schema, with the limits the settings ask for."""
    extensions: list[SchemaExtension | type[SchemaExtension]] = [
        QueryDepthLimiter(max_depth=settings.graphql_max_depth),
        MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases),
        MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        ShapeErrors,
    ]
    if settings.is_production:
        extensions += [DisableIntrospection(), HideSuggestions]
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=[Region, Party, School, Need, NeedItem, Pledge],
        extensions=extensions,
    )


def export_sdl(settings: Settings | None = None) -> str:
    """The schema in SDL, as committed in graphql/schema.graphql."""
    return build_schema(settings or Settings()).as_str() + "\n"
