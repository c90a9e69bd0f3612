import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { GraphQLError } from "graphql";
import { CombinedError } from "urql";
import { describe, expect, it } from "vitest";
import type { WebMatchFieldsFragment } from "../gql/graphql";
import { proposal } from "../test/fixtures";
import { mockClient, renderPage, switchToEnglish, type Answer } from "../test/mockClient";
import { LanguageSwitch } from "./Layout";
import { MatchSummary, Proposals, RespondButtons } from "./MatchCard";

const MATCH = proposal(1, "图书角建设") as unknown as WebMatchFieldsFragment;

function card(respond: Answer = () => ({ data: { respondToMatch: { match: MATCH, errors: [] } } })) {
  const { client } = mockClient({ WebMe: () => ({ data: { me: null } }), RespondToMatch: respond });
  renderPage(client, {
    path: "/school",
    routes: {
      "/school": (
        <MatchSummary match={MATCH}>
          <RespondButtons match={MATCH} onDone={() => {}} />
        </MatchSummary>
      ),
    },
  });
  return within(screen.getByTestId("match-card"));
}

describe("a proposal's pledge", () => {
  it("is named on each card with its kind, telling apart goods and money offered for the same item", async () => {
    const goods = proposal(1, "图书角建设", { origin: "DIRECT", pledge: { id: "UGxlZGdlOjI", title: "QA物资认捐", kind: "GOODS", unit: "本" } });
    const money = proposal(2, "图书角建设", { origin: "DIRECT", pledge: { id: "UGxlZGdlOjM", title: "QA资金认捐", kind: "MONEY", unit: "FEN" } });
    const { client } = mockClient({
      WebMe: () => ({ data: { me: null } }),
      WebMatches: () => ({ data: { matches: page([goods, money], { first: 50 }) } }),
    });
    renderPage(client, {
      path: "/school",
      routes: { "/school": <Proposals side="school" filter={{ schoolId: "U2Nob29sOjE" }} title="school.proposals" empty="school.noProposals" waitingTitle="school.waitingList" /> },
      extra: <LanguageSwitch />,
    });
    const [first, second] = await within(await screen.findByTestId("to-answer")).findAllByTestId("match-card");
    const pledgeOf = (card: HTMLElement) => within(card).getByText("来自认捐").nextElementSibling;
    expect(pledgeOf(first)).toHaveTextContent("QA物资认捐 (物资)");
    expect(pledgeOf(second)).toHaveTextContent("QA资金认捐 (资金)");

    await switchToEnglish();
    const pledgeEn = (card: HTMLElement) => within(card).getByText("From the pledge").nextElementSibling;
    expect(pledgeEn(first)).toHaveTextContent("QA物资认捐 (Goods)");
    expect(pledgeEn(second)).toHaveTextContent("QA资金认捐 (Money)");
    expect(within(first).getByText("QA物资认捐")).toHaveAttribute("lang", "zh-CN");
  });
});

describe("declining a proposal", () => {
  it("takes focus to the reason, and back to 婉拒 when it is cancelled", async () => {
    const box = card();
    await userEvent.click(box.getByRole("button", { name: /^婉拒/ }));
    expect(box.getByLabelText("婉拒理由（选填）")).toHaveFocus();
    await userEvent.click(box.getByRole("button", { name: "取消" }));
    expect(box.getByRole("button", { name: /^婉拒/ })).toHaveFocus();
  });

  it("offers to log in again, back to the same page, when the session has ended", async () => {
    const box = card(() => ({
      error: new CombinedError({ graphQLErrors: [new GraphQLError("Log in first.", { extensions: { code: "UNAUTHENTICATED" } })] }),
    }));
    await userEvent.click(box.getByRole("button", { name: /^婉拒/ }));
    await userEvent.type(box.getByLabelText("婉拒理由（选填）"), "已有捐赠");
    await userEvent.click(box.getByRole("button", { name: /^婉拒/ }));
    const link = within(await box.findByRole("alert")).getByRole("link", { name: "重新登录" });
    expect(new URL(link.getAttribute("href")!, "http://localhost").searchParams.get("next")).toBe("/#/school");
    expect(box.getByLabelText("婉拒理由（选填）")).toHaveValue("已有捐赠");
  });
});

