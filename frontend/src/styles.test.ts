/// <reference types="node" />
// @vitest-environment node
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// Layout cannot be measured in jsdom: these read the stylesheet's rules for what a 375 px
// screen showed wrong.
const css = readFileSync(new URL("./styles.css", import.meta.url), "utf8");

/** The declarations of the rule for exactly `selector`. */
function rule(selector: string): string {
  const escaped = selector.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const found = new RegExp(`(?:^|\\n)${escaped}\\s*\\{([^}]*)\\}`).exec(css);
  return found?.[1] ?? "";
}

describe("the stylesheet", () => {
  it("breaks an item's category label only between words in the items table, its typed description anywhere", () => {
    const cell = rule(".items-table tbody th");
    expect(cell).toMatch(/word-break:\s*normal/);
    expect(cell).toMatch(/overflow-wrap:\s*break-word/);
    expect(cell).not.toMatch(/anywhere/);
    expect(rule(".items-table tbody th .item-description")).toMatch(/overflow-wrap:\s*anywhere/);
  });

  it("keeps the recent runs' heading clear of the button above it", () => {
    expect(rule(".recent-runs")).toMatch(/margin-top:\s*[1-9]/);
  });

  it("keeps progress and chart bars visible in forced colours (Windows high contrast)", () => {
    const forced = /@media \(forced-colors: active\)\s*\{([\s\S]*?)\n\}/.exec(css)?.[1] ?? "";
    const inForced = (selector: string) => new RegExp(`${selector.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[^{]*\\{([^}]*)\\}`).exec(forced)?.[1] ?? "";
    expect(inForced(".progress-track")).toMatch(/border:[^;]*CanvasText/);
    for (const fill of [".progress-fill", ".bar-fill", ".column-fill"]) {
      expect(inForced(fill)).toMatch(/forced-color-adjust:\s*none/);
      expect(inForced(fill)).toMatch(/background:\s*Highlight/);
    }
  });
});
