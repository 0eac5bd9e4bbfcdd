/**
 * The `certpath` command: parses arguments (commander), runs the command, and turns errors into one
 * clear sentence and an exit code — 0 success, 1 bad input, 2 bad usage, 3 internal error.
 */
import { Command, CommanderError, Option } from "commander";
import { goals } from "../core/advice/advise.js";
import { InputError } from "../core/input-error.js";
import { advise } from "./commands/advise.js";
import { backup, restore } from "./commands/backup.js";
import {
  bankCues,
  bankLint,
  bankOverlap,
  bankPriors,
  bankReports,
  bankReviewRecord,
  bankReviewSheet,
  bankStatsCommand,
} from "./commands/bank.js";
import { bankAnalysis } from "./commands/bank-analysis.js";
import { bankFamilies, familiesHelp } from "./commands/bank-families.js";
import { calibrateCommand } from "./commands/calibrate.js";
import { catSimulate } from "./commands/cat-simulate.js";
import { catalogList, catalogShow } from "./commands/catalog.js";
import { compare } from "./commands/compare.js";
import { eligibility } from "./commands/eligibility.js";
import { examAssemble, examDiscard, examList, examReport, examSimulate } from "./commands/exam.js";
import { examResume, examTake } from "./commands/exam-take.js";
import { irtScore } from "./commands/irt.js";
import { readinessCommand } from "./commands/readiness.js";
import { schema } from "./commands/schema.js";
import { serve } from "./commands/serve.js";
import { studyGoalCommand, studyPlanCommand } from "./commands/study-plan.js";
import { tour } from "./commands/tour.js";
import { userAdd, userList } from "./commands/user.js";
import { type CommandContext, createContext, type Output, processOutput } from "./context.js";
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, UsageError } from "./errors.js";

const VERSION = "0.1.0";

