import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { CombinedError } from "urql";
import { GraphQLError } from "graphql";
import { Layout, LanguageSwitch } from "../components/Layout";
import { FEICHENG, SHANDONG, TAIAN } from "../test/fixtures";
import { mockClient, operationName, renderPage, switchToEnglish, viewer } from "../test/mockClient";
import { wholeText } from "../test/text";
import { SESSION_ENDED_EVENT } from "../lib/viewer";
import PledgeFormPage from "./PledgeFormPage";
import PledgePage from "./PledgePage";

const PARTY = { id: "UGFydHk6Nw", kind: "MICROENTERPRISE", name: "桃农合作社" };
const ME = viewer([["DONOR_ADMIN", PARTY]]);
const RESTRICT = "只用于这些类别（不选则不限）";

function pledgeForm(path = "/donor/new-pledge", more: Parameters<typeof mockClient>[0] = {}) {
  const api = mockClient({
    WebMe: () => ({ data: { me: ME } }),
    PostPledge: () => ({ data: { postPledge: { pledge: { id: "UGxlZGdlOjk" }, errors: [] } } }),
    ...more,
  });
  renderPage(api.client, {
    path,
    routes: { "/donor/new-pledge": <PledgeFormPage />, "/donor/pledges/:id": <p>认捐页面</p> },
    extra: <LanguageSwitch />,
  });
  return api;
}

describe("posting a money pledge", () => {
  it("takes the cap per school in yuan, like the amount, and sends it in fen", async () => {
    const { sent } = pledgeForm();
    await userEvent.type(await screen.findByLabelText("标题"), "资金认捐");
    await userEvent.type(screen.getByLabelText("金额（元）"), "5000");
    expect(screen.queryByLabelText("每所学校上限（单位数）")).not.toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("每所学校上限（元）"), "1000");
    await userEvent.click(screen.getByRole("button", { name: "提交" }));

    await screen.findByText("认捐页面");
    expect(sent("PostPledge")[0].input).toMatchObject({ partyId: PARTY.id, kind: "MONEY", amountFen: 500000, perSchoolCap: 100000 });
  });

  it("takes a co-funding cap in yuan too, and a goods cap in units", async () => {
    const { sent } = pledgeForm();
    await userEvent.click(await screen.findByLabelText("配捐"));
    await userEvent.type(screen.getByLabelText("每所学校上限（元）"), "12.5");
    await userEvent.click(screen.getByLabelText("物资"));
    await userEvent.type(screen.getByLabelText("每所学校上限（单位数）"), "3");
    await userEvent.click(screen.getByRole("button", { name: "提交" }));
    await screen.findByText("认捐页面");
    expect(sent("PostPledge")[0].input).toMatchObject({ kind: "GOODS", perSchoolCap: 3 });
  });

  it("offers categories to keep to for money only, and sends none for goods ticked as money first", async () => {
    const { sent } = pledgeForm();
    const categories = await screen.findByRole("group", { name: RESTRICT });
    await userEvent.click(within(categories).getByLabelText("图书馆"));
    await userEvent.click(screen.getByLabelText("物资"));
    expect(screen.queryByRole("group", { name: RESTRICT })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "提交" }));
    await screen.findByText("认捐页面");
    expect(sent("PostPledge")[0].input).toMatchObject({ kind: "GOODS", restrictCategories: [] });
  });

  it("refuses a cap in yuan that is not a number beside its field", async () => {
    const { sent } = pledgeForm();
    await userEvent.type(await screen.findByLabelText("标题"), "资金认捐");
    await userEvent.type(screen.getByLabelText("金额（元）"), "5000");
    await userEvent.type(screen.getByLabelText("每所学校上限（元）"), "一千");
    await userEvent.click(screen.getByRole("button", { name: "提交" }));
    expect(screen.getByLabelText("每所学校上限（元）")).toHaveAccessibleDescription("请输入数字。");
    expect(sent("PostPledge")).toHaveLength(0);
  });

  it("ignores a ?party= link naming a party the viewer does not administer", async () => {
    const { sent } = pledgeForm("/donor/new-pledge?party=abc");
    await userEvent.type(await screen.findByLabelText("标题"), "资金认捐");
    await userEvent.type(screen.getByLabelText("金额（元）"), "5000");
    await userEvent.click(screen.getByRole("button", { name: "提交" }));
    await screen.findByText("认捐页面");
    expect(sent("PostPledge")[0].input).toMatchObject({ partyId: PARTY.id });
  });
});

