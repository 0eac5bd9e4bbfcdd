/** The app shell: a header, and the page the location hash names (#/, #/catalog, #/catalog/issmp, #/attempt/ID, #/report/ID). */
import { Component, lazy, type ReactElement, type ReactNode, Suspense, useEffect, useState } from "react";
import type { PublicUser } from "../../src/core/api/catalog.js";
import { call, endpoints, HttpProblem, setCsrfToken } from "./api.js";
import { useApi } from "./lib/use-api.js";
import { ComparePage } from "./pages/Compare.js";
import { CatalogIndexPage } from "./pages/catalog/CatalogIndexPage.js";
import { CatalogPage } from "./pages/catalog/CatalogPage.js";
import { EligibilityPage } from "./pages/Eligibility.js";
import { HomePage } from "./pages/Home.js";
import { CohortsPage } from "./pages/instructor/CohortsPage.js";
import { PlanPage } from "./pages/Plan.js";
import { PlayerPage } from "./pages/Player.js";
import { ReportPage } from "./pages/Report.js";
import { ErrorMessage, PasswordField } from "./ui.js";

// The authors' pages load only when opened, keeping the candidates' first page small.
const BankPage = lazy(() => import("./pages/authoring/BankPage.js").then((m) => ({ default: m.BankPage })));
const EditorPage = lazy(() =>
  import("./pages/authoring/EditorPage.js").then((m) => ({ default: m.EditorPage })),
);
const ReportsPage = lazy(() =>
  import("./pages/authoring/ReportsPage.js").then((m) => ({ default: m.ReportsPage })),
);
// So do one's account and the admins' user management.
const AccountPage = lazy(() => import("./pages/Account.js").then((m) => ({ default: m.AccountPage })));
const AdminPage = lazy(() => import("./pages/Admin.js").then((m) => ({ default: m.AdminPage })));

/** A page that fails to load or render (say, the app was updated while open) says so instead of going blank. */
class PageBoundary extends Component<{ children: ReactNode; page: string }, { error: string | null }> {
  state = { error: null as string | null };
  static getDerivedStateFromError(e: unknown) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  componentDidUpdate(previous: { page: string }) {
    if (previous.page !== this.props.page && this.state.error) this.setState({ error: null });
  }
  render() {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert">
        <h1>This page could not be shown</h1>
        <p>{this.state.error}</p>
        <p>
          certpath may have been updated since this tab opened.{" "}
          <button type="button" onClick={() => window.location.reload()}>
            Reload the app
          </button>
        </p>
      </div>
    );
  }
}

function useHash(): string {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const on = () => setHash(window.location.hash);
    window.addEventListener("hashchange", on);
    return () => window.removeEventListener("hashchange", on);
  }, []);
  return hash;
}

/** On a server with accounts, who is signed in; "single" when the server has no accounts. */
type Who = "loading" | "single" | "signed-out" | Pick<PublicUser, "email" | "role">;

function SignIn({ onIn }: { onIn: (who: Who) => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <section>
      <h1>Sign in to certpath</h1>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            const r = await call(endpoints.signIn, { body: { email, password } });
            setCsrfToken(r.csrfToken);
            onIn(r.user);
          } catch (err) {
            setError(err instanceof HttpProblem ? err.problem.message : String(err));
          }
        }}
      >
        <label className="field">
          Email{" "}
          <input
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
          />
        </label>
        <PasswordField label="Password" kind="current" value={password} onChange={setPassword} />
        <ErrorMessage text={error} />
        <button type="submit">Sign in</button>
      </form>
    </section>
  );
}

export function App() {
  const hash = useHash();
  // One call that answers 200 in either mode: single-user, or multi-user with who is signed in.
  const session = useApi(
    () =>
      call(endpoints.session).then((r) => {
        if (r.mode !== "single-user") setCsrfToken(r.csrfToken);
        return r;
      }),
    [],
  );
  /** Who signed in or out here since the session was loaded. */
  const [changed, setWho] = useState<Who | null>(null);
  const who: Who =
    changed ??
    (session.data
      ? session.data.mode === "single-user"
        ? "single"
        : (session.data.user ?? "signed-out")
      : session.error
        ? "single"
        : "loading");
  if (who === "loading") return <p>Loading…</p>;
  if (who === "signed-out")
    return (
      <main id="main">
        <SignIn onIn={setWho} />
      </main>
    );
  const [, page, id] = /^#\/([a-z]+)(?:\/([\w.,-]+))?/.exec(hash) ?? [];
  let body: ReactElement;
  if (page === "attempt" && id) body = <PlayerPage id={id} />;
  else if (page === "report" && id) body = <ReportPage id={id} />;
  else if (page === "cohortreport" && id?.includes(","))
    body = <ReportPage cohort={id.split(",")[0]!} id={id.split(",")[1]!} />;
  else if (page === "catalog" && id) body = <CatalogPage id={id} />;
  else if (page === "catalog") body = <CatalogIndexPage />;
  else if (page === "compare") body = <ComparePage ids={(id ?? "").split(",").filter(Boolean)} />;
  else if (page === "eligibility") body = <EligibilityPage />;
  else if (page === "plan") body = <PlanPage />;
  else if (page === "bank" && id) body = <EditorPage id={id} />;
  else if (page === "bank") body = <BankPage />;
  else if (page === "reports") body = <ReportsPage />;
  else if (page === "account")
    body = (
      <AccountPage
        who={who}
        onSignedOut={() => {
          setCsrfToken(null);
          setWho("signed-out");
          window.location.hash = "#/";
        }}
      />
    );
  else if (page === "admin") body = <AdminPage who={who} />;
  else if (page === "cohorts") body = <CohortsPage id={id} single={who === "single"} />;
  else body = <HomePage single={who === "single"} />;
  return (
    <>
      <header className="top">
        <a href="#/" className="brand">
          certpath
        </a>
        <nav aria-label="Main">
          <a href="#/">Practice</a>
          <a href="#/catalog">Certifications</a>
          <a href="#/compare">Compare</a>
          <a href="#/plan">Plan</a>
          <a href="#/eligibility">Eligibility</a>
          {(who === "single" || (typeof who === "object" && who.role === "author")) && (
            <>
              <a href="#/bank">Item bank</a>
              <a href="#/reports">Problem reports</a>
            </>
          )}
          {typeof who === "object" && <a href="#/account">Account</a>}
          {typeof who === "object" && who.role === "admin" && <a href="#/admin">Users</a>}
          {typeof who === "object" && who.role === "instructor" && <a href="#/cohorts">Cohorts</a>}
        </nav>
        {typeof who === "object" && (
          <span className="small">
            {who.email} ({who.role}){" "}
            <button
              type="button"
              onClick={async () => {
                await call(endpoints.signOut);
                setCsrfToken(null);
                setWho("signed-out");
              }}
            >
              Sign out
            </button>
          </span>
        )}
      </header>
      <main id="main">
        <PageBoundary page={hash}>
          <Suspense fallback={<p>Loading…</p>}>{body}</Suspense>
        </PageBoundary>
      </main>
    </>
  );
}
