/** Task statement ids: `<exam>:<domain>.<subdomain part>.<n>`, e.g. "issmp:3.3.2" or "cism:1.A.2". */

/** "issmp:3.3.2" → { exam: "issmp", domain: "3", subdomain: "3.3" }. */
export function taskParts(task: string): { exam: string; domain: string; subdomain: string } {
  const [exam, rest] = task.split(":") as [string, string];
  const [d, s] = rest.split(".");
  return { exam, domain: d!, subdomain: `${d}.${s}` };
}
