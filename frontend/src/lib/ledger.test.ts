// @vitest-environment node
// Known vectors computed by the server's own code (ecosystem.ledger.merkle, canonical and
// checkpoints; see the command in frontend/README.md): 7 entries (one with Chinese text), every
// inclusion proof in the tree of 7, a proof in the tree of 5, and a checkpoint signed with the
// Ed25519 seed 00 01 02 … 1f.
import { describe, expect, it } from "vitest";
import {
  concernsNeed,
  decodeGlobalId,
  fromBase64,
  keyIdOf,
  leafHash,
  parseNote,
  rootFromInclusionProof,
  toBase64,
  verifyEntry,
} from "./ledger";
import vectors from "./ledger.vectors.json";

const checkpoint = {
  treeSize: vectors.treeSize,
  rootHash: vectors.root,
  timestamp: "1740790900",
  keyId: vectors.keyId,
  signature: vectors.signature,
  note: vectors.note,
};
const proofOf = (i: number) => ({ index: i, treeSize: vectors.treeSize, hashes: (vectors.proofs as Record<string, string[]>)[String(i)] });

describe("ledger verification", () => {
  it("computes the leaf hashes of the server, Chinese text included", async () => {
    for (const [i, entry] of vectors.entries.entries()) {
      expect(toBase64(await leafHash(entry))).toBe(vectors.leafHashes[i]);
    }
  });

  it("computes the root from every inclusion proof, for sizes 7 and 5", async () => {
    for (let i = 0; i < vectors.treeSize; i++) {
      const root = await rootFromInclusionProof(fromBase64(vectors.leafHashes[i]), i, 7, proofOf(i).hashes.map(fromBase64));
      expect(toBase64(root)).toBe(vectors.root);
    }
    const root5 = await rootFromInclusionProof(fromBase64(vectors.leafHashes[2]), 2, 5, vectors.proof2in5.map(fromBase64));
    expect(toBase64(root5)).toBe(vectors.root5);
  });

  it("refuses proofs of the wrong length", async () => {
    const leaf = fromBase64(vectors.leafHashes[3]);
    const hashes = proofOf(3).hashes.map(fromBase64);
    await expect(rootFromInclusionProof(leaf, 3, 7, hashes.slice(1))).rejects.toThrow(/shorter/);
    await expect(rootFromInclusionProof(leaf, 3, 7, [...hashes, hashes[0]])).rejects.toThrow(/longer/);
    await expect(rootFromInclusionProof(leaf, 7, 7, hashes)).rejects.toThrow(/not inside/);
  });

  it("verifies an entry against the signed checkpoint", async () => {
    expect(parseNote(vectors.note)).toEqual({ treeSize: 7, rootHash: vectors.root, timestamp: "1740790900" });
    expect(await keyIdOf(fromBase64(vectors.publicKey))).toBe(vectors.keyId);
    const result = await verifyEntry({
      index: 3,
      entry: vectors.entries[3],
      storedLeafHash: vectors.leafHashes[3],
      proof: proofOf(3),
      checkpoint,
      publicKey: vectors.publicKey,
    });
    expect(result).toMatchObject({ ok: true, signatureValid: true, computedRoot: vectors.root });
  });

  it("finds a tampered entry: against the stored leaf hash, and against the root", async () => {
    const tampered = vectors.entries[3].replace('"value_fen":1050003', '"value_fen":9050003');
    expect(tampered).not.toBe(vectors.entries[3]);
    const args = { index: 3, entry: tampered, proof: proofOf(3), checkpoint, publicKey: vectors.publicKey };
    expect(await verifyEntry({ ...args, storedLeafHash: vectors.leafHashes[3] })).toMatchObject({ ok: false, failure: "leafHash" });
    expect(await verifyEntry(args)).toMatchObject({ ok: false, failure: "rootMismatch" });
  });

  it("finds a forged checkpoint: a wrong signature, a wrong key, a note that says something else", async () => {
    const args = { index: 1, entry: vectors.entries[1], proof: proofOf(1), publicKey: vectors.publicKey };
    const signature = fromBase64(vectors.signature);
    signature[0] ^= 1;
    expect(await verifyEntry({ ...args, checkpoint: { ...checkpoint, signature: toBase64(signature) } })).toMatchObject({
      ok: false,
      failure: "signature",
    });
    const otherKey = toBase64(new Uint8Array(32).fill(7));
    expect(await verifyEntry({ ...args, checkpoint, publicKey: otherKey })).toMatchObject({ ok: false, failure: "keyIdMismatch" });
    const note = vectors.note.replace("\n7\n", "\n8\n");
    expect(await verifyEntry({ ...args, checkpoint: { ...checkpoint, note } })).toMatchObject({ ok: false, failure: "noteMismatch" });
  });

  it("reads global IDs and picks the entries of a need", () => {
    expect(decodeGlobalId("TmVlZDoyODE")).toEqual({ type: "Need", key: "281" });
    const entry = JSON.parse(vectors.entries[1]);
    expect(concernsNeed(entry, 3001)).toBe(true);
    expect(concernsNeed({ ...entry, entity: "need", id: 5, refs: {} }, 5)).toBe(true);
    expect(concernsNeed(entry, 3002)).toBe(false);
  });
});
