/** `certpath tour`: a short guided tour of the CLI and the web app. */
import type { CommandContext } from "../context.js";
import { wrap } from "../render/text.js";

export function tour(ctx: CommandContext): number {
  const catalog = ctx.catalog();
  const w = ctx.width;
  const lines = [
    "certpath — plan for, practise for and pass senior security certifications",
    "",
    wrap(
      `The catalog holds ${catalog.certifications.length} certifications: ${catalog.certifications.map((c) => c.abbreviation).join(", ")}. Try these commands (each takes --json):`,
      w,
    ),
    "",
    "  npx certpath catalog list                  every certification at a glance",
    "  npx certpath catalog show issmp            the ISSMP outline, exam and rules",
    "  npx certpath catalog show issmp --domain 3 the task statements of one domain",
    "  npx certpath compare cissp cism issmp      side by side, with the overlap view",
    "  npx certpath schema profile                the JSON Schema of a candidate profile",
    "  npx certpath eligibility --all --profile examples/profile.json",
    "  npx certpath advise --profile examples/profile.json --goal management",
    "",
    "Practise (answers are saved as you go; Q saves and quits):",
    "  npx certpath exam take issmp               a full 125-item ISSMP exam, timed",
    "  npx certpath exam take issmp --mode tutor --items 10",
    "  npx certpath exam take issmp --mode adaptive",
    "  npx certpath exam resume                   carry on after quitting or a crash",
    "  npx certpath cat simulate --exam cissp     how the CISSP's adaptive test decides",
    "",
    wrap(
      "The web app: npx certpath serve, then open http://127.0.0.1:8080 (exams, reports, study, the catalog). See README.md for every command.",
      w,
    ),
  ];
  ctx.out(lines.join("\n"));
  return 0;
}
