import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { mockClient, renderPage } from "../test/mockClient";
import { NeedsPage } from "./NeedsPage";

function needsBrowser(path = "/needs") {
  const api = mockClient({
    WebMe: () => ({ data: { me: null } }),
    Regions: () => ({ data: { regions: [] } }),
    Needs: () => ({ data: { needs: { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } } } }),
  });
  renderPage(api.client, { path, routes: { "/needs": <NeedsPage /> } });
  const lastFilter = () => {
    const all = api.sent("Needs", "query");
    return all[all.length - 1] as { filter: Record<string, unknown>; orderBy: string };
  };
  return { ...api, lastFilter };
}

describe("the needs browser", () => {
  it("keeps a filter chosen while the search is still waiting to apply", async () => {
    const { lastFilter } = needsBrowser();
    await userEvent.type(await screen.findByLabelText("搜索标题"), "图书");
    // Straight away, within the search's pause.
    await userEvent.selectOptions(screen.getByLabelText("类别"), "LIBRARY");

    await waitFor(() => expect(lastFilter().filter).toMatchObject({ text: "图书" }), { timeout: 2000 });
    expect(lastFilter().filter).toMatchObject({ text: "图书", category: "LIBRARY" });
    const location = screen.getByTestId("location").textContent ?? "";
    expect(new URLSearchParams(location.split("?")[1]).get("category")).toBe("LIBRARY");
    expect(new URLSearchParams(location.split("?")[1]).get("q")).toBe("图书");
    expect(screen.getByLabelText("类别")).toHaveValue("LIBRARY");
  });

  it("ignores filter values from the address that the API does not know", async () => {
    const { lastFilter } = needsBrowser("/needs?order=FOO&category=XYZ&urgency=SOON&region=abc");
    await screen.findByText("没有符合条件的需求，试试放宽筛选条件。");
    expect(lastFilter().orderBy).toBe("NEWEST");
    expect(lastFilter().filter).toMatchObject({ category: null, urgency: null, regionCode: null });
    expect(screen.queryByRole("button", { name: "重试" })).not.toBeInTheDocument();
  });
});
