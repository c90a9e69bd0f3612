import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { LanguageSwitch } from "../components/Layout";
import { I18nProvider, LOCALE_STORAGE_KEY, useI18n } from "./i18n";
import { messages } from "./messages";

function Probe() {
  const { t, yuan } = useI18n();
  return (
    <p>
      {t("home.needed")} {yuan(100)}
    </p>
  );
}

describe("the language switch", () => {
  it("starts in Chinese", () => {
    render(
      <I18nProvider>
        <Probe />
      </I18nProvider>,
    );
    expect(screen.getByText("学校需求总值 ¥1")).toBeInTheDocument();
    expect(document.documentElement.lang).toBe("zh-CN");
  });

  it("switches to English and remembers it for the next visit", async () => {
    const first = render(
      <I18nProvider>
        <LanguageSwitch />
        <Probe />
      </I18nProvider>,
    );
    await userEvent.click(screen.getByRole("button", { name: /English/ }));
    expect(screen.getByText("Value of school needs CN¥1")).toBeInTheDocument();
    expect(window.localStorage.getItem(LOCALE_STORAGE_KEY)).toBe("en");
    first.unmount();

    render(
      <I18nProvider>
        <Probe />
      </I18nProvider>,
    );
    expect(screen.getByText("Value of school needs CN¥1")).toBeInTheDocument();
    expect(document.documentElement.lang).toBe("en");
  });
});

describe("the catalogue", () => {
  it("has every string in both languages, with the same placeholders", () => {
    for (const [key, [zh, en]] of Object.entries(messages)) {
      expect(zh.trim(), key).not.toBe("");
      expect(en.trim(), key).not.toBe("");
      const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(en), key).toEqual(names(zh));
    }
  });
});