describe("the pledge form's required fields", () => {
  it("are marked so for each kind, the optional ones not", async () => {
    pledgeForm();
    const required = (label: string) => screen.getByLabelText(label).getAttribute("aria-required") === "true";
    await screen.findByLabelText("标题");
    expect(required("标题")).toBe(true);
    expect(required("金额（元）")).toBe(true);
    expect(required("每所学校上限（元）")).toBe(false);
    expect(required("有效期至")).toBe(false);
    await userEvent.click(screen.getByLabelText("物资"));
    for (const label of ["类别", "数量", "单位", "每单位价值（元）"]) expect(required(label)).toBe(true);
    expect(required("物品名称")).toBe(false);
    await userEvent.click(screen.getByLabelText("服务"));
    for (const label of ["类别", "次数或小时数", "服务半径（公里）"]) expect(required(label)).toBe(true);
    expect(required("每单位价值（元）")).toBe(false);
    await userEvent.click(screen.getByLabelText("配捐"));
    for (const label of ["配捐上限（元）", "配捐比例（每 100 元配多少元）"]) expect(required(label)).toBe(true);
  });
});

describe("numbers typed with a Chinese IME on the pledge form", () => {
  it("reads full-width digits, full stops and commas in yuan and in units", async () => {
    const { sent } = pledgeForm();
    await userEvent.type(await screen.findByLabelText("标题"), "资金认捐");
    await userEvent.type(screen.getByLabelText("金额（元）"), "５，０００．５");
    await userEvent.type(screen.getByLabelText("每所学校上限（元）"), "１０００");
    await userEvent.click(screen.getByRole("button", { name: "提交" }));
    await screen.findByText("认捐页面");
    expect(sent("PostPledge")[0].input).toMatchObject({ kind: "MONEY", amountFen: 500050, perSchoolCap: 100000 });
  });

  it("reads a service's sessions and radius typed so", async () => {
    const { sent } = pledgeForm();
    await userEvent.click(await screen.findByLabelText("服务"));
    await userEvent.type(screen.getByLabelText("标题"), "心理辅导");
    await userEvent.type(screen.getByLabelText("次数或小时数"), "１２");
    await userEvent.type(screen.getByLabelText("服务半径（公里）"), "５０．５");
    await userEvent.click(screen.getByRole("button", { name: "提交" }));
    await screen.findByText("认捐页面");
    expect(sent("PostPledge")[0].input).toMatchObject({ kind: "SERVICE", quantity: 12, serviceRadiusKm: 50.5 });
  });
});

describe("a service radius out of range", () => {
  it("is said with both bounds in either language, the server having named none", async () => {
    pledgeForm("/donor/new-pledge", {
      PostPledge: () => ({
        data: {
          postPledge: {
            pledge: null,
            errors: [{ field: "serviceRadiusKm", code: "OUT_OF_RANGE", message: "serviceRadiusKm must be more than 0 and at most 3000.", minimum: null, maximum: null }],
          },
        },
      }),
    });
    await userEvent.click(await screen.findByLabelText("志愿时间"));
    await userEvent.type(screen.getByLabelText("标题"), "支教");
    await userEvent.type(screen.getByLabelText("服务半径（公里）"), "-5");
    await userEvent.click(screen.getByRole("button", { name: "提交" }));
    const radius = screen.getByLabelText("服务半径（公里）");
    await waitFor(() => expect(radius).toHaveAccessibleDescription("服务半径须大于 0 公里，最多 3,000 公里。"));
    await switchToEnglish();
    expect(screen.getByLabelText("Service radius (km)")).toHaveAccessibleDescription("The service radius must be more than 0 km and at most 3,000 km.");
  });
});

