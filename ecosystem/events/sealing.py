"""Webhook secrets at rest: sealed with AES-256-GCM under a key derived from SECRET_KEY.

A webhook's secret must be kept, since every delivery is signed with it, but a copy of the
database alone should not let anyone forge deliveries to a partner. So the stored value is
``v1:`` and the base64 of a random 12-byte nonce followed by the ciphertext and its tag; the key
is HKDF-SHA256 of SECRET_KEY with its own label, so it is used for nothing else. Changing
SECRET_KEY leaves the stored secrets unreadable: their deliveries fail with a message saying
so, and the party registers the webhook again.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PREFIX = "v1:"
_LABEL = b"hope-ecosystem webhook secrets v1"
_ASSOCIATED = b"webhook_subscription.secret"
_NONCE_BYTES = 12


class SealedSecretError(ValueError):
    """A stored secret that this SECRET_KEY cannot open."""


def _key(secret_key: str) -> bytes:
    derive = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_LABEL)
    return derive.derive(secret_key.encode("utf-8"))


def seal(secret: str, secret_key: str) -> str:
    """The value to store for ``secret``."""
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(_key(secret_key)).encrypt(nonce, secret.encode("utf-8"), _ASSOCIATED)
    return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def is_sealed(stored: str) -> bool:
    """Whether a stored value is sealed (older rows held the secret itself)."""
    return stored.startswith(PREFIX)


def open_sealed(stored: str, secret_key: str) -> str:
    """The secret a stored value seals; SealedSecretError when this key cannot open it."""
    if not is_sealed(stored):
        raise SealedSecretError("The stored webhook secret is not sealed.")
    try:
        raw = base64.b64decode(stored[len(PREFIX) :], validate=True)
        plain = AESGCM(_key(secret_key)).decrypt(
            raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _ASSOCIATED
        )
    except (InvalidTag, ValueError) as error:
        raise SealedSecretError(
            "The webhook's secret cannot be opened with the current SECRET_KEY; "
            "register the webhook again."
        ) from error
    return plain.decode("utf-8")
