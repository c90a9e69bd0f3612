"""Canonical JSON for ledger entries: one value, one byte string (RFC 8785, integers only).

The ledger hashes an entry's bytes, so two encoders must never produce different bytes for the
same entry. The rules are RFC 8785's (the JSON Canonicalization Scheme) restricted to what the
ledger needs:

- objects have string keys, sorted by their UTF-16 code units (RFC 8785 §3.2.3; this differs
  from code-point order only for characters beyond U+FFFF against U+E000..U+FFFF);
- no whitespace between tokens; UTF-8 output;
- strings escape only ``"``, ``\\`` and control characters below U+0020 (``\\b \\t \\n \\f
  \\r``, otherwise ``\\u00xx`` in lower-case hex); everything else is written as itself;
- numbers are integers within ±(2**53 - 1), the range every JSON reader (a browser included)
  holds exactly; floats are refused, money is in integer fen;
- ``true``, ``false``, ``null``, arrays (lists or tuples) as usual.

Anything else (a float, NaN, a non-string key, a date, bytes, a lone surrogate) raises
``ValueError`` naming where in the entry it is. What goes into an entry is the caller's choice.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

MAX_SAFE_INTEGER = 2**53 - 1


_PLAIN_ENCODER = json.JSONEncoder(
    ensure_ascii=False, allow_nan=False, sort_keys=True, separators=(",", ":")
)


def canonical_json(value: Any) -> bytes:
    """The canonical UTF-8 JSON encoding of ``value`` (usually an entry's dict).

    Values made only of exact dicts with ASCII keys, lists, tuples, strings, integers within
    range, booleans and None (every ledger entry) go through the standard library's encoder:
    for them, with sorted keys and no whitespace, it writes exactly the bytes of the rules
    above (ASCII keys sort the same by code point and by UTF-16 unit; strings escape the same
    characters in the same forms). Everything else goes the long way, which also says where
    a value that has no canonical form is.
    """
    if _plain(value):
        try:
            return _PLAIN_ENCODER.encode(value).encode("utf-8")
        except UnicodeEncodeError:
            pass  # a lone surrogate: the long way names where it is
    parts: list[str] = []
    _encode(value, "$", parts)
    return "".join(parts).encode("utf-8")


def _plain(value: Any) -> bool:
    """Whether ``value`` holds only what the standard encoder writes canonically."""
    pending = [value]
    while pending:
        item = pending.pop()
        kind = type(item)
        if kind is str or kind is bool or item is None:
            continue
        if kind is int:
            if -MAX_SAFE_INTEGER <= item <= MAX_SAFE_INTEGER:
                continue
            return False
        if kind is dict:
            for key in item:
                if type(key) is not str or not key.isascii():
                    return False
            pending.extend(item.values())
        elif kind is list or kind is tuple:
            pending.extend(item)
        else:
            return False
    return True


def _encode(value: Any, where: str, out: list[str]) -> None:
    # bool before int: True is an int in Python, but not a number in JSON.
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise ValueError(f"{where}: integer {value} is outside ±(2**53 - 1)")
        out.append(str(int(value)))
    elif isinstance(value, str):
        out.append(_string(value, where))
    elif isinstance(value, float):
        raise ValueError(f"{where}: floats are not allowed (got {value!r}); use integers")
    elif isinstance(value, Mapping):
        _object(value, where, out)
    elif isinstance(value, list | tuple):
        out.append("[")
        for position, item in enumerate(value):
            if position:
                out.append(",")
            _encode(item, f"{where}[{position}]", out)
        out.append("]")
    else:
        raise ValueError(f"{where}: {type(value).__name__} has no canonical JSON form")


def _object(value: Mapping[Any, Any], where: str, out: list[str]) -> None:
    members: list[tuple[bytes, str, Any]] = []
    for key, item in value.items():
        if not isinstance(key, str):
            raise ValueError(f"{where}: object key {key!r} is not a string")
        encoded = _string(key, where)
        members.append((key.encode("utf-16-be"), encoded, item))
    members.sort(key=lambda member: member[0])
    out.append("{")
    for position, (_, encoded, item) in enumerate(members):
        if position:
            out.append(",")
        out.append(encoded)
        out.append(":")
        _encode(item, f"{where}.{encoded[1:-1]}", out)
    out.append("}")


def _string(value: str, where: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError(
            f"{where}: string {value!r} is not valid Unicode ({error.reason})"
        ) from None
    # With ensure_ascii off, the standard library escapes exactly what RFC 8785 escapes, in the
    # same short forms and with lower-case hex.
    return json.dumps(value, ensure_ascii=False)