/** The page of `rows` a keyset connection answers for `first`, `after` and the statuses of
 * `filter` (a row's id serves as its cursor), in the order of `order`, every row there was: a
 * row gone since keeps its place. */
function page<T extends { id: string }>(rows: T[], v: Record<string, unknown>, order: T[] = rows) {
  const rank = (id: unknown) => order.findIndex((r) => r.id === id);
  const from = v.after ? rank(v.after) : -1;
  const statuses = (v.filter as { status?: string[] } | undefined)?.status;
  const rest = rows.filter((r) => rank(r.id) > from && (!statuses || statuses.includes((r as { status?: string }).status ?? "")));
  const edges = rest.slice(0, v.first as number);
  return {
    edges: edges.map((node) => ({ cursor: node.id, node })),
    pageInfo: { hasNextPage: rest.length > edges.length, endCursor: edges.at(-1)?.id ?? null },
  };
}

describe("the proposals of a school", () => {
  const SCHOOL_ID = "U2Nob29sOjE";

  function proposals(rows: () => { id: string }[], respond?: Answer) {
    const api = mockClient({
      WebMe: () => ({ data: { me: null } }),
      // Pages of two, whatever the page asks for: a long list in a few rows.
      WebMatches: (v) => ({ data: { matches: page(rows(), { ...v, first: 2 }) } }),
      ...(respond && { RespondToMatch: respond }),
    });
    renderPage(api.client, {
      path: "/school",
      routes: {
        "/school": <Proposals side="school" filter={{ schoolId: SCHOOL_ID }} title="school.proposals" empty="school.noProposals" waitingTitle="school.waitingList" />,
      },
    });
    return api;
  }

  it("are read a page at a time: more on asking, the first kept, and the count said", async () => {
    const rows = [proposal(1, "图书角建设"), proposal(2, "体育器材"), proposal(3, "冬季校服")];
    const { sent } = proposals(() => rows);
    const toAnswer = await screen.findByTestId("to-answer");
    expect(await within(toAnswer).findAllByTestId("match-card")).toHaveLength(2);
    expect(screen.getByText("已显示 2 项需要回复的；还有更多对接建议未显示，其中可能有需要回复的。")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "加载更多" }));

    expect(await within(toAnswer).findByText("冬季校服")).toBeInTheDocument();
    expect(within(toAnswer).getByText("图书角建设")).toBeInTheDocument();
    expect(within(toAnswer).getByText("体育器材")).toBeInTheDocument();
    expect(screen.getByText("已显示全部。")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "加载更多" })).not.toBeInTheDocument();
    const proposed = sent("WebMatches", "query").filter((v) => (v.filter as { status: string[] }).status.includes("PROPOSED"));
    expect(proposed.map((v) => v.after ?? null)).toEqual([null, rows[1].id]);
  });

  it("do not say none waits for an answer while more are to be read", async () => {
    const answered = (n: number, title: string) => proposal(n, title, { schoolAcceptedAt: "2026-11-02T00:00:00+00:00" });
    const rows = [answered(1, "图书角建设"), answered(2, "体育器材"), proposal(3, "冬季校服")];
    proposals(() => rows);
    expect(await screen.findByText("已显示的对接建议中没有需要回复的；还有更多未显示。")).toBeInTheDocument();
    expect(screen.queryByText("目前没有需要回复的对接建议。")).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "加载更多" }));
    expect(await within(screen.getByTestId("to-answer")).findByText("冬季校服")).toBeInTheDocument();
    expect(within(screen.getByTestId("waiting")).getAllByTestId("match-card")).toHaveLength(2);
  });

  it("show those to answer at once, however many newer ones wait for an official, each section counting its own", async () => {
    const both = (n: number, title: string) =>
      proposal(n, title, { status: "ACCEPTED", schoolAcceptedAt: "2026-11-02T00:00:00+00:00", donorAcceptedAt: "2026-11-01T00:00:00+00:00" });
    // Newest first: three accepted by both sides (more than a page), then the one to answer.
    const rows = [both(1, "体育器材"), both(2, "冬季校服"), both(3, "饮水设备"), proposal(4, "图书角建设")];
    proposals(() => rows);
    const toAnswer = screen.getByRole("region", { name: "待回复的对接建议" });
    expect(await within(toAnswer).findByText("图书角建设")).toBeInTheDocument();
    expect(within(screen.getByTestId("to-answer")).getAllByTestId("match-card")).toHaveLength(1);
    expect(within(toAnswer).queryByText("已显示的对接建议中没有需要回复的；还有更多未显示。")).not.toBeInTheDocument();
    // Its list is all read: no count nor "load more" there for the rows waiting below.
    expect(within(toAnswer).queryByRole("button", { name: "加载更多" })).not.toBeInTheDocument();
    expect(within(toAnswer).queryByText(/已显示/)).not.toBeInTheDocument();
    const waiting = screen.getByRole("region", { name: "已回复、等待捐赠方或官员的对接建议" });
    expect(within(waiting).getAllByTestId("match-card")).toHaveLength(2);
    expect(within(waiting).getByText("已显示双方已接受的 2 项，还有更多。")).toBeInTheDocument();
    await userEvent.click(within(waiting).getByRole("button", { name: "加载更多" }));
    expect(await within(waiting).findByText("饮水设备")).toBeInTheDocument();
    expect(within(waiting).getAllByTestId("match-card")).toHaveLength(3);
    expect(within(screen.getByTestId("to-answer")).getAllByTestId("match-card")).toHaveLength(1);
  });

  it("read every page again after an answer, from where the page before now ends", async () => {
    const all = [proposal(1, "图书角建设"), proposal(2, "体育器材"), proposal(3, "冬季校服"), proposal(4, "饮水设备")];
    let rows = all;
    const { sent } = proposals(
      () => rows,
      (v) => {
        const id = (v.input as { id: string }).id;
        rows = rows.filter((m) => m.id !== id);
        return { data: { respondToMatch: { match: { ...all[0], status: "DECLINED" }, errors: [] } } };
      },
    );
    const toAnswer = await screen.findByTestId("to-answer");
    await userEvent.click(await screen.findByRole("button", { name: "加载更多" }));
    await within(toAnswer).findByText("饮水设备");

    const first = within(toAnswer).getAllByTestId("match-card")[0];
    await userEvent.click(within(first).getByRole("button", { name: /^婉拒/ }));
    await userEvent.click(within(first).getByRole("button", { name: /^婉拒/ }));
    expect(await screen.findByText("已婉拒。 图书角建设")).toBeInTheDocument();
    await waitFor(() => expect(within(toAnswer).queryByText("图书角建设")).not.toBeInTheDocument());
    // The rest, each once: the second page now starts after 冬季校服.
    await waitFor(() => expect(within(toAnswer).getAllByTestId("match-card").map((c) => c.querySelector("h3")?.textContent)).toEqual(["体育器材", "冬季校服", "饮水设备"]));
    expect(sent("WebMatches", "query").map((v) => v.after ?? null)).toContain(all[2].id);
  });
});