describe("refusals on the pledge form", () => {
  it("refuses yuan with more than two decimals beside the field instead of rounding them", async () => {
    const { sent } = pledgeForm();
    await userEvent.type(await screen.findByLabelText("标题"), "资金认捐");
    await userEvent.type(screen.getByLabelText("金额（元）"), "1000.555");
    await userEvent.type(screen.getByLabelText("每所学校上限（元）"), "100.001");
    await userEvent.click(screen.getByRole("button", { name: "提交" }));
    expect(screen.getByLabelText("金额（元）")).toHaveAccessibleDescription("金额最多只能有两位小数（精确到分）。");
    expect(screen.getByLabelText("每所学校上限（元）")).toHaveAccessibleDescription("金额最多只能有两位小数（精确到分）。");
    expect(sent("PostPledge")).toHaveLength(0);
  });

  it("says what is wrong with the amount and the cap per school, beside each", async () => {
    pledgeForm("/donor/new-pledge", {
      PostPledge: () => ({
        data: {
          postPledge: {
            pledge: null,
            errors: [
              { field: "amountFen", code: "OUT_OF_RANGE", message: "amountFen must be between 100 and 10000000000000; got -10000.", minimum: "100", maximum: null },
              { field: "perSchoolCap", code: "OUT_OF_RANGE", message: "perSchoolCap must be between 1 and 1; got 50000.", minimum: null, maximum: "1" },
            ],
          },
        },
      }),
    });
    await userEvent.type(await screen.findByLabelText("标题"), "资金认捐");
    await userEvent.type(screen.getByLabelText("金额（元）"), "-100");
    await userEvent.type(screen.getByLabelText("每所学校上限（元）"), "500");
    await userEvent.click(screen.getByRole("button", { name: "提交" }));
    await waitFor(() => expect(screen.getByLabelText("金额（元）")).toHaveAccessibleDescription("金额须为正数，至少 ¥1。"));
    expect(screen.getByLabelText("每所学校上限（元）")).toHaveAccessibleDescription("每所学校上限不能超过这项认捐的金额或数量。");
  });

  it("keeps focus on 提交 while the pledge is sent, without sending it twice", async () => {
    // Never answered: the button stays busy.
    const { sent } = pledgeForm("/donor/new-pledge", { PostPledge: () => undefined });
    await userEvent.type(await screen.findByLabelText("标题"), "资金认捐");
    await userEvent.type(screen.getByLabelText("金额（元）"), "-100");
    const submit = screen.getByRole("button", { name: "提交" });
    await userEvent.click(submit);
    // Sending: not disabled, which would drop the focus to <body> in Chromium.
    const busy = screen.getByRole("button", { name: "正在提交…" });
    expect(busy).toBe(submit);
    expect(busy).toHaveAttribute("aria-disabled", "true");
    expect(busy).not.toBeDisabled();
    expect(busy).toHaveFocus();
    await userEvent.click(busy);
    expect(sent("PostPledge")).toHaveLength(1);
  });

  it("takes focus to the count of errors at the top when the server refuses the pledge", async () => {
    pledgeForm("/donor/new-pledge", {
      PostPledge: () => ({
        data: {
          postPledge: {
            pledge: null,
            errors: [{ field: "amountFen", code: "OUT_OF_RANGE", message: "amountFen must be between 100 and 10000000000000; got -10000.", minimum: "100", maximum: null }],
          },
        },
      }),
    });
    await userEvent.type(await screen.findByLabelText("标题"), "资金认捐");
    await userEvent.type(screen.getByLabelText("金额（元）"), "-100");
    await userEvent.click(screen.getByRole("button", { name: "提交" }));
    const summary = await screen.findByText("表单有 1 处需要修改，请查看下方各字段旁的说明。");
    expect(summary).toHaveAttribute("role", "alert");
    await waitFor(() => expect(document.activeElement).toContainElement(summary));
  });

  it("takes focus to the count of errors at the top when a field is refused before sending", async () => {
    pledgeForm();
    await userEvent.type(await screen.findByLabelText("每所学校上限（元）"), "一千");
    await userEvent.click(screen.getByRole("button", { name: "提交" }));
    await waitFor(() => expect(document.activeElement).toHaveTextContent("表单有 1 处需要修改，请查看下方各字段旁的说明。"));
  });

  it("ties a refusal of the categories, or of the kinds of donor matched, to its group of boxes", async () => {
    pledgeForm("/donor/new-pledge", {
      PostPledge: (v) => {
        const field = (v.input as { kind: string }).kind === "MONEY" ? "restrictCategories" : "coFundingPartyKinds";
        return { data: { postPledge: { pledge: null, errors: [{ field, code: "INVALID", message: `${field} is not valid.` }] } } };
      },
    });
    await userEvent.type(await screen.findByLabelText("标题"), "资金认捐");
    await userEvent.click(within(screen.getByRole("group", { name: RESTRICT })).getByLabelText("图书馆"));
    await userEvent.click(screen.getByRole("button", { name: "提交" }));
    const categories = screen.getByRole("group", { name: RESTRICT });
    await waitFor(() => expect(categories).toHaveAttribute("aria-describedby"));
    const error = document.getElementById(categories.getAttribute("aria-describedby")!)!;
    expect(error).toHaveClass("field-error");
    expect(categories).toHaveAccessibleDescription(error.textContent!);
    for (const box of within(categories).getAllByRole("checkbox")) expect(box).toHaveAttribute("aria-invalid", "true");

    await userEvent.click(screen.getByLabelText("配捐"));
    await userEvent.click(screen.getByRole("button", { name: "提交" }));
    const kinds = screen.getByRole("group", { name: "配捐对象（不选则不限）" });
    await waitFor(() => expect(kinds).toHaveAttribute("aria-describedby"));
    expect(kinds).toHaveAccessibleDescription(document.getElementById(kinds.getAttribute("aria-describedby")!)!.textContent!);
    for (const box of within(kinds).getAllByRole("checkbox")) expect(box).toHaveAttribute("aria-invalid", "true");
  });

  it("says a failed request in the language chosen after it failed", async () => {
    pledgeForm("/donor/new-pledge", { PostPledge: () => ({ error: new CombinedError({ networkError: new Error("offline") }) }) });
    await userEvent.type(await screen.findByLabelText("标题"), "资金认捐");
    await userEvent.click(screen.getByRole("button", { name: "提交" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("无法连接服务器，请检查网络后重试。");
    await switchToEnglish();
    expect(screen.getByRole("alert")).toHaveTextContent("The server cannot be reached. Check your connection and try again.");
  });

  it("says a service cannot end before it starts, beside the end date", async () => {
    pledgeForm("/donor/new-pledge", {
      PostPledge: () => ({
        data: { postPledge: { pledge: null, errors: [{ field: "availableUntil", code: "INVALID", message: "availableUntil is before availableFrom." }] } },
      }),
    });
    await userEvent.click(await screen.findByLabelText("服务"));
    await userEvent.type(screen.getByLabelText("标题"), "心理辅导");
    await userEvent.click(screen.getByRole("button", { name: "提交" }));
    await waitFor(() => expect(screen.getByLabelText("服务结束日期")).toHaveAccessibleDescription("服务结束日期不能早于服务开始日期。"));
    expect(screen.queryByText("内容无效。")).not.toBeInTheDocument();
  });
});

const PLEDGE = {
  __typename: "Pledge",
  id: "UGxlZGdlOjE",
  kind: "MONEY",
  status: "ACTIVE",
  title: "桃农合作社助学金",
  description: null,
  category: null,
  itemName: null,
  quantity: 500000,
  remainingQuantity: 300000,
  unit: "FEN",
  unitValueFen: 1,
  totalValueFen: 500000,
  validUntil: null,
  perSchoolCap: 100000,
  restrictCategories: [],
  restrictRegionCodes: [],
  serviceRadiusKm: null,
  availableFrom: null,
  availableUntil: null,
  coFundingRatioPercent: null,
  coFundingPartyKinds: [],
  party: { id: PARTY.id, name: PARTY.name },
};

/** A need the engine suggests: the Bianyuan school's library corner, in 肥城市. */
const SUGGESTED_NEED = {
  id: "TmVlZDox",
  title: "图书角",
  deadline: "2027-03-31",
  school: { id: "U2Nob29sOjE", name: "肥城市边院镇希望小学" },
  region: { ...FEICHENG, parent: TAIAN },
};

function pledgePage(answers: Parameters<typeof mockClient>[0]) {
  const api = mockClient({
    WebMe: () => ({ data: { me: ME } }),
    WebPledge: () => ({ data: { node: PLEDGE } }),
    PledgeSuggestions: () => ({ data: { node: { id: PLEDGE.id, suggestions: [] } } }),
    ...answers,
  });
  renderPage(api.client, { path: `/donor/pledges/${PLEDGE.id}`, routes: { "/donor/pledges/:id": <PledgePage /> }, extra: <LanguageSwitch /> });
  return api;
}

describe("the pledge page", () => {
  it("says the pledge was posted once, and not again on a reload", async () => {
    const api = mockClient({
      WebMe: () => ({ data: { me: ME } }),
      WebPledge: () => ({ data: { node: PLEDGE } }),
      PledgeSuggestions: () => ({ data: { node: { id: PLEDGE.id, suggestions: [] } } }),
    });
    const page = { path: `/donor/pledges/${PLEDGE.id}?posted=1`, routes: { "/donor/pledges/:id": <PledgePage /> } };
    const first = renderPage(api.client, page);
    const notice = await screen.findByText("认捐已发布。下面是系统推荐的需求。");
    // In a live region, and focus on it: the form's submit button it was on is gone.
    expect(notice).toHaveAttribute("role", "status");
    await waitFor(() => expect(notice.parentElement).toHaveFocus());
    // The mark left the address: what a reload would open.
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(`/donor/pledges/${PLEDGE.id}`));
    const reloaded = screen.getByTestId("location").textContent ?? "";
    expect(reloaded).not.toContain("posted");
    first.unmount();
    renderPage(api.client, { ...page, path: reloaded });
    await screen.findByText(/每所学校最多 ¥1,000/);
    expect(screen.queryByText("认捐已发布。下面是系统推荐的需求。")).not.toBeInTheDocument();
  });

  it("shows the cap per school, and withdraws the pledge after a confirmation", async () => {
    let pledge: Record<string, unknown> = PLEDGE;
    const { sent } = pledgePage({
      WebPledge: () => ({ data: { node: pledge } }),
      WithdrawPledge: () => {
        pledge = { ...PLEDGE, status: "WITHDRAWN" };
        return { data: { withdrawPledge: { pledge, errors: [] } } };
      },
    });
    expect(await screen.findByText(/每所学校最多 ¥1,000/)).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "撤回认捐" }));
    const form = within(screen.getByRole("form", { name: "撤回认捐" }));
    expect(form.getByText(/剩余的 ¥3,000 不再用于对接/)).toBeInTheDocument();
    // Changing one's mind sends nothing.
    await userEvent.click(form.getByRole("button", { name: "先不撤回" }));
    expect(sent("WithdrawPledge")).toHaveLength(0);

    await userEvent.click(screen.getByRole("button", { name: "撤回认捐" }));
    const again = within(screen.getByRole("form", { name: "撤回认捐" }));
    await userEvent.type(again.getByLabelText("撤回原因（选填）"), "预算调整");
    await userEvent.click(again.getByRole("button", { name: "确认撤回" }));

    expect(await screen.findByText("认捐已撤回。")).toBeInTheDocument();
    expect(sent("WithdrawPledge")[0].input).toMatchObject({ id: PLEDGE.id, reason: "预算调整" });
    await waitFor(() => expect(screen.getByText("已撤回")).toBeInTheDocument());
    expect(screen.queryByRole("button", { name: "撤回认捐" })).not.toBeInTheDocument();
  });

  it("shows the server's refusal in words and keeps the reason", async () => {
    pledgePage({
      WithdrawPledge: () => ({
        data: { withdrawPledge: { pledge: null, errors: [{ field: "id", code: "INVALID_TRANSITION", message: "A WITHDRAWN pledge cannot be withdrawn." }] } },
      }),
    });
    await userEvent.click(await screen.findByRole("button", { name: "撤回认捐" }));
    await userEvent.type(screen.getByLabelText("撤回原因（选填）"), "预算调整");
    await userEvent.click(screen.getByRole("button", { name: "确认撤回" }));
    expect(await screen.findByText("当前状态下不能这样操作。")).toBeInTheDocument();
    expect(screen.getByLabelText("撤回原因（选填）")).toHaveValue("预算调整");
    // In the language chosen afterwards too.
    await switchToEnglish();
    expect(screen.getByText(/This cannot be done in the current state\./)).toHaveAttribute("role", "alert");
  });

  it("says an offer made from a suggestion, naming the need, after the list drops it, in the language chosen afterwards", async () => {
    const suggestion = {
      pledgeQuantity: 70000,
      itemQuantity: 2,
      valueFen: 70000,
      score: 120,
      explanation: [],
      needItem: { id: "TmVlZEl0ZW06MQ", description: "书架" },
      need: SUGGESTED_NEED,
    };
    // Once offered, the need is no longer suggested: the refreshed list drops its card.
    let suggestions = [suggestion];
    const { sent, executeQuery } = pledgePage({
      PledgeSuggestions: () => ({ data: { node: { id: PLEDGE.id, remainingQuantity: 300000, suggestions } } }),
      PledgeToNeed: () => {
        suggestions = [];
        return { data: { pledgeToNeed: { match: { id: "TWF0Y2g6MQ" }, errors: [] } } };
      },
    });
    await userEvent.click(await screen.findByRole("button", { name: "向学校提出对接 图书角 · 书架 · 肥城市边院镇希望小学" }));
    expect(await screen.findByText("已向「图书角」提出对接，等待学校确认。")).toBeInTheDocument();
    expect(sent("PledgeToNeed")[0].input).toMatchObject({ pledgeId: PLEDGE.id, needItemId: suggestion.needItem.id, quantity: 2 });
    // The list was asked again and is empty now; the confirmation stays.
    await waitFor(() => expect(screen.getByText("暂时没有合适的需求推荐。")).toBeInTheDocument());
    expect(executeQuery.mock.calls.filter(([r]) => operationName(r.query) === "PledgeSuggestions").length).toBeGreaterThan(1);
    const notice = screen.getByText("已向「图书角」提出对接，等待学校确认。");
    expect(notice).toHaveAttribute("role", "status");
    // The card (and its button) gone: focus is on the word that the offer was made.
    expect(notice.parentElement).toHaveFocus();
    await switchToEnglish();
    expect(screen.getByText(wholeText("Offered to “图书角”: waiting for the school to confirm."))).toBeInTheDocument();
  });

  it("says of each suggestion which school, where and by when, the score only as a labelled part of the why", async () => {
    const suggestion = {
      pledgeQuantity: 70000,
      itemQuantity: 2,
      valueFen: 70000,
      score: 1960,
      explanation: [
        { name: "urgency", points: 1200 },
        { name: "schoolPriority", points: 760 },
      ],
      needItem: { id: "TmVlZEl0ZW06MQ", description: "书架" },
      need: SUGGESTED_NEED,
    };
    const { sent } = pledgePage({ PledgeSuggestions: () => ({ data: { node: { id: PLEDGE.id, remainingQuantity: 300000, suggestions: [suggestion] } } }) });
    const card = within((await screen.findByRole("heading", { name: "图书角" })).closest("article")!);
    expect(card.getByTestId("suggestion-where")).toHaveTextContent("肥城市边院镇希望小学 · 泰安市 肥城市 · 截止 2027年3月31日");
    const why = card.getByText("推荐理由（得分构成）");
    expect(why.tagName).toBe("SUMMARY");
    expect(why).not.toHaveTextContent(/\d/);
    expect(card.queryByText(/总分/)).not.toBeInTheDocument();
    await userEvent.click(why);
    expect(card.getByText("匹配得分（合计）").closest("li")).toHaveTextContent("1,960 分");
    expect(sent("PledgeSuggestions", "query")[0]).toMatchObject({ id: PLEDGE.id });

    await switchToEnglish();
    expect(card.getByTestId("suggestion-where")).toHaveTextContent("肥城市边院镇希望小学 · Feicheng City, Tai'an City · By Mar 31, 2027");
    expect(card.getByText("肥城市边院镇希望小学")).toHaveAttribute("lang", "zh-CN");
    expect(card.getByText("Match score (in all)").closest("li")).toHaveTextContent("1,960 points");
  });

  it("names service units in words, and what a withdrawn pledge never gave as not given", async () => {
    let pledge: Record<string, unknown> = { ...PLEDGE, kind: "SERVICE", title: "心理辅导", quantity: 5, remainingQuantity: 5, unit: "SESSION", perSchoolCap: 1 };
    pledgePage({
      WebPledge: () => ({ data: { node: pledge } }),
      WithdrawPledge: () => {
        pledge = { ...pledge, status: "WITHDRAWN" };
        return { data: { withdrawPledge: { pledge, errors: [] } } };
      },
    });
    expect(await screen.findByText("5 次 · 剩余 5 次 · 每所学校最多 1 次")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "撤回认捐" }));
    await userEvent.click(screen.getByRole("button", { name: "确认撤回" }));
    expect(await screen.findByText("5 次 · 未用 5 次 · 每所学校最多 1 次")).toBeInTheDocument();
    expect(screen.queryByText(/剩余/)).not.toBeInTheDocument();
  });
});

