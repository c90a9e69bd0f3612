"""Secrets kept in the database, sealed with AES-256-GCM under a key derived from SECRET_KEY.

Some secrets must be stored because the servers use them again (a webhook's signing secret, the
embedded provider's token-signing key, the ledger's checkpoint key), but a copy of the database
alone should not let anyone use them. A sealed value is ``v1:`` and the base64 of a random
12-byte nonce followed by the ciphertext and its tag. Each kind of secret has its own
:class:`Sealer`: its key is HKDF-SHA256 of SECRET_KEY with the kind's label, and the kind's name
is bound in as associated data, so a value sealed for one kind does not open as another.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PREFIX = "v1:"
_NONCE_BYTES = 12


class SealedSecretError(ValueError):
    """A stored value that cannot be opened: sealed under another SECRET_KEY, damaged, or not
    sealed at all."""


def is_sealed(stored: str) -> bool:
    """Whether a stored value is sealed (rows written before sealing hold the secret itself)."""
    return stored.startswith(PREFIX)


class Sealer:
    """Seals and opens one kind of secret under keys derived from SECRET_KEY."""

    def __init__(self, label: bytes, associated: bytes) -> None:
        self._label = label
        self._associated = associated

    def _key(self, secret_key: str) -> bytes:
        derive = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=self._label)
        return derive.derive(secret_key.encode("utf-8"))

    def seal(self, secret: str, secret_key: str) -> str:
        """The value to store for ``secret``."""
        nonce = os.urandom(_NONCE_BYTES)
        sealed = AESGCM(self._key(secret_key)).encrypt(
            nonce, secret.encode("utf-8"), self._associated
        )
        return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")

    def open(self, stored: str, secret_key: str) -> str:
        """The secret a stored value seals; SealedSecretError when this key cannot open it."""
        if not is_sealed(stored):
            raise SealedSecretError("the stored value is not sealed")
        try:
            raw = base64.b64decode(stored[len(PREFIX) :], validate=True)
            plain = AESGCM(self._key(secret_key)).decrypt(
                raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], self._associated
            )
        except (InvalidTag, ValueError) as error:
            message = "the current SECRET_KEY cannot open the stored value"
            raise SealedSecretError(message) from error
        return plain.decode("utf-8")
