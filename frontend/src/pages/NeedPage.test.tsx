import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { GraphQLError } from "graphql";
import { CombinedError } from "urql";
import { Link } from "react-router-dom";
import { describe, expect, it } from "vitest";
import { Layout, LanguageSwitch } from "../components/Layout";
import { openNeed } from "../test/fixtures";
import { mockClient, renderPage, switchToEnglish, viewer, type Answer, type Me } from "../test/mockClient";
import { wholeText } from "../test/text";
import NeedPage from "./NeedPage";

const SCHOOL = { id: "U2Nob29sOjE", name: "松滋市希望小学" };

function need(id: string, title: string, items: { id: string; description: string; unit: string; remainingQuantity?: number; category?: string }[], extra: Record<string, unknown> = {}) {
  return openNeed(id, title, {
    items: items.map((item) => ({ category: "LIBRARY", quantity: 10, remainingQuantity: 10, unitValueFen: 10000, ...item })),
    ...extra,
  });
}

const NEED_A = need("TmVlZDox", "学生课桌椅更换", [{ id: "TmVlZEl0ZW06MQ", description: "可调节学生课桌椅", unit: "套" }]);
const NEED_B = need("TmVlZDoy", "少年追梦者：职业体验工作坊", [
  { id: "TmVlZEl0ZW06Mg", description: "少年追梦者工作坊", unit: "次" },
  { id: "TmVlZEl0ZW06Mw", description: "职业体验材料包", unit: "套" },
]);

const DONOR = viewer([["DONOR_ADMIN", { id: "UGFydHk6Nw", kind: "MICROENTERPRISE", name: "桃农合作社" }]]);
const PRINCIPAL = viewer([["PRINCIPAL", { id: "UGFydHk6MQ", kind: "SCHOOL", name: SCHOOL.name, school: SCHOOL }]]);

const pledges = {
  pledges: {
    edges: [
      {
        cursor: "1",
        node: { id: "UGxlZGdlOjE", kind: "MONEY", status: "ACTIVE", title: "助学金", quantity: 500000, remainingQuantity: 500000, unit: "FEN", restrictCategories: [], coFundingPartyKinds: [], restrictRegionCodes: [] },
      },
    ],
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
  },
};

function api(me: Me | null, needs: Record<string, unknown>, mutations: Record<string, Answer> = {}) {
  return mockClient({
    WebMe: () => ({ data: { me } }),
    WebNeed: (v) => ({ data: { node: needs[v.id as string] ?? null, matches: { edges: [] } } }),
    Pledges: () => ({ data: pledges }),
    NeedLedgerEntries: () => ({ data: { ledger: { entries: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } } } }),
    ...mutations,
  });
}

const pledged: Answer = () => ({ data: { pledgeToNeed: { match: { id: "TWF0Y2g6MQ" }, errors: [] } } });

function show(client: ReturnType<typeof api>["client"], id: string) {
  return renderPage(client, {
    path: `/needs/${id}`,
    routes: { "/needs/:id": <NeedPage /> },
    extra: (
      <>
        <Link to={`/needs/${NEED_B.id}`}>另一条需求</Link>
        <LanguageSwitch />
      </>
    ),
  });
}

/** Opens the edit form of the need on screen. */
async function openEdit() {
  await userEvent.click(await screen.findByRole("button", { name: "修改需求" }));
  return within(screen.getByRole("form", { name: "修改需求" }));
}

/** Replaces what a box holds (one change event, as a paste would). */
function retype(box: HTMLElement, value: string) {
  fireEvent.change(box, { target: { value } });
}

describe("pledging directly to a need", () => {
  it("offers the item of the need on screen, after moving from another need's page", async () => {
    const { client, sent } = api(DONOR, { [NEED_A.id]: NEED_A, [NEED_B.id]: NEED_B }, { PledgeToNeed: pledged });
    show(client, NEED_A.id);
    await screen.findByRole("heading", { name: NEED_A.title });
    expect(await screen.findByLabelText("对接哪项物品")).toHaveValue(NEED_A.items[0].id);

    await userEvent.click(screen.getByRole("link", { name: "另一条需求" }));
    await screen.findByRole("heading", { name: NEED_B.title });
    expect(screen.getByLabelText("对接哪项物品")).toHaveValue(NEED_B.items[0].id);
    await userEvent.click(screen.getByRole("button", { name: "提交认捐" }));

    await screen.findByText(/已提交，等待学校确认和官员批准。/);
    expect(sent("PledgeToNeed")).toHaveLength(1);
    expect(sent("PledgeToNeed")[0].input).toMatchObject({ pledgeId: "UGxlZGdlOjE", needItemId: NEED_B.items[0].id, quantity: 1 });
  });

  it("starts again after an offer: a second offer is a deliberate step, with its own key", async () => {
    const { client, sent } = api(DONOR, { [NEED_B.id]: NEED_B }, { PledgeToNeed: pledged });
    show(client, NEED_B.id);
    await userEvent.selectOptions(await screen.findByLabelText("对接哪项物品"), NEED_B.items[1].id);
    await userEvent.clear(screen.getByLabelText("覆盖的物品数量"));
    await userEvent.type(screen.getByLabelText("覆盖的物品数量"), "3");
    await userEvent.click(screen.getByRole("button", { name: "提交认捐" }));

    expect(await screen.findByText(wholeText("已提交，等待学校确认和官员批准。 职业体验材料包 × 3 套"))).toBeInTheDocument();
    // Pressing again cannot repeat the offer: the form is gone until asked for.
    expect(screen.queryByRole("button", { name: "提交认捐" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "再认捐一项" }));
    expect(screen.getByLabelText("覆盖的物品数量")).toHaveValue("1");
    await userEvent.click(screen.getByRole("button", { name: "提交认捐" }));
    await screen.findByText(/已提交/);

    const [first, second] = sent("PledgeToNeed").map((v) => v.input as { idempotencyKey: string; quantity: number });
    expect(first.quantity).toBe(3);
    expect(second.quantity).toBe(1);
    expect(first.idempotencyKey).toBeTruthy();
    expect(second.idempotencyKey).not.toBe(first.idempotencyKey);
  });

  it("shows the party's own offers still waiting, read again after a new one, so none is made twice", async () => {
    let waiting: unknown[] = [];
    const offer = (id: string, quantity: number, status: string) => ({
      node: { id, status, itemQuantity: quantity, needItem: { id: NEED_B.items[1].id, description: "职业体验材料包", unit: "套" }, pledge: { id: "UGxlZGdlOjE", title: "助学金" } },
    });
    const { client, executeQuery } = api(DONOR, { [NEED_B.id]: NEED_B }, {
      PledgeToNeed: () => {
        waiting = [offer("TWF0Y2g6Mg", 3, "PROPOSED")];
        return pledged({});
      },
      WebNeedOffers: (v) => {
        expect(v).toEqual({ needId: NEED_B.id, donorId: "UGFydHk6Nw" });
        return { data: { matches: { edges: waiting } } };
      },
    });
    waiting = [offer("TWF0Y2g6MQ", 11, "ACCEPTED")];
    show(client, NEED_B.id);
    expect(await screen.findByText("您已提出、等待答复的对接")).toBeInTheDocument();
    expect(screen.getByText(wholeText(/职业体验材料包 × 11 套 · 助学金 · 双方已接受/))).toBeInTheDocument();

    await userEvent.selectOptions(await screen.findByLabelText("对接哪项物品"), NEED_B.items[1].id);
    await userEvent.clear(screen.getByLabelText("覆盖的物品数量"));
    await userEvent.click(screen.getByRole("button", { name: "提交认捐" }));
    // An empty quantity is required, not "not a number".
    expect(await screen.findByText("此项必填。")).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("覆盖的物品数量"), "3");
    await userEvent.click(screen.getByRole("button", { name: "提交认捐" }));

    expect(await screen.findByText(wholeText(/职业体验材料包 × 3 套 · 助学金 · 待确认/))).toBeInTheDocument();
    expect(executeQuery.mock.calls.filter(([r]) => JSON.stringify(r.query).includes("WebNeedOffers")).length).toBeGreaterThan(1);
  });
});