describe("the pledge's conditions", () => {
  const REGIONS: Record<string, { code: string; name: string; nameEn: string }[]> = {
    "": [SHANDONG],
    "37": [{ code: "3701", name: "济南市", nameEn: "Jinan City" }, TAIAN],
  };
  const regions = (v: Record<string, unknown>) => ({
    data: { regions: (REGIONS[(v.parentCode as string | null) ?? ""] ?? []).map((r) => ({ id: r.code, level: r.code.length / 2, parentCode: null, ...r })) },
  });

  it("names the categories and the region a money pledge keeps to, in both languages", async () => {
    pledgePage({
      WebPledge: () => ({ data: { node: { ...PLEDGE, validUntil: "2027-06-30", restrictCategories: ["NUTRITION"], restrictRegionCodes: ["3709"] } } }),
      Regions: regions,
    });
    expect(await screen.findByText("使用条件：只用于营养餐类需求 · 只限山东省 泰安市的学校")).toBeInTheDocument();
    expect(screen.getByText(/每所学校最多 ¥1,000 · 有效期至 2027年6月30日/)).toBeInTheDocument();
    expect(screen.queryByText("无附加条件")).not.toBeInTheDocument();
    await switchToEnglish();
    expect(screen.getByText("Conditions: Only for Nutrition needs · Only for schools in Tai'an City, Shandong Province")).toBeInTheDocument();
  });

  it("says a service's radius and dates", async () => {
    pledgePage({
      WebPledge: () => ({
        data: {
          node: { ...PLEDGE, kind: "SERVICE", quantity: 5, remainingQuantity: 5, unit: "SESSION", perSchoolCap: null, serviceRadiusKm: 30, availableFrom: "2027-03-01", availableUntil: "2027-06-30" },
        },
      }),
    });
    expect(await screen.findByText("使用条件：服务半径 30 公里 · 服务时间 2027年3月1日 至 2027年6月30日")).toBeInTheDocument();
    await switchToEnglish();
    expect(screen.getByText("Conditions: Within 30 km · Offered from Mar 1, 2027 to Jun 30, 2027")).toBeInTheDocument();
  });

  it("says so when there are none", async () => {
    pledgePage({});
    expect(await screen.findByText("无附加条件")).toBeInTheDocument();
    expect(screen.queryByText(/使用条件/)).not.toBeInTheDocument();
    await switchToEnglish();
    expect(screen.getByText("No conditions")).toBeInTheDocument();
  });
});

