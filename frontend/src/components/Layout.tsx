import { Component, createContext, useContext, useEffect, useLayoutEffect, useRef, useState, type ErrorInfo, type ReactNode } from "react";
import { NavLink, useLocation, useNavigate } from "react-router-dom";
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages";
import { loginUrl, logout, membershipsWith, startLogin, useViewer } from "../lib/viewer";
import { MessageText, Notice, Sentence, type Message } from "./ui";
import type { Role } from "../gql/graphql";

const PUBLIC_PAGES: { to: string; key: MessageKey }[] = [
  { to: "/", key: "nav.home" },
  { to: "/needs", key: "nav.needs" },
  { to: "/ledger", key: "nav.ledger" },
];

const ROLE_PAGES: { to: string; key: MessageKey; roles: Role[] }[] = [
  { to: "/school", key: "nav.school", roles: ["PRINCIPAL", "SCHOOL_STAFF"] },
  { to: "/donor", key: "nav.donor", roles: ["DONOR_ADMIN"] },
  { to: "/official", key: "nav.official", roles: ["GOV_OFFICIAL"] },
  { to: "/media", key: "nav.media", roles: ["MEDIA_EDITOR"] },
  { to: "/admin", key: "nav.admin", roles: ["PLATFORM_ADMIN"] },
];

/** The other language, named in itself ("English", "中文") and marked as such; what the button
 * does is said before it in the current language, out of sight, so that its name ("切换语言：
 * English") holds the word one sees (WCAG 2.5.3) and each part is read in its own language. */
export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  const next = locale === "zh-CN" ? "en" : "zh-CN";
  return (
    <button type="button" className="button ghost" onClick={() => setLocale(next)}>
      <span className="visually-hidden">{t("lang.switchLabel")}</span> <span lang={next}>{t("lang.switch")}</span>
    </button>
  );
}

/** Where a page gives the tab its own title (`useDocumentTitle`). */
const DocumentTitleContext = createContext<(title: string | null) => void>(() => {});

/** Names the tab after what the page shows (a need's title: "图书角建设 · 希望生态") while it is
 * shown, in place of its route's name; nothing (null, "", while it loads) leaves the route's. */
export function useDocumentTitle(title: string | null | undefined) {
  const setTitle = useContext(DocumentTitleContext);
  useEffect(() => {
    if (!title) return;
    setTitle(title);
    return () => setTitle(null);
  }, [setTitle, title]);
}

/** The name of the route at `pathname` for the tab's title: its own page's when it has one
 * (发布新需求), else its section's (我的学校); none for the home page. */
function routeTitle(pathname: string): MessageKey | null {
  const page = PAGE_TITLES.find((p) => p.path.test(pathname));
  if (page) return page.key;
  const section = [...PUBLIC_PAGES, ...ROLE_PAGES].find((p) => (p.to === "/" ? pathname === "/" : pathname.startsWith(p.to)));
  return section && section.to !== "/" ? section.key : null;
}

/** `loggedOut`: this layout comes in place of the one its viewer logged out from (App starts
 * everything again then): focus starts at the page's content, as after any move. */
