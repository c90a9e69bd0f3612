"""The outside verifier: check a ledger trusting nothing but its public key.

Transport is not this module's business: a ``LedgerSource`` (the GraphQL client, or a test's
in-memory log) supplies the latest signed checkpoint, the entries from an index on, and
consistency proofs. ``check_ledger`` is the pure check; ``verify_ledger`` adds the local state
file of checkpoints seen before, and records the new one only when everything verified.

What is checked, in this order, stopping at the first failure:

1. the latest checkpoint's signature, under the trusted key;
2. against every checkpoint seen before: the ledger did not shrink, and a checkpoint of the same
   size has the same root;
3. a consistency proof from the largest checkpoint seen before to the new one, when the source
   gives proofs (each stored checkpoint was checked against the older ones when it was stored,
   so one proof covers them all);
4. every entry, in order from 0: its index is the next one, and its bytes hash to the leaf hash
   the ledger claims for it; the first entry that fails is named;
5. the roots recomputed from the entries: at each earlier checkpoint's size they equal that
   checkpoint's root (history was not rewritten), and at the new size the signed root.

Step 4 names an edited entry whenever the ledger serves the leaf hash it stored when the entry
was appended. A rewrite that also replaced the stored hash shows up in step 5 (or 3) instead:
a root alone cannot say which leaf changed, so the report then gives the range of entries the
earlier checkpoints narrow it to.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ecosystem.ledger.checkpoints import (
    Checkpoint,
    CheckpointError,
    SignedCheckpoint,
    verify_checkpoint,
)
from ecosystem.ledger.merkle import HASH_SIZE, MerkleTree, ProofError, leaf_hash, verify_consistency

STATE_VERSION = 1


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One entry as the ledger serves it: its index, its canonical bytes, its leaf hash."""

    index: int
    data: bytes
    leaf_hash: bytes


class LedgerSource(Protocol):
    """Where the verifier reads a ledger from."""

    def latest_checkpoint(self) -> SignedCheckpoint:
        """The newest signed checkpoint."""
        ...

    def entries(self, start: int) -> Iterator[LedgerEntry]:
        """The entries from index ``start`` on, in index order."""
        ...

    def consistency_proof(self, old_size: int, new_size: int) -> Sequence[bytes]:
        """The RFC 6962 consistency proof between two tree sizes."""
        ...


ConsistencyProofs = Callable[[int, int], Sequence[bytes]]


@dataclass(frozen=True)
class VerificationReport:
    """The outcome: OK, or the first thing that did not verify (and the entry, when one can be
    named)."""

    ok: bool
    message: str
    checkpoint: Checkpoint
    entries_checked: int
    first_bad_index: int | None = None


class StateFileError(ValueError):
    """The local file of checkpoints seen before cannot be used."""