describe("a pledge that cannot be found", () => {
  it("says so under a heading of its own", async () => {
    pledgePage({ WebPledge: () => ({ data: { node: null } }) });
    expect(await screen.findByRole("heading", { level: 1, name: "找不到认捐" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("找不到这个页面。");
  });
});

describe("another donor's pledge", () => {
  it("is shown read-only: no way back to 'my giving', no withdrawal and no suggestions", async () => {
    const other = { ...PLEDGE, title: "别家的认捐", party: { id: "UGFydHk6OQ", name: "别的企业" } };
    const { executeQuery } = pledgePage({ WebPledge: () => ({ data: { node: other } }) });
    expect(await screen.findByRole("heading", { name: "别家的认捐" })).toBeInTheDocument();
    expect(screen.getByText(wholeText("捐赠方: 别的企业"))).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: /我的捐赠/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "撤回认捐" })).not.toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "推荐对接的需求" })).not.toBeInTheDocument();
    expect(screen.queryByText("暂时没有合适的需求推荐。")).not.toBeInTheDocument();
    expect(executeQuery.mock.calls.map(([r]) => operationName(r.query))).not.toContain("PledgeSuggestions");
  });

  it("is managed by the admins of its own party", async () => {
    pledgePage({});
    expect(await screen.findByRole("link", { name: /我的捐赠/ })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "撤回认捐" })).toBeInTheDocument();
    expect(await screen.findByRole("heading", { name: "推荐对接的需求" })).toBeInTheDocument();
  });
});