describe("the donor's pledges to choose from", () => {
  const active = (n: number) => ({ ...pledges.pledges.edges[0].node, id: `UGxlZGdlOj${n}`, title: `助学金 ${n}` });
  /** Pages of one pledge each, numbered from 1; `last` ends the list. */
  const byPage = (last: number): Answer => (v) => {
    const n = v.after ? Number(String(v.after).slice(1)) + 1 : 1;
    return {
      data: { pledges: { edges: [{ cursor: `p${n}`, node: active(n) }], pageInfo: { hasNextPage: n < last, hasPreviousPage: n > 1, startCursor: `p${n}`, endCursor: `p${n}` } } },
    };
  };

  it("are read past the first page, and the first page's stay", async () => {
    const { client, sent } = api(DONOR, { [NEED_A.id]: NEED_A }, { Pledges: byPage(2), PledgeToNeed: pledged });
    show(client, NEED_A.id);
    const choice = await screen.findByLabelText("使用哪项认捐");
    await waitFor(() => expect(within(choice).getAllByRole("option").map((o) => o.textContent)).toEqual([expect.stringContaining("助学金 1"), expect.stringContaining("助学金 2")]));
    expect(screen.queryByText(/还有更多可用认捐未列出/)).not.toBeInTheDocument();
    expect(sent("Pledges", "query").map((v) => v.after ?? null)).toEqual([null, "p1"]);

    await userEvent.selectOptions(choice, active(2).id);
    await userEvent.click(screen.getByRole("button", { name: "提交认捐" }));
    await screen.findByText(/已提交/);
    expect(sent("PledgeToNeed")[0].input).toMatchObject({ pledgeId: active(2).id });
  });

  it("are read up to a bound, and the form says there are more than it lists", async () => {
    const { client, sent } = api(DONOR, { [NEED_A.id]: NEED_A }, { Pledges: byPage(1000) });
    show(client, NEED_A.id);
    const choice = await screen.findByLabelText("使用哪项认捐");
    expect(await screen.findByText(/这里只列出最新的 5 项可用认捐，您方还有更多可用认捐未列出。/)).toBeInTheDocument();
    expect(choice).toHaveAccessibleDescription(/这里只列出最新的 5 项可用认捐，您方还有更多可用认捐未列出。/);
    expect(within(choice).getAllByRole("option")).toHaveLength(5);
    expect(sent("Pledges", "query")).toHaveLength(5);
    expect(sent("Pledges", "query").every((v) => v.first === 100)).toBe(true);
  });
});

describe("the need page's notices", () => {
  it("say an offer made, and a quantity that is not a number, in the language chosen afterwards", async () => {
    const { client } = api(DONOR, { [NEED_B.id]: NEED_B }, { PledgeToNeed: pledged });
    show(client, NEED_B.id);
    const quantity = await screen.findByLabelText("覆盖的物品数量");
    retype(quantity, "三");
    await userEvent.click(screen.getByRole("button", { name: "提交认捐" }));
    expect(quantity).toHaveAccessibleDescription("请输入数字。");
    await switchToEnglish();
    expect(screen.getByLabelText("How many of the item")).toHaveAccessibleDescription("Please enter a number.");

    await userEvent.click(screen.getByRole("button", { name: /中文|Chinese/ }));
    retype(screen.getByLabelText("覆盖的物品数量"), "3");
    await userEvent.click(screen.getByRole("button", { name: "提交认捐" }));
    expect(await screen.findByText(wholeText("已提交，等待学校确认和官员批准。 少年追梦者工作坊 × 3 次"))).toBeInTheDocument();
    await switchToEnglish();
    expect(screen.getByText(wholeText("Offered: waiting for the school and an official. 少年追梦者工作坊 × 3 次"))).toBeInTheDocument();
  });

  it("say that the ledger could not be read in the language chosen afterwards", async () => {
    const { client } = api(null, { [NEED_A.id]: NEED_A }, {
      NeedLedgerEntries: () => ({ error: new CombinedError({ networkError: new Error("offline") }) }),
    });
    show(client, NEED_A.id);
    const ledger = within(await screen.findByTestId("need-ledger"));
    expect(await ledger.findByRole("alert")).toHaveTextContent("无法连接服务器，请检查网络后重试。");
    await switchToEnglish();
    expect(ledger.getByRole("alert")).toHaveTextContent("The server cannot be reached. Check your connection and try again.");
  });
});

