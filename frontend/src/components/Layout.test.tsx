import { lazy, Suspense, type ComponentType } from "react";
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { Provider } from "urql";
import { afterEach, describe, expect, it, vi } from "vitest";
import { I18nProvider } from "../i18n/i18n";
import type { Locale } from "../i18n/format";
import { ViewerProvider } from "../lib/viewer";
import { mockClient, viewer } from "../test/mockClient";
import { Layout, RequireRole, useDocumentTitle } from "./Layout";
import { Loading } from "./ui";

// A page's code that cannot be fetched any more (the site was redeployed under an open tab).
const Gone = lazy<ComponentType>(() =>
  Promise.reject(new TypeError("Failed to fetch dynamically imported module: http://localhost/assets/NeedPage-1a2b3c.js")),
);

function Broken(): never {
  throw new Error("Cannot read properties of undefined (reading 'title')");
}

/** A page that names the tab after what it shows. */
function Titled() {
  useDocumentTitle("图书角建设");
  return <p>需求内容</p>;
}

/** The app's frame as App renders it: the layout, then the routed pages in Suspense. */
function app(path: string, locale: Locale = "zh-CN") {
  const { client } = mockClient({ WebMe: () => ({ data: { me: null } }) });
  return render(
    <I18nProvider initial={locale}>
      <Provider value={client}>
        <ViewerProvider>
          <MemoryRouter initialEntries={[path]}>
            <Layout onLoggedOut={() => {}}>
              <Suspense fallback={<Loading />}>
                <Routes>
                  <Route path="/" element={<p>首页内容</p>} />
                  <Route path="/gone" element={<Gone />} />
                  <Route path="/broken" element={<Broken />} />
                  <Route path="/needs/:id" element={<Titled />} />
                  <Route path="/school/new-need" element={<p>发布需求的表单</p>} />
                </Routes>
              </Suspense>
            </Layout>
          </MemoryRouter>
        </ViewerProvider>
      </Provider>
    </I18nProvider>,
  );
}

describe("a page that cannot be shown", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it("keeps the header and says its code could not be loaded, with a button that reloads", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const reload = vi.fn();
    vi.stubGlobal("location", { ...window.location, reload });
    app("/gone");
    expect(await screen.findByRole("alert")).toHaveTextContent("页面加载失败，可能是网站刚刚更新。");
    expect(screen.getByRole("navigation", { name: "主导航" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "登录" })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "重新加载页面" }));
    expect(reload).toHaveBeenCalled();
  });

  it("says so in English, and the menu still leads to other pages", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    app("/gone", "en");
    expect(await screen.findByRole("alert")).toHaveTextContent("This page could not be loaded; the site may have just been updated.");
    expect(screen.getByRole("button", { name: "Reload the page" })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("link", { name: "Hope Ecosystem" }));
    expect(await screen.findByText("首页内容")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("shows the same way out when a page fails while rendering", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    app("/broken");
    expect(await screen.findByRole("alert")).toHaveTextContent("这个页面出错了，无法显示。");
    expect(screen.getByRole("button", { name: "重新加载页面" })).toBeInTheDocument();
    expect(screen.getByRole("navigation", { name: "主导航" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /English/ })).toBeInTheDocument();
  });
});

describe("logging in", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("asks the provider for its page in the language chosen on the site", async () => {
    const assign = vi.fn();
    vi.stubGlobal("location", { ...window.location, assign });
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify([{ name: "hope" }]), { status: 200 })));
    app("/");
    await userEvent.click(await screen.findByRole("button", { name: /English/ }));
    await userEvent.click(screen.getByRole("button", { name: "Log in" }));
    await vi.waitFor(() => expect(assign).toHaveBeenCalled());
    const url = new URL(assign.mock.calls[0][0] as string, "http://localhost");
    expect(url.pathname).toBe("/auth/login");
    expect(url.searchParams.get("lang")).toBe("en");
  });
});

