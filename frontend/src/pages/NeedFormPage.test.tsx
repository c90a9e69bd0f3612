import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { mockClient, renderPage, viewer } from "../test/mockClient";
import { fillValidNeed } from "../test/needForm";
import NeedFormPage from "./NeedFormPage";

const SCHOOL = { id: "U2Nob29sOjE", name: "肥城市边院镇希望小学" };

describe("posting a need", () => {
  it("says a need saved as a draft is not public yet", async () => {
    const { client, sent } = mockClient({
      WebMe: () => ({ data: { me: viewer([["PRINCIPAL", { id: "UGFydHk6MQ", kind: "SCHOOL", name: SCHOOL.name, school: SCHOOL }]]) } }),
      PostNeed: (v) => {
        const input = v.input as { title: string; publish: boolean };
        return { data: { postNeed: { need: { id: "TmVlZDo5", title: input.title, status: input.publish ? "OPEN" : "DRAFT" }, errors: [] } } };
      },
    });
    renderPage(client, { path: "/school/new-need", routes: { "/school/new-need": <NeedFormPage /> } });
    await fillValidNeed();
    await userEvent.click(screen.getByLabelText("立即公开（不勾选则保存为草稿）"));
    await userEvent.click(screen.getByRole("button", { name: "提交" }));

    const notice = await screen.findByRole("status");
    expect(notice).toHaveTextContent("已保存为草稿，尚未公开");
    expect(notice).not.toHaveTextContent("需求已发布");
    expect(within(notice).getByRole("link", { name: "图书角" })).toHaveAttribute("href", "/needs/TmVlZDo5");
    expect(sent("PostNeed")[0].input).toMatchObject({ schoolId: SCHOOL.id, publish: false, deadline: "2027-01-01" });
  });

  it("says a need was posted in a live region there before it, and takes focus to it, the form emptied below", async () => {
    const { client } = mockClient({
      WebMe: () => ({ data: { me: viewer([["PRINCIPAL", { id: "UGFydHk6MQ", kind: "SCHOOL", name: SCHOOL.name, school: SCHOOL }]]) } }),
      PostNeed: (v) => ({ data: { postNeed: { need: { id: "TmVlZDo5", title: (v.input as { title: string }).title, status: "OPEN" }, errors: [] } } }),
    });
    renderPage(client, { path: "/school/new-need", routes: { "/school/new-need": <NeedFormPage /> } });
    await fillValidNeed();
    // Many screen readers say nothing of a live region inserted with its text: it is there, empty.
    const region = screen.getByRole("status");
    expect(region).toBeEmptyDOMElement();
    await userEvent.click(screen.getByRole("button", { name: "提交" }));

    await waitFor(() => expect(region).toHaveTextContent("需求已发布。 图书角"));
    expect(screen.getByRole("status")).toBe(region);
    // Not left on 提交 under an empty form: on the word that it was posted, at the top.
    expect(region.parentElement).toHaveFocus();
    expect(screen.getByLabelText("标题")).toHaveValue("");
  });

  it("marks the fields it refuses empty as required, and not the optional ones", async () => {
    const { client } = mockClient({
      WebMe: () => ({ data: { me: viewer([["PRINCIPAL", { id: "UGFydHk6MQ", kind: "SCHOOL", name: SCHOOL.name, school: SCHOOL }]]) } }),
    });
    renderPage(client, { path: "/school/new-need", routes: { "/school/new-need": <NeedFormPage /> } });
    const item = within(await screen.findByTestId("item-0"));
    for (const field of [screen.getByLabelText("标题"), screen.getAllByLabelText("类别")[0], screen.getByLabelText("截止日期")]) {
      expect(field).toBeRequired();
    }
    for (const label of ["物品名称和说明", "数量", "单位", "单价（元）"]) expect(item.getByLabelText(label)).toBeRequired();
    expect(screen.getByLabelText("情况说明")).not.toBeRequired();
    expect(screen.getByLabelText("受益学生人数 （选填）")).not.toBeRequired();
    // An item without a category takes the need's.
    expect(item.getByLabelText("类别")).not.toBeRequired();
  });

  it("says a link to another school's form is not the viewer's, instead of a form it would refuse", async () => {
    const { client, sent } = mockClient({
      WebMe: () => ({ data: { me: viewer([["PRINCIPAL", { id: "UGFydHk6MQ", kind: "SCHOOL", name: SCHOOL.name, school: SCHOOL }]]) } }),
    });
    renderPage(client, { path: "/school/new-need?school=garbage", routes: { "/school/new-need": <NeedFormPage /> } });
    expect(await screen.findByText(/这个链接指向的学校不在您管理的学校中/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "提交" })).not.toBeInTheDocument();
    expect(sent("PostNeed")).toEqual([]);
  });
});
