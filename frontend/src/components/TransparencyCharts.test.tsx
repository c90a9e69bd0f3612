import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { TransparencyQuery } from "../gql/graphql";
import { I18nProvider } from "../i18n/i18n";
import { LanguageSwitch } from "./Layout";
import TransparencyCharts from "./TransparencyCharts";

const figure = (key: string, fen: number) => ({ key, approvedValueFen: fen, matches: 1, region: null });

const DATA = {
  byProvince: [{ ...figure("37", 100000), region: { code: "37", name: "山东省", nameEn: "Shandong Province" } }],
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

describe("a chart's table on a narrow screen", () => {
  it("scrolls in a region of its own that a keyboard can focus, named by its chart", async () => {
    render(
      <I18nProvider initial="en">
        <TransparencyCharts data={DATA} />
      </I18nProvider>,
    );
    const card = screen.getByRole("region", { name: "Approved value by kind of donor" });
    await userEvent.click(card.querySelector("summary")!);
    const scroll = screen.getByRole("region", { name: "Chart data: Approved value by kind of donor" });
    expect(card).toContainElement(scroll);
    expect(scroll).toHaveClass("table-scroll");
    expect(scroll).toHaveAttribute("tabindex", "0");
    expect(scroll).toContainElement(card.querySelector("table"));
  });
});

describe("the chart by province", () => {
  it("names each province in the language chosen, on its bar, in its title and in the table", async () => {
    render(
      <I18nProvider initial="zh-CN">
        <LanguageSwitch />
        <TransparencyCharts data={DATA} />
      </I18nProvider>,
    );
    const card = () => screen.getByRole("region", { name: "各省已批准金额" });
    expect(card().querySelector(".bar-label")).toHaveTextContent(/^山东省$/);
    expect(card().querySelector(".bar-row")).toHaveAttribute("title", "山东省: ¥1,000");
    expect(card().querySelector("tbody th")).toHaveTextContent(/^山东省$/);
    await userEvent.click(screen.getByRole("button", { name: /English/ }));
    const english = screen.getByRole("region", { name: "Approved value by province" });
    expect(english.querySelector(".bar-label")).toHaveTextContent(/^Shandong Province$/);
    expect(english.querySelector(".bar-row")).toHaveAttribute("title", "Shandong Province: CN¥1,000");
    expect(english.querySelector("tbody th")).toHaveTextContent(/^Shandong Province$/);
  });
});
