import { createClient as createWsClient } from "graphql-ws";
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from "urql";

/** The API client: same-origin /graphql with the session cookie; subscriptions over
 * graphql-transport-ws on the same path. */
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
