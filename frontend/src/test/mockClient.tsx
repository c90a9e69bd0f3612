// A stand-in for the API in page tests: each operation (by name) answers from a function of its
// variables; the requests are recorded for the test to check what a page sent.
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Kind, type DocumentNode, type OperationDefinitionNode } from "graphql";
import type { ReactNode } from "react";
import { MemoryRouter, Route, Routes, useLocation, type InitialEntry } from "react-router-dom";
import { Provider, type Client, type OperationResult } from "urql";
import { vi } from "vitest";
import { concat, fromValue, never } from "wonka";
import type { WebMeQuery } from "../gql/graphql";
import { I18nProvider } from "../i18n/i18n";
import type { Locale } from "../i18n/format";
import { ViewerProvider } from "../lib/viewer";

type Variables = Record<string, unknown>;
/** What an operation answers: `{ data }`, or `{ error }`; undefined never answers. */
export type Answer = (variables: Variables) => Partial<OperationResult> | undefined;

interface Request {
  query: DocumentNode;
  variables?: Variables;
}

export function operationName(query: DocumentNode): string {
  const definition = query.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode | undefined;
  return definition?.name?.value ?? "";
}

export function mockClient(answers: Record<string, Answer>) {
  const answer = (request: Request) => {
    const result = answers[operationName(request.query)]?.(request.variables ?? {});
    // Like the real client, a query's source stays open after its answer (a completed source
    // would make urql drop an error it had just reported).
    return result ? concat([fromValue({ operation: request, stale: false, hasNext: false, ...result }), never]) : never;
  };
  const executeQuery = vi.fn(answer);
  const executeMutation = vi.fn(answer);
  const executeSubscription = vi.fn(answer);
  const query = vi.fn((query: DocumentNode, variables?: Variables) => ({
    toPromise: () => Promise.resolve({ stale: false, hasNext: false, ...(answers[operationName(query)]?.(variables ?? {}) ?? {}) }),
  }));
  const client = { executeQuery, executeMutation, executeSubscription, query } as unknown as Client;
  /** The variables of every request of an operation, in order. */
  const sent = (name: string, kind: "query" | "mutation" = "mutation") =>
    (kind === "mutation" ? executeMutation : executeQuery).mock.calls
      .map(([request]) => request as Request)
      .filter((request) => operationName(request.query) === name)
      .map((request) => request.variables ?? {});
  return { client, executeQuery, executeMutation, executeSubscription, sent };
}

export type Me = NonNullable<WebMeQuery["me"]>;

/** A logged-in viewer with memberships given as [role, party]. */
export function viewer(memberships: [string, { id: string; kind: string; name: string; school?: { id: string; name: string } | null }][]): Me {
  return {
    id: "VXNlcjox",
    name: "测试用户",
    email: "user@example.com",
    jurisdictionCodes: [],
    jurisdictions: [],
    memberships: memberships.map(([role, party]) => ({
      role,
      party: { regionCode: "370983", verifiedAt: null, school: null, ...party },
    })),
  } as unknown as Me;
}

function Location() {
  const location = useLocation();
  return <div data-testid="location">{location.pathname + location.search}</div>;
}

/** Renders `routes` at `path` (an address, or a history entry with its key) with the API
 * stand-in, the viewer and the language. */
export function renderPage(
  client: Client,
  { path, routes, locale = "zh-CN", extra }: { path: InitialEntry; routes: Record<string, ReactNode>; locale?: Locale; extra?: ReactNode },
) {
  return render(
    <I18nProvider initial={locale}>
      <Provider value={client}>
        <ViewerProvider>
          <MemoryRouter initialEntries={[path]}>
            {extra}
            <Location />
            <Routes>
              {Object.entries(routes).map(([route, element]) => (
                <Route key={route} path={route} element={element} />
              ))}
            </Routes>
          </MemoryRouter>
        </ViewerProvider>
      </Provider>
    </I18nProvider>
  );
}

/** Presses the language switch (`<LanguageSwitch />`, rendered by the test) while in Chinese:
 * the button named by the word it shows, "English" (its whole name is "切换语言： English"). */
export async function switchToEnglish() {
  await userEvent.click(screen.getByRole("button", { name: /English/ }));
}
