import { describe, expect, it } from "vitest";
import { hashAddressFor } from "./deepLink";

describe("hashAddressFor", () => {
  it("moves a page named in the path into the hash, with its query", () => {
    expect(hashAddressFor("/needs/TmVlZDox", "", "")).toBe("/#/needs/TmVlZDox");
    expect(hashAddressFor("/needs", "?mine=1", "")).toBe("/#/needs?mine=1");
    expect(hashAddressFor("/school/", "", "")).toBe("/#/school");
  });

  it("leaves an address that already routes alone", () => {
    expect(hashAddressFor("/", "", "")).toBeNull();
    expect(hashAddressFor("/", "", "#/needs")).toBeNull();
    expect(hashAddressFor("/needs", "", "#/ledger")).toBeNull();
  });
});
