"""Request parameters as OAuth reads them, from a query string or a form body."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl

from starlette.requests import Request

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
MAX_FORM_BYTES = 64 * 1024
MAX_FORM_FIELDS = 64


class MalformedForm(Exception):
    """The body (or query string) is not one the provider reads; the message says why, in
    plain ASCII."""


class Parameters:
    """Named parameters. One sent without a value counts as omitted (RFC 6749 §3.1); one sent
    twice is remembered, so the endpoint can refuse it (parameters MUST NOT repeat)."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._values: dict[str, list[str]] = {}
        for name, value in pairs:
            if "\x00" in name or "\x00" in value:
                # No OAuth parameter has one, and PostgreSQL's text cannot hold it.
                raise MalformedForm("A parameter contains a NUL character.")
            if value:
                self._values.setdefault(name, []).append(value)

    def get(self, name: str) -> str | None:
        """The parameter's (first) value, or None when it was not sent."""
        values = self._values.get(name)
        return values[0] if values else None

    def repeated(self, names: Iterable[str]) -> str | None:
        """The first of ``names`` sent more than once, if any."""
        return next((name for name in names if len(self._values.get(name, ())) > 1), None)


async def read_form(request: Request) -> Parameters:
    """The parameters of a form-encoded body; raises :class:`MalformedForm` for anything else,
    for a body over 64 KiB and for text that is not UTF-8."""
    content_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if content_type != FORM_CONTENT_TYPE:
        raise MalformedForm(f"The body must be {FORM_CONTENT_TYPE}.")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise MalformedForm("The request body is too large.")
    try:
        pairs = parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            errors="strict",
            max_num_fields=MAX_FORM_FIELDS,
        )
    except ValueError as error:  # UnicodeDecodeError too, and too many fields
        raise MalformedForm("The request body is not valid form data.") from error
    return Parameters(pairs)