describe("keyboard focus on the pledge page", () => {
  it("goes to the reason when the withdrawal opens, and back to 撤回认捐 when it is kept", async () => {
    pledgePage({});
    await userEvent.click(await screen.findByRole("button", { name: "撤回认捐" }));
    expect(screen.getByLabelText("撤回原因（选填）")).toHaveFocus();
    await userEvent.click(screen.getByRole("button", { name: "先不撤回" }));
    expect(screen.getByRole("button", { name: "撤回认捐" })).toHaveFocus();
  });

  it("closes the withdrawal with Escape, focus back on 撤回认捐, nothing sent", async () => {
    const { sent } = pledgePage({});
    await userEvent.click(await screen.findByRole("button", { name: "撤回认捐" }));
    await userEvent.type(screen.getByLabelText("撤回原因（选填）"), "预算调整{Escape}");
    expect(screen.queryByRole("form", { name: "撤回认捐" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "撤回认捐" })).toHaveFocus();
    expect(sent("WithdrawPledge")).toHaveLength(0);
  });
});

describe("the pledge page's tab", () => {
  it("is titled with the pledge's title", async () => {
    const api = mockClient({
      WebMe: () => ({ data: { me: ME } }),
      WebPledge: () => ({ data: { node: PLEDGE } }),
      PledgeSuggestions: () => ({ data: { node: { id: PLEDGE.id, suggestions: [] } } }),
    });
    renderPage(api.client, { path: `/donor/pledges/${PLEDGE.id}`, routes: { "/donor/pledges/:id": <Layout onLoggedOut={() => {}}><PledgePage /></Layout> } });
    await screen.findByRole("heading", { level: 1, name: PLEDGE.title });
    await waitFor(() => expect(document.title).toBe("桃农合作社助学金 · 希望生态"));
  });
});