export function Layout({ children, onLoggedOut, loggedOut = false }: { children: ReactNode; onLoggedOut: () => void; loggedOut?: boolean }) {
  const { t } = useI18n();
  const { viewer } = useViewer();
  const navigate = useNavigate();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const [logoutFailed, setLogoutFailed] = useState(false);
  const main = useRef<HTMLElement>(null);

  const toggle = useRef<HTMLButtonElement>(null);
  const firstPage = useRef(!loggedOut);

  useEffect(() => {
    setMenuOpen(false);
    window.scrollTo(0, 0);
  }, [location.pathname]);

  // After moving to another page (the menu, a link), focus starts at its content, not lost on
  // <body>; the first page keeps the browser's own start. A layout effect: it runs before any
  // page's own effects, so that a page that takes focus on arriving (to its confirmation, back to
  // the need one came from) keeps it.
  useLayoutEffect(() => {
    if (firstPage.current) firstPage.current = false;
    else main.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  // The tab's title names the page (or its section), so tabs and history read apart.
  const [pageTitle, setPageTitle] = useState<string | null>(null);
  const route = routeTitle(location.pathname);
  const named = pageTitle ?? (route && t(route));
  const title = named ? `${named} · ${t("app.name")}` : t("app.name");
  useEffect(() => {
    document.title = title;
  }, [title]);

  // Escape closes the open menu and gives focus back to its button.
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setMenuOpen(false);
      toggle.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [menuOpen]);

  const pages = ROLE_PAGES.filter((page) => membershipsWith(viewer, page.roles).length > 0);

  async function onLogout() {
    setLogoutFailed(false);
    if (await logout()) {
      navigate("/");
      onLoggedOut();
    } else {
      setLogoutFailed(true);
    }
  }

  return (
    <>
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); main.current?.focus(); }}>
        {t("app.skip")}
      </a>
      <header className="site-header">
        <div className="header-inner">
          <NavLink to="/" className="brand">
            {t("app.name")}
          </NavLink>
          <button
            ref={toggle}
            type="button"
            className="button ghost menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="site-nav"
            onClick={() => setMenuOpen((open) => !open)}
          >
            {t("nav.menu")}
          </button>
          <nav id="site-nav" aria-label={t("nav.main")} className={menuOpen ? "open" : undefined}>
            <ul>
              <li>
                <NavLink to="/" end>
                  {t("nav.home")}
                </NavLink>
              </li>
              <li>
                <NavLink to="/needs">{t("nav.needs")}</NavLink>
              </li>
              <li>
                <NavLink to="/ledger">{t("nav.ledger")}</NavLink>
              </li>
              {pages.map((page) => (
                <li key={page.to}>
                  <NavLink to={page.to}>{t(page.key)}</NavLink>
                </li>
              ))}
            </ul>
            <div className="header-actions">
              <LanguageSwitch />
              {viewer ? (
                <>
                  <span className="viewer-name">
                    <Sentence id="auth.signedInAs" vars={{ name: viewer.name }} />
                  </span>
                  <button type="button" className="button secondary" onClick={onLogout}>
                    {t("auth.logout")}
                  </button>
                </>
              ) : (
                <button type="button" className="button primary" onClick={() => void startLogin()}>
                  {t("auth.login")}
                </button>
              )}
            </div>
          </nav>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {logoutFailed && <Notice kind="error">{t("auth.logoutFailed")}</Notice>}
        <DocumentTitleContext.Provider value={setPageTitle}>
          <PageErrorBoundary page={location.pathname}>{children}</PageErrorBoundary>
        </DocumentTitleContext.Provider>
      </main>
      <footer className="site-footer">
        <p>{t("app.tagline")}</p>
      </footer>
    </>
  );
}

/** The word that the viewer has logged out, in a live region there from the start: App renders
 * it apart from the layout (which it starts again on logging out, so a region of its own would be
 * new, and not heard), for a screen reader to say it as focus goes to the page. */
export function LoggedOutStatus({ loggedOut }: { loggedOut: boolean }) {
  const { t } = useI18n();
  return (
    <p className="visually-hidden" role="status">
      {loggedOut ? t("auth.loggedOut") : ""}
    </p>
  );
}

/** A page's code that could not be loaded (a lazy route's chunk gone after a redeploy, or the
 * network dropped): reloading fetches the new build. */
function isChunkLoadError(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /dynamically imported module|module script failed|ChunkLoadError|Loading (CSS )?chunk|preload CSS/i.test(text);
}

function PageFailed({ error }: { error: unknown }) {
  const { t } = useI18n();
  return (
    <div className="notice notice-error" role="alert">
      <p>{t(isChunkLoadError(error) ? "page.loadFailed" : "page.failed")}</p>
      <button type="button" className="button primary" onClick={() => window.location.reload()}>
        {t("page.reload")}
      </button>
    </div>
  );
}

