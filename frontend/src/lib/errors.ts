import type { CombinedError } from "urql";
import type { MessageKey } from "../i18n/messages";

/** What went wrong with a request, in plain words (a message key). */
export function errorKey(error: CombinedError | undefined | null): MessageKey | null {
  if (!error) return null;
  if (error.networkError) return "error.network";
  const codes = error.graphQLErrors.map((e) => e.extensions?.code);
  if (codes.includes("UNAUTHENTICATED")) return "error.unauthenticated";
  if (codes.includes("FORBIDDEN")) return "error.forbidden";
  if (codes.includes("RATE_LIMITED")) return "error.rateLimited";
  if (codes.includes("BAD_USER_INPUT")) return "error.badInput";
  return "error.unexpected";
}

export interface FieldError {
  field?: string | null;
  message: string;
  code: string;
  /** The values the field takes, when the input named one it does not. */
  allowed?: readonly string[] | null;
  /** The smallest value the field takes, when the input was below it (a number or a date). */
  minimum?: string | null;
  /** The largest value the field takes, when the input was above it (a number or a date). */
  maximum?: string | null;
}

/** Payload errors by dotted input path; errors without a field under "". */
export function errorsByField(errors: readonly FieldError[]): Record<string, FieldError> {
  const byField: Record<string, FieldError> = {};
  for (const error of errors) {
    const key = error.field ?? "";
    if (!(key in byField)) byField[key] = error;
  }
  return byField;
}

/** A fresh idempotency key (crypto.randomUUID needs a secure context; this does not). */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
