"""Hashing of passwords and client secrets with scrypt (RFC 7914), from the standard library.

A hash is stored as ``scrypt$<n>$<r>$<p>$<salt>$<key>`` (salt and key base64url): the cost is
kept beside each hash, so raising it later leaves the existing hashes readable. scrypt takes a
noticeable share of a CPU on purpose, so the coroutines here run it in a worker thread rather
than on the event loop.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets
from functools import cache

_SCHEME = "scrypt"
# 2**15 × 8 × 128 bytes = 32 MiB of memory per hash, about 0.15 s on one core.
_N = 2**15
_R = 8
_P = 1
_SALT_BYTES = 16
_KEY_BYTES = 32
# A stored cost above this is refused rather than allowed to exhaust the server's memory.
_MAX_N = 2**20


def hash_secret(secret: str) -> str:
    """A salted scrypt hash of ``secret``, in the stored format."""
    salt = secrets.token_bytes(_SALT_BYTES)
    key = _derive(secret, salt, _N, _R, _P)
    return "$".join((_SCHEME, str(_N), str(_R), str(_P), _b64(salt), _b64(key)))


def verify_secret(secret: str, stored: str) -> bool:
    """Whether ``secret`` hashes to ``stored``; False for a malformed stored hash."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != _SCHEME or not 1 < int(n) <= _MAX_N:
            return False
        expected = _unb64(key)
        actual = _derive(secret, _unb64(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


async def hash_secret_async(secret: str) -> str:
    """:func:`hash_secret` in a worker thread."""
    return await asyncio.to_thread(hash_secret, secret)


async def verify_secret_async(secret: str, stored: str | None) -> bool:
    """:func:`verify_secret` in a worker thread. With no stored hash (unknown user or client) a
    decoy hash is checked instead and the answer is False: both cases take the same time, so the
    response time does not tell which usernames exist."""
    if stored is None:
        await asyncio.to_thread(verify_secret, secret, _decoy_hash())
        return False
    return await asyncio.to_thread(verify_secret, secret, stored)


@cache
def _decoy_hash() -> str:
    return hash_secret(secrets.token_urlsafe(16))


def _derive(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        secret.encode("utf-8"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        # Twice the working set (128·n·r bytes), so OpenSSL's own overhead never trips the limit.
        maxmem=2 * 128 * n * r + 1024 * 1024,
        dklen=_KEY_BYTES,
    )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
