"""Checks of user input that collect every field error before anything is written."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TypeVar

from ecosystem.errors import DomainError, DomainErrors, ErrorCode

E = TypeVar("E", bound=StrEnum)

_LAYOUT = "\n\r\t"
# Separators, control and format characters (zero-width space, joiners, direction marks).
_INVISIBLE = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})
# Overrides and isolates of the text's direction (U+202A-U+202E, U+2066-U+2069): unseen, they
# make a title read other than it is ("Trojan source"). Marks (U+200E, U+200F) and joiners
# (emoji sequences) stay.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

MAX_YEARS_AHEAD = 5


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, in a year that has none
        return day.replace(year=day.year + years, day=28)


def unstorable(text: str) -> str | None:
    """What in ``text`` no database can store, in words; None when it can all be stored.
    PostgreSQL's text cannot hold U+0000, and half of a surrogate pair (which JSON's
    ``\\ud800`` and undecodable bytes in a command line give) is not UTF-8 at all."""
    if "\x00" in text:
        return "the NUL character (U+0000)"
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "half of a surrogate pair (U+D800 to U+DFFF), which is not a character"
    return None


# Whole numbers up to this bound fit a 64-bit column with room for sums of many rows.
MAX_WHOLE_NUMBER = 10**15


def yuan(fen: int) -> str:
    """An amount as messages show it: ¥1,234.50 (exact: fen are whole, so no float rounding
    reaches the cents)."""
    return f"¥{fen // 100:,}.{fen % 100:02d}"


class InputChecks:
    """Collects field errors; ``raise_if_any`` raises them together."""

    def __init__(self) -> None:
        self.errors: list[DomainError] = []

    def fail(
        self,
        field: str,
        code: ErrorCode,
        message: str,
        *,
        allowed: tuple[str, ...] | None = None,
        minimum: str | None = None,
        maximum: str | None = None,
    ) -> None:
        self.errors.append(
            DomainError(code, message, field, allowed=allowed, minimum=minimum, maximum=maximum)
        )

    def raise_if_any(self) -> None:
        if self.errors:
            raise DomainErrors(self.errors)

    def text(
        self,
        field: str,
        value: str | None,
        *,
        max_length: int,
        required: bool = True,
        multiline: bool = False,
    ) -> str:
        """Trimmed text within its length; empty only when not required, and text of nothing
        but invisible characters (zero-width spaces, say) counts as empty. No control
        characters (a paste from elsewhere can carry them unseen), except line breaks and tabs
        in ``multiline`` text."""
        cleaned = (value or "").strip()
        allowed = _LAYOUT if multiline else ""
        control = next(
            (
                c
                for c in cleaned
                if (unicodedata.category(c) == "Cc" and c not in allowed)
                or unicodedata.category(c) == "Cs"
                or c in _BIDI_CONTROLS
            ),
            None,
        )
        visible = any(unicodedata.category(c) not in _INVISIBLE for c in cleaned)
        if required and not visible:
            self.fail(field, ErrorCode.REQUIRED, f"{field} is required.")
        elif len(cleaned) > max_length:
            self.fail(
                field,
                ErrorCode.TOO_LONG,
                f"{field} is {len(cleaned)} characters long; at most {max_length} are allowed.",
                maximum=str(max_length),
            )
        elif control is not None:
            if control in _LAYOUT:
                kind = "a line break or tab"
            elif control in _BIDI_CONTROLS:
                kind = "a character that reverses the direction of the text"
            elif unicodedata.category(control) == "Cs":
                kind = "half of a surrogate pair, which is not a character"
            else:
                kind = "a control character"
            self.fail(
                field,
                ErrorCode.INVALID,
                f"{field} contains {kind} (U+{ord(control):04X}); remove it.",
            )
        return cleaned

    def whole_number(
        self,
        field: str,
        value: int | Decimal | None,
        *,
        minimum: int,
        maximum: int = MAX_WHOLE_NUMBER,
        required: bool = True,
    ) -> int | None:
        """A whole number within [minimum, maximum]."""
        if value is None:
            if required:
                self.fail(field, ErrorCode.REQUIRED, f"{field} is required.")
            return None
        try:
            number = Decimal(value)
            whole = number.is_finite() and number == number.to_integral_value()
        except (InvalidOperation, ValueError):
            whole = False
        if not whole:
            self.fail(field, ErrorCode.INVALID, f"{field} must be a whole number.")
            return None
        # Compared as a Decimal: a number of thousands of digits is only out of range, where
        # turning it into text as an int raised Python's 4,300-digit limit (a 500).
        if number < minimum or number > maximum:
            self.fail(
                field,
                ErrorCode.OUT_OF_RANGE,
                # The bound it missed: "at most 10", not "between 1 and 10" (nor "between 1
                # and 1000000000000000" for a quantity whose real limit lies elsewhere).
                f"{field} must be at least {minimum}; got {_shown(number)}."
                if number < minimum
                else f"{field} must be at most {maximum}; got {_shown(number)}.",
                minimum=str(minimum) if number < minimum else None,
                maximum=str(maximum) if number > maximum else None,
            )
            return None
        return int(number)

    def choice(
        self, field: str, value: str | None, enum: type[E], *, required: bool = True
    ) -> E | None:
        """One of an enumeration's values, given by name."""
        if value is None or value == "":
            if required:
                self.fail(field, ErrorCode.REQUIRED, f"{field} is required.")
            return None
        try:
            return enum(value.strip().upper())
        except ValueError:
            allowed = tuple(member.value for member in enum)
            # What the value should have been, from the enumeration: PartyKind, "party kind"
            # (the field, restrictCategories.1, names where, not what).
            noun = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", enum.__name__).lower()
            self.fail(
                field,
                ErrorCode.INVALID,
                f"{value!r} is not a known {noun}; use one of {', '.join(allowed)}.",
                allowed=allowed,
            )
            return None

    def choices(self, field: str, values: Iterable[str], enum: type[E]) -> list[E]:
        chosen = [self.choice(f"{field}.{i}", v, enum) for i, v in enumerate(values)]
        return sorted({c for c in chosen if c is not None})

    def future_date(
        self, field: str, value: date | None, *, today: date, required: bool = True
    ) -> date | None:
        if value is None:
            if required:
                self.fail(field, ErrorCode.REQUIRED, f"{field} is required.")
            return None
        if value < today:
            self.fail(
                field,
                ErrorCode.DEADLINE_IN_PAST,
                f"{field} {value.isoformat()} is in the past; today is {today.isoformat()}.",
                minimum=today.isoformat(),
            )
        else:
            self.not_too_far(field, value, today=today)
        return value

    def not_too_far(self, field: str, value: date | None, *, today: date) -> None:
        """At most ``MAX_YEARS_AHEAD`` years after today: further is a mistyped year more often
        than a plan, and would keep a need or a pledge open for a generation."""
        latest = _years_after(today, MAX_YEARS_AHEAD)
        if value is not None and value > latest:
            self.fail(
                field,
                ErrorCode.OUT_OF_RANGE,
                f"{field} {value.isoformat()} is more than {MAX_YEARS_AHEAD} years ahead; "
                f"the latest allowed is {latest.isoformat()}.",
                maximum=latest.isoformat(),
            )

    def list_length(
        self, field: str, values: Sequence[object], *, minimum: int, maximum: int
    ) -> bool:
        if len(values) < minimum:
            self.fail(field, ErrorCode.REQUIRED, f"{field} needs at least {minimum} entry.")
            return False
        if len(values) > maximum:
            self.fail(
                field,
                ErrorCode.TOO_MANY,
                f"{field} has {len(values)} entries; at most {maximum}.",
                maximum=str(maximum),
            )
            return False
        return True


def _shown(number: Decimal) -> str:
    """A whole number as an error message repeats it: in full up to 30 digits, else by its
    length (a message need not echo thousands of digits)."""
    digits = number.adjusted() + 1
    if digits <= 30:
        return str(int(number))
    return f"a {'negative ' if number < 0 else ''}number of {digits} digits"
