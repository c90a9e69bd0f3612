"""The ledger's pure core: RFC 6962 trees and proofs, canonical entries, signed checkpoints and
the outside verifier.

The Merkle tree is held to the Certificate Transparency reference vectors (the leaves, tree
heads and proofs that RFC 6962 implementations share) and to a plain recursive reading of
RFC 6962 §2.1 for every size up to 70.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ecosystem.ledger import (
    EMPTY_ROOT,
    Checkpoint,
    CheckpointError,
    CheckpointPolicy,
    LedgerEntry,
    MerkleTree,
    ProofError,
    SignedCheckpoint,
    StateFileError,
    canonical_json,
    check_ledger,
    generate_private_key,
    key_id,
    leaf_hash,
    load_private_key,
    load_public_key,
    load_seen,
    node_hash,
    private_key_to_pem,
    public_key_to_base64,
    root_from_inclusion_proof,
    sign_checkpoint,
    verify_checkpoint,
    verify_consistency,
    verify_inclusion,
    verify_ledger,
)

# The Certificate Transparency reference leaves, and the tree head for each size 0..8.
CT_LEAVES = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
CT_ROOTS = [
    bytes.fromhex(h)
    for h in (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]
# (leaf index, tree size, audit path) and (old size, new size, proof) from the same suite.
CT_INCLUSION = [
    (0, 8, ["96a296d2", "5f083f0a", "6b47aaf2"]),
    (5, 8, ["bc1a0643", "ca854ea1", "d37ee418"]),
    (2, 3, ["fac54203"]),
    (1, 5, ["6e340b9c", "5f083f0a", "bc1a0643"]),
]
CT_CONSISTENCY = [
    (1, 8, ["96a296d2", "5f083f0a", "6b47aaf2"]),
    (6, 8, ["0ebc5d34", "ca854ea1", "d37ee418"]),
    (2, 5, ["5f083f0a", "bc1a0643"]),
]
CT_PROOF_HASHES = {
    h[:8]: bytes.fromhex(h)
    for h in (
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
    )
}


def ct_tree() -> MerkleTree:
    return MerkleTree(leaf_hash(leaf) for leaf in CT_LEAVES)


def synthetic_leaves(n: int) -> list[bytes]:
    return [leaf_hash(f"entry {i}".encode()) for i in range(n)]


# A plain recursive reading of RFC 6962 §2.1, to hold the stored-levels tree to.
def reference_root(leaves: list[bytes]) -> bytes:
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(reference_root(leaves[:k]), reference_root(leaves[k:]))


def reference_path(m: int, leaves: list[bytes]) -> list[bytes]:
    if len(leaves) == 1:
        return []
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    if m < k:
        return [*reference_path(m, leaves[:k]), reference_root(leaves[k:])]
    return [*reference_path(m - k, leaves[k:]), reference_root(leaves[:k])]


def reference_subproof(m: int, leaves: list[bytes], whole: bool) -> list[bytes]:
    if m == len(leaves):
        return [] if whole else [reference_root(leaves)]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    if m <= k:
        return [*reference_subproof(m, leaves[:k], whole), reference_root(leaves[k:])]
    return [*reference_subproof(m - k, leaves[k:], False), reference_root(leaves[:k])]


def flipped(value: bytes) -> bytes:
    return bytes([value[0] ^ 0x10]) + value[1:]


# --- The Merkle tree ----------------------------------------------------------------------


def test_tree_heads_match_the_certificate_transparency_vectors() -> None:
    tree = ct_tree()
    assert [tree.root(n) for n in range(len(CT_LEAVES) + 1)] == CT_ROOTS
    assert CT_ROOTS[0] == EMPTY_ROOT
    assert leaf_hash(b"") == CT_ROOTS[1]


def test_a_tree_grown_one_leaf_at_a_time_has_the_reference_head_at_every_size() -> None:
    tree = MerkleTree()
    for n, leaf in enumerate(CT_LEAVES, start=1):
        assert tree.append(leaf_hash(leaf)) == n - 1
        assert tree.root() == CT_ROOTS[n]
        assert len(tree) == tree.size == n


@pytest.mark.parametrize(("index", "size", "path"), CT_INCLUSION)
def test_inclusion_proofs_match_the_certificate_transparency_vectors(
    index: int, size: int, path: list[str]
) -> None:
    expected = [CT_PROOF_HASHES[h] for h in path]
    assert ct_tree().inclusion_proof(index, size) == expected
    verify_inclusion(leaf_hash(CT_LEAVES[index]), index, size, expected, CT_ROOTS[size])


@pytest.mark.parametrize(("old", "new", "proof"), CT_CONSISTENCY)
def test_consistency_proofs_match_the_certificate_transparency_vectors(
    old: int, new: int, proof: list[str]
) -> None:
    expected = [CT_PROOF_HASHES[h] for h in proof]
    assert ct_tree().consistency_proof(old, new) == expected
    verify_consistency(old, new, CT_ROOTS[old], CT_ROOTS[new], expected)


def test_roots_and_proofs_agree_with_the_recursive_definition_for_every_size_to_70() -> None:
    leaves = synthetic_leaves(70)
    tree = MerkleTree(leaves)
    for size in range(71):
        assert tree.root(size) == reference_root(leaves[:size]), size
        for index in range(size):
            assert tree.inclusion_proof(index, size) == reference_path(index, leaves[:size])
        for old in range(1, size):
            assert tree.consistency_proof(old, size) == reference_subproof(old, leaves[:size], True)


def test_every_inclusion_proof_to_40_verifies_and_fails_when_anything_is_changed() -> None:
    leaves = synthetic_leaves(40)
    tree = MerkleTree(leaves)
    for size in range(1, 41):
        root = tree.root(size)
        for index in range(size):
            proof = tree.inclusion_proof(index, size)
            verify_inclusion(leaves[index], index, size, proof, root)
            wrong: list[tuple[bytes, int, int, list[bytes], bytes]] = [
                (flipped(leaves[index]), index, size, proof, root),
                (leaves[index], index, size, proof, flipped(root)),
                (leaves[index], index, size, [*proof, root], root),
                (leaves[index], index, size, [root, *proof], root),
                (leaves[index], index, size * 2, proof, root),
            ]
            wrong += [
                (leaves[index], index, size, [*proof[:i], flipped(p), *proof[i + 1 :]], root)
                for i, p in enumerate(proof)
            ]
            if proof:
                wrong.append((leaves[index], index, size, proof[:-1], root))
            if index + 1 < size:
                wrong.append((leaves[index], index + 1, size, proof, root))
            if index > 0:
                wrong.append((leaves[index], index - 1, size, proof, root))
            if size // 2 > index:
                wrong.append((leaves[index], index, size // 2, proof, root))
            # Another size is paired with its own root, as a signed checkpoint pairs them.
            wrong += [
                (leaves[index], index, other, proof, tree.root(other))
                for other in range(index + 1, 41)
                if other != size
            ]
            for leaf, i, n, p, r in wrong:
                with pytest.raises(ProofError):
                    verify_inclusion(leaf, i, n, p, r)


def test_every_consistency_proof_to_40_verifies_and_fails_when_anything_is_changed() -> None:
    leaves = synthetic_leaves(40)
    tree = MerkleTree(leaves)
    roots = [tree.root(n) for n in range(41)]
    for new in range(41):
        for old in range(new + 1):
            proof = tree.consistency_proof(old, new)
            verify_consistency(old, new, roots[old], roots[new], proof)
            if old in (0, new):
                assert proof == []
                continue
            wrong: list[tuple[int, int, bytes, bytes, list[bytes]]] = [
                (old, new, flipped(roots[old]), roots[new], proof),
                (old, new, roots[old], flipped(roots[new]), proof),
                (old, new, roots[new], roots[old], proof),
                (old, new, roots[old], roots[new], []),
                (old, new, roots[old], roots[new], proof[:-1]),
                (old, new, roots[old], roots[new], [*proof, roots[new]]),
                (old, new, roots[old], roots[new], [proof[0], *proof]),
                (old - 1, new, roots[old], roots[new], proof),
                (old, new * 2, roots[old], roots[new], proof),
            ]
            wrong += [
                (old, other, roots[old], roots[other], proof)
                for other in range(old + 1, 41)
                if other != new
            ]
            wrong += [
                (old, new, roots[old], roots[new], [*proof[:i], flipped(p), *proof[i + 1 :]])
                for i, p in enumerate(proof)
            ]
            if old + 1 < new:
                wrong.append((old + 1, new, roots[old], roots[new], proof))
            for m, n, r1, r2, p in wrong:
                with pytest.raises(ProofError):
                    verify_consistency(m, n, r1, r2, p)


def test_a_proof_binds_the_tree_size_only_through_the_root() -> None:
    # RFC 9162's verification walks the same path for leaf 0 of 3 and of 4 leaves: the size
    # is bound by the root it leads to, which is why a checkpoint signs size and root together.
    tree = MerkleTree(synthetic_leaves(4))
    proof = tree.inclusion_proof(0, 3)
    verify_inclusion(tree.leaf(0), 0, 4, proof, tree.root(3))
    with pytest.raises(ProofError, match="does not lead to the root"):
        verify_inclusion(tree.leaf(0), 0, 4, proof, tree.root(4))


def test_trivial_consistency_holds_only_with_an_empty_proof_and_equal_roots() -> None:
    root = leaf_hash(b"x")
    verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    verify_consistency(0, 5, EMPTY_ROOT, root, [])
    verify_consistency(3, 3, root, root, [])
    with pytest.raises(ProofError, match="different roots"):
        verify_consistency(3, 3, root, flipped(root), [])
    with pytest.raises(ProofError, match="must be empty"):
        verify_consistency(3, 3, root, root, [root])
    with pytest.raises(ProofError, match="larger than new size"):
        verify_consistency(4, 3, root, root, [])


def test_bad_sizes_indices_and_hashes_are_refused_with_a_proof_error() -> None:
    tree = MerkleTree(synthetic_leaves(5))
    with pytest.raises(ProofError, match="outside a tree of 5"):
        tree.inclusion_proof(5)
    with pytest.raises(ProofError, match="outside a tree of 3"):
        tree.inclusion_proof(3, 3)
    with pytest.raises(ProofError, match="larger than the tree"):
        tree.root(6)
    with pytest.raises(ProofError, match="non-negative"):
        tree.inclusion_proof(-1)
    with pytest.raises(ProofError, match="larger than new size"):
        tree.consistency_proof(4, 3)
    with pytest.raises(ProofError, match="31 bytes"):
        tree.append(b"\x00" * 31)
    with pytest.raises(ProofError, match="outside a tree of 0"):
        root_from_inclusion_proof(leaf_hash(b""), 0, 0, [])
    with pytest.raises(ProofError, match="too long"):
        verify_inclusion(tree.leaf(0), 0, 5, [*tree.inclusion_proof(0), tree.root()], tree.root())
    with pytest.raises(ProofError, match="too short"):
        verify_consistency(3, 5, tree.root(3), tree.root(), tree.consistency_proof(3)[:-1])
    with pytest.raises(ProofError, match="proof hash 0 is 3 bytes"):
        verify_inclusion(tree.leaf(0), 0, 5, [b"abc"], tree.root())
    assert tree.size == 5


def test_the_tree_answers_for_any_earlier_size_after_growing() -> None:
    leaves = synthetic_leaves(1000)
    grown = MerkleTree(leaves[:1])
    grown.extend(leaves[1:])
    for size in (1, 2, 3, 255, 256, 257, 511, 999, 1000):
        assert grown.root(size) == MerkleTree(leaves[:size]).root()
        assert grown.leaf(size - 1) == leaves[size - 1]


# --- Canonical JSON -----------------------------------------------------------------------


def test_canonical_json_sorts_keys_by_utf16_code_units_as_rfc_8785_does() -> None:
    # RFC 8785 §3.2.3's example: the emoji (a surrogate pair) sorts before U+FB33.
    entry = {
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\U0001f600": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis",
    }
    text = canonical_json(entry).decode("utf-8")
    order = [text.index(value) for value in entry.values()]
    assert sorted(order) == [order[i] for i in (1, 3, 5, 6, 0, 4, 2)]


def test_plain_entries_encode_to_the_same_bytes_by_either_encoder() -> None:
    # Exact dicts with ASCII keys take the standard library's encoder; a mapping proxy of the
    # same value takes the long way. Every ledger entry ever hashed must give the same bytes.
    rng = random.Random(8785)
    alphabet = [
        '"',
        "\\",
        "/",
        "a",
        "Z",
        "0",
        " ",
        "\x7f",
        "\u00e9",
        "\u4e2d",
        "\u2028",
        "\U0001f600",
    ]
    alphabet += [chr(c) for c in range(0x20)]
    limits = [0, 1, -1, 2**53 - 1, -(2**53 - 1), 10**12]

    def text(size: int) -> str:
        return "".join(rng.choice(alphabet) for _ in range(size))

    def value(depth: int) -> Any:
        pick = rng.randrange(8 if depth < 4 else 5)
        if pick == 0:
            return text(rng.randrange(12))
        if pick == 1:
            return rng.choice(limits) if rng.random() < 0.5 else rng.randrange(-(10**9), 10**9)
        if pick == 2:
            return rng.choice([True, False, None])
        if pick in (3, 4):
            return text(rng.randrange(3))
        if pick == 5:
            return [value(depth + 1) for _ in range(rng.randrange(4))]
        if pick == 6:
            return tuple(value(depth + 1) for _ in range(rng.randrange(4)))
        return entry(depth + 1)

    def entry(depth: int) -> dict[str, Any]:
        keys = ["id", "at", "b", "a\tb", 'q"k', "\\", "Z", "z", "_", "10", "9"]
        return {rng.choice(keys): value(depth) for _ in range(rng.randrange(6))}

    for _ in range(2000):
        plain = entry(0)
        assert canonical_json(plain) == canonical_json(MappingProxyType(plain))
        json.loads(canonical_json(plain))


def test_canonical_json_has_no_whitespace_and_writes_text_as_itself() -> None:
    entry = {
        "kind": "match.approved",
        "region": "370983",
        "amount_fen": 600_000_000,
        "parties": [12, 7],
        "note": '肥城 "希望"\n\x0f\u2028',
        "flags": {"hope": True, "boarding": False, "deadline": None},
    }
    assert canonical_json(entry) == (
        '{"amount_fen":600000000,"flags":{"boarding":false,"deadline":null,"hope":true},'
        '"kind":"match.approved","note":"肥城 \\"希望\\"\\n\\u000f\u2028",'
        '"parties":[12,7],"region":"370983"}'
    ).encode("utf-8")


def test_canonical_json_is_the_same_whatever_order_the_keys_came_in() -> None:
    a = {"b": 1, "a": {"y": [1, 2], "x": "z"}}
    b = {"a": {"x": "z", "y": (1, 2)}, "b": 1}
    assert canonical_json(a) == canonical_json(b)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"amount": 1.5}, r"\$\.amount: floats are not allowed"),
        ({"amount": float("nan")}, "floats are not allowed"),
        ({"amount": float("inf")}, "floats are not allowed"),
        ({1: "one"}, "object key 1 is not a string"),
        ({"items": [{"at": b"raw"}]}, r"\$\.items\[0\]\.at: bytes has no canonical JSON form"),
        ({"big": 2**53}, "outside"),
        ({"small": -(2**53)}, "outside"),
        ({"text": "\ud800"}, "not valid Unicode"),
    ],
)
def test_canonical_json_refuses_what_has_no_single_encoding(entry: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        canonical_json(entry)


def test_canonical_json_keeps_the_largest_safe_integers() -> None:
    assert canonical_json([2**53 - 1, -(2**53 - 1), 0]) == b"[9007199254740991,-9007199254740991,0]"


# --- Signed checkpoints -------------------------------------------------------------------

# RFC 8032 §7.1, test 1: a fixed key, so the signed bytes below are known.
RFC8032_SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
RFC8032_PUBLIC = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")


def test_the_signed_note_is_four_fixed_lines_and_reads_back() -> None:
    checkpoint = Checkpoint(tree_size=8, root_hash=CT_ROOTS[8], timestamp=1_740_787_200)
    root = base64.b64encode(CT_ROOTS[8]).decode()
    assert checkpoint.note() == f"hope-ledger\n8\n{root}\n1740787200\n".encode()
    assert Checkpoint.from_note(checkpoint.note()) == checkpoint


@pytest.mark.parametrize(
    "note",
    [
        b"other-log\n8\nAAAA\n1\n",
        b"hope-ledger\n08\n" + base64.b64encode(CT_ROOTS[8]) + b"\n1\n",
        b"hope-ledger\n8\n" + base64.b64encode(CT_ROOTS[8]) + b"\n1",
        b"hope-ledger\n8\n" + base64.b64encode(CT_ROOTS[8]) + b"\n-1\n",
        b"hope-ledger\n8\n" + base64.b64encode(CT_ROOTS[8][:31]) + b"\n1\n",
    ],
)
def test_a_note_in_any_other_form_is_refused(note: bytes) -> None:
    with pytest.raises(CheckpointError):
        Checkpoint.from_note(note)


def test_a_checkpoint_signed_with_the_private_key_verifies_with_only_the_public_key() -> None:
    private = load_private_key(base64.b64encode(RFC8032_SEED).decode())
    public = load_public_key(base64.b64encode(RFC8032_PUBLIC).decode())
    checkpoint = Checkpoint(8, CT_ROOTS[8], 1_740_787_200)
    signed = sign_checkpoint(checkpoint, private)
    assert signed.key_id == hashlib.sha256(RFC8032_PUBLIC).hexdigest()[:16] == key_id(public)
    assert verify_checkpoint(signed, public) == checkpoint
    # Ed25519 is deterministic: the same note under the same key gives the same signature.
    assert sign_checkpoint(checkpoint, private).signature == signed.signature
    assert SignedCheckpoint.from_dict(json.loads(json.dumps(signed.to_dict()))) == signed


def test_a_changed_size_root_time_or_signature_is_rejected() -> None:
    key = generate_private_key()
    signed = sign_checkpoint(Checkpoint(8, CT_ROOTS[8], 1_740_787_200), key)
    public = key.public_key()
    forgeries = [
        replace(signed, checkpoint=replace(signed.checkpoint, tree_size=9)),
        replace(signed, checkpoint=replace(signed.checkpoint, root_hash=CT_ROOTS[7])),
        replace(signed, checkpoint=replace(signed.checkpoint, timestamp=1_740_787_201)),
        replace(signed, signature=flipped(signed.signature)),
        replace(signed, signature=signed.signature[:63]),
    ]
    for forged in forgeries:
        with pytest.raises(CheckpointError):
            verify_checkpoint(forged, public)


def test_a_checkpoint_from_another_key_is_rejected_even_under_the_trusted_key_id() -> None:
    trusted, other = generate_private_key(), generate_private_key()
    signed = sign_checkpoint(Checkpoint(1, CT_ROOTS[1], 1), other)
    with pytest.raises(CheckpointError, match="signed by key"):
        verify_checkpoint(signed, trusted.public_key())
    relabelled = replace(signed, key_id=key_id(trusted.public_key()))
    with pytest.raises(CheckpointError, match="does not verify"):
        verify_checkpoint(relabelled, trusted.public_key())


def test_keys_survive_their_text_forms() -> None:
    key = generate_private_key()
    pem = private_key_to_pem(key)
    assert pem.startswith("-----BEGIN PRIVATE KEY-----")
    public = public_key_to_base64(key.public_key())
    assert len(base64.b64decode(public)) == 32
    assert public_key_to_base64(load_private_key(pem).public_key()) == public
    assert key_id(load_public_key(public)) == key_id(key.public_key())


@pytest.mark.parametrize(
    ("loader", "text", "message"),
    [
        (load_public_key, "not base64!", "not valid base64"),
        (load_public_key, base64.b64encode(bytes(31)).decode(), "31 bytes"),
        (load_private_key, base64.b64encode(bytes(33)).decode(), "33 bytes"),
        (load_private_key, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "PEM"),
    ],
)
def test_malformed_keys_are_refused_clearly(loader: Any, text: str, message: str) -> None:
    with pytest.raises(CheckpointError, match=message):
        loader(text)


def test_a_checkpoint_is_due_every_n_entries_or_t_seconds_but_never_without_new_entries() -> None:
    policy = CheckpointPolicy(every_entries=100, every_seconds=300)
    last = Checkpoint(1000, CT_ROOTS[1], 10_000)
    assert policy.due(None, 0, 0)
    assert not policy.due(last, 1000, 10_000 + 3600)
    assert not policy.due(last, 1099, 10_299)
    assert policy.due(last, 1100, 10_001)
    assert policy.due(last, 1001, 10_300)


# --- The outside verifier -----------------------------------------------------------------


class InMemoryLedger:
    """A ledger as the server keeps it: entry bytes, the leaf hash stored with each when it was
    appended, the tree, and the latest signed checkpoint."""

    def __init__(self, key: Ed25519PrivateKey) -> None:
        self.key = key
        self.data: list[bytes] = []
        self.stored_hashes: list[bytes] = []
        self.tree = MerkleTree()
        self.signed: SignedCheckpoint | None = None
        self.now = 1_740_787_200
        self.entries_served = 0

    def append(self, count: int) -> None:
        for _ in range(count):
            data = canonical_json(demo_entry(len(self.data)))
            self.data.append(data)
            self.stored_hashes.append(leaf_hash(data))
            self.tree.append(leaf_hash(data))

    def sign(self) -> None:
        self.now += 60
        checkpoint = Checkpoint(self.tree.size, self.tree.root(), self.now)
        self.signed = sign_checkpoint(checkpoint, self.key)

    def rewrite_history(self, index: int) -> None:
        """The operator changes an entry, its stored hash and the tree, then signs again."""
        self.data[index] = canonical_json({**demo_entry(index), "amount_fen": 1})
        self.stored_hashes[index] = leaf_hash(self.data[index])
        self.tree = MerkleTree(self.stored_hashes)
        self.sign()

    def latest_checkpoint(self) -> SignedCheckpoint:
        assert self.signed is not None
        return self.signed

    def entries(self, start: int) -> Iterator[LedgerEntry]:
        for index in range(start, len(self.data)):
            self.entries_served += 1
            yield LedgerEntry(index, self.data[index], self.stored_hashes[index])

    def consistency_proof(self, old_size: int, new_size: int) -> list[bytes]:
        return self.tree.consistency_proof(old_size, new_size)


def demo_entry(index: int) -> dict[str, Any]:
    return {
        "seq": index,
        "kind": "match.approved",
        "match": 5000 + index,
        "pledge": 300 + index % 7,
        "need_item": 9000 + index,
        "region": "370983",
        "amount_fen": 600_000_000 // (index + 1),
        "parties": [12, 7],
        "actor_role": "GOV_OFFICIAL",
        "at": 1_740_787_200 + index,
    }


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return generate_private_key()


@pytest.fixture
def ledger(key: Ed25519PrivateKey) -> InMemoryLedger:
    ledger = InMemoryLedger(key)
    ledger.append(37)
    ledger.sign()
    return ledger


def state_sizes(path: Path) -> list[int]:
    return [c["tree_size"] for c in json.loads(path.read_text())["checkpoints"]]


def test_an_honest_ledger_verifies_and_its_checkpoint_is_remembered(
    ledger: InMemoryLedger, key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    state = tmp_path / "seen.json"
    report = verify_ledger(ledger, key.public_key(), state)
    assert report.ok, report.message
    assert report.entries_checked == 37 and report.first_bad_index is None
    assert state_sizes(state) == [37]

    ledger.append(20)
    ledger.sign()
    again = verify_ledger(ledger, key.public_key(), state)
    assert again.ok, again.message
    assert state_sizes(state) == [37, 57]
    assert [p.name for p in tmp_path.iterdir()] == ["seen.json"]


def test_the_verifier_names_the_first_entry_edited_behind_the_ledgers_back(
    ledger: InMemoryLedger, key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    state = tmp_path / "seen.json"
    assert verify_ledger(ledger, key.public_key(), state).ok
    for index in (29, 18):
        ledger.data[index] = ledger.data[index].replace(b'"amount_fen":', b'"amount_fen":1')

    report = verify_ledger(ledger, key.public_key(), state)

    assert not report.ok
    assert report.first_bad_index == 18
    assert "entry 18 has been altered" in report.message
    assert state_sizes(state) == [37]


def test_a_rewritten_history_is_caught_by_the_consistency_proof(
    ledger: InMemoryLedger, key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    state = tmp_path / "seen.json"
    assert verify_ledger(ledger, key.public_key(), state).ok
    before = state.read_bytes()
    ledger.append(5)
    ledger.rewrite_history(10)

    report = verify_ledger(ledger, key.public_key(), state)

    assert not report.ok
    assert "not consistent with the checkpoint of size 37" in report.message
    assert state.read_bytes() == before


def test_a_rewritten_history_is_caught_by_recomputation_without_proofs(
    ledger: InMemoryLedger, key: Ed25519PrivateKey
) -> None:
    seen = [ledger.latest_checkpoint()]
    ledger.append(5)
    ledger.rewrite_history(10)

    report = check_ledger(key.public_key(), ledger.latest_checkpoint(), ledger.entries(0), seen)

    assert not report.ok
    assert "history was rewritten" in report.message
    assert "entries 0 to 36" in report.message


def test_a_ledger_that_shrank_or_forked_is_refused(
    ledger: InMemoryLedger, key: Ed25519PrivateKey
) -> None:
    public = key.public_key()
    old = ledger.latest_checkpoint()
    ledger.append(3)
    ledger.sign()
    newer = ledger.latest_checkpoint()
    shrank = check_ledger(public, old, ledger.entries(0), [newer], ledger.consistency_proof)
    assert not shrank.ok and "shrank" in shrank.message

    ledger.rewrite_history(0)
    forked = check_ledger(public, ledger.latest_checkpoint(), ledger.entries(0), [newer])
    assert not forked.ok and "two different signed roots for the same size 40" in forked.message


def test_a_checkpoint_with_a_bad_signature_is_refused_and_not_remembered(
    ledger: InMemoryLedger, key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    assert ledger.signed is not None
    ledger.signed = replace(ledger.signed, signature=flipped(ledger.signed.signature))
    state = tmp_path / "seen.json"

    report = verify_ledger(ledger, key.public_key(), state)

    assert not report.ok and "does not verify" in report.message
    assert not state.exists()


def test_missing_or_misnumbered_entries_are_named(
    ledger: InMemoryLedger, key: Ed25519PrivateKey
) -> None:
    public, latest = key.public_key(), ledger.latest_checkpoint()
    entries = list(ledger.entries(0))

    short = check_ledger(public, latest, entries[:30])
    assert not short.ok and short.first_bad_index == 30
    assert "sent 30 entries, the checkpoint covers 37" in short.message

    skipped = check_ledger(public, latest, entries[:12] + entries[13:])
    assert not skipped.ok and skipped.first_bad_index == 12


def test_a_root_that_the_entries_do_not_give_is_reported_without_blaming_an_entry(
    ledger: InMemoryLedger, key: Ed25519PrivateKey
) -> None:
    ledger.rewrite_history(3)
    entries = list(ledger.entries(0))
    ledger.data[3] = canonical_json(demo_entry(3))
    ledger.stored_hashes[3] = leaf_hash(ledger.data[3])

    report = check_ledger(key.public_key(), ledger.latest_checkpoint(), ledger.entries(0))

    assert not report.ok and report.first_bad_index is None
    assert "cannot be pinned to one" in report.message
    assert check_ledger(key.public_key(), ledger.latest_checkpoint(), entries).ok


def test_entries_appended_after_the_checkpoint_are_not_read(
    ledger: InMemoryLedger, key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    ledger.append(10)
    report = verify_ledger(ledger, key.public_key(), tmp_path / "seen.json")
    assert report.ok and report.entries_checked == 37
    assert ledger.entries_served == 37


def test_a_state_file_that_cannot_be_trusted_is_refused(
    ledger: InMemoryLedger, key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    state = tmp_path / "seen.json"
    assert verify_ledger(ledger, key.public_key(), state).ok
    with pytest.raises(StateFileError, match="signed by key"):
        load_seen(state, generate_private_key().public_key())

    state.write_text("{not json")
    with pytest.raises(StateFileError, match="cannot read"):
        load_seen(state, key.public_key())
    state.write_text(json.dumps({"version": 99, "checkpoints": []}))
    with pytest.raises(StateFileError, match="not a version 1"):
        load_seen(state, key.public_key())
