"""Custom scalars."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, NewType

import strawberry
from graphql import FloatValueNode, IntValueNode, StringValueNode, ValueNode
from strawberry.types.scalar import ScalarDefinition

BigInt = NewType("BigInt", Decimal)


# A number written as text: digits, perhaps a sign and a fraction (which the services refuse
# as not whole, by name); not "1e5", "Infinity" or "0x10", which Decimal would read.
_WRITTEN_NUMBER = re.compile(r"\s*-?\d+(\.\d+)?\s*")


def _to_decimal(value: Any) -> Decimal:
    # Anything that is not a number becomes NaN, which the services refuse with a field error.
    if isinstance(value, bool) or (isinstance(value, str) and not _WRITTEN_NUMBER.fullmatch(value)):
        return Decimal("NaN")
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return Decimal("NaN")


def _literal_to_decimal(node: ValueNode, _variables: Any = None) -> Decimal:
    if isinstance(node, IntValueNode | FloatValueNode | StringValueNode):
        return _to_decimal(node.value)
    return Decimal("NaN")


SCALARS: dict[object, ScalarDefinition] = {
    BigInt: strawberry.scalar(
        name="BigInt",
        description=(
            "A whole number that may exceed 32 bits, such as an amount in fen. Given as a JSON "
            "number or a string of digits; a value that is not a whole number is refused by the "
            "mutation with a field error rather than by the parser, so a form can show it next "
            "to the field."
        ),
        serialize=int,
        parse_value=_to_decimal,
        parse_literal=_literal_to_decimal,
    )
}