describe("the school managing its need", () => {
  it("publishes a draft, and the page shows it public", async () => {
    const draft = need("TmVlZDoz", "图书角", [{ id: "TmVlZEl0ZW06NA", description: "书架", unit: "个" }], { status: "DRAFT" });
    const needs: Record<string, unknown> = { [draft.id]: draft };
    const { client, sent } = api(PRINCIPAL, needs, {
      UpdateNeed: () => {
        needs[draft.id] = { ...draft, status: "OPEN" };
        return { data: { updateNeed: { need: needs[draft.id], errors: [] } } };
      },
    });
    show(client, draft.id);
    expect(await screen.findByText("草稿：尚未公开，只有本校人员能看到。")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "公开这条需求" }));

    expect(await screen.findByText("需求已公开。")).toBeInTheDocument();
    expect(sent("UpdateNeed")[0].input).toMatchObject({ id: draft.id, publish: true });
    await waitFor(() => expect(screen.queryByText("草稿：尚未公开，只有本校人员能看到。")).not.toBeInTheDocument());
    expect(screen.getByText("待对接")).toBeInTheDocument();
  });

  it("edits the title and deadline, sending only what changed, and shows a refusal beside its field", async () => {
    const { client, sent } = api(PRINCIPAL, { [NEED_A.id]: NEED_A }, {
      UpdateNeed: () => ({
        data: { updateNeed: { need: null, errors: [{ field: "deadline", code: "DEADLINE_IN_PAST", message: "deadline must be today or later." }] } },
      }),
    });
    show(client, NEED_A.id);
    await userEvent.click(await screen.findByRole("button", { name: "修改需求" }));
    const form = within(screen.getByRole("form", { name: "修改需求" }));
    expect(form.getByLabelText("标题")).toHaveValue(NEED_A.title);
    await userEvent.clear(form.getByLabelText("标题"));
    await userEvent.type(form.getByLabelText("标题"), "课桌椅更换（第二批）");
    await userEvent.clear(form.getByLabelText("截止日期"));
    await userEvent.click(form.getByRole("button", { name: "保存修改" }));
    // An empty deadline is never sent.
    expect(form.getByLabelText("截止日期")).toHaveAccessibleDescription("此项必填。");
    expect(sent("UpdateNeed")).toHaveLength(0);

    await userEvent.type(form.getByLabelText("截止日期"), "2020-01-01");
    await userEvent.click(form.getByRole("button", { name: "保存修改" }));
    await waitFor(() => expect(form.getByLabelText("截止日期")).toHaveAccessibleDescription("日期不能早于今天。"));
    const input = sent("UpdateNeed")[0].input as Record<string, unknown>;
    expect(input).toMatchObject({ id: NEED_A.id, title: "课桌椅更换（第二批）", deadline: "2020-01-01" });
    for (const unchanged of ["story", "urgency", "category", "beneficiaries", "items"]) expect(input).not.toHaveProperty(unchanged);
    expect(form.getByLabelText("标题")).toHaveValue("课桌椅更换（第二批）");
  });

  it("changes an item's quantity and adds a line, sending the whole list with the kept item's id", async () => {
    const needs: Record<string, unknown> = { [NEED_A.id]: NEED_A };
    const { client, sent } = api(PRINCIPAL, needs, {
      UpdateNeed: (v) => {
        const input = v.input as { items: Record<string, unknown>[] };
        const items = input.items.map((item, i) => ({ id: item.id ?? `TmVlZEl0ZW06${i + 10}`, ...item, remainingQuantity: item.quantity }));
        needs[NEED_A.id] = { ...NEED_A, items };
        return { data: { updateNeed: { need: needs[NEED_A.id], errors: [] } } };
      },
    });
    show(client, NEED_A.id);
    const form = await openEdit();
    expect(form.getByText(/已有捐赠方提议的物品不能删除，只能修改。/)).toBeInTheDocument();
    const first = within(form.getByTestId("item-0"));
    expect(first.getByLabelText("单价（元）")).toHaveValue("100");
    retype(first.getByLabelText("数量"), "12");
    await userEvent.click(form.getByRole("button", { name: "再加一项" }));
    const added = within(form.getByTestId("item-1"));
    retype(added.getByLabelText("物品名称和说明"), "教师办公椅");
    retype(added.getByLabelText("数量"), "2");
    retype(added.getByLabelText("单位"), "把");
    retype(added.getByLabelText("单价（元）"), "80.5");
    await userEvent.click(form.getByRole("button", { name: "保存修改" }));

    expect(await screen.findByText("修改已保存。")).toBeInTheDocument();
    const input = sent("UpdateNeed")[0].input as Record<string, unknown>;
    expect(input.items).toEqual([
      { id: NEED_A.items[0].id, description: "可调节学生课桌椅", category: "LIBRARY", quantity: 12, unit: "套", unitValueFen: 10000 },
      // A line without a category takes the need's.
      { description: "教师办公椅", category: "LIBRARY", quantity: 2, unit: "把", unitValueFen: 8050 },
    ]);
    for (const unchanged of ["title", "story", "category", "urgency", "deadline", "beneficiaries"]) expect(input).not.toHaveProperty(unchanged);
    const table = within(await screen.findByRole("table"));
    expect(await table.findByText(wholeText("12 套"))).toBeInTheDocument();
    expect(table.getByText("教师办公椅")).toBeInTheDocument();
  });

  it("shows the server's refusal of a line's quantity beside it and keeps everything typed", async () => {
    const { client, sent } = api(PRINCIPAL, { [NEED_A.id]: NEED_A }, {
      UpdateNeed: () => ({
        data: { updateNeed: { need: null, errors: [{ field: "items.1.quantity", code: "OUT_OF_RANGE", message: "items.1.quantity must be a whole number from 1." }] } },
      }),
    });
    show(client, NEED_A.id);
    const form = await openEdit();
    retype(form.getByLabelText("受益学生人数"), "120");
    retype(within(form.getByTestId("item-0")).getByLabelText("数量"), "8");
    await userEvent.click(form.getByRole("button", { name: "再加一项" }));
    const added = within(form.getByTestId("item-1"));
    retype(added.getByLabelText("物品名称和说明"), "教师办公椅");
    retype(added.getByLabelText("数量"), "0");
    retype(added.getByLabelText("单位"), "把");
    retype(added.getByLabelText("单价（元）"), "80");
    await userEvent.click(form.getByRole("button", { name: "保存修改" }));

    await waitFor(() => expect(added.getByLabelText("数量")).toHaveAccessibleDescription("数值超出允许范围。"));
    expect(added.getByLabelText("数量")).toHaveAttribute("aria-invalid", "true");
    expect(within(form.getByTestId("item-0")).getByLabelText("数量")).not.toHaveAttribute("aria-invalid", "true");
    expect(form.getByText("表单有 1 处需要修改，请查看下方各字段旁的说明。")).toBeInTheDocument();
    expect(sent("UpdateNeed")[0].input).toMatchObject({ beneficiaries: 120 });
    // Nothing typed is lost.
    expect(added.getByLabelText("数量")).toHaveValue("0");
    expect(added.getByLabelText("物品名称和说明")).toHaveValue("教师办公椅");
    expect(added.getByLabelText("单价（元）")).toHaveValue("80");
    expect(within(form.getByTestId("item-0")).getByLabelText("数量")).toHaveValue("8");
    expect(form.getByLabelText("受益学生人数")).toHaveValue("120");
  });

  it("shows the items read-only once resources are allocated, and still saves the title", async () => {
    const allocated = need("TmVlZDo0", "操场围栏", [{ id: "TmVlZEl0ZW06NQ", description: "围栏", unit: "米", remainingQuantity: 4 }], {
      status: "PARTIALLY_MATCHED",
    });
    const { client, sent } = api(PRINCIPAL, { [allocated.id]: allocated }, {
      UpdateNeed: () => ({ data: { updateNeed: { need: allocated, errors: [] } } }),
    });
    show(client, allocated.id);
    const form = await openEdit();
    const locked = within(form.getByTestId("items-locked"));
    expect(locked.getByText(/已有物品对接了资源，物品清单不能再修改/)).toBeInTheDocument();
    expect(locked.getByText(wholeText("围栏 · 图书馆 · 10 米 × ¥100"))).toBeInTheDocument();
    expect(form.queryByLabelText("数量")).not.toBeInTheDocument();
    expect(form.queryByRole("button", { name: "再加一项" })).not.toBeInTheDocument();

    retype(form.getByLabelText("标题"), "操场围栏（加固）");
    await userEvent.click(form.getByRole("button", { name: "保存修改" }));
    expect(await screen.findByText("修改已保存。")).toBeInTheDocument();
    const input = sent("UpdateNeed")[0].input as Record<string, unknown>;
    expect(input).toMatchObject({ id: allocated.id, title: "操场围栏（加固）" });
    expect(input).not.toHaveProperty("items");
  });

  it("says which item donors have proposals for when its removal is refused, in the language chosen", async () => {
    const { client, sent } = api(PRINCIPAL, { [NEED_B.id]: NEED_B }, {
      UpdateNeed: () => ({
        data: {
          updateNeed: {
            need: null,
            errors: [
              {
                field: "items",
                code: "INVALID",
                message: "「职业体验材料包」 has proposals from donors, so it stays on the need: keep it in the list (its quantity may change), or cancel the need.",
              },
            ],
          },
        },
      }),
    });
    show(client, NEED_B.id);
    const form = await openEdit();
    await userEvent.click(form.getByRole("button", { name: "删除第 2 项" }));
    await userEvent.click(form.getByRole("button", { name: "保存修改" }));

    expect(await form.findByText("“职业体验材料包”已有捐赠方提议，不能删除：请保留这一项（可以修改数量），或取消这条需求。")).toBeInTheDocument();
    expect((sent("UpdateNeed")[0].input as { items: unknown[] }).items).toEqual([
      { id: NEED_B.items[0].id, description: "少年追梦者工作坊", category: "LIBRARY", quantity: 10, unit: "次", unitValueFen: 10000 },
    ]);
    // The list stays as the principal left it, and the notice follows a change of language.
    expect(form.queryByTestId("item-1")).not.toBeInTheDocument();
    await switchToEnglish();
    expect(
      form.getByText("“职业体验材料包” has proposals from donors, so it cannot be removed: keep it in the list (its quantity may change), or cancel the need."),
    ).toBeInTheDocument();
    expect(form.getByText("1 problem in the form. See the message beside the field below.")).toBeInTheDocument();
  });

  it("keeps its notices in the language chosen after they appeared", async () => {
    const { client, sent } = api(PRINCIPAL, { [NEED_A.id]: NEED_A });
    show(client, NEED_A.id);
    const form = await openEdit();
    await userEvent.click(form.getByRole("button", { name: "保存修改" }));
    expect(form.getByText("没有修改任何内容。")).toBeInTheDocument();
    await switchToEnglish();
    expect(form.getByText("Nothing has changed.")).toBeInTheDocument();
    expect(sent("UpdateNeed")).toHaveLength(0);
  });

  it("cancels the need after a confirmation, with the reason", async () => {
    const needs: Record<string, unknown> = { [NEED_A.id]: NEED_A };
    const { client, sent } = api(PRINCIPAL, needs, {
      CancelNeed: () => {
        needs[NEED_A.id] = { ...NEED_A, status: "CANCELLED" };
        return { data: { cancelNeed: { need: needs[NEED_A.id], errors: [] } } };
      },
    });
    show(client, NEED_A.id);
    await userEvent.click(await screen.findByRole("button", { name: "取消这条需求" }));
    expect(sent("CancelNeed")).toHaveLength(0);
    const form = within(screen.getByRole("form", { name: "取消这条需求" }));
    await userEvent.type(form.getByLabelText("取消原因（选填）"), "已由县教育局解决");
    await userEvent.click(form.getByRole("button", { name: "确认取消需求" }));

    expect(await screen.findByText("需求已取消。")).toBeInTheDocument();
    expect(sent("CancelNeed")[0].input).toMatchObject({ id: NEED_A.id, reason: "已由县教育局解决" });
    expect(await screen.findByText("状态为“已取消”的需求不能再修改或取消。")).toBeInTheDocument();
  });

  it("is not offered to a donor or to another school", async () => {
    const other = viewer([["PRINCIPAL", { id: "UGFydHk6OQ", kind: "SCHOOL", name: "别的学校", school: { id: "U2Nob29sOjk", name: "别的学校" } }]]);
    for (const me of [DONOR, other]) {
      const { client } = api(me, { [NEED_A.id]: NEED_A });
      const { unmount } = show(client, NEED_A.id);
      await screen.findByRole("heading", { name: NEED_A.title });
      expect(screen.queryByTestId("need-manage")).not.toBeInTheDocument();
      unmount();
    }
  });
});

