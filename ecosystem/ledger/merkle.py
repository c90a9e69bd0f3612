"""An RFC 6962 Merkle tree over the ledger's leaf hashes, with inclusion and consistency proofs.

Hashing (RFC 6962 §2.1, the same in RFC 9162): a leaf is ``SHA-256(0x00 || entry)``, an interior
node ``SHA-256(0x01 || left || right)``, the empty tree ``SHA-256()``. A tree of ``n > 1`` leaves
splits at ``k``, the largest power of two smaller than ``n``: ``MTH(D[n]) =
node(MTH(D[0:k]), MTH(D[k:n]))``. The split is not the midpoint, and that matters: only this
split gives roots that other implementations (and outside verifiers) agree with.

Generation. ``MerkleTree`` keeps, per level ``h``, the hashes of every complete subtree of
``2**h`` leaves, each level one contiguous ``bytearray`` (32 bytes a hash, about 64 MB for a
million leaves). Appending is amortised O(1); the root of any earlier size and any proof are
O(log n), because every range the RFC's recursion visits is a complete subtree already stored
plus at most one ragged right edge.

Verification (``verify_inclusion``, ``verify_consistency``) needs nothing but hashes and sizes,
follows RFC 9162 §2.1.3.2 and §2.1.4.2, and raises ``ProofError`` saying what did not hold.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()
_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"


class ProofError(ValueError):
    """A size, index or hash is out of range, or a proof does not lead to the claimed root."""


def leaf_hash(entry: bytes) -> bytes:
    """The RFC 6962 hash of one leaf: ``SHA-256(0x00 || entry)``."""
    return hashlib.sha256(_LEAF_PREFIX + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The RFC 6962 hash of an interior node: ``SHA-256(0x01 || left || right)``."""
    return hashlib.sha256(_NODE_PREFIX + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly smaller than ``n`` (``n >= 2``)."""
    return 1 << ((n - 1).bit_length() - 1)


def _check_hash(value: bytes, what: str) -> None:
    if len(value) != HASH_SIZE:
        raise ProofError(f"{what} is {len(value)} bytes, expected {HASH_SIZE}")


def _check_size(value: int, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ProofError(f"{what} must be a non-negative integer, got {value!r}")


class MerkleTree:
    """An append-only RFC 6962 tree over leaf hashes that answers for its current and past sizes."""

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        """Build the tree from leaf hashes (32 bytes each), in order."""
        self._levels: list[bytearray] = []
        self._size = 0
        self.extend(leaf_hashes)

    @property
    def size(self) -> int:
        """The number of leaves."""
        return self._size

    def __len__(self) -> int:
        return self._size

    def append(self, leaf: bytes) -> int:
        """Add one leaf hash at the end; returns its index."""
        _check_hash(leaf, "leaf hash")
        index = self._size
        self._size += 1
        node = bytes(leaf)
        level = 0
        while True:
            if level == len(self._levels):
                self._levels.append(bytearray())
            self._levels[level] += node
            position = index >> level
            if position & 1 == 0:
                return index
            # The new node completes a pair: its parent is a complete subtree one level up.
            node = node_hash(self._stored(level, position - 1), node)
            level += 1

    def extend(self, leaf_hashes: Iterable[bytes]) -> None:
        """Append leaf hashes in order."""
        for leaf in leaf_hashes:
            self.append(leaf)

    def leaf(self, index: int) -> bytes:
        """The leaf hash at ``index``."""
        self._check_index(index, self._size)
        return self._stored(0, index)

    def root(self, size: int | None = None) -> bytes:
        """The tree head (MTH) of the first ``size`` leaves; the whole tree by default."""
        size = self._check_tree_size(size)
        return self._range_hash(0, size) if size else EMPTY_ROOT

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """The audit path of leaf ``index`` in the tree of the first ``size`` leaves (RFC 6962
        §2.1.1), nearest sibling first."""
        size = self._check_tree_size(size)
        self._check_index(index, size)
        path: list[bytes] = []
        lo, hi = 0, size
        while hi - lo > 1:
            k = _split(hi - lo)
            if index < lo + k:
                path.append(self._range_hash(lo + k, hi))
                hi = lo + k
            else:
                path.append(self._range_hash(lo, lo + k))
                lo += k
        path.reverse()
        return path

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """The proof that the tree of ``old_size`` leaves is a prefix of the tree of
        ``new_size`` leaves (RFC 6962 §2.1.2); empty when ``old_size`` is 0 or equal."""
        new_size = self._check_tree_size(new_size)
        _check_size(old_size, "old size")
        if old_size > new_size:
            raise ProofError(f"old size {old_size} is larger than new size {new_size}")
        if old_size in (0, new_size):
            return []
        proof: list[bytes] = []
        lo, hi, m = 0, new_size, old_size
        # ``whole`` is the RFC's flag b: the old tree is exactly the current range (so its
        # root is known to the verifier and is left out of the proof).
        whole = True
        while m != hi:
            k = _split(hi - lo)
            if m - lo <= k:
                proof.append(self._range_hash(lo + k, hi))
                hi = lo + k
            else:
                proof.append(self._range_hash(lo, lo + k))
                lo += k
                whole = False
        if not whole:
            proof.append(self._range_hash(lo, hi))
        proof.reverse()
        return proof

    def _stored(self, level: int, position: int) -> bytes:
        start = position * HASH_SIZE
        return bytes(self._levels[level][start : start + HASH_SIZE])

    def _range_hash(self, lo: int, hi: int) -> bytes:
        """MTH of leaves ``[lo, hi)``; ``lo`` is aligned to a power of two at least
        ``hi - lo``, which holds for every range the RFC's recursion visits."""
        n = hi - lo
        if n & (n - 1) == 0:
            level = n.bit_length() - 1
            return self._stored(level, lo >> level)
        k = _split(n)
        return node_hash(self._stored(k.bit_length() - 1, lo // k), self._range_hash(lo + k, hi))

    def _check_tree_size(self, size: int | None) -> int:
        if size is None:
            return self._size
        _check_size(size, "tree size")
        if size > self._size:
            raise ProofError(f"tree size {size} is larger than the tree ({self._size} leaves)")
        return size

    @staticmethod
    def _check_index(index: int, size: int) -> None:
        _check_size(index, "leaf index")
        if index >= size:
            raise ProofError(f"leaf index {index} is outside a tree of {size} leaves")


def root_from_inclusion_proof(leaf: bytes, index: int, size: int, proof: Sequence[bytes]) -> bytes:
    """The root that an audit path leads to from ``leaf`` at ``index`` in a tree of ``size``
    leaves (RFC 9162 §2.1.3.2); raises ``ProofError`` if the path has the wrong length."""
    _check_size(index, "leaf index")
    _check_size(size, "tree size")
    if index >= size:
        raise ProofError(f"leaf index {index} is outside a tree of {size} leaves")
    _check_hash(leaf, "leaf hash")
    fn, sn = index, size - 1
    result = leaf
    for position, sibling in enumerate(proof):
        _check_hash(sibling, f"proof hash {position}")
        if sn == 0:
            raise ProofError(f"inclusion proof is too long for leaf {index} of {size}")
        if fn & 1 or fn == sn:
            result = node_hash(sibling, result)
            while fn & 1 == 0 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            result = node_hash(result, sibling)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError(f"inclusion proof is too short for leaf {index} of {size}")
    return result


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that ``leaf`` is at ``index`` in the tree of ``size`` leaves whose head is
    ``root``; raises ``ProofError`` if not."""
    _check_hash(root, "root hash")
    if root_from_inclusion_proof(leaf, index, size, proof) != root:
        raise ProofError(f"inclusion proof for leaf {index} of {size} does not lead to the root")


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> None:
    """Check that the tree of ``old_size`` leaves with head ``old_root`` is a prefix of the
    tree of ``new_size`` leaves with head ``new_root`` (RFC 9162 §2.1.4.2); raises
    ``ProofError`` if not."""
    _check_size(old_size, "old size")
    _check_size(new_size, "new size")
    _check_hash(old_root, "old root")
    _check_hash(new_root, "new root")
    for position, value in enumerate(proof):
        _check_hash(value, f"proof hash {position}")
    if old_size > new_size:
        raise ProofError(f"old size {old_size} is larger than new size {new_size}")
    if old_size == new_size:
        if proof:
            raise ProofError("a consistency proof between equal sizes must be empty")
        if old_root != new_root:
            raise ProofError(f"two different roots for the same size {old_size}")
        return
    if old_size == 0:
        if proof:
            raise ProofError("a consistency proof from the empty tree must be empty")
        return
    if not proof:
        raise ProofError(f"empty consistency proof from size {old_size} to {new_size}")

    path = list(proof)
    if old_size & (old_size - 1) == 0:
        # The old tree is a complete subtree of the new one, so its root is the path's start.
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    old_result = new_result = path[0]
    for value in path[1:]:
        if sn == 0:
            raise ProofError(f"consistency proof from {old_size} to {new_size} is too long")
        if fn & 1 or fn == sn:
            old_result = node_hash(value, old_result)
            new_result = node_hash(value, new_result)
            while fn & 1 == 0 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            new_result = node_hash(new_result, value)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError(f"consistency proof from {old_size} to {new_size} is too short")
    if old_result != old_root:
        raise ProofError(f"consistency proof does not lead to the root of size {old_size}")
    if new_result != new_root:
        raise ProofError(f"consistency proof does not lead to the root of size {new_size}")
