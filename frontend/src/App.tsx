import { lazy, Suspense, useMemo, useState } from "react";
import { HashRouter, Route, Routes } from "react-router-dom";
import { Provider } from "urql";
import { Layout, LoggedOutStatus } from "./components/Layout";
import { Loading } from "./components/ui";
import { I18nProvider } from "./i18n/i18n";
import { createApiClient } from "./lib/client";
import { ViewerProvider } from "./lib/viewer";
import { HomePage } from "./pages/HomePage";
import { NeedsPage } from "./pages/NeedsPage";
import { NotFoundPage } from "./pages/NotFoundPage";

// Pages behind a login are loaded on demand, so the public home stays small.
const NeedPage = lazy(() => import("./pages/NeedPage"));
const SchoolPage = lazy(() => import("./pages/SchoolPage"));
const NeedFormPage = lazy(() => import("./pages/NeedFormPage"));
const DonorPage = lazy(() => import("./pages/DonorPage"));
const PledgeFormPage = lazy(() => import("./pages/PledgeFormPage"));
const PledgePage = lazy(() => import("./pages/PledgePage"));
const OfficialPage = lazy(() => import("./pages/OfficialPage"));
const AdminPage = lazy(() => import("./pages/AdminPage"));
const MediaPage = lazy(() => import("./pages/MediaPage"));
const LedgerPage = lazy(() => import("./pages/LedgerPage"));

// Hash routes: /#/... links survive a reload and the login round trip whatever the server does
// with deep paths (it now also serves index.html for them, but the app does not depend on it).
export function App() {
  const [generation, setGeneration] = useState(0);
  // A new client after logout drops everything cached for the previous user.
  const client = useMemo(() => createApiClient(), [generation]);
  const loggedOut = generation > 0;
  return (
    <I18nProvider>
      <Provider value={client}>
        <ViewerProvider key={generation}>
          <HashRouter>
            <Layout loggedOut={loggedOut} onLoggedOut={() => setGeneration((g) => g + 1)}>
              <Suspense fallback={<Loading />}>
                <Routes>
                  <Route path="/" element={<HomePage />} />
                  <Route path="/needs" element={<NeedsPage />} />
                  <Route path="/needs/:id" element={<NeedPage />} />
                  <Route path="/school" element={<SchoolPage />} />
                  <Route path="/school/new-need" element={<NeedFormPage />} />
                  <Route path="/donor" element={<DonorPage />} />
                  <Route path="/donor/new-pledge" element={<PledgeFormPage />} />
                  <Route path="/donor/pledges/:id" element={<PledgePage />} />
                  <Route path="/official" element={<OfficialPage />} />
                  <Route path="/admin" element={<AdminPage />} />
                  <Route path="/media" element={<MediaPage />} />
                  <Route path="/ledger" element={<LedgerPage />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Routes>
              </Suspense>
            </Layout>
          </HashRouter>
        </ViewerProvider>
        <LoggedOutStatus loggedOut={loggedOut} />
      </Provider>
    </I18nProvider>
  );
}
