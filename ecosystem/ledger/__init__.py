"""The public, verifiable ledger. Exported here, its pure core: canonical entries, the RFC 6962
Merkle tree and its proofs, signed checkpoints, and the outside verifier (no database, no
transport). Beside it: ``models`` and ``service`` (the stored log), ``http_source`` (reading a
ledger over GraphQL) and ``cli`` (``ecosystem ledger``)."""

from ecosystem.ledger.canonical import canonical_json
from ecosystem.ledger.checkpoints import (
    Checkpoint,
    CheckpointError,
    CheckpointPolicy,
    SignedCheckpoint,
    generate_private_key,
    key_id,
    load_private_key,
    load_public_key,
    private_key_to_pem,
    public_key_to_base64,
    sign_checkpoint,
    verify_checkpoint,
)
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
from ecosystem.ledger.verify import (
    LedgerEntry,
    LedgerSource,
    StateFileError,
    VerificationReport,
    check_ledger,
    load_seen,
    remember,
    save_seen,
    verify_ledger,
)

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "Checkpoint",
    "CheckpointError",
    "CheckpointPolicy",
    "LedgerEntry",
    "LedgerSource",
    "MerkleTree",
    "ProofError",
    "SignedCheckpoint",
    "StateFileError",
    "VerificationReport",
    "canonical_json",
    "check_ledger",
    "generate_private_key",
    "key_id",
    "leaf_hash",
    "load_private_key",
    "load_public_key",
    "load_seen",
    "node_hash",
    "private_key_to_pem",
    "public_key_to_base64",
    "remember",
    "root_from_inclusion_proof",
    "save_seen",
    "sign_checkpoint",
    "verify_checkpoint",
    "verify_consistency",
    "verify_inclusion",
    "verify_ledger",
]
