import { createContext, useContext, useEffect, type ReactNode } from "react";
import { useQuery } from "urql";
import { WebMeDocument, type Role, type WebMeQuery } from "../gql/graphql";
import { LOCALE_STORAGE_KEY } from "../i18n/i18n";

export type Viewer = NonNullable<WebMeQuery["me"]>;
export type Membership = Viewer["memberships"][number];

interface ViewerState {
  viewer: Viewer | null;
  loading: boolean;
  refresh: () => void;
}

const ViewerContext = createContext<ViewerState>({ viewer: null, loading: true, refresh: () => {} });

/** Sent on `window` when the API answers UNAUTHENTICATED (the session ended: logged out in
 * another tab, expired, the server restarted): the viewer is asked for again. */
export const SESSION_ENDED_EVENT = "hope:session-ended";

export function ViewerProvider({ children }: { children: ReactNode }) {
  const [result, refresh] = useQuery({ query: WebMeDocument, requestPolicy: "cache-and-network" });
  useEffect(() => {
    const onEnded = () => refresh({ requestPolicy: "network-only" });
    window.addEventListener(SESSION_ENDED_EVENT, onEnded);
    return () => window.removeEventListener(SESSION_ENDED_EVENT, onEnded);
  }, [refresh]);
  const value: ViewerState = {
    viewer: result.data?.me ?? null,
    loading: result.fetching && !result.data,
    refresh: () => refresh({ requestPolicy: "network-only" }),
  };
  return <ViewerContext.Provider value={value}>{children}</ViewerContext.Provider>;
}

export function useViewer(): ViewerState {
  return useContext(ViewerContext);
}

export function membershipsWith(viewer: Viewer | null, roles: Role[]): Membership[] {
  return viewer?.memberships.filter((m) => roles.includes(m.role) && m.party) ?? [];
}

/** The viewer is the principal or staff of this school (the school's id, as `need.school.id`),
 * and so may manage its needs. */
export function managesSchool(viewer: Viewer | null, schoolId: string | null | undefined): boolean {
  if (!schoolId) return false;
  return membershipsWith(viewer, ["PRINCIPAL", "SCHOOL_STAFF"]).some((m) => m.party?.school?.id === schoolId);
}

export function loginUrl(next: string, provider = "hope"): string {
  // The language chosen on the site, for the provider's sign-in page.
  const lang = storedLocale();
  return `/auth/login?${new URLSearchParams({ provider, next, ...(lang ? { lang } : {}) }).toString()}`;
}

function storedLocale(): string | null {
  try {
    return window.localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Where a login started on this page of the app comes back to. */
export function currentPageNext(): string {
  return `/${window.location.hash || "#/"}`;
}

/** Starts the OIDC login through the server, coming back to `next` (the current page of the app). */
export async function startLogin(next: string = currentPageNext()): Promise<void> {
  let provider = "hope";
  try {
    const response = await fetch("/auth/providers", { credentials: "same-origin" });
    if (response.ok) {
      const providers = (await response.json()) as { name: string }[];
      if (providers.length > 0) provider = providers[0].name;
    }
  } catch {
    // The default provider name is tried.
  }
  window.location.assign(loginUrl(next, provider));
}

export async function logout(): Promise<boolean> {
  try {
    const response = await fetch("/auth/logout", { method: "POST", credentials: "same-origin", redirect: "manual" });
    return response.ok || response.type === "opaqueredirect" || response.status === 303;
  } catch {
    return false;
  }
}
