"""Relay conventions: opaque global IDs, the Node interface and how `node(id)` loads each type,
connections and page info."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

import strawberry
from graphql import GraphQLError

from ecosystem.database import row_id
from ecosystem.errors import DomainError, DomainErrors, ErrorCode
from ecosystem.pagination import Page

if TYPE_CHECKING:
    from ecosystem.api.types import Ctx

T = TypeVar("T")


def to_global_id(type_name: str, key: int | str) -> strawberry.ID:
    raw = f"{type_name}:{key}".encode()
    return strawberry.ID(base64.urlsafe_b64encode(raw).decode().rstrip("="))


def from_global_id(global_id: str) -> tuple[str, str]:
    """(type name, key) of a global ID; raises ValueError when it is not one of ours."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        decoded = base64.urlsafe_b64decode(padded.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise ValueError(global_id) from exc
    type_name, _, key = decoded.partition(":")
    if not type_name or not key:
        raise ValueError(global_id)
    return type_name, key


def page_size(limit: int, first: int) -> int:
    """``first`` when it is 1 to ``limit``; a BAD_USER_INPUT error otherwise."""
    if not 1 <= first <= limit:
        raise GraphQLError(
            f"first must be between 1 and {limit}; got {first}.",
            extensions={
                "code": "BAD_USER_INPUT",
                "field": "first",
                **({"minimum": "1"} if first < 1 else {"maximum": str(limit)}),
            },
        )
    return first


def decode_id(global_id: str, field: str, *type_names: str) -> int:
    """The integer key of a global ID of one of ``type_names``; a field error otherwise."""
    try:
        type_name, key = from_global_id(global_id)
        number = row_id(key)
        if type_name not in type_names or number is None:
            raise ValueError(global_id)
        return number
    except ValueError:
        expected = " or ".join(type_names)
        raise DomainError(
            ErrorCode.INVALID, f"{field} is not a valid {expected} ID.", field
        ) from None


def decode_ids(global_ids: Sequence[str], field: str, *type_names: str) -> list[int]:
    """The keys of a list of global IDs (``field.N`` each); every malformed one is a field
    error, all of them said at once."""
    keys: list[int] = []
    errors: list[DomainError] = []
    for index, global_id in enumerate(global_ids):
        try:
            keys.append(decode_id(global_id, f"{field}.{index}", *type_names))
        except DomainError as error:
            errors.append(error)
    if errors:
        raise DomainErrors(errors)
    return keys


@strawberry.interface(description="An object with a globally unique, opaque ID.")
class Node:
    id: strawberry.ID = strawberry.field(description="The object's global ID.")


# Loads the object of a global ID's key: None when there is none the caller may see.
NodeLoader = Callable[["Ctx", str], Awaitable[Node | None]]
# Filled by ``node_loader`` as the API modules are imported; read by the ``node`` query.
NODE_LOADERS: dict[str, NodeLoader] = {}
L = TypeVar("L", bound=NodeLoader)


def node_loader(type_name: str) -> Callable[[L], L]:
    """Register how ``node(id)`` loads a ``type_name``; each module registers its own types."""

    def register(load: L) -> L:
        NODE_LOADERS[type_name] = load
        return load

    return register


@strawberry.type(description="Where a page of a connection sits in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(description="This page was fetched after a cursor.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item.")
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last item; pass as `after`."
    )


@strawberry.type(description="An item of a connection with its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Pass as `after` to continue after this item.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list, resumable by cursor.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits.")


def to_connection(page: Page[object], wrap: object) -> Connection[T]:
    """A connection of ``wrap(row)`` for every row of a domain page."""
    edges = [Edge(cursor=c, node=wrap(row)) for row, c in zip(page.rows, page.cursors, strict=True)]  # type: ignore[operator]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.cursors[-1] if page.cursors else None,
        ),
    )
