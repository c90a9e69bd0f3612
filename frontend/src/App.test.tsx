import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "./App";
import { viewer } from "./test/mockClient";

const ME = viewer([["DONOR_ADMIN", { id: "UGFydHk6Nw", kind: "MICROENTERPRISE", name: "桃农合作社" }]]);

/** The server behind /graphql, by operation name; `answers` gives the data (or errors) of each. */
function server(answers: Record<string, () => unknown>) {
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    // Queries come as GET (the operation in the address), mutations as POST.
    const query = init?.body ? (JSON.parse(String(init.body)) as { query: string }).query : new URL(String(url), "http://localhost").searchParams.get("query") ?? "";
    const name = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "";
    const answer = answers[name]?.() ?? { data: null, errors: [{ message: `no answer for ${name}` }] };
    return new Response(JSON.stringify(answer), { status: 200, headers: { "content-type": "application/json" } });
  });
  vi.stubGlobal("fetch", fetch);
  vi.stubGlobal("scrollTo", () => {});
  return fetch;
}

describe("the whole app", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    window.location.hash = "";
  });

  it("shows 登录 again once the server says the session has ended, and keeps the form with a way to log in back to it", async () => {
    let session = true;
    server({
      WebMe: () => ({ data: { me: session ? ME : null } }),
      PostPledge: () => {
        session = false; // logged out in another tab
        return { data: null, errors: [{ message: "Log in first.", path: ["postPledge"], extensions: { code: "UNAUTHENTICATED" } }] };
      },
    });
    window.location.hash = "#/donor/new-pledge";
    render(<App />);
    expect(await screen.findByText("已登录：测试用户")).toBeInTheDocument();
    await userEvent.type(await screen.findByLabelText("标题"), "资金认捐");
    await userEvent.click(screen.getByRole("button", { name: "提交" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("登录已失效，请重新登录。");
    const link = within(alert).getByRole("link", { name: "重新登录" });
    expect(new URL(link.getAttribute("href")!, "http://localhost").searchParams.get("next")).toBe("/#/donor/new-pledge");
    // The header follows: no more 已登录 / 退出登录, a 登录 button instead.
    expect(await screen.findByRole("button", { name: "登录" })).toBeInTheDocument();
    expect(screen.queryByText("已登录：测试用户")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "退出登录" })).not.toBeInTheDocument();
    // The form stays, with what was typed.
    expect(screen.getByLabelText("标题")).toHaveValue("资金认捐");
  });

  it("follows another user signing in in another tab: a refusal has the header show who is signed in now", async () => {
    let who = ME;
    const OTHER = { ...viewer([["MEDIA_EDITOR", { id: "UGFydHk6OQ", kind: "MEDIA", name: "乡村教育观察" }]]), name: "媒体编辑" };
    server({
      WebMe: () => ({ data: { me: who } }),
      PostPledge: () => {
        who = OTHER as typeof ME; // signed in as someone else in another tab
        return { data: null, errors: [{ message: "Not yours.", path: ["postPledge"], extensions: { code: "FORBIDDEN" } }] };
      },
    });
    window.location.hash = "#/donor/new-pledge";
    render(<App />);
    expect(await screen.findByText("已登录：测试用户")).toBeInTheDocument();
    await userEvent.type(await screen.findByLabelText("标题"), "资金认捐");
    await userEvent.click(screen.getByRole("button", { name: "提交" }));

    expect(await screen.findByText("已登录：媒体编辑")).toBeInTheDocument();
    expect(screen.queryByText("已登录：测试用户")).not.toBeInTheDocument();
  });

  it("says the viewer is logged out in a live region there before, and starts focus at the page", async () => {
    const fetch = server({ WebMe: () => ({ data: { me: ME } }), Transparency: () => ({ data: null }), Regions: () => ({ data: { regions: [] } }) });
    window.location.hash = "#/donor";
    render(<App />);
    const logout = await screen.findByRole("button", { name: "退出登录" });
    const said = screen.getAllByRole("status").find((status) => status.textContent === "" && !status.closest("main"))!;
    expect(said).toBeInTheDocument();
    await userEvent.click(logout);

    await waitFor(() => expect(said).toHaveTextContent("已退出登录。"));
    expect(fetch.mock.calls.some(([url]) => String(url).endsWith("/auth/logout"))).toBe(true);
    // The page starts again, focus at its content, not lost on <body>.
    await waitFor(() => expect(screen.getByRole("main")).toHaveFocus());
    expect(window.location.hash).toBe("#/");
  });
});