describe("a need without a story", () => {
  it("shows no empty heading for the school's words", async () => {
    const quiet = need("TmVlZDo5", "图书角", [{ id: "TmVlZEl0ZW06OQ", description: "图书", unit: "册" }], { story: "" });
    const { client } = api(null, { [quiet.id]: quiet });
    show(client, quiet.id);
    await screen.findByRole("heading", { name: "图书角" });
    expect(screen.queryByRole("heading", { name: "学校的话" })).not.toBeInTheDocument();
  });
});

describe("a link that is not a need's", () => {
  it("says the need cannot be found, without a retry", async () => {
    const { client } = mockClient({
      WebMe: () => ({ data: { me: null } }),
      WebNeed: () => ({
        error: new CombinedError({ graphQLErrors: [new GraphQLError("filter is not a valid Need ID", { extensions: { code: "BAD_USER_INPUT" } })] }),
      }),
    });
    renderPage(client, { path: "/needs/garbage", routes: { "/needs/:id": <NeedPage /> } });
    expect(await screen.findByText("找不到这条需求，它可能尚未公开或已被删除。")).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1, name: "找不到需求" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "重试" })).not.toBeInTheDocument();
  });
});

/** A ledger entry about need 3 (`TmVlZDoz`), moving it from `from` to `to`. */
function needEntry(index: number, from: string | null, to: string) {
  const entry = { v: 1, index, entity: "need", id: 3, from, to, at: 1767225600 + index, actor_role: "PRINCIPAL", value_fen: 0, quantity: 0, region: "421087", refs: {} };
  return { node: { index, entry: JSON.stringify(entry), leafHash: "00" } };
}