function buildProgram(ctx: CommandContext, setCode: (code: number) => void): Command {
  const program = new Command("certpath")
    .description("Plan for, practise for and pass senior security certifications.")
    .version(VERSION, "-V, --version")
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => ctx.out(s.replace(/\n$/, "")),
      writeErr: (s) => ctx.err(s.replace(/\n$/, "")),
      outputError: () => {},
    })
    .exitOverride();

  const asOf = () => new Option("--as-of <date>", "judge as of this date (YYYY-MM-DD; default today)");
  const json = () => new Option("--json", "print JSON");

  const catalog = program.command("catalog").description("browse the certification catalog").exitOverride();
  catalog
    .command("list")
    .description("list every certification")
    .addOption(json())
    .action((opts) => setCode(catalogList(ctx, opts)));
  catalog
    .command("show")
    .description("show one certification: facts, exam, rules and the outline in force")
    .argument("<id>", "certification id, e.g. issmp")
    .option("--domain <n>", "show one domain with its task statements")
    .addOption(asOf())
    .addOption(json())
    .action((id, opts) => setCode(catalogShow(ctx, id, opts)));

  program
    .command("compare")
    .description("compare certifications side by side, with an overlap view of their outlines")
    .argument("<ids...>", "two or more certification ids")
    .addOption(new Option("--format <format>", "table, markdown or json").default("table"))
    .addOption(asOf())
    .addOption(json())
    .action((ids, opts) => setCode(compare(ctx, ids, opts)));

  program
    .command("eligibility")
    .description("check eligibility against a profile")
    .argument("[id]", "certification id (or --all)")
    .option("--all", "every certification in the catalog")
    .option("--profile <file>", "candidate profile, JSON or YAML")
    .addOption(asOf())
    .addOption(json())
    .action((id, opts) => setCode(eligibility(ctx, id, opts)));

  program
    .command("advise")
    .description("rank the next certifications for a profile, with reasons")
    .option("--profile <file>", "candidate profile, JSON or YAML")
    .addOption(new Option("--goal <goal>", "career goal").choices(goals))
    .addOption(asOf())
    .addOption(json())
    .action((opts) => setCode(advise(ctx, opts)));

  const bank = program.command("bank").description("check and count the item bank").exitOverride();
  bank
    .command("lint")
    .description("check every item against the item-writing rules (exit 1 on errors)")
    .addOption(json())
    .action((opts) => setCode(bankLint(ctx, opts)));
  bank
    .command("stats")
    .description("live item counts, key balance and coverage gaps")
    .option("--exam <id>", "one exam only")
    .addOption(json())
    .action((opts) => setCode(bankStatsCommand(ctx, opts)));
  bank
    .command("families")
    .description("the computed item families: what each measures and cites (instances join every new form)")
    .option("--exam <id>", "one exam only")
    .addOption(json())
    .action((opts) => setCode(bankFamilies(ctx, opts)));
  bank
    .command("cues")
    .description("how often the options' surface alone gives the key away (a held-out cue audit)")
    .option("--exam <id>", "exam id")
    .option("--seed <seed>", 'seed of the cross-validation folds (default "cues")')
    .addOption(json())
    .action((opts) => setCode(bankCues(ctx, opts)));

  bank
    .command("overlap")
    .description("how much full forms assembled with different seeds share")
    .option("--exam <id>", "exam id")
    .option("--pairs <n>", "pairs of forms (default 10)")
    .option("--items <n>", "form length (default: the exam's)")
    .addOption(json())
    .action((opts) => setCode(bankOverlap(ctx, opts)));
  bank
    .command("reports")
    .description("problems candidates reported on items (wrong key, two right answers, unclear, outdated)")
    .addOption(new Option("--db <file>", "SQLite database file"))
    .addOption(json())
    .action(async (opts) => setCode(await bankReports(ctx, opts)));
  bank
    .command("review-sheet")
    .description("the items without keys or rationales, for a blind reviewer to answer")
    .option("--exam <id>", "one exam only")
    .option("--files <text>", "only items in files whose path contains this text")
    .option("--ids <file>", "only the item ids listed in this file (whitespace-separated)")
    .option("--unreviewed", "only items without a review record (of the same kind)")
    .option("--options-only", "the options alone, without stems or case studies (numeric items left out)")
    .option(
      "--anchors <file>",
      "mix in these frozen anchor items (an item file, e.g. content/review/issmp-anchors.yaml) to check how generously the sheet is rated",
    )
    .action((opts) => setCode(bankReviewSheet(ctx, opts)));
  bank
    .command("review-record")
    .description("compare a blind reviewer's answers with the keys and record them in the items")
    .option(
      "--answers <file>",
      "JSON or YAML: item id -> answer, or {answer, flag?, note?, rating?, confidence?} (rating: difficulty against the real exam, 1 far easier to 5 far harder; confidence in the answer, 1 to 5); with --options-only, id -> answer only",
    )
    .option("--date <date>", "date of the review, YYYY-MM-DD (default today)")
    .option("--reviewer <name>", "who reviewed")
    .option(
      "--labels <how>",
      "answers name options by the sheet's letters (sheet, default) or by authored ids (authored)",
    )
    .option(
      "--options-only",
      "the answers come from an options-only sheet: record them as review.optionsOnly",
    )
    .option(
      "--anchors <file>",
      "the anchor items mixed into the sheet: their answers are compared and their mean rating reported, not recorded",
    )
    .option("--dry-run", "compare only; change no file")
    .addOption(json())
    .action((opts) => setCode(bankReviewRecord(ctx, opts)));
  bank
    .command("analysis")
    .description(
      "item analysis of an exam's finished attempts: p, point-biserial, distractors, omissions, time, exposure, DIF; KR-20 by form",
    )
    .option("--exam <id>", "exam id")
    .option("--item <id>", "one item in detail (each version; gen-<family> for a computed family)")
    .option(
      "--group-by <groups>",
      "DIF between two groups: cohort:<reference>,<focal> (cohorts by id or name) or date:<YYYY-MM-DD> (finished before it against on or after it)",
    )
    .option("--match <score>", "DIF matching score: total (default, the item included) or rest")
    .option("--groups <n>", "score groups of the distractor analysis (default 5: quintiles)")
    .option("--min-responses <n>", "responses an item needs before it is flagged (default 20)")
    .addOption(new Option("--db <file>", "SQLite database file"))
    .addOption(json())
    .action(async (opts) => setCode(await bankAnalysis(ctx, opts)));
  bank
    .command("priors")
    .description("set each rated item's difficulty prior to b = 1.25 × (rating − 3)")
    .option("--exam <id>", "one exam only")
    .option("--dry-run", "list the changes; change no file")
    .addOption(json())
    .action((opts) => setCode(bankPriors(ctx, opts)));

  const exam = program.command("exam").description("assemble, take and score practice exams").exitOverride();
  const db = () =>
    new Option("--db <file>", "SQLite database file (default ~/.certpath/certpath.db or $CERTPATH_HOME)");
  const formOptions = (c: Command) =>
    c
      .option("--items <n>", "number of scored items (default: the exam's length)")
      .option("--domain <ids>", "only these domains, e.g. 3,5")
      .option("--subdomain <ids>", "only these subdomains, e.g. 3.3")
      .option("--task <ids>", "only these task statements, e.g. issmp:3.3.2")
      .option("--tag <tags>", "only items with one of these tags, e.g. ai")
      .option("--missed", "only items whose last answer was wrong")
      .option("--flagged", "only items flagged last time")
      .option("--unseen", "only items never answered")
      .option(
        "--weak",
        "weak-area practice: items shared out by the exam's weight × your weakness in each domain, tasks never seen first (default 20 items)",
      )
      .option("--exclude-seen-days <n>", "leave out items answered in the last n days")
      .option("--seed <seed>", "seed for a reproducible form");
  formOptions(
    exam
      .command("assemble")
      .description("assemble a form from the blueprint and the bank")
      .argument("<exam>", "exam id"),
  )
    .addOption(db())
    .addOption(json())
    .addHelpText("after", familiesHelp())
    .action(async (id, opts) => setCode(await examAssemble(ctx, id, opts)));
  formOptions(
    exam.command("take").description("take a practice exam in the terminal").argument("<exam>", "exam id"),
  )
    .addOption(
      new Option(
        "--mode <mode>",
        "exam (deferred feedback, timed), tutor (feedback after each answer) or adaptive (forward-only CAT)",
      ).default("exam"),
    )
    .addOption(db())
    .addHelpText("after", familiesHelp())
    .action(async (id, opts) => setCode(await examTake(ctx, id, opts)));
  exam
    .command("resume")
    .description("carry on with an attempt (default: the latest in progress)")
    .argument("[attempt]", "attempt id")
    .addOption(db())
    .action(async (id, opts) => setCode(await examResume(ctx, id, opts)));
  exam
    .command("list")
    .description("list attempts")
    .addOption(db())
    .addOption(json())
    .action(async (opts) => setCode(await examList(ctx, opts)));
  exam
    .command("discard")
    .description("give up an unfinished attempt (kept in the log, left out of history and study)")
    .argument("<attempt>", "attempt id")
    .addOption(db())
    .addOption(json())
    .action(async (id, opts) => setCode(await examDiscard(ctx, id, opts)));
  exam
    .command("report")
    .description("the score report of an attempt")
    .argument("<attempt>", "attempt id")
    .addOption(db())
    .addOption(json())
    .action(async (id, opts) => setCode(await examReport(ctx, id, opts)));
  formOptions(
    exam
      .command("simulate")
      .description("answer a whole form automatically and print the report")
      .argument("<exam>", "exam id"),
  )
    .addOption(new Option("--policy <policy>", "key (all correct), random or wrong (all wrong)"))
    .addOption(db())
    .addOption(json())
    .action(async (id, opts) => setCode(await examSimulate(ctx, id, opts)));

  const irt = program.command("irt").description("item response theory: score response files").exitOverride();
  irt
    .command("score")
    .description("estimate θ and its SE for each person of a response file")
    .option("--params <file>", "item parameters: CSV id,a,b,c (header required; c optional) or JSON")
    .option("--responses <file>", "responses: CSV person,<item ids…> with cells 1, 0 or empty")
    .addOption(new Option("--method <method>", "eap, mle or map").default("eap"))
    .option("--prior <prior>", "prior for eap and map, e.g. normal(0,1)")
    .addOption(json())
    .action((opts) => setCode(irtScore(ctx, opts)));

  program
    .command("calibrate")
    .description(
      "estimate item parameters from a response file, or from the store's finished attempts of an exam (--exam: written as a new parameter version that new attempts are scored with); Rasch by CML or MML, 2PL and 3PL by MML",
    )
    .option("--responses <file>", "responses: CSV person,<item ids…> with cells 1, 0 or empty (not seen)")
    .option(
      "--exam <id>",
      "instead of --responses: the exam's finished attempts in the store, one row each, scored as the report scores (pretest items included)",
    )
    .option(
      "--db <target>",
      "with --exam: the store, an SQLite file or a PostgreSQL URL (default ~/.certpath/certpath.db)",
    )
    .option("--dry-run", "with --exam: calibrate and compare, but write no parameter version")
    .option(
      "--no-link",
      "with --exam: leave the new version on its own scale instead of linking it to the previous version (the authors' priors the first time) through the common items",
    )
    .option(
      "--promote-min <n>",
      "with --exam: responses a pretest item needs to be proposed for promotion (default 200)",
    )
    .option("--model <model>", "rasch, 2pl or 3pl")
    .option("--method <method>", "cml (Rasch only; the Rasch default) or mml")
    .option("--anchor <file>", "anchor items held at these parameters (CSV id,a,b,c or JSON, as irt score)")
    .option("--min-responses <n>", "leave out items with fewer responses (default 1)")
    .option("--quadrature <n>", "quadrature nodes on [-6, 6] for MML (default 61)")
    .option("--prior-a <prior>", "prior on a for the 2PL/3PL, e.g. lognormal(0,0.5) (default none)")
    .option("--prior-c <prior>", "prior on c for the 3PL: beta(a,b) or none (default beta(6,16))")
    .option("--no-se", "skip standard errors (MML: they cost two E-steps per parameter)")
    .option("--workers <n>", "threads for the MML E-steps (default: 2 on large files)")
    .option("--cut <theta>", "also report decision accuracy and consistency at this cut (Rudner)")
    .addOption(json())
    .action(async (opts) => setCode(await calibrateCommand(ctx, opts)));

  const study = program.command("study").description("plan and track study for an exam").exitOverride();
  study
    .command("plan")
    .description(
      "a week-by-week plan from today to the exam date: domains by weight and weakness, daily reviews, simulations at milestones, a buffer",
    )
    .option("--exam <id>", "the exam (e.g. cissp; default: the saved goal's)")
    .option("--date <YYYY-MM-DD>", "the day of the exam (default: the saved goal's)")
    .option("--hours-per-week <n>", "hours of study a week (default: the saved goal's, else 8)")
    .option("--ics <file>", "also write the plan as an iCalendar file")
    .option(
      "--db <target>",
      "the store whose answers show your weak domains (default ~/.certpath/certpath.db)",
    )
    .addOption(json())
    .action(async (opts) => setCode(await studyPlanCommand(ctx, opts)));
  study
    .command("goal")
    .description(
      "show the saved study profile (the exam, its date, hours a week, the eligibility profile), or save what the flags give; the web app reads and edits the same profile",
    )
    .option("--exam <id>", "the certification you are preparing (e.g. cissp)")
    .option("--date <YYYY-MM-DD>", "the day of the exam")
    .option("--hours-per-week <n>", "hours of study a week (default 8)")
    .option("--eligibility <file>", "save this profile file (JSON or YAML, as for certpath eligibility)")
    .option("--clear", "remove the saved goal and eligibility profile")
    .option("--db <target>", "the store (default ~/.certpath/certpath.db)")
    .addOption(json())
    .action(async (opts) => setCode(await studyGoalCommand(ctx, opts)));

  program
    .command("readiness")
    .description(
      "the chance of passing an exam today, with its interval, by domain and why, from every final answer in the store",
    )
    .option("--exam <id>", "the exam (e.g. cissp)")
    .option(
      "--db <target>",
      "the store, an SQLite file or a PostgreSQL URL (default ~/.certpath/certpath.db)",
    )
    .addOption(json())
    .action(async (opts) => setCode(await readinessCommand(ctx, opts)));

  const cat = program.command("cat").description("computerized adaptive testing").exitOverride();
  cat
    .command("simulate")
    .description(
      "simulate examinees through a CAT and report its accuracy, length, classification and exposure",
    )
    .option(
      "--exam <id>",
      "simulate this exam: its own CAT rules if it is adaptive (CISSP), else practice rules; a synthetic bank unless --bank",
    )
    .option(
      "--bank <dir>",
      "with --exam: the exam's items from this folder of item files (YAML), or bundled for the bundled bank",
    )
    .option(
      "--truth <kind>",
      "what examinees answer with: same (the engine's parameters) or perturbed (b + N(0,0.5²), a in [0.5,2], c up to 0.25; the default with --bank)",
    )
    .option("--params <file>", "use these item parameters (CSV or JSON); practice rules unless --rules")
    .option("--rules <rules>", "practice, exam (the --exam's own) or an adaptive exam's id, e.g. cissp")
    .option("--bank-size <n>", "items in the synthetic bank (default 2000)")
    .option("--examinees <n>", "number of simulated examinees (default 1000)")
    .option("--theta <dist>", "true abilities: normal(0,1), uniform(-3,3) or fixed:x")
    .option("--speed <dist>", "examinee speed τ of the lognormal response-time model (default normal(0,0.3))")
    .option("--time-limit <minutes>", "time limit in minutes, or none (default: the exam's, for its rules)")
    .option("--min <n>", "minimum items")
    .option("--max <n>", "maximum items")
    .option("--se <x>", "stop when the standard error falls below x")
    .option("--ci <level>", "stop when the interval at this level excludes the cut, e.g. 0.95")
    .option("--cut <theta>", "the passing standard on the θ scale")
    .option("--select <method>", "mfi (information at θ) or mfi-cut (information at the cut)")
    .option(
      "--exposure <control>",
      "none, randomesque:<k>, sh (Sympson–Hetter), progressive or a-stratified[:<strata>[:<k>]]",
    )
    .option("--sh-target <rate>", "Sympson–Hetter's exposure target (default 0.25)")
    .option("--sh-examinees <n>", "examinees per Sympson–Hetter calibration round (default 1000)")
    .option("--sh-rounds <n>", "most Sympson–Hetter calibration rounds (default 40)")
    .option("--estimator <method>", "eap, mle or map")
    .option("--workers <n>", "worker threads (default: 2 when it helps)")
    .option("--seed <seed>", "seed")
    .option("--plot <file.svg>", "write a plot of conditional SE and exposure")
    .addOption(json())
    .action(async (opts) => setCode(await catSimulate(ctx, opts)));

  program
    .command("schema")
    .description("print a JSON Schema (profile)")
    .argument("<name>", "profile")
    .action((name) => setCode(schema(ctx, name)));

  program
    .command("serve")
    .description("serve the certpath API (single-user on loopback, or with accounts: --multi-user)")
    .option("--host <host>", "address to bind (default 127.0.0.1; loopback only without --multi-user)")
    .option("--port <port>", "port (default 8080; 0 picks a free one)")
    .option(
      "--db <target>",
      "SQLite database file or postgres:// URL (default ~/.certpath/certpath.db; $DATABASE_URL)",
    )
    .option("--multi-user", "accounts and roles (required on a non-loopback address)")
    .option(
      "--trust-proxy [hops|addresses]",
      "behind reverse proxies: take the client address and protocol from X-Forwarded-For/-Proto as appended by that many proxies (default 1) or by the proxies at these comma-separated addresses/CIDR ranges, never the entries a client wrote",
    )
    .option(
      "--log-level <level>",
      "JSON log lines on stdout: info (default; start-up, warnings, errors), debug (also one line per request), warn, error or silent; or $CERTPATH_LOG_LEVEL",
    )
    .action(async (opts) => setCode(await serve(ctx, opts, VERSION)));
  program
    .command("backup")
    .description("copy the whole store, consistently, to a file (the server may be running)")
    .option("--out <file>", "the backup file to write (.jsonl.gz)")
    .option("--db <target>", "SQLite database file or postgres:// URL")
    .option("--force", "overwrite the file if it exists")
    .action(async (opts) => setCode(await backup(ctx, opts)));
  program
    .command("restore")
    .description("restore a backup into an empty store (SQLite or PostgreSQL)")
    .option("--in <file>", "a backup made by certpath backup")
    .option("--db <target>", "SQLite database file or postgres:// URL")
    .action(async (opts) => setCode(await restore(ctx, opts)));
  const user = program.command("user").description("accounts for a multi-user server").exitOverride();
  user
    .command("add")
    .description("create an account (prints a generated password unless --password-stdin)")
    .argument("<email>", "the user's email address")
    .option("--role <role>", "admin, instructor, author or candidate")
    .option("--password-stdin", "read the password from standard input")
    .option("--db <target>", "SQLite database file or postgres:// URL")
    .action(async (email, opts) => setCode(await userAdd(ctx, email, opts)));
  user
    .command("list")
    .description("every account with its role")
    .option("--db <target>", "SQLite database file or postgres:// URL")
    .addOption(json())
    .action(async (opts) => setCode(await userList(ctx, opts)));
  program
    .command("tour")
    .description("a short guided tour of the commands")
    .action(() => setCode(tour(ctx)));

  return program;
}

