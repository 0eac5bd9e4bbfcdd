/**
 * What every exam use case needs, for the CLI and the server alike: the exam's certification and
 * outline in force, its bank (authored items plus fresh computed-family instances for a new form),
 * and the CAT engine for adaptive attempts.
 */
import { assembleForm } from "../../core/assembly/assemble.js";
import { CatEngine } from "../../core/cat/engine.js";
import { checkPoolSize } from "../../core/cat/pool-check.js";
import { examRules, practiceRules } from "../../core/cat/rules.js";
import type { Catalog } from "../../core/catalog/catalog.js";
import { findCertification } from "../../core/catalog/catalog.js";
import { outlineAsOf } from "../../core/catalog/outline-in-force.js";
import type { Certification, Outline } from "../../core/catalog/schema.js";
import { startBody } from "../../core/exam/start.js";
import type { StepBody } from "../../core/exam/steps.js";
import { familiesFor, generatedItems, ItemIndex } from "../../core/generators/bank.js";
import type { ItemParameters } from "../../core/irt/models.js";
import type { BankItem } from "../../core/items/item.js";

/** Where the content comes from: the catalog, today's date, and the authored items. */
export interface ContentSource {
  catalog(): Catalog;
  today(): string;
  /** The authored items (sound: callers fail on file errors before). */
  authored(): BankItem[];
}

export interface ExamSetup {
  cert: Certification;
  outline: Outline;
  /** Authored items plus, for a new form, fresh instances of the exam's computed item families. */
  bank: BankItem[];
  /** Every item by id, generated ones included (regenerated from their ids). */
  items: Map<string, BankItem>;
}

/** Instances of each computed family added to a form's bank. */
export const GENERATED_PER_FAMILY = 3;

/**
 * The exam's bank. With a seed (a new form), fresh instances of the computed families join the
 * authored items, so the numbers differ from form to form; replays find them by id either way.
 */
export function examSetup(content: ContentSource, examId: string, seed?: string): ExamSetup {
  const cert = findCertification(content.catalog(), examId);
  const { outline } = outlineAsOf(cert, content.today());
  const authored = content.authored();
  const families = familiesFor(cert.id);
  const bank =
    seed && families.length
      ? [...authored, ...generatedItems(seed, GENERATED_PER_FAMILY, families)]
      : authored;
  return { cert, outline, bank, items: new ItemIndex(bank.map((i) => [i.id, i])) };
}

const PRACTICE_MIN_BANK = 5;

/**
 * The CAT engine for an exam, refusing a bank smaller than the rules need. `parameters`: the
 * attempt's parameter version (calibrated parameters by item id); the authors' priors otherwise.
 */
export function catEngineFor(
  setup: ExamSetup,
  rules: "exam" | "practice",
  parameters?: ReadonlyMap<string, ItemParameters>,
): CatEngine {
  let preset = rules === "exam" ? examRules(setup.cert.exam) : practiceRules();
  const make = () =>
    new CatEngine({
      exam: setup.cert.id,
      outline: setup.outline,
      bank: setup.bank,
      rules: preset,
      ...(parameters ? { parameters } : {}),
    });
  let engine = make();
  if (rules === "practice") {
    // Practice adapts to a small bank: at most as many items as it holds, but never fewer than five.
    const operational = engine.pool.pretest.reduce((n, p) => n + (p ? 0 : 1), 0);
    const max = Math.max(PRACTICE_MIN_BANK, Math.min(preset.maxItems, operational));
    if (max < preset.maxItems) {
      preset = { ...preset, maxItems: max, minItems: Math.min(preset.minItems, max) };
      engine = make();
    }
  }
  checkPoolSize(engine.pool, preset, setup.cert.abbreviation);
  return engine;
}

/** What a linear form is built from: the blueprint's filters, a seed, and the candidate's history sets. */
export interface FormRequest {
  seed: string;
  /** Scored items (default: the exam's full length). */
  items?: number;
  domains?: string[];
  subdomains?: string[];
  tasks?: string[];
  tags?: string[];
  onlyIds?: Set<string>;
  excludeIds?: Set<string>;
  /** The attempt's mode (default exam): only a full-length exam-mode form carries pretest items. */
  mode?: string;
}

/**
 * Assembles a linear form for a new attempt, with fresh instances of the computed families. Unscored
 * pretest items (items in review) go only on a full-length form in exam mode of a linear exam, which
 * runs the real exam's rules (an adaptive exam's pretest items go on its adaptive form only): practice, tutor and short forms carry none, so no practice attempt can be used to
 * find out which items are pretest items.
 */
export function buildExamForm(content: ContentSource, examId: string, req: FormRequest) {
  const full = !req.items && !req.domains && !req.subdomains && !req.tasks && !req.tags && !req.onlyIds;
  const setup = examSetup(content, examId, req.seed);
  const form = assembleForm({
    exam: setup.cert.id,
    outline: setup.outline,
    examFacts: setup.cert.exam,
    bank: setup.bank,
    seed: req.seed,
    length: req.items,
    domains: req.domains,
    subdomains: req.subdomains,
    tasks: req.tasks,
    tags: req.tags,
    onlyIds: req.onlyIds,
    excludeIds: req.excludeIds,
    // An adaptive exam's pretest items belong to its adaptive form (where the real exam puts them): its
    // fixed linear practice form is the blueprint's scored length (125 for the CISSP) and nothing else.
    pretest: full && (req.mode ?? "exam") === "exam" && setup.cert.exam.delivery !== "adaptive",
  });
  return { setup, form, full };
}

/**
 * The time limit of a linear attempt: a full exam has the exam's limit; a shorter form is paced at
 * the exam's average time per item; tutor mode is untimed unless paced.
 */
export function formTimeLimit(
  setup: ExamSetup,
  mode: "exam" | "tutor",
  items: number,
  opts: { full: boolean; paced?: boolean },
): number | null {
  const perItem = (setup.cert.exam.durationMinutes * 60_000) / setup.cert.exam.items;
  const paced = Math.round(perItem * items);
  if (mode === "tutor") return opts.paced ? paced : null;
  return opts.full ? setup.cert.exam.durationMinutes * 60_000 : paced;
}

/** The rules an adaptive attempt follows by default: the exam's own for adaptive exams, else practice. */
export function defaultCatRules(setup: ExamSetup): "exam" | "practice" {
  return setup.cert.exam.delivery === "adaptive" ? "exam" : "practice";
}

/** The start step of an adaptive attempt: no form (the engine selects), timed under the exam's rules. */
export function adaptiveStartBody(
  setup: ExamSetup,
  engine: CatEngine,
  seed: string,
  rules: "exam" | "practice",
): StepBody {
  return startBody({
    exam: setup.cert.id,
    behaviour: "adaptive",
    seed,
    form: [],
    items: setup.items,
    timeLimitMs: rules === "exam" ? setup.cert.exam.durationMinutes * 60_000 : null,
    maxItems: engine.pool.size,
    catRules: rules,
  });
}
