/**
 * One's own account (#/account): who I am, changing my password, downloading every piece of my data
 * and deleting my account. On a server without accounts it says how to start one with them.
 */
import { type FormEvent, useEffect, useState } from "react";
import type { PublicUser } from "../../../src/core/api/catalog.js";
import { call, endpoints, messageOf, setCsrfToken } from "../api.js";
import { ErrorMessage, PasswordField } from "../ui.js";
import { NoAccounts } from "./no-accounts.js";

/** Who is signed in, as the session and sign-in answers name them. */
export type Me = Pick<PublicUser, "email" | "role">;

export function AccountPage({ who, onSignedOut }: { who: "single" | Me; onSignedOut: () => void }) {
  if (who === "single") return <NoAccounts title="Account" />;
  return (
    <section className="account">
      <h1>Your account</h1>
      <dl className="identity">
        <dt>Email</dt>
        <dd>{who.email}</dd>
        <dt>Role</dt>
        <dd>{who.role}</dd>
      </dl>
      <ChangePassword who={who} onSignedOut={onSignedOut} />
      <ExportData email={who.email} />
      <DeleteAccount onSignedOut={onSignedOut} />
    </section>
  );
}

function ChangePassword({ who, onSignedOut }: { who: Me; onSignedOut: () => void }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setDone(null);
    if (next !== again) {
      setError("The two new passwords differ; type the same one twice.");
      return;
    }
    setBusy(true);
    try {
      await call(endpoints.changePassword, { body: { current, password: next } });
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
      return;
    }
    // The server signs out every session of this account, this one too: sign this one in again.
    try {
      const r = await call(endpoints.signIn, {
        body: {
          email: who.email,
          password: next,
        },
      });
      setCsrfToken(r.csrfToken);
      setCurrent("");
      setNext("");
      setAgain("");
      setDone("Password changed. Every other session of your account has been signed out.");
    } catch {
      onSignedOut();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="password-title">
      <h2 id="password-title">Change your password</h2>
      <PasswordField label="Current password" kind="current" value={current} onChange={setCurrent} />
      <PasswordField
        label="New password"
        kind="new"
        value={next}
        onChange={setNext}
        describedBy="password-rules"
      />
      <PasswordField label="New password again" kind="new" value={again} onChange={setAgain} />
      <p id="password-rules" className="small">
        At least 15 characters; a phrase of several words works well. Common passwords, sequences and ones
        containing your email name are refused.
      </p>
      <ErrorMessage text={error} />
      <p role="status">{done}</p>
      <button type="submit" disabled={busy}>
        Change password
      </button>
    </form>
  );
}

function ExportData({ email }: { email: string }) {
  const [file, setFile] = useState<{ url: string; name: string; attempts: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => () => (file ? URL.revokeObjectURL(file.url) : undefined), [file]);

  async function download() {
    setBusy(true);
    setError(null);
    try {
      const data = await call(endpoints.exportMine);
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
      const name = `certpath-${email.replace(/[^\w.@-]+/g, "_")}-${data.exportedAt.slice(0, 10)}.json`;
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setFile({ url, name, attempts: data.attempts.length });
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="card">
      <h2>Your data</h2>
      <p>
        One JSON file with your account and every attempt you have made: each step, response and problem
        report.
      </p>
      <button type="button" onClick={download} disabled={busy}>
        Download my data
      </button>
      <ErrorMessage text={error} />
      <p role="status">
        {file && (
          <>
            Downloaded {file.name} ({file.attempts} attempt{file.attempts === 1 ? "" : "s"}). If it did not
            save,{" "}
            <a href={file.url} download={file.name}>
              save it again
            </a>
            .
          </>
        )}
      </p>
    </div>
  );
}

function DeleteAccount({ onSignedOut }: { onSignedOut: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function remove(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await call(endpoints.deleteMe, { body: { password } });
      onSignedOut();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }

  return (
    <div className="card danger-zone">
      <h2>Delete your account</h2>
      <p>
        Deletes your account and all its data — attempts, responses, reports and study history — for good.
        Download your data first if you want to keep it.
      </p>
      {!confirming ? (
        <button type="button" className="finish" onClick={() => setConfirming(true)}>
          Delete my account…
        </button>
      ) : (
        <form onSubmit={remove}>
          <PasswordField
            label="Your password, to confirm"
            kind="current"
            value={password}
            onChange={setPassword}
          />
          <ErrorMessage text={error} />
          <div className="actions">
            <button type="submit" className="finish" disabled={busy}>
              Delete my account for good
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
                setPassword("");
                setError(null);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
