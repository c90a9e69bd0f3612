import { createClient as createWsClient } from "graphql-ws";
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from "urql";
import { SESSION_ENDED_EVENT } from "./viewer";

/** The API client: same-origin /graphql with the session cookie; subscriptions over
 * graphql-transport-ws on the same path. An UNAUTHENTICATED answer (of any operation) is
 * announced on `window` as SESSION_ENDED_EVENT, for the viewer to be refreshed. */
export function createApiClient(): Client {
  const wsUrl = `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/graphql`;
  let ws: ReturnType<typeof createWsClient> | null = null;
  const wsClient = () => (ws ??= createWsClient({ url: wsUrl, lazy: true, retryAttempts: 3 }));
  return new Client({
    url: "/graphql",
    fetchOptions: { credentials: "same-origin" },
    requestPolicy: "cache-and-network",
    exchanges: [
      cacheExchange,
      // An UNAUTHENTICATED answer means the session ended, and a FORBIDDEN one may mean the tab's
      // session now belongs to someone else (another user signed in in another tab): the viewer
      // (the header's 已登录 / 登录, the pages each role sees) is asked for again.
      mapExchange({
        onResult(result) {
          if (result.error?.graphQLErrors.some((e) => e.extensions?.code === "UNAUTHENTICATED" || e.extensions?.code === "FORBIDDEN")) {
            window.dispatchEvent(new Event(SESSION_ENDED_EVENT));
          }
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || "" };
          return {
            subscribe(sink) {
              const unsubscribe = wsClient().subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
}