describe("the suggestions' buttons", () => {
  it("say which need, item and school each offer goes to, two items of one need told apart", async () => {
    const suggestion = (id: string, description: string) => ({
      pledgeQuantity: 70000,
      itemQuantity: 2,
      valueFen: 70000,
      score: 120,
      explanation: [],
      needItem: { id, description },
      need: SUGGESTED_NEED,
    });
    pledgePage({
      PledgeSuggestions: () => ({
        data: { node: { id: PLEDGE.id, remainingQuantity: 300000, suggestions: [suggestion("TmVlZEl0ZW06MQ", "书架"), suggestion("TmVlZEl0ZW06Mg", "儿童读物")] } },
      }),
    });
    const cards = (await screen.findAllByRole("heading", { name: "图书角" })).map((h) => within(h.closest("article")!));
    expect(cards[0].getByRole("button", { name: "向学校提出对接 图书角 · 书架 · 肥城市边院镇希望小学" })).toBeInTheDocument();
    expect(cards[1].getByRole("button", { name: "向学校提出对接 图书角 · 儿童读物 · 肥城市边院镇希望小学" })).toBeInTheDocument();
    await switchToEnglish();
    const offer = cards[0].getByRole("button", { name: "Offer to the school 图书角 · 书架 · 肥城市边院镇希望小学" });
    expect(within(offer).getByText("图书角 · 书架 · 肥城市边院镇希望小学")).toHaveAttribute("lang", "zh-CN");
  });
});

