import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { TransparencyQuery } from "../gql/graphql";
import { I18nProvider } from "../i18n/i18n";
import { LanguageSwitch } from "./Layout";
import TransparencyCharts from "./TransparencyCharts";

const figure = (key: string, fen: number) => ({ key, approvedValueFen: fen, matches: 1, region: null });

const DATA = {
  byProvince: [{ ...figure("37", 100000), region: { code: "37", name: "山东省" } }],
  byCategory: [figure("LIBRARY", 50000)],
  byPartyKind: [figure("NGO", 30000)],
  byMonth: [figure("2026-11", 20000)],
} as unknown as TransparencyQuery["transparency"];

describe("the charts' tables", () => {
  it("are opened by controls named apart, by their chart, in both languages", async () => {
    render(
      <I18nProvider initial="zh-CN">
        <LanguageSwitch />
        <TransparencyCharts data={DATA} />
      </I18nProvider>,
    );
    const names = () => [...document.querySelectorAll("summary")].map((summary) => summary.textContent);
    // What one sees stays "图表数据"; the rest is said, not shown.
    expect(names()).toEqual([
      "图表数据：各省已批准金额",
      "图表数据：各类别已批准金额",
      "图表数据：各类捐赠方已批准金额",
      "图表数据：每月已批准金额",
    ]);
    for (const summary of document.querySelectorAll("summary")) {
      expect(summary.querySelector(".visually-hidden")?.textContent).toMatch(/^：/);
    }
    expect(new Set(names()).size).toBe(4);
    await userEvent.click(screen.getByRole("button", { name: /English/ }));
    expect(names()).toEqual([
      "Chart data: Approved value by province",
      "Chart data: Approved value by category",
      "Chart data: Approved value by kind of donor",
      "Chart data: Approved value by month",
    ]);
  });
});