/** Catches what a routed page throws (its code failing to load included), so that the header,
 * the menu and a way out stay instead of a blank window. Another page (`page` changes) tries
 * again. */
export class PageErrorBoundary extends Component<{ page: string; children: ReactNode }, { error: unknown; failed: boolean }> {
  state = { error: null as unknown, failed: false };

  static getDerivedStateFromError(error: unknown) {
    return { error, failed: true };
  }

  componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error("A page failed to render", error, info.componentStack);
  }

  componentDidUpdate(previous: { page: string }) {
    if (this.state.failed && previous.page !== this.props.page) this.setState({ error: null, failed: false });
  }

  render() {
    return this.state.failed ? <PageFailed error={this.state.error} /> : this.props.children;
  }
}

/** A link to log in again that comes back to this page (a plain click asks the server for its
 * provider first, like the header's 登录). */
export function LoginAgain() {
  const { t } = useI18n();
  const location = useLocation();
  const next = `/#${location.pathname}${location.search}`;
  return (
    <a
      href={loginUrl(next)}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        void startLogin(next);
      }}
    >
      {t("auth.loginAgain")}
    </a>
  );
}

/** A notice about an action (`Message`); when the session had ended, with a link to log in
 * again that comes back here, what was typed staying on the page. */
export function ActionNotice({ message }: { message: Message }) {
  // Like MessageNotice: both live regions always there, empty until there is a message.
  const said = (kind: "ok" | "error") =>
    message?.kind === kind && (
      <>
        <MessageText message={message} />
        {message.key === "error.unauthenticated" && (
          <>
            {" "}
            <LoginAgain />
          </>
        )}
      </>
    );
  return (
    <>
      <Notice kind="ok">{said("ok")}</Notice>
      <Notice kind="error">{said("error")}</Notice>
    </>
  );
}

/** The name of the page at `pathname` behind a login, for the heading RequireRole shows when it
 * asks to log in or says the role is missing (the most specific route first). */
const PAGE_TITLES: { path: RegExp; key: MessageKey }[] = [
  { path: /^\/school\/new-need/, key: "form.needTitle" },
  { path: /^\/school/, key: "nav.school" },
  { path: /^\/donor\/new-pledge/, key: "pledge.post" },
  { path: /^\/donor\/pledges\//, key: "pledge.detailTitle" },
  { path: /^\/donor/, key: "pledge.title" },
  { path: /^\/official/, key: "official.title" },
  { path: /^\/media/, key: "media.title" },
  { path: /^\/admin/, key: "admin.title" },
];

function usePageTitle(title: string | undefined): string {
  const { t } = useI18n();
  const { pathname } = useLocation();
  if (title) return title;
  const page = PAGE_TITLES.find((p) => p.path.test(pathname));
  return t(page?.key ?? "app.name");
}

/** Shows its children only to a viewer holding one of `roles`; asks others to log in. A page
 * once shown stays when the session ends under it (its forms keep what was typed, and say how
 * to log in again). The login prompt and the word on a missing role come under the page's
 * heading: `title`, else the name of the route's page. */
export function RequireRole({ roles, title, children }: { roles: Role[]; title?: string; children: ReactNode }) {
  const { t } = useI18n();
  const heading = usePageTitle(title);
  const { viewer, loading } = useViewer();
  const admitted = useRef(false);
  if (viewer && membershipsWith(viewer, roles).length > 0) admitted.current = true;
  if (!viewer && admitted.current) return <>{children}</>;
  if (loading) return null;
  if (!viewer) {
    return (
      <>
        <h1>{heading}</h1>
        <section className="panel">
          <p>{t("auth.required")}</p>
          <button type="button" className="button primary" onClick={() => void startLogin()}>
            {t("auth.login")}
          </button>
        </section>
      </>
    );
  }
  if (membershipsWith(viewer, roles).length === 0) {
    return (
      <>
        <h1>{heading}</h1>
        <Notice kind="error">{t("auth.noRole")}</Notice>
      </>
    );
  }
  return <>{children}</>;
}