describe("answering with the keyboard", () => {
  const SCHOOL_ID = "U2Nob29sOjE";

  function proposals(rows: () => { id: string }[], respond: Answer) {
    const api = mockClient({
      WebMe: () => ({ data: { me: null } }),
      WebMatches: (v) => ({ data: { matches: page(rows(), v) } }),
      RespondToMatch: respond,
    });
    renderPage(api.client, {
      path: "/school",
      routes: {
        "/school": <Proposals side="school" filter={{ schoolId: SCHOOL_ID }} title="school.proposals" empty="school.noProposals" waitingTitle="school.waitingList" />,
      },
    });
    return api;
  }

  it("takes focus to the answer's confirmation once accepted, the card having moved on", async () => {
    let rows: { id: string; schoolAcceptedAt?: string | null }[] = [proposal(1, "图书角建设"), proposal(2, "体育器材")];
    proposals(
      () => rows,
      () => {
        rows = rows.map((m, i) => (i === 0 ? { ...m, schoolAcceptedAt: "2026-11-03T00:00:00+00:00" } : m));
        return { data: { respondToMatch: { match: rows[0], errors: [] } } };
      },
    );
    const toAnswer = await screen.findByTestId("to-answer");
    const first = (await within(toAnswer).findAllByTestId("match-card"))[0];
    await userEvent.click(within(first).getByRole("button", { name: /^接受/ }));
    await waitFor(() => expect(within(toAnswer).getAllByTestId("match-card")).toHaveLength(1));
    expect(document.activeElement).not.toBe(document.body);
    expect(document.activeElement).toHaveTextContent("已接受。 图书角建设");
  });

  it("names 接受 and 婉拒 after the proposal they answer, unlike on the other cards", async () => {
    const other = { ...proposal(2, "图书角建设"), donor: { id: "UGFydHk6Mg", name: "书店", kind: "SPECIALTY_STORE", verifiedAt: null } };
    proposals(() => [proposal(1, "图书角建设"), other, proposal(3, "体育器材")], () => undefined);
    const cards = await within(await screen.findByTestId("to-answer")).findAllByTestId("match-card");
    expect(screen.getByRole("button", { name: "接受 图书角建设 · 书架 · 助学金 · 桃农合作社" })).toBe(within(cards[0]).getByRole("button", { name: /^接受/ }));
    expect(screen.getByRole("button", { name: "接受 图书角建设 · 书架 · 助学金 · 书店" })).toBe(within(cards[1]).getByRole("button", { name: /^接受/ }));
    expect(screen.getByRole("button", { name: "婉拒 体育器材 · 书架 · 助学金 · 桃农合作社" })).toBe(within(cards[2]).getByRole("button", { name: /^婉拒/ }));
  });

  it("names them apart when two proposals of one donor to one need differ only by the item, or by the pledge", async () => {
    const books = proposal(2, "图书角建设", { needItem: { id: "TmVlZEl0ZW06Mg", description: "儿童读物", unit: "套", quantity: 20, remainingQuantity: 20 } });
    const otherPledge = proposal(3, "图书角建设", { pledge: { id: "UGxlZGdlOjI", title: "备用金", kind: "MONEY", unit: "FEN" } });
    proposals(() => [proposal(1, "图书角建设"), books, otherPledge], () => undefined);
    const cards = await within(await screen.findByTestId("to-answer")).findAllByTestId("match-card");
    const about = ["图书角建设 · 书架 · 助学金 · 桃农合作社", "图书角建设 · 儿童读物 · 助学金 · 桃农合作社", "图书角建设 · 书架 · 备用金 · 桃农合作社"];
    for (const role of ["接受", "婉拒"]) {
      about.forEach((name, i) => expect(screen.getByRole("button", { name: `${role} ${name}` })).toBe(within(cards[i]).getByRole("button", { name: new RegExp(`^${role}`) })));
    }
  });

  it("closes the reason for declining with Escape, focus back on 婉拒, nothing sent", async () => {
    const { sent } = proposals(() => [proposal(1, "图书角建设")], () => undefined);
    const card = await within(await screen.findByTestId("to-answer")).findByTestId("match-card");
    const decline = within(card).getByRole("button", { name: /^婉拒/ });
    await userEvent.click(decline);
    const reason = within(card).getByLabelText("婉拒理由（选填）");
    expect(reason).toHaveFocus();
    await userEvent.type(reason, "已有人捐赠{Escape}");
    expect(within(card).queryByLabelText("婉拒理由（选填）")).not.toBeInTheDocument();
    expect(within(card).getByRole("button", { name: /^婉拒/ })).toHaveFocus();
    expect(sent("RespondToMatch")).toHaveLength(0);
  });

  it("keeps focus on 接受 while the answer is on its way, without sending it twice", async () => {
    const { sent } = proposals(() => [proposal(1, "图书角建设")], () => undefined);
    const card = await within(await screen.findByTestId("to-answer")).findByTestId("match-card");
    const accept = within(card).getByRole("button", { name: /^接受/ });
    await userEvent.click(accept);
    expect(accept).toHaveFocus();
    expect(accept).toHaveAttribute("aria-disabled", "true");
    await userEvent.click(accept);
    expect(sent("RespondToMatch")).toHaveLength(1);
  });
});
