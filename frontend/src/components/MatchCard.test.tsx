import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { GraphQLError } from "graphql";
import { CombinedError } from "urql";
import { describe, expect, it } from "vitest";
import type { WebMatchFieldsFragment } from "../gql/graphql";
import { proposal } from "../test/fixtures";
import { mockClient, renderPage, type Answer } from "../test/mockClient";
import { MatchSummary, RespondButtons } from "./MatchCard";

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

describe("declining a proposal", () => {
  it("takes focus to the reason, and back to 婉拒 when it is cancelled", async () => {
    const box = card();
    await userEvent.click(box.getByRole("button", { name: "婉拒" }));
    expect(box.getByLabelText("婉拒理由（选填）")).toHaveFocus();
    await userEvent.click(box.getByRole("button", { name: "取消" }));
    expect(box.getByRole("button", { name: "婉拒" })).toHaveFocus();
  });

  it("offers to log in again, back to the same page, when the session has ended", async () => {
    const box = card(() => ({
      error: new CombinedError({ graphQLErrors: [new GraphQLError("Log in first.", { extensions: { code: "UNAUTHENTICATED" } })] }),
    }));
    await userEvent.click(box.getByRole("button", { name: "婉拒" }));
    await userEvent.type(box.getByLabelText("婉拒理由（选填）"), "已有捐赠");
    await userEvent.click(box.getByRole("button", { name: "婉拒" }));
    const link = within(await box.findByRole("alert")).getByRole("link", { name: "重新登录" });
    expect(new URL(link.getAttribute("href")!, "http://localhost").searchParams.get("next")).toBe("/#/school");
    expect(box.getByLabelText("婉拒理由（选填）")).toHaveValue("已有捐赠");
  });
});
