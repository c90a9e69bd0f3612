"""Anti-forgery tokens for the login form.

The token is an HMAC over the pending authorization request (every OAuth parameter the form
carries in hidden fields), an expiry time and a random value kept in a cookie of the browser that
asked. A submitted form is accepted only if none of these changed: its hidden fields cannot be
edited (say, to another code_challenge), it cannot be replayed later, and another site cannot
submit it from a victim's browser, which lacks the cookie (SameSite=Lax keeps it off cross-site
POSTs as well). Nothing is stored on the server, so any replica can check a token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Mapping
from datetime import timedelta

BROWSER_COOKIE = "idp_browser"
FORM_LIFETIME = timedelta(minutes=10)
# The key used here is derived from the application's secret key for this one purpose only.
_PURPOSE = b"hope-ecosystem embedded provider: login form"


def new_browser_value() -> str:
    """A fresh random value for the browser cookie."""
    return secrets.token_urlsafe(32)


class FormTokens:
    """Signs and checks login form tokens with a key derived from ``secret_key``."""

    def __init__(self, secret_key: str) -> None:
        self._key = hmac.new(secret_key.encode("utf-8"), _PURPOSE, hashlib.sha256).digest()

    def sign(self, fields: Mapping[str, str], browser: str) -> str:
        """A token for a form carrying ``fields``, shown to the browser holding ``browser``."""
        expires = int(time.time() + FORM_LIFETIME.total_seconds())
        return f"{expires}.{self._mac(expires, fields, browser)}"

    def check(self, token: str, fields: Mapping[str, str], browser: str) -> bool:
        """Whether ``token`` was signed for exactly these fields and browser and is unexpired."""
        expires_text, _, mac = token.partition(".")
        if not expires_text.isdigit():
            return False
        expires = int(expires_text)
        if expires < time.time():
            return False
        return hmac.compare_digest(mac, self._mac(expires, fields, browser))

    def _mac(self, expires: int, fields: Mapping[str, str], browser: str) -> str:
        message = json.dumps(
            [expires, browser, sorted(fields.items())], ensure_ascii=False, separators=(",", ":")
        ).encode("utf-8")
        digest = hmac.new(self._key, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