describe("the need's ledger section", () => {
  it("reads the ledger again after the school publishes or cancels the need", async () => {
    const draft = need("TmVlZDoz", "图书角", [{ id: "TmVlZEl0ZW06NA", description: "书架", unit: "个" }], { status: "DRAFT" });
    const needs: Record<string, unknown> = { [draft.id]: draft };
    const entries = [needEntry(0, null, "DRAFT")];
    const { client } = api(PRINCIPAL, needs, {
      NeedLedgerEntries: () => ({ data: { ledger: { entries: { edges: [...entries].reverse(), pageInfo: { hasNextPage: false, endCursor: null } } } } }),
      UpdateNeed: () => {
        needs[draft.id] = { ...draft, status: "OPEN" };
        entries.push(needEntry(1, "DRAFT", "OPEN"));
        return { data: { updateNeed: { need: needs[draft.id], errors: [] } } };
      },
      CancelNeed: () => {
        needs[draft.id] = { ...draft, status: "CANCELLED" };
        entries.push(needEntry(2, "OPEN", "CANCELLED"));
        return { data: { cancelNeed: { need: needs[draft.id], errors: [] } } };
      },
    });
    show(client, draft.id);
    const ledger = within(await screen.findByTestId("need-ledger"));
    expect(await ledger.findByText(/新建 → 草稿/)).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "公开这条需求" }));
    expect(await ledger.findByText(/草稿 → 待对接/)).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "取消这条需求" }));
    await userEvent.click(screen.getByRole("button", { name: "确认取消需求" }));
    expect(await ledger.findByText(/待对接 → 已取消/)).toBeInTheDocument();
    expect(ledger.getAllByRole("listitem")).toHaveLength(3);
  });
});

describe("the need's figures", () => {
  it("leave out the students served when the school gave none", async () => {
    const none = need("TmVlZDo0", "操场修缮", [{ id: "TmVlZEl0ZW06NQ", description: "塑胶跑道", unit: "平方米" }], { beneficiaries: 0 });
    const { client } = api(null, { [none.id]: none, [NEED_A.id]: NEED_A });
    const { unmount } = show(client, none.id);
    await screen.findByRole("heading", { name: none.title });
    expect(screen.queryByText(/受益学生/)).not.toBeInTheDocument();
    unmount();
    show(client, NEED_A.id);
    expect(await screen.findByText(/受益学生 100 人/)).toBeInTheDocument();
  });

  it("set an item's category apart from its typed description, so that the label wraps only between words", async () => {
    const psychosocial = need("TmVlZDo1", "心理关爱", [{ id: "TmVlZEl0ZW06Ng", description: "沙盘", unit: "套", category: "PSYCHOSOCIAL" }]);
    const { client } = api(null, { [psychosocial.id]: psychosocial }, {});
    show(client, psychosocial.id);
    await screen.findByRole("heading", { name: psychosocial.title });
    await switchToEnglish();
    const row = screen.getByRole("rowheader");
    expect(within(row).getByText("沙盘")).toHaveClass("item-description");
    expect(within(row).getByText(/Psychosocial support/)).toHaveClass("item-category");
  });
});

