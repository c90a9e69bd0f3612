import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it } from "vitest";
import type { NeedFieldsFragment } from "../gql/graphql";
import type { Locale } from "../i18n/format";
import { I18nProvider } from "../i18n/i18n";
import { openNeed } from "../test/fixtures";
import { NeedCard } from "./NeedCard";

const NEED = openNeed("TmVlZDox", "图书角建设") as unknown as NeedFieldsFragment;

function card(locale: Locale, need: NeedFieldsFragment = NEED) {
  render(
    <I18nProvider initial={locale}>
      <MemoryRouter>
        <NeedCard need={need} />
      </MemoryRouter>
    </I18nProvider>,
  );
}

describe("a need card read aloud", () => {
  it("marks the need's title and the school's name as Chinese in the English UI", () => {
    card("en");
    expect(screen.getByRole("heading", { name: "图书角建设" })).toHaveAttribute("lang", "zh-CN");
    expect(screen.getByText("松滋市希望小学")).toHaveAttribute("lang", "zh-CN");
    // The region has an English name, read with the page's words.
    expect(screen.getByText(/Songzi City, Jingzhou City/)).not.toHaveAttribute("lang");
  });

  it("marks nothing in the Chinese UI, where they are in the page's language", () => {
    card("zh-CN");
    expect(screen.getByRole("heading", { name: "图书角建设" })).not.toHaveAttribute("lang");
    expect(screen.getByText("松滋市希望小学")).not.toHaveAttribute("lang");
  });

  it("marks a name in Latin letters as English in the Chinese UI", () => {
    card("zh-CN", { ...NEED, school: { ...NEED.school!, name: "Sunshine Primary School" } });
    expect(screen.getByText("Sunshine Primary School")).toHaveAttribute("lang", "en");
    expect(screen.getByRole("heading", { name: "图书角建设" })).not.toHaveAttribute("lang");
  });
});
