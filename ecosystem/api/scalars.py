"""Custom scalars."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, NewType

import strawberry
from graphql import FloatValueNode, IntValueNode, StringValueNode, ValueNode

BigInt = strawberry.scalar(
    NewType("BigInt", Decimal),
    name="BigInt",
    description=(
        "A whole number that may exceed 32 bits, such as an amount in fen. Given as a JSON number "
        "or a string of digits; a value that is not a whole number is refused by the mutation "
        "with a field error rather than by the parser, so a form can show it next to the field."
    ),
    serialize=int,
    parse_value=lambda value: _to_decimal(value),
    parse_literal=lambda node, _variables=None: _literal_to_decimal(node),
)


def _to_decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        return Decimal("NaN")
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return Decimal("NaN")


def _literal_to_decimal(node: ValueNode) -> Decimal:
    if isinstance(node, IntValueNode | FloatValueNode | StringValueNode):
        return _to_decimal(node.value)
    return Decimal("NaN")
