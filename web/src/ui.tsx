/** Small pieces every page uses. */
import { type KeyboardEvent, type ReactNode, type RefObject, useEffect, useRef } from "react";

/**
 * A ref whose element takes the focus once, when it first appears — not on every render (the
 * player renders every second for its clock).
 */
export function useFocusOnMount<T extends HTMLElement>(): RefObject<T | null> {
  const ref = useRef<T | null>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

/** An error sentence, announced to screen readers when it appears; nothing when there is none. */
export function ErrorMessage({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <p role="alert" className="error">
      {text}
    </p>
  );
}

/** A labelled password field: "current" to sign in or confirm, "new" to choose one. */
export function PasswordField({
  label,
  kind,
  value,
  onChange,
  describedBy,
}: {
  label: string;
  kind: "current" | "new";
  value: string;
  onChange: (value: string) => void;
  describedBy?: string;
}) {
  return (
    <label className="field">
      {label}{" "}
      <input
        type="password"
        autoComplete={kind === "current" ? "current-password" : "new-password"}
        aria-describedby={describedBy}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required
      />
    </label>
  );
}

/**
 * Keys of a modal dialog: Escape closes it, and Tab and Shift+Tab go round its own controls rather
 * than out to the page behind it.
 */
export function dialogKeys(onClose: () => void) {
  return (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === "Escape") {
      e.preventDefault();
      onClose();
      return;
    }
    if (e.key !== "Tab") return;
    const controls = [
      ...e.currentTarget.querySelectorAll<HTMLElement>(
        "button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), a[href]",
      ),
    ];
    if (controls.length === 0) return;
    const first = controls[0]!;
    const last = controls[controls.length - 1]!;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };
}

/** A wide table's box: it scrolls sideways on a narrow screen and can take the keyboard's focus to do so. */
export function Scroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
    <section className="scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

/**
 * A modal dialog: a backdrop, `role="dialog"` labelled by its title, Escape to close and Tab kept
 * inside. Whoever opens it puts the focus on the control a candidate most likely wants.
 */
export function Dialog({
  id,
  title,
  onClose,
  children,
}: {
  /** Unique on the page: the title's element id is `${id}-title`. */
  id: string;
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <div className="backdrop">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        className="dialog"
        onKeyDown={dialogKeys(onClose)}
      >
        <h2 id={`${id}-title`}>{title}</h2>
        {children}
      </div>
    </div>
  );
}

/** The `<option>`s of a certification picker: one per certification, shown by its abbreviation. */
export function CertificationOptions({ certs }: { certs: readonly { id: string; abbreviation: string }[] }) {
  return (
    <>
      {certs.map((c) => (
        <option key={c.id} value={c.id}>
          {c.abbreviation}
        </option>
      ))}
    </>
  );
}