describe("moving about", () => {
  it("names the section in the tab's title, and starts focus at the new page's content", async () => {
    app("/");
    await screen.findByText("首页内容");
    expect(document.title).toBe("希望生态");
    await userEvent.click(screen.getByRole("link", { name: "公开账本" }));
    await vi.waitFor(() => expect(document.title).toBe("公开账本 · 希望生态"));
    expect(document.activeElement).toBe(screen.getByRole("main"));
  });

  it("names the tab after what a page shows, or after the route's own page, in the language chosen", async () => {
    app("/needs/TmVlZDox");
    await screen.findByText("需求内容");
    await vi.waitFor(() => expect(document.title).toBe("图书角建设 · 希望生态"));
    await userEvent.click(screen.getByRole("button", { name: /English/ }));
    await vi.waitFor(() => expect(document.title).toBe("图书角建设 · Hope Ecosystem"));
    await userEvent.click(screen.getByRole("link", { name: "School needs" }));
    await vi.waitFor(() => expect(document.title).toBe("School needs · Hope Ecosystem"));
    cleanup();
    app("/school/new-need");
    await screen.findByText("发布需求的表单");
    await vi.waitFor(() => expect(document.title).toBe("发布新需求 · 希望生态"));
  });

  it("closes the menu with Escape and gives focus back to its button", async () => {
    app("/");
    const toggle = await screen.findByRole("button", { name: "菜单" });
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    await userEvent.keyboard("{Escape}");
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    expect(toggle).toHaveFocus();
  });
});

describe("the language switch", () => {
  it("is named by the word it shows, each part in its own language", async () => {
    app("/");
    const button = await screen.findByRole("button", { name: /English/ });
    // WCAG 2.5.3: the visible word is in the name, and no aria-label hides it.
    expect(button).not.toHaveAttribute("aria-label");
    expect(button).toHaveAccessibleName("切换语言： English");
    expect(within(button).getByText("English")).toHaveAttribute("lang", "en");
    expect(button).not.toHaveAttribute("lang");
    await userEvent.click(button);
    const back = screen.getByRole("button", { name: /中文/ });
    expect(back).toHaveAccessibleName("Switch language: 中文");
    expect(within(back).getByText("中文")).toHaveAttribute("lang", "zh-CN");
  });
});

describe("a page behind a login", () => {
  function guarded(path: string, me: unknown, locale: Locale = "zh-CN") {
    const { client } = mockClient({ WebMe: () => ({ data: { me } }) });
    return render(
      <I18nProvider initial={locale}>
        <Provider value={client}>
          <ViewerProvider>
            <MemoryRouter initialEntries={[path]}>
              <Routes>
                <Route path="/donor/new-pledge" element={<RequireRole roles={["DONOR_ADMIN"]}>内容</RequireRole>} />
                <Route path="/admin" element={<RequireRole roles={["PLATFORM_ADMIN"]}>内容</RequireRole>} />
                <Route path="/media" element={<RequireRole roles={["MEDIA_EDITOR"]} title="自定的标题">内容</RequireRole>} />
              </Routes>
            </MemoryRouter>
          </ViewerProvider>
        </Provider>
      </I18nProvider>,
    );
  }

  it("asks to log in under the page's heading", async () => {
    guarded("/donor/new-pledge", null);
    expect(await screen.findByRole("heading", { level: 1, name: "发布认捐" })).toBeInTheDocument();
    expect(screen.getByText("请先登录后再使用此页面。")).toBeInTheDocument();
  });

  it("says a role is missing under the page's heading, in English too, or under the heading it is given", async () => {
    const me = viewer([["DONOR_ADMIN", { id: "UGFydHk6MQ", kind: "ENTERPRISE", name: "某企业" }]]);
    guarded("/admin", me, "en");
    expect(await screen.findByRole("heading", { level: 1, name: "Administration" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("Your account does not have the role this page needs.");
    cleanup();
    guarded("/media", me);
    expect(await screen.findByRole("heading", { level: 1, name: "自定的标题" })).toBeInTheDocument();
  });
});
