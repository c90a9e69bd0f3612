import { CombinedError } from "urql";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { errorKey, errorsByField } from "./errors";

describe("errors in plain words", () => {
  it("names network failures, missing logins and refusals", () => {
    expect(errorKey(new CombinedError({ networkError: new Error("offline") }))).toBe("error.network");
    const failure = (code: string) =>
      new CombinedError({ graphQLErrors: [new GraphQLError("x", { extensions: { code } })] });
    expect(errorKey(failure("UNAUTHENTICATED"))).toBe("error.unauthenticated");
    expect(errorKey(failure("FORBIDDEN"))).toBe("error.forbidden");
    expect(errorKey(failure("RATE_LIMITED"))).toBe("error.rateLimited");
    expect(errorKey(failure("INTERNAL_SERVER_ERROR"))).toBe("error.unexpected");
    expect(errorKey(undefined)).toBeNull();
  });

  it("keeps the first payload error of each field", () => {
    const byField = errorsByField([
      { field: "items.0.quantity", code: "OUT_OF_RANGE", message: "a" },
      { field: "items.0.quantity", code: "REQUIRED", message: "b" },
      { field: null, code: "FORBIDDEN", message: "c" },
    ]);
    expect(byField["items.0.quantity"].code).toBe("OUT_OF_RANGE");
    expect(byField[""].code).toBe("FORBIDDEN");
  });
});