/** Runs the command line `argv` (without node and script) and returns the exit code. */
export async function run(argv: string[], output: Output = processOutput()): Promise<number> {
  const ctx = createContext(output);
  let code = EXIT_OK;
  const program = buildProgram(ctx, (c) => {
    code = c;
  });
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT_USAGE;
    }
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (error) {
    return report(error, argv, ctx, program);
  }
}

function report(error: unknown, argv: string[], out: Output, program: Command): number {
  if (error instanceof CommanderError) {
    if (
      error.code === "commander.helpDisplayed" ||
      error.code === "commander.version" ||
      error.code === "commander.help"
    ) {
      return EXIT_OK;
    }
    const message = error.message.replace(/^error:\s*/, "");
    const cmd = commandPath(program, argv).join(" ");
    out.err(`certpath: ${message}\n(see: certpath ${cmd ? `${cmd} ` : ""}--help)`);
    return EXIT_USAGE;
  }
  if (error instanceof UsageError) {
    out.err(`certpath: ${error.message}`);
    return EXIT_USAGE;
  }
  if (error instanceof InputError) {
    out.err(`certpath: ${error.message}`);
    return EXIT_BAD_INPUT;
  }
  const e = error as Error;
  out.err(
    `certpath: internal error: ${e?.message ?? String(error)}${process.env.CERTPATH_DEBUG ? `\n${e?.stack}` : ""}`,
  );
  return 3;
}

/** The names of the (sub)commands `argv` reaches, e.g. ["exam", "take"]; arguments and option values are not commands. */
function commandPath(program: Command, argv: string[]): string[] {
  const names: string[] = [];
  let current = program;
  for (const arg of argv) {
    if (arg.startsWith("-")) continue;
    const next = current.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (!next) break;
    names.push(next.name());
    current = next;
  }
  return names;
}
