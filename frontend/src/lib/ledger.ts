// Checking the public ledger in the browser, with WebCrypto only:
// - the leaf hash of an entry, SHA-256(0x00 || UTF-8 bytes of its canonical JSON text as served);
// - the root from an inclusion proof (RFC 9162 §2.1.3.2), compared with a checkpoint's root;
// - the checkpoint's Ed25519 signature over its note, with the operator's public key.
// Hashes, keys and signatures travel as standard base64 with padding (docs/ledger.md).

export type Bytes = Uint8Array<ArrayBuffer>;

export function fromBase64(text: string): Bytes {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) {
    throw new Error(`not standard base64: ${text.slice(0, 16)}…`);
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function sha256(...parts: Uint8Array[]): Promise<Bytes> {
  const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    data.set(p, offset);
    offset += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest("SHA-256", data));
}

const LEAF = new Uint8Array([0]);
const NODE = new Uint8Array([1]);

/** SHA-256(0x00 || entry bytes): the entry is the canonical JSON text, hashed as UTF-8. */
export function leafHash(entry: string): Promise<Bytes> {
  return sha256(LEAF, new TextEncoder().encode(entry));
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Bytes> {
  return sha256(NODE, left, right);
}

/** The root a proof leads to (RFC 9162 §2.1.3.2), or an error saying why the proof is malformed. */
export async function rootFromInclusionProof(leaf: Uint8Array, index: number, treeSize: number, proof: Uint8Array[]): Promise<Bytes> {
  if (!Number.isInteger(index) || !Number.isInteger(treeSize) || index < 0 || index >= treeSize) {
    throw new Error(`index ${index} is not inside a tree of ${treeSize}`);
  }
  let fn = index;
  let sn = treeSize - 1;
  let r: Bytes = new Uint8Array(leaf);
  for (const p of proof) {
    if (p.length !== 32) throw new Error("a proof hash is not 32 bytes");
    if (sn === 0) throw new Error("the proof is longer than the path");
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new Error("the proof is shorter than the path");
  return r;
}

export interface CheckpointInput {
  treeSize: number;
  rootHash: string;
  timestamp: number | string;
  keyId: string;
  signature: string;
  note: string;
}

export interface ProofInput {
  index: number;
  treeSize: number;
  hashes: string[];
}

export type Failure =
  | "entryIndex"
  | "leafHash"
  | "proofMalformed"
  | "rootMismatch"
  | "noteMismatch"
  | "keyIdMismatch"
  | "signature"
  | "ed25519Unsupported"
  | "malformed";

export interface Verification {
  ok: boolean;
  /** What failed first, if anything. */
  failure?: Failure;
  /** Details for the curious (English, technical). */
  detail?: string;
  leafHash?: string;
  computedRoot?: string;
  /** The signature step: true, false, or null when it could not be checked. */
  signatureValid?: boolean | null;
}

/** The four lines of a checkpoint note: hope-ledger, size, root, time. */
export function parseNote(note: string): { treeSize: number; rootHash: string; timestamp: string } | null {
  const lines = note.split("\n");
  if (lines.length !== 5 || lines[0] !== "hope-ledger" || lines[4] !== "") return null;
  if (!/^(0|[1-9]\d*)$/.test(lines[1]) || !/^(0|[1-9]\d*)$/.test(lines[3])) return null;
  return { treeSize: Number(lines[1]), rootHash: lines[2], timestamp: lines[3] };
}

/** The key id: lower-case hex of the first 8 bytes of SHA-256 over the raw public key. */
export async function keyIdOf(publicKey: Uint8Array): Promise<string> {
  return toHex((await sha256(publicKey)).slice(0, 8));
}

/** Checks the Ed25519 signature over the note; null when this browser has no Ed25519. */
export async function verifySignature(note: string, signature: Uint8Array, publicKey: Bytes): Promise<boolean | null> {
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey("raw", publicKey, { name: "Ed25519" }, false, ["verify"]);
  } catch (error) {
    if (error instanceof DOMException && error.name === "NotSupportedError") return null;
    if (publicKey.length !== 32) return false;
    return null;
  }
  return crypto.subtle.verify({ name: "Ed25519" }, key, new Uint8Array(signature), new TextEncoder().encode(note));
}

/**
 * The whole check for one entry against a signed checkpoint: the entry's own index, its leaf hash
 * (also against the stored one), the root from the proof against the checkpoint's root, the note
 * against the checkpoint's fields and the signature over the note. Stops at the first failure.
 */
export async function verifyEntry(args: {
  index: number;
  entry: string;
  storedLeafHash?: string;
  proof: ProofInput;
  checkpoint: CheckpointInput;
  publicKey: string;
}): Promise<Verification> {
  const { index, entry, storedLeafHash, proof, checkpoint, publicKey } = args;
  const fail = (failure: Failure, detail: string, extra: Partial<Verification> = {}): Verification => ({ ok: false, failure, detail, ...extra });
  let served: unknown;
  try {
    served = JSON.parse(entry);
  } catch {
    return fail("malformed", "the entry is not JSON");
  }
  if (typeof served !== "object" || served === null || (served as { index?: unknown }).index !== index) {
    return fail("entryIndex", `the entry says index ${(served as { index?: unknown } | null)?.index}, not ${index}`);
  }
  const leaf = await leafHash(entry);
  const leafB64 = toBase64(leaf);
  if (storedLeafHash !== undefined && storedLeafHash !== leafB64) {
    return fail("leafHash", `SHA-256(0x00 || entry) is ${leafB64}, the ledger stored ${storedLeafHash}`, { leafHash: leafB64 });
  }
  if (proof.index !== index || proof.treeSize !== checkpoint.treeSize) {
    return fail("proofMalformed", `the proof is for entry ${proof.index} in ${proof.treeSize}, not ${index} in ${checkpoint.treeSize}`, { leafHash: leafB64 });
  }
  let root: Bytes;
  try {
    root = await rootFromInclusionProof(leaf, index, proof.treeSize, proof.hashes.map(fromBase64));
  } catch (error) {
    return fail("proofMalformed", (error as Error).message, { leafHash: leafB64 });
  }
  const computedRoot = toBase64(root);
  if (computedRoot !== checkpoint.rootHash) {
    return fail("rootMismatch", `the proof leads to ${computedRoot}, the checkpoint's root is ${checkpoint.rootHash}`, { leafHash: leafB64, computedRoot });
  }
  const note = parseNote(checkpoint.note);
  if (!note || note.treeSize !== checkpoint.treeSize || note.rootHash !== checkpoint.rootHash || note.timestamp !== String(checkpoint.timestamp)) {
    return fail("noteMismatch", "the signed note does not state this checkpoint's size, root and time", { leafHash: leafB64, computedRoot });
  }
  let key: Bytes;
  let signature: Bytes;
  try {
    key = fromBase64(publicKey);
    signature = fromBase64(checkpoint.signature);
  } catch (error) {
    return fail("malformed", (error as Error).message, { leafHash: leafB64, computedRoot });
  }
  if ((await keyIdOf(key)) !== checkpoint.keyId) {
    return fail("keyIdMismatch", `the checkpoint was signed with key ${checkpoint.keyId}, not this public key`, { leafHash: leafB64, computedRoot });
  }
  const valid = await verifySignature(checkpoint.note, signature, key);
  if (valid === null) {
    return fail("ed25519Unsupported", "this browser's WebCrypto has no Ed25519", { leafHash: leafB64, computedRoot, signatureValid: null });
  }
  if (!valid) return fail("signature", "the Ed25519 signature does not verify over the note", { leafHash: leafB64, computedRoot, signatureValid: false });
  return { ok: true, leafHash: leafB64, computedRoot, signatureValid: true };
}

/** The integer key inside a global ID (url-safe base64 of "Type:key", unpadded). */
export function decodeGlobalId(id: string): { type: string; key: string } | null {
  try {
    const padded = id.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (id.length % 4)) % 4);
    const text = atob(padded);
    const colon = text.indexOf(":");
    if (colon < 1) return null;
    return { type: text.slice(0, colon), key: text.slice(colon + 1) };
  } catch {
    return null;
  }
}

export interface LedgerEntryFields {
  entity: string;
  id: number;
  from: string | null;
  to: string;
  at: number;
  index: number;
  actor_role: string;
  value_fen: number;
  quantity: number;
  region: string;
  refs: Record<string, number>;
}

/** Whether an entry concerns a need: the need itself, or anything referring to it. */
export function concernsNeed(entry: LedgerEntryFields, needKey: number): boolean {
  return (entry.entity === "need" && entry.id === needKey) || entry.refs?.need === needKey;
}