describe("a pledge of goods counted in a unit the donor typed", () => {
  it("marks the unit with its language in English, in the amounts and the cap", async () => {
    const goods = { ...PLEDGE, kind: "GOODS", category: "LIBRARY", title: "课外读物", quantity: 187, remainingQuantity: 187, unit: "箱", perSchoolCap: 10 };
    pledgePage({ WebPledge: () => ({ data: { node: goods } }) });
    const meta = (await screen.findByText(wholeText("187 箱 · 剩余 187 箱 · 每所学校最多 10 箱"))) as HTMLElement;
    // The reader's language: nothing to mark.
    expect(meta.querySelectorAll("[lang]")).toHaveLength(0);
    await switchToEnglish();
    const english = screen.getByText(wholeText("187 箱 · 187 箱 left · At most 10 箱 to one school"));
    const units = within(english).getAllByText("箱");
    expect(units).toHaveLength(3);
    for (const unit of units) expect(unit).toHaveAttribute("lang", "zh-CN");
    expect(english.querySelectorAll("[lang]")).toHaveLength(3);
  });
});

describe("when the session ends", () => {
  const ended = () => ({ error: new CombinedError({ graphQLErrors: [new GraphQLError("Log in first.", { extensions: { code: "UNAUTHENTICATED" } })] }) });

  it("offers to log in again, back to the pledge form, and keeps what was typed", async () => {
    pledgeForm("/donor/new-pledge", { PostPledge: ended });
    await userEvent.type(await screen.findByLabelText("标题"), "资金认捐");
    await userEvent.type(screen.getByLabelText("金额（元）"), "5000");
    await userEvent.click(screen.getByRole("button", { name: "提交" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("登录已失效，请重新登录。");
    const link = within(alert).getByRole("link", { name: "重新登录" });
    const url = new URL(link.getAttribute("href")!, "http://localhost");
    expect(url.pathname).toBe("/auth/login");
    expect(url.searchParams.get("next")).toBe("/#/donor/new-pledge");
    expect(screen.getByLabelText("标题")).toHaveValue("资金认捐");
    expect(screen.getByLabelText("金额（元）")).toHaveValue("5000");
  });

  it("offers to log in again, back to the pledge, when a withdrawal is refused for it", async () => {
    let session = true;
    const { sent } = pledgePage({
      WebMe: () => ({ data: { me: session ? ME : null } }),
      WithdrawPledge: () => {
        session = false;
        return ended();
      },
    });
    await userEvent.click(await screen.findByRole("button", { name: "撤回认捐" }));
    await userEvent.type(screen.getByLabelText("撤回原因（选填）"), "预算调整");
    await userEvent.click(screen.getByRole("button", { name: "确认撤回" }));
    const link = await screen.findByRole("link", { name: "重新登录" });
    expect(link.closest("[role=alert]")).toHaveTextContent("登录已失效，请重新登录。");
    expect(new URL(link.getAttribute("href")!, "http://localhost").searchParams.get("next")).toBe(`/#/donor/pledges/${PLEDGE.id}`);
    // The app's client announces the ended session, and the viewer is asked for again (gone now):
    // the page stays as it was, with the reason typed.
    act(() => {
      window.dispatchEvent(new Event(SESSION_ENDED_EVENT));
    });
    await waitFor(() => expect(sent("WebMe", "query").length).toBeGreaterThan(1));
    expect(screen.queryByText("请先登录后再使用此页面。")).not.toBeInTheDocument();
    expect(screen.getByLabelText("撤回原因（选填）")).toHaveValue("预算调整");
    expect(screen.getByRole("link", { name: "重新登录" })).toBeInTheDocument();
  });
});
