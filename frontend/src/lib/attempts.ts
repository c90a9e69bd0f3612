import { useRef } from "react";
import { newIdempotencyKey } from "./errors";

/** One idempotency key per attempt: the same input sent again (a double click, a retry after a
 * lost answer) is done once and gets the first answer; any other input makes a new attempt, and
 * so does `done` (call it once the server has answered). */
export function useAttempts() {
  const attempt = useRef<{ input: string; key: string } | null>(null);
  return {
    keyFor(input: object): string {
      const text = JSON.stringify(input);
      if (attempt.current?.input !== text) attempt.current = { input: text, key: newIdempotencyKey() };
      return attempt.current.key;
    },
    done() {
      attempt.current = null;
    },
  };
}