describe("the need's items table", () => {
  it("scrolls in a region a keyboard can focus, named in the reader's language", async () => {
    const { client } = api(null, { [NEED_A.id]: NEED_A });
    show(client, NEED_A.id);
    const table = await screen.findByRole("table");
    const region = screen.getByRole("region", { name: "需求明细表" });
    expect(region).toContainElement(table);
    expect(region).toHaveClass("table-scroll");
    expect(region).toHaveAttribute("tabindex", "0");
    await switchToEnglish();
    expect(screen.getByRole("region", { name: "Table of items" })).toBe(region);
  });
});

describe("the tab's title", () => {
  it("is the need's title, or says the need cannot be found", async () => {
    const { client } = api(null, { [NEED_A.id]: NEED_A });
    const page = <Layout onLoggedOut={() => {}}><NeedPage /></Layout>;
    const { unmount } = renderPage(client, { path: `/needs/${NEED_A.id}`, routes: { "/needs/:id": page } });
    await screen.findByRole("heading", { level: 1, name: NEED_A.title });
    await waitFor(() => expect(document.title).toBe("学生课桌椅更换 · 希望生态"));
    unmount();
    renderPage(client, { path: "/needs/TmVlZDo5OQ", routes: { "/needs/:id": page } });
    await screen.findByRole("heading", { level: 1, name: "找不到需求" });
    await waitFor(() => expect(document.title).toBe("找不到需求 · 希望生态"));
  });
});

describe("the school's place", () => {
  it("marks the town, as the school wrote it, with its language in English", async () => {
    const inTown = { ...NEED_A, school: { ...NEED_A.school, town: "新江口镇" } };
    const { client } = api(null, { [NEED_A.id]: inTown });
    show(client, NEED_A.id);
    const school = await screen.findByRole("region", { name: "学校概况" });
    const place = school.querySelector(".meta")!;
    expect(place).toHaveTextContent("松滋市 新江口镇");
    expect(place.querySelectorAll("[lang]")).toHaveLength(0);
    await switchToEnglish();
    expect(place).toHaveTextContent("新江口镇, Songzi City");
    expect(within(place as HTMLElement).getByText("新江口镇")).toHaveAttribute("lang", "zh-CN");
    expect(place.querySelectorAll("[lang]")).toHaveLength(1);
  });
});

describe("the pledges offered for an item", () => {
  const pledge = (n: number, title: string, kind: string, extra: Record<string, unknown> = {}) => ({
    ...pledges.pledges.edges[0].node,
    id: `UGxlZGdlOj${n}`,
    title,
    kind,
    category: null,
    unit: kind === "MONEY" || kind === "CO_FUNDING" ? "FEN" : "本",
    ...extra,
  });
  const ALL = [
    pledge(1, "助学金", "MONEY"),
    pledge(2, "体育专项资金", "MONEY", { restrictCategories: ["SPORTS_ARTS"] }),
    pledge(3, "图书专项资金", "MONEY", { restrictCategories: ["LIBRARY", "SPORTS_ARTS"] }),
    pledge(4, "儿童读物", "GOODS", { category: "LIBRARY" }),
    pledge(5, "篮球", "GOODS", { category: "SPORTS_ARTS" }),
    pledge(6, "媒体报道", "MEDIA", { unit: "STORY" }),
    pledge(7, "读书会志愿者", "VOLUNTEER", { category: "LIBRARY", unit: "HOUR" }),
    pledge(8, "配捐", "CO_FUNDING"),
    pledge(9, "山东助学金", "MONEY", { restrictRegionCodes: ["37"] }),
    pledge(10, "湖北助学金", "MONEY", { restrictRegionCodes: ["42"] }),
  ];
  // A library item and a sports item, at the Songzi school (湖北, 421087).
  const MIXED = need("TmVlZDoz", "图书和体育器材", [
    { id: "TmVlZEl0ZW06NA", description: "书架", unit: "个" },
    { id: "TmVlZEl0ZW06NQ", description: "篮球架", unit: "个", category: "SPORTS_ARTS" },
  ]);
  const offered = (choice: HTMLElement) => within(choice).getAllByRole("option").map((o) => o.textContent?.split(" · ")[0]);

  it("are only those that could go to it: money it may pay for, or goods, services and volunteers of its category", async () => {
    const { client, sent } = api(DONOR, { [MIXED.id]: MIXED }, {
      Pledges: () => ({ data: { pledges: { ...pledges.pledges, edges: ALL.map((node, i) => ({ cursor: String(i), node })) } } }),
      PledgeToNeed: pledged,
    });
    show(client, MIXED.id);
    const choice = await screen.findByLabelText("使用哪项认捐");
    expect(offered(choice)).toEqual(["助学金", "图书专项资金", "儿童读物", "读书会志愿者", "湖北助学金"]);
    expect(choice).toHaveAccessibleDescription(/只列出可用于这项物品的认捐/);

    await userEvent.selectOptions(screen.getByLabelText("对接哪项物品"), "TmVlZEl0ZW06NQ");
    expect(offered(screen.getByLabelText("使用哪项认捐"))).toEqual(["助学金", "体育专项资金", "图书专项资金", "篮球", "湖北助学金"]);
    await userEvent.selectOptions(screen.getByLabelText("使用哪项认捐"), "UGxlZGdlOj5");
    await userEvent.click(screen.getByRole("button", { name: "提交认捐" }));
    await screen.findByText(/已提交/);
    expect(sent("PledgeToNeed")[0].input).toMatchObject({ pledgeId: "UGxlZGdlOj5", needItemId: "TmVlZEl0ZW06NQ" });
  });

  it("say so when none could go to the item, and offer nothing to send", async () => {
    const { client, sent } = api(DONOR, { [MIXED.id]: MIXED }, {
      Pledges: () => ({ data: { pledges: { ...pledges.pledges, edges: [ALL[4], ALL[5]].map((node, i) => ({ cursor: String(i), node })) } } }),
    });
    show(client, MIXED.id);
    expect(await screen.findByTestId("no-fitting-pledge")).toHaveTextContent("您方没有可用于这项物品的认捐：这里能用的是资金认捐，或“图书馆”类的物资、服务、志愿认捐。");
    expect(screen.queryByLabelText("使用哪项认捐")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "提交认捐" })).not.toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText("对接哪项物品"), "TmVlZEl0ZW06NQ");
    expect(offered(screen.getByLabelText("使用哪项认捐"))).toEqual(["篮球"]);
    expect(sent("PledgeToNeed")).toHaveLength(0);
  });
});

