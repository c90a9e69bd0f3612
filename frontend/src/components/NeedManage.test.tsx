import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { openNeed } from "../test/fixtures";
import { mockClient, renderPage } from "../test/mockClient";
import { NeedManage, type ManagedNeed } from "./NeedManage";

const NEED = openNeed("TmVlZDox", "图书角", {
  items: [{ id: "TmVlZEl0ZW06MQ", description: "书架", category: "LIBRARY", quantity: 4, remainingQuantity: 4, unit: "个", unitValueFen: 35000 }],
}) as unknown as ManagedNeed;

function manage() {
  const { client } = mockClient({ WebMe: () => ({ data: { me: null } }) });
  renderPage(client, { path: "/needs/x", routes: { "/needs/x": <NeedManage need={NEED} onChanged={() => {}} /> } });
}

describe("keyboard focus when managing a need", () => {
  it("goes to the first field of the edit form, and back to 修改需求 when the changes are discarded", async () => {
    manage();
    await userEvent.click(screen.getByRole("button", { name: "修改需求" }));
    const form = within(screen.getByRole("form", { name: "修改需求" }));
    expect(form.getByLabelText("标题")).toHaveFocus();
    await userEvent.click(form.getByRole("button", { name: "放弃修改" }));
    expect(screen.getByRole("button", { name: "修改需求" })).toHaveFocus();
  });

  it("goes to the reason of the cancellation, and back to 取消这条需求 when the need is kept", async () => {
    manage();
    await userEvent.click(screen.getByRole("button", { name: "取消这条需求" }));
    expect(screen.getByLabelText("取消原因（选填）")).toHaveFocus();
    await userEvent.click(screen.getByRole("button", { name: "先不取消" }));
    expect(screen.getByRole("button", { name: "取消这条需求" })).toHaveFocus();
  });
});
