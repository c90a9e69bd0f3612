"""The public, verifiable ledger's pure core: canonical entries, the RFC 6962 Merkle tree and
its proofs, signed checkpoints, and the outside verifier. No database, no transport."""

from ecosystem.ledger.canonical import canonical_json
from ecosystem.ledger.merkle import (
    EMPTY_ROOT,
    HASH_SIZE,
    MerkleTree,
    ProofError,
    leaf_hash,
    node_hash,
    root_from_inclusion_proof,
    verify_consistency,
    verify_inclusion,
)

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "MerkleTree",
    "ProofError",
    "canonical_json",
    "leaf_hash",
    "node_hash",
    "root_from_inclusion_proof",
    "verify_consistency",
    "verify_inclusion",
]