describe("a direct pledge refused", () => {
  it("as not eligible, says so in one Chinese sentence, and in the server's words in English", async () => {
    const goods = { ...pledges.pledges.edges[0].node, id: "UGxlZGdlOjQ", kind: "GOODS", category: "LIBRARY", title: "儿童读物", unit: "本" };
    const { client } = api(DONOR, { [NEED_A.id]: NEED_A }, {
      Pledges: () => ({ data: { pledges: { ...pledges.pledges, edges: [{ cursor: "4", node: goods }] } } }),
      PledgeToNeed: () => ({
        data: { pledgeToNeed: { match: null, errors: [{ field: "pledgeId", code: "NOT_ELIGIBLE", message: "The pledge offers 儿童读物; the school needs 可调节学生课桌椅." }] } },
      }),
    });
    show(client, NEED_A.id);
    await userEvent.click(await screen.findByRole("button", { name: "提交认捐" }));
    const choice = screen.getByLabelText("使用哪项认捐");
    await waitFor(() => expect(choice).toHaveAccessibleDescription(/所选的认捐不能用于这项物品，请换一项认捐，或换一项物品。$/));
    expect(choice).not.toHaveAccessibleDescription(/类别或地区不符|服务距离/);
    await switchToEnglish();
    expect(screen.getByLabelText("Which pledge")).toHaveAccessibleDescription(
      /This pledge cannot go to this item\. The pledge offers 儿童读物; the school needs 可调节学生课桌椅\.$/,
    );
  });

  it("reads a quantity typed with full-width digits", async () => {
    const { client, sent } = api(DONOR, { [NEED_A.id]: NEED_A }, { PledgeToNeed: pledged });
    show(client, NEED_A.id);
    retype(await screen.findByLabelText("覆盖的物品数量"), "２");
    await userEvent.click(screen.getByRole("button", { name: "提交认捐" }));
    await screen.findByText(/已提交/);
    expect(sent("PledgeToNeed")[0].input).toMatchObject({ quantity: 2 });
  });

  it("says the item needs at most what it still needs, with the number", async () => {
    const { client } = api(DONOR, { [NEED_A.id]: NEED_A }, {
      PledgeToNeed: () => ({
        data: { pledgeToNeed: { match: null, errors: [{ field: "quantity", code: "OUT_OF_RANGE", message: "quantity must be between 1 and 10; got 11.", minimum: null, maximum: "10" }] } },
      }),
    });
    show(client, NEED_A.id);
    const quantity = await screen.findByLabelText("覆盖的物品数量");
    retype(quantity, "11");
    await userEvent.click(screen.getByRole("button", { name: "提交认捐" }));
    await waitFor(() => expect(quantity).toHaveAccessibleDescription("这项物品目前最多还需要 10，请不要超过。"));
    expect(screen.queryByText(/须为整数/)).not.toBeInTheDocument();
  });

  it("names service units in words among the pledges to choose from", async () => {
    const service = { ...pledges.pledges.edges[0].node, id: "UGxlZGdlOjI", kind: "SERVICE", category: "LIBRARY", title: "心理辅导", quantity: 5, remainingQuantity: 5, unit: "SESSION" };
    const { client } = api(DONOR, { [NEED_A.id]: NEED_A }, {
      Pledges: () => ({ data: { pledges: { ...pledges.pledges, edges: [{ cursor: "2", node: service }] } } }),
    });
    show(client, NEED_A.id);
    expect(await screen.findByRole("option", { name: "心理辅导 · 服务 · 剩余 5 次" })).toBeInTheDocument();
  });
});

describe("the need's stories", () => {
  const CONFIRMED_MATCH = {
    id: "TWF0Y2g6MQ",
    status: "CONFIRMED",
    origin: "DIRECT",
    itemQuantity: 2,
    valueFen: 20000,
    decidedAt: "2026-11-03T00:00:00+00:00",
    donor: { id: "UGFydHk6Nw", name: "桃农合作社", kind: "MICROENTERPRISE" },
    needItem: { id: NEED_A.items[0].id, description: "可调节学生课桌椅", unit: "套" },
    fulfilment: { quantity: 2, deliveredQuantity: 2, receivedQuantity: 2 },
    deliveries: [],
    receipts: [],
  };
  const STORY = {
    id: "U3Rvcnk6MQ",
    title: "新课桌椅到了",
    body: "第一段。\n\n第二段：<b>谢谢</b>大家！",
    publishedAt: "2026-11-06T02:00:00+00:00",
    party: { id: "UGFydHk6MzA", name: "乡村教育观察融媒体" },
    matches: [{ id: CONFIRMED_MATCH.id, school: SCHOOL, need: { id: NEED_A.id, title: NEED_A.title } }],
  };

  function withMatches(matches: (typeof CONFIRMED_MATCH)[]) {
    return mockClient({
      WebMe: () => ({ data: { me: null } }),
      WebNeed: () => ({ data: { node: NEED_A, matches: { edges: matches.map((node) => ({ node })) } } }),
      NeedLedgerEntries: () => ({ data: { ledger: { entries: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } } } }),
      WebStories: () => ({ data: { stories: { edges: [{ cursor: STORY.id, node: STORY }], pageInfo: { hasNextPage: false, endCursor: null } } } }),
    });
  }

  it("shows each story telling of its matches in full, line breaks kept, as plain text", async () => {
    const { client, sent } = withMatches([CONFIRMED_MATCH]);
    show(client, NEED_A.id);
    const section = await screen.findByRole("region", { name: "媒体报道" });
    const story = await within(section).findByTestId("story");
    expect(within(story).getByRole("heading", { name: "新课桌椅到了" })).toBeInTheDocument();
    expect(story).toHaveTextContent("乡村教育观察融媒体 · 2026年11月6日");
    const body = story.querySelector(".story")!;
    expect(body.textContent).toBe(STORY.body);
    expect(body.querySelector("b")).toBeNull();
    expect(sent("WebStories", "query")[0]).toMatchObject({ filter: { needId: NEED_A.id } });
  });

  it("are not looked for while no match of the need is confirmed", async () => {
    const { client, sent } = withMatches([{ ...CONFIRMED_MATCH, status: "DELIVERED" }]);
    show(client, NEED_A.id);
    await screen.findByRole("heading", { name: NEED_A.title });
    expect(screen.queryByRole("region", { name: "媒体报道" })).not.toBeInTheDocument();
    expect(sent("WebStories", "query")).toHaveLength(0);
  });
});

