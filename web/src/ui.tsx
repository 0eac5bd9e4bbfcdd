/** Small pieces every page uses. */
import { type RefObject, useEffect, useRef } from "react";

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
