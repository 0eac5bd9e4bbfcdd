/**
 * The outline in force of a certification as `GET /api/catalog/:id` gives it: the server names it
 * (`inForce.outline`, from the core's `outlineAsOf`); without that, the latest outline whose
 * content is captured.
 */
export interface OutlineLike {
  id: string;
  detailsCaptured?: boolean;
  domains: { subdomains: { tasks: unknown[] }[] }[];
}

export function outlineInForce<O extends OutlineLike>(cert: {
  outlines: O[];
  inForce?: { outline: string } | null;
}): O | undefined {
  const named = cert.outlines.find((o) => o.id === cert.inForce?.outline);
  if (named && named.domains.length > 0) return named;
  return cert.outlines
    .filter(
      (o) =>
        o.detailsCaptured !== false && o.domains.some((d) => d.subdomains.some((s) => s.tasks.length > 0)),
    )
    .at(-1);
}