describe("a need that is over", () => {
  const items = [{ id: "TmVlZEl0ZW06Nw", description: "图书", unit: "册", quantity: 10, remainingQuantity: 5 }];
  const cancelled = need("TmVlZDo3", "图书角", items, { status: "CANCELLED" });
  const expired = need("TmVlZDo4", "图书角二期", items, { status: "EXPIRED" });
  const open = need("TmVlZDo5", "图书角三期", items);

  it("words what it did not get as not filled when it was cancelled or expired, not as still needed, and takes no offers", async () => {
    const { client } = api(DONOR, { [cancelled.id]: cancelled, [expired.id]: expired, [open.id]: open });
    const first = show(client, cancelled.id);
    await screen.findByRole("heading", { name: cancelled.title });
    const table = within(screen.getByRole("table"));
    expect(table.getByRole("columnheader", { name: "取消时未筹到" })).toBeInTheDocument();
    expect(table.getByRole("row", { name: /图书/ })).toHaveTextContent("5");
    expect(screen.queryByText("尚缺")).not.toBeInTheDocument();
    expect(screen.getByText("这条需求已取消，不再接受认捐；未筹到的部分不会再筹集。")).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "直接认捐这条需求" })).not.toBeInTheDocument();
    await switchToEnglish();
    expect(table.getByRole("columnheader", { name: "Not filled when cancelled" })).toBeInTheDocument();
    expect(screen.queryByText("Still needed")).not.toBeInTheDocument();
    first.unmount();

    const second = show(client, expired.id);
    await screen.findByRole("heading", { name: expired.title });
    expect(screen.getByRole("columnheader", { name: "过期时未筹到" })).toBeInTheDocument();
    expect(screen.queryByText("尚缺")).not.toBeInTheDocument();
    expect(screen.getByText("这条需求已过期，不再接受认捐；未筹到的部分不会再筹集。")).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "直接认捐这条需求" })).not.toBeInTheDocument();
    await switchToEnglish();
    expect(screen.getByRole("columnheader", { name: "Not filled when it expired" })).toBeInTheDocument();
    second.unmount();

    // An open need still says what it still needs, and takes offers.
    show(client, open.id);
    await screen.findByRole("heading", { name: open.title });
    expect(screen.getByRole("columnheader", { name: "尚缺" })).toBeInTheDocument();
    expect(screen.queryByText(/未筹到/)).not.toBeInTheDocument();
    expect(await screen.findByRole("heading", { name: "直接认捐这条需求" })).toBeInTheDocument();
  });
});

describe("offering with the keyboard", () => {
  it("takes focus to the word that the offer was made, and back to the form on offering another", async () => {
    const { client } = api(DONOR, { [NEED_A.id]: NEED_A }, { PledgeToNeed: pledged });
    show(client, NEED_A.id);
    const section = within(await screen.findByRole("region", { name: "直接认捐这条需求" }));
    // The live region is there, empty, before it has anything to say.
    const status = await section.findByRole("status");
    expect(status).toHaveTextContent("");
    await userEvent.click(await section.findByRole("button", { name: "提交认捐" }));

    await waitFor(() => expect(status).toHaveTextContent("已提交，等待学校确认和官员批准。 可调节学生课桌椅 × 1 套"));
    expect(document.activeElement).not.toBe(document.body);
    expect(document.activeElement).toContainElement(status);
    await userEvent.click(section.getByRole("button", { name: "再认捐一项" }));
    // The form's first field: the item, which the pledges offered depend on.
    expect(section.getByLabelText("对接哪项物品")).toHaveFocus();
  });

  it("takes focus to an empty quantity, with its error, when the offer is refused before sending", async () => {
    const { client, sent } = api(DONOR, { [NEED_A.id]: NEED_A }, { PledgeToNeed: pledged });
    show(client, NEED_A.id);
    const quantity = await screen.findByLabelText("覆盖的物品数量");
    await userEvent.clear(quantity);
    await userEvent.click(screen.getByRole("button", { name: "提交认捐" }));
    expect(quantity).toHaveAttribute("aria-invalid", "true");
    expect(quantity).toHaveFocus();
    expect(sent("PledgeToNeed")).toHaveLength(0);
  });

  it("takes focus to the message when the request fails", async () => {
    const { client } = api(DONOR, { [NEED_A.id]: NEED_A }, {
      PledgeToNeed: () => ({ error: new CombinedError({ networkError: new Error("offline") }) }),
    });
    show(client, NEED_A.id);
    const section = within(await screen.findByRole("region", { name: "直接认捐这条需求" }));
    const alert = await section.findByRole("alert");
    await userEvent.click(await section.findByRole("button", { name: "提交认捐" }));
    await waitFor(() => expect(alert).not.toHaveTextContent(/^$/));
    expect(document.activeElement).toContainElement(alert);
  });
});
