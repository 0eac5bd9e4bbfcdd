/** Small pieces every page uses. */

/** An error sentence, announced to screen readers when it appears; nothing when there is none. */
export function ErrorMessage({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <p role="alert" className="error">
      {text}
    </p>
  );
}