def check_ledger(
    public_key: Ed25519PublicKey,
    latest: SignedCheckpoint,
    entries: Iterable[LedgerEntry],
    seen: Sequence[SignedCheckpoint] = (),
    consistency_proof: ConsistencyProofs | None = None,
) -> VerificationReport:
    """Check ``latest`` and the entries it covers against the trusted key and the checkpoints
    seen before (whose signatures the caller has checked). Entries past the checkpoint's size
    are not read."""
    checkpoint = latest.checkpoint
    size = checkpoint.tree_size

    def failed(message: str, checked: int = 0, index: int | None = None) -> VerificationReport:
        return VerificationReport(False, message, checkpoint, checked, index)

    try:
        verify_checkpoint(latest, public_key)
    except CheckpointError as error:
        return failed(f"the latest checkpoint does not verify: {error}")

    earlier = sorted((signed.checkpoint for signed in seen), key=lambda c: c.tree_size)
    for old in earlier:
        if old.tree_size > size:
            return failed(
                f"the ledger shrank: a checkpoint of size {old.tree_size} was seen before, "
                f"the latest has size {size}"
            )
        if old.tree_size == size and old.root_hash != checkpoint.root_hash:
            return failed(f"two different signed roots for the same size {size}")

    if consistency_proof is not None and earlier and earlier[-1].tree_size < size:
        old = earlier[-1]
        try:
            proof = consistency_proof(old.tree_size, size)
            verify_consistency(old.tree_size, size, old.root_hash, checkpoint.root_hash, proof)
        except ProofError as error:
            return failed(
                f"the latest checkpoint is not consistent with the checkpoint of size "
                f"{old.tree_size} seen before: {error}"
            )

    tree = MerkleTree()
    for entry in islice(entries, size):
        index = tree.size
        if entry.index != index:
            return failed(
                f"expected entry {index}, the ledger sent entry {entry.index}", index, index
            )
        computed = leaf_hash(entry.data)
        if len(entry.leaf_hash) != HASH_SIZE or entry.leaf_hash != computed:
            return failed(
                f"entry {index} has been altered: its bytes hash to {computed.hex()}, "
                f"the ledger's leaf hash is {entry.leaf_hash.hex()}",
                index,
                index,
            )
        tree.append(computed)
    if tree.size < size:
        return failed(
            f"the ledger sent {tree.size} entries, the checkpoint covers {size}",
            tree.size,
            tree.size,
        )

    verified_up_to = 0
    for old in earlier:
        if tree.root(old.tree_size) != old.root_hash:
            return failed(
                f"history was rewritten: the entries no longer give the root of the checkpoint "
                f"of size {old.tree_size} seen before; the change is among entries "
                f"{verified_up_to} to {old.tree_size - 1}",
                size,
            )
        verified_up_to = old.tree_size
    if tree.root() != checkpoint.root_hash:
        return failed(
            f"the {size} entries give the root {tree.root().hex()}, the signed checkpoint says "
            f"{checkpoint.root_hash.hex()}; every entry matches its own leaf hash, so the change "
            f"is among entries {verified_up_to} to {size - 1} and cannot be pinned to one",
            size,
        )
    return VerificationReport(
        True,
        f"{size} entries verified against the checkpoint of size {size} "
        f"signed at {datetime.fromtimestamp(checkpoint.timestamp, UTC):%Y-%m-%d %H:%M:%S} UTC",
        checkpoint,
        size,
    )


def load_seen(path: Path, public_key: Ed25519PublicKey) -> list[SignedCheckpoint]:
    """The checkpoints seen before, from the state file (none if it does not exist yet); each
    must still verify under ``public_key``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as error:
        raise StateFileError(f"cannot read the state file {path}: {error}") from None
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        raise StateFileError(f"{path} is not a version {STATE_VERSION} ledger state file")
    items = data.get("checkpoints")
    if not isinstance(items, list):
        raise StateFileError(f"{path} has no list of checkpoints")
    seen: list[SignedCheckpoint] = []
    for position, item in enumerate(items):
        try:
            signed = SignedCheckpoint.from_dict(item)
            verify_checkpoint(signed, public_key)
        except CheckpointError as error:
            raise StateFileError(f"checkpoint {position} in {path}: {error}") from None
        seen.append(signed)
    return seen


def save_seen(path: Path, seen: Sequence[SignedCheckpoint]) -> None:
    """Write the state file atomically: a temporary file in the same directory, flushed to
    disk, then renamed over the old one, so a crash leaves the old file or the new, never half."""
    text = json.dumps(
        {"version": STATE_VERSION, "checkpoints": [signed.to_dict() for signed in seen]},
        indent=2,
    )
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text + "\n")
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remember(seen: Sequence[SignedCheckpoint], latest: SignedCheckpoint) -> list[SignedCheckpoint]:
    """The checkpoints seen, with ``latest`` added unless one of the same size and root is
    already there; in order of size."""
    known = {(s.checkpoint.tree_size, s.checkpoint.root_hash) for s in seen}
    added = (
        [latest] if (latest.checkpoint.tree_size, latest.checkpoint.root_hash) not in known else []
    )
    return sorted([*seen, *added], key=lambda s: s.checkpoint.tree_size)


def verify_ledger(
    source: LedgerSource, public_key: Ed25519PublicKey, state_path: Path
) -> VerificationReport:
    """Verify the whole ledger from ``source`` and, if it verifies, record its latest
    checkpoint in the state file at ``state_path``."""
    seen = load_seen(state_path, public_key)
    latest = source.latest_checkpoint()
    report = check_ledger(public_key, latest, source.entries(0), seen, source.consistency_proof)
    if report.ok:
        save_seen(state_path, remember(seen, latest))
    return report
