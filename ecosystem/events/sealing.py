"""Webhook secrets at rest, sealed under a key derived from SECRET_KEY (see ``auth.sealing``).

A webhook's secret must be kept, since every delivery is signed with it, but a copy of the
database alone should not let anyone forge deliveries to a partner. Changing SECRET_KEY leaves
the stored secrets unreadable: their deliveries fail with a message saying so, and the party
registers the webhook again.
"""

from __future__ import annotations

from auth.sealing import PREFIX, SealedSecretError, Sealer, is_sealed

__all__ = ["PREFIX", "SealedSecretError", "is_sealed", "open_sealed", "seal"]

_WEBHOOKS = Sealer(b"hope-ecosystem webhook secrets v1", b"webhook_subscription.secret")


def seal(secret: str, secret_key: str) -> str:
    """The value to store for ``secret``."""
    return _WEBHOOKS.seal(secret, secret_key)


def open_sealed(stored: str, secret_key: str) -> str:
    """The secret a stored value seals; SealedSecretError when this key cannot open it."""
    try:
        return _WEBHOOKS.open(stored, secret_key)
    except SealedSecretError as error:
        raise SealedSecretError(
            "The webhook's secret cannot be opened with the current SECRET_KEY; "
            "register the webhook again."
        ) from error
