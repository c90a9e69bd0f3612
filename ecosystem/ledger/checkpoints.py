"""Signed checkpoints: the ledger's tree size and root at a moment, signed with Ed25519.

What is signed is the checkpoint's *note*, four lines of UTF-8 text, each ending in ``\\n``::

    hope-ledger
    <tree size, decimal>
    <root hash, standard base64 with padding>
    <time, integer Unix seconds (UTC), decimal>

Time is an integer number of seconds since 1970-01-01T00:00:00Z: it has one spelling, so the
signed bytes cannot differ between two honest encoders, which an ISO-8601 string could.

Keys: the public key travels as the standard base64 of its raw 32 bytes; the private key is
kept as PKCS#8 PEM (what ``openssl genpkey -algorithm ed25519`` writes), and may also be given
as the base64 of its raw 32-byte seed, which fits in one environment variable. A key's id is
the lower-case hex of the first 8 bytes of SHA-256 over the raw public key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ecosystem.ledger.merkle import HASH_SIZE

ORIGIN = "hope-ledger"
SIGNATURE_SIZE = 64


class CheckpointError(ValueError):
    """A checkpoint or key is malformed, or a signature does not verify."""


def _b64decode(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as error:
        raise CheckpointError(f"{what} is not valid base64: {error}") from None


@dataclass(frozen=True)
class Checkpoint:
    """The ledger's state at a moment: how many entries, their Merkle root, and when."""

    tree_size: int
    root_hash: bytes
    timestamp: int

    def __post_init__(self) -> None:
        for name in ("tree_size", "timestamp"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise CheckpointError(f"{name} must be a non-negative integer, got {value!r}")
        if len(self.root_hash) != HASH_SIZE:
            raise CheckpointError(f"root hash is {len(self.root_hash)} bytes, expected {HASH_SIZE}")

    def note(self) -> bytes:
        """The exact bytes that are signed."""
        root = base64.b64encode(self.root_hash).decode("ascii")
        return f"{ORIGIN}\n{self.tree_size}\n{root}\n{self.timestamp}\n".encode("ascii")

    @classmethod
    def from_note(cls, note: bytes) -> Checkpoint:
        """Read a checkpoint back from its note; refuses anything ``note()`` would not write."""
        try:
            text = note.decode("ascii")
        except UnicodeDecodeError:
            raise CheckpointError("checkpoint note is not ASCII") from None
        lines = text.split("\n")
        if len(lines) != 5 or lines[4] != "" or lines[0] != ORIGIN:
            raise CheckpointError(f"checkpoint note is not four lines starting with {ORIGIN!r}")
        size, root, timestamp = lines[1], lines[2], lines[3]
        for name, digits in (("tree size", size), ("time", timestamp)):
            if not digits.isdigit() or digits != str(int(digits)):
                raise CheckpointError(f"checkpoint {name} {digits!r} is not a decimal integer")
        checkpoint = cls(int(size), _b64decode(root, "checkpoint root"), int(timestamp))
        if checkpoint.note() != note:
            raise CheckpointError("checkpoint note is not in canonical form")
        return checkpoint


@dataclass(frozen=True)
class SignedCheckpoint:
    """A checkpoint with the Ed25519 signature over its note and the signing key's id."""

    checkpoint: Checkpoint
    key_id: str
    signature: bytes

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (for the API and the verifier's state file)."""
        return {
            "tree_size": self.checkpoint.tree_size,
            "root_hash": base64.b64encode(self.checkpoint.root_hash).decode("ascii"),
            "timestamp": self.checkpoint.timestamp,
            "key_id": self.key_id,
            "signature": base64.b64encode(self.signature).decode("ascii"),
        }

    @classmethod
    def from_dict(cls, data: Any) -> SignedCheckpoint:
        """Read the form written by ``to_dict``; raises ``CheckpointError`` if malformed."""
        if not isinstance(data, dict):
            raise CheckpointError("a signed checkpoint must be a JSON object")
        expected = {"tree_size", "root_hash", "timestamp", "key_id", "signature"}
        if set(data) != expected:
            raise CheckpointError(f"a signed checkpoint has exactly the fields {sorted(expected)}")
        for name in ("root_hash", "key_id", "signature"):
            if not isinstance(data[name], str):
                raise CheckpointError(f"checkpoint {name} must be a string")
        checkpoint = Checkpoint(
            tree_size=data["tree_size"],
            root_hash=_b64decode(data["root_hash"], "checkpoint root"),
            timestamp=data["timestamp"],
        )
        return cls(checkpoint, data["key_id"], _b64decode(data["signature"], "signature"))


def generate_private_key() -> Ed25519PrivateKey:
    """A new random signing key."""
    return Ed25519PrivateKey.generate()


def private_key_to_pem(key: Ed25519PrivateKey) -> str:
    """The signing key as unencrypted PKCS#8 PEM, to keep in a file or a secret store."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def load_private_key(text: str) -> Ed25519PrivateKey:
    """A signing key from PKCS#8 PEM or from the base64 of its raw 32-byte seed."""
    if text.lstrip().startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_private_key(text.encode("ascii"), password=None)
        except (ValueError, TypeError) as error:
            raise CheckpointError(f"private key PEM could not be read: {error}") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise CheckpointError("private key is not an Ed25519 key")
        return key
    seed = _b64decode(text.strip(), "private key")
    if len(seed) != 32:
        raise CheckpointError(f"raw private key is {len(seed)} bytes, expected 32")
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_to_base64(key: Ed25519PublicKey) -> str:
    """The public key as the standard base64 of its raw 32 bytes."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def load_public_key(text: str) -> Ed25519PublicKey:
    """A public key from the standard base64 of its raw 32 bytes."""
    raw = _b64decode(text.strip(), "public key")
    if len(raw) != 32:
        raise CheckpointError(f"public key is {len(raw)} bytes, expected 32")
    return Ed25519PublicKey.from_public_bytes(raw)


def key_id(key: Ed25519PublicKey) -> str:
    """The key's id: lower-case hex of the first 8 bytes of SHA-256 over the raw public key."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def sign_checkpoint(checkpoint: Checkpoint, key: Ed25519PrivateKey) -> SignedCheckpoint:
    """Sign the checkpoint's note."""
    return SignedCheckpoint(checkpoint, key_id(key.public_key()), key.sign(checkpoint.note()))


def verify_checkpoint(signed: SignedCheckpoint, key: Ed25519PublicKey) -> Checkpoint:
    """The checkpoint, once its signature verifies under ``key``; raises ``CheckpointError``
    if the key id or the signature does not match."""
    expected = key_id(key)
    if signed.key_id != expected:
        raise CheckpointError(f"checkpoint is signed by key {signed.key_id}, expected {expected}")
    if len(signed.signature) != SIGNATURE_SIZE:
        raise CheckpointError(
            f"signature is {len(signed.signature)} bytes, expected {SIGNATURE_SIZE}"
        )
    try:
        key.verify(signed.signature, signed.checkpoint.note())
    except InvalidSignature:
        raise CheckpointError(
            f"signature does not verify for the checkpoint of size {signed.checkpoint.tree_size}"
        ) from None
    return signed.checkpoint


@dataclass(frozen=True)
class CheckpointPolicy:
    """When to sign a new checkpoint: after ``every_entries`` new entries, or once
    ``every_seconds`` have passed since the last checkpoint and there is anything new."""

    every_entries: int
    every_seconds: int

    def __post_init__(self) -> None:
        if self.every_entries < 1 or self.every_seconds < 1:
            raise ValueError("a checkpoint policy needs positive entry and time intervals")

    def due(self, last: Checkpoint | None, tree_size: int, now: int) -> bool:
        """Whether a checkpoint of ``tree_size`` entries should be signed at ``now`` (Unix
        seconds), given the last one signed. The first checkpoint is always due, even for an
        empty ledger, so there is always a signed head to show; after that, never without new
        entries."""
        if last is None:
            return True
        new_entries = tree_size - last.tree_size
        if new_entries <= 0:
            return False
        return new_entries >= self.every_entries or now - last.timestamp >= self.every_seconds
