import { useEffect, useRef, useState, type ReactNode } from "react";
import { NavLink, useLocation, useNavigate } from "react-router-dom";
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages";
import { logout, membershipsWith, startLogin, useViewer } from "../lib/viewer";
import { Notice } from "./ui";
import type { Role } from "../gql/graphql";

const ROLE_PAGES: { to: string; key: MessageKey; roles: Role[] }[] = [
  { to: "/school", key: "nav.school", roles: ["PRINCIPAL", "SCHOOL_STAFF"] },
  { to: "/donor", key: "nav.donor", roles: ["DONOR_ADMIN"] },
  { to: "/official", key: "nav.official", roles: ["GOV_OFFICIAL"] },
  { to: "/media", key: "nav.media", roles: ["MEDIA_EDITOR"] },
  { to: "/admin", key: "nav.admin", roles: ["PLATFORM_ADMIN"] },
];

export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  const next = locale === "zh-CN" ? "en" : "zh-CN";
  return (
    <button
      type="button"
      className="button ghost"
      lang={next}
      aria-label={t("lang.switchLabel")}
      onClick={() => setLocale(next)}
    >
      {t("lang.switch")}
    </button>
  );
}

export function Layout({ children, onLoggedOut }: { children: ReactNode; onLoggedOut: () => void }) {
  const { t } = useI18n();
  const { viewer } = useViewer();
  const navigate = useNavigate();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const [logoutFailed, setLogoutFailed] = useState(false);
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    setMenuOpen(false);
    window.scrollTo(0, 0);
  }, [location.pathname]);

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
                  <span className="viewer-name">{t("auth.signedInAs", { name: viewer.name })}</span>
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
        {children}
      </main>
      <footer className="site-footer">
        <p>{t("app.tagline")}</p>
      </footer>
    </>
  );
}

/** Shows its children only to a viewer holding one of `roles`; asks others to log in. */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { t } = useI18n();
  const { viewer, loading } = useViewer();
  if (loading) return null;
  if (!viewer) {
    return (
      <section className="panel">
        <p>{t("auth.required")}</p>
        <button type="button" className="button primary" onClick={() => void startLogin()}>
          {t("auth.login")}
        </button>
      </section>
    );
  }
  if (membershipsWith(viewer, roles).length === 0) return <Notice kind="error">{t("auth.noRole")}</Notice>;
  return <>{children}</>;
}
