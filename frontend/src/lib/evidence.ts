// Evidence photos: POST /evidence, multipart with the field `file`, with the session cookie.
// The server checks the content itself; the browser checks type and size first so a wrong file
// is refused at once, in plain words, without a 5 MB upload.

export const EVIDENCE_TYPES = ["image/jpeg", "image/png", "image/webp"];
export const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024;

export interface UploadedEvidence {
  id: string;
  contentType: string;
  sizeBytes: number;
  width: number;
  height: number;
}

/** Why a photo was refused: a reason the page shows in the viewer's words. */
export type EvidenceProblem =
  | { reason: "type" }
  | { reason: "size"; size: number }
  | { reason: "unreadable" }
  | { reason: "pixels"; max: number }
  | { reason: "server"; code: string; message: string; status: number }
  | { reason: "network" };

export class EvidenceError extends Error {
  constructor(readonly problem: EvidenceProblem) {
    super(problem.reason);
  }
}

/** Refuses what the server would refuse anyway, before uploading. */
export function checkPhoto(file: File): EvidenceProblem | null {
  if (!EVIDENCE_TYPES.includes(file.type)) return { reason: "type" };
  if (file.size > EVIDENCE_MAX_BYTES) return { reason: "size", size: file.size };
  return null;
}

export async function uploadEvidence(file: File, partyId?: string, fetcher: typeof fetch = fetch): Promise<UploadedEvidence> {
  const problem = checkPhoto(file);
  if (problem) throw new EvidenceError(problem);
  const form = new FormData();
  form.append("file", file);
  if (partyId) form.append("partyId", partyId);
  let response: Response;
  try {
    response = await fetcher("/evidence", { method: "POST", body: form, credentials: "same-origin" });
  } catch {
    throw new EvidenceError({ reason: "network" });
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  if (response.status === 201 && body && typeof (body as UploadedEvidence).id === "string") return body as UploadedEvidence;
  const error = (body as { errors?: { message?: string; extensions?: { code?: string; maximum?: string } }[] } | null)
    ?.errors?.[0];
  const code = error?.extensions?.code ?? `HTTP_${response.status}`;
  // A picture with more pixels than the server takes names the bound it missed.
  const maxPixels = Number(error?.extensions?.maximum);
  if (code === "UNSUPPORTED_MEDIA_TYPE" && maxPixels > 0) throw new EvidenceError({ reason: "pixels", max: maxPixels });
  if (code === "UNSUPPORTED_MEDIA_TYPE") throw new EvidenceError({ reason: "unreadable" });
  if (code === "PAYLOAD_TOO_LARGE") throw new EvidenceError({ reason: "size", size: file.size });
  throw new EvidenceError({ reason: "server", code, message: error?.message ?? response.statusText, status: response.status });
}
