/**
 * The terminal exam player: an attempt session driven by single keys. The clock is on screen,
 * answers are saved (durably) as they are given, and the screen says so. Input and output are
 * injected, so tests drive it with a list of keys.
 */

import {
  AttemptError,
  clockWarnings,
  feedbackVisible,
  remainingMs,
  reviewScreen,
  usedMs,
} from "../../core/exam/attempt.js";
import { asksConfidence } from "../../core/exam/behaviour.js";
import {
  authoredCommand,
  type Delivery,
  deliveredView,
  deliveryIn,
  toDelivered,
} from "../../core/exam/delivery.js";
import { type ConfidenceLevel, problemCategories } from "../../core/exam/steps.js";
import type { Diagram } from "../../core/items/hotspot.js";
import { type BankItem, gradeResponse, positionLabel } from "../../core/items/item.js";
import { matchedMisconception } from "../../core/items/numeric.js";
import type { AttemptSession } from "../../store/attempts/attempt-session.js";
import { wrap } from "../render/text.js";
import { formatDuration, responseText } from "./report-text.js";

export interface Key {
  /** The character typed, or a name for special keys: "return", "backspace", "left", "right", "escape". */
  name: string;
  ctrl?: boolean;
}

export interface PlayerIo {
  keys: AsyncIterable<Key>;
  write(text: string): void;
  columns: number;
  /** Starts a timer calling `tick` every `ms`; returns a stop function. */
  every(ms: number, tick: () => void): () => void;
}

type Mode =
  | { kind: "item" }
  | { kind: "review" }
  | { kind: "goto"; buffer: string }
  | { kind: "line"; buffer: string }
  | { kind: "strike" }
  | { kind: "report-category" }
  | { kind: "report-comment"; category: (typeof problemCategories)[number]; buffer: string }
  | { kind: "confirm-finish" }
  | { kind: "help" };

export type PlayerOutcome = "finished" | "saved";

const CLEAR = "\x1b[2J\x1b[H";

export class Player {
  private mode: Mode = { kind: "item" };
  private message = "";
  private pendingMulti = new Set<string>();
  /** Adaptive mode: the option chosen but not yet confirmed (answers are final once confirmed). */
  private pendingSingle: string | null = null;
  private feedbackFor: string | null = null;
  private warned = new Set<number>();
  private busy: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly session: AttemptSession,
    private readonly io: PlayerIo,
    private readonly title: string,
  ) {}

  private get state() {
    return this.session.state;
  }

  private finished(): boolean {
    return this.state.status === "finished";
  }

  /** The current item's delivery: the player works in delivered ids, as the web player does. */
  private delivery(): Delivery {
    return deliveryIn(this.state, this.session.items, this.state.form[this.state.position]!.id);
  }

  /** A response in authored ids as shown here: delivered option ids, categories by their names. */
  private shown(response: unknown): unknown {
    const d = this.delivery();
    if (d.item.type !== "matching" || typeof response !== "object" || response === null)
      return toDelivered(d, response);
    return Object.fromEntries(
      Object.entries(response as Record<string, string>).map(([o, c]) => [d.option.get(o) ?? o, c]),
    );
  }

  private currentItem(): { item: BankItem; index: number } {
    const index = this.state.position;
    const entry = this.state.form[index]!;
    return { item: this.session.items.get(entry.id)!, index };
  }

  async run(): Promise<PlayerOutcome> {
    const stopClock = this.io.every(1000, () => {
      this.checkWarnings();
      this.render();
    });
    const stopBeat = this.io.every(15_000, () => {
      this.busy = this.busy.then(() => this.session.heartbeat()).then(() => this.render());
    });
    try {
      this.render();
      for await (const key of this.io.keys) {
        await this.busy;
        if (this.finished()) return "finished";
        const outcome = await this.handle(key);
        if (outcome) return outcome;
        if (this.finished()) {
          this.render();
          return "finished";
        }
        this.render();
      }
      return this.finished() ? "finished" : "saved";
    } finally {
      stopClock();
      stopBeat();
      await this.busy;
      await this.session.close();
    }
  }

  private checkWarnings(): void {
    for (const m of clockWarnings(this.state, this.session.now())) {
      if (!this.warned.has(m)) {
        this.warned.add(m);
        this.message = `⏰ ${m} minutes left.`;
      }
    }
    if (remainingMs(this.state, this.session.now()) === 0 && this.state.status === "in-progress") {
      this.busy = this.busy
        .then(() => this.session.send(null))
        .then(() => {
          this.message = "Time is up: the exam has ended.";
          this.render();
        });
    }
  }

  private async act(fn: () => Promise<unknown>, saved = "Saved."): Promise<void> {
    try {
      const r = (await fn()) as { timedOut?: boolean } | undefined;
      this.message = r?.timedOut ? "Time is up: the exam has ended; that answer came too late." : saved;
    } catch (e) {
      if (e instanceof AttemptError) this.message = e.message;
      else throw e;
    }
  }

  /** Handles one key; returns an outcome when the player should stop. */
  private async handle(key: Key): Promise<PlayerOutcome | undefined> {
    if (key.ctrl && key.name === "c") return "saved";
    const mode = this.mode;
    const k = key.name;
    switch (mode.kind) {
      case "help":
        this.mode = { kind: "item" };
        return;
      case "goto":
      case "line":
      case "report-comment": {
        if (k === "escape") {
          this.mode = { kind: "item" };
          this.message = "Cancelled.";
          return;
        }
        if (k === "backspace") {
          mode.buffer = mode.buffer.slice(0, -1);
          return;
        }
        if (k !== "return") {
          if (k.length === 1) mode.buffer += k;
          return;
        }
        this.mode = { kind: "item" };
        if (mode.kind === "goto") {
          const n = Number(mode.buffer);
          await this.act(() => this.session.send({ kind: "navigate", position: n - 1 }), `Item ${n}.`);
        } else if (mode.kind === "line") {
          await this.answerFromText(mode.buffer);
        } else {
          const { item } = this.currentItem();
          await this.act(
            () =>
              this.session.send({
                kind: "report",
                itemId: item.id,
                category: mode.category,
                comment: mode.buffer.trim(),
              }),
            "Thank you: your report is saved for the item's authors.",
          );
        }
        return;
      }
      case "strike": {
        this.mode = { kind: "item" };
        const letter = k.toUpperCase();
        const option = this.optionAt(k);
        const { item } = this.currentItem();
        if (!option) {
          this.message = `There is no option ${letter}.`;
          return;
        }
        const authored = this.delivery().authoredOption.get(option);
        const struck = (authored && this.state.strikes.get(item.id)?.has(authored)) ?? false;
        await this.act(
          () =>
            this.session.send(
              authoredCommand(this.state, this.session.items, {
                kind: "strike",
                itemId: item.id,
                optionId: option,
                struck: !struck,
              }),
            ),
          struck ? `Option ${letter} restored.` : `Option ${letter} struck through.`,
        );
        return;
      }
      case "report-category": {
        const n = Number(k);
        if (n >= 1 && n <= problemCategories.length) {
          this.mode = { kind: "report-comment", category: problemCategories[n - 1]!, buffer: "" };
        } else this.mode = { kind: "item" };
        return;
      }
      case "confirm-finish":
        this.mode = { kind: "item" };
        if (k === "y" || k === "Y")
          await this.act(() => this.session.send({ kind: "finish" }), "Exam ended.");
        else this.message = "Carry on.";
        return;
      case "review":
        if (k === "escape" || k === "r" || k === "R" || k === "return") this.mode = { kind: "item" };
        else if (k === "g" || k === "G") this.mode = { kind: "goto", buffer: "" };
        else if (k === "u" || k === "U" || k === "m" || k === "M") {
          const want =
            k.toLowerCase() === "u"
              ? (r: { answered: boolean }) => !r.answered
              : (r: { flagged: boolean }) => r.flagged;
          const target = reviewScreen(this.state).find((r) => want(r as never));
          this.mode = { kind: "item" };
          if (target)
            await this.act(
              () => this.session.send({ kind: "navigate", position: target.position }),
              `Item ${target.position + 1}.`,
            );
          else this.message = k.toLowerCase() === "u" ? "Every item is answered." : "No flagged items.";
        }
        return;
      case "item":
        return this.handleItemKey(key);
    }
  }

  private async handleItemKey(key: Key): Promise<PlayerOutcome | undefined> {
    const k = key.name;
    const { item, index } = this.currentItem();
    const behaviour = this.state.behaviour;
    const lower = k.length === 1 ? k.toLowerCase() : k;
    const letterFor = (ch: string): string | undefined => this.optionAt(ch);
    if (k === "right" || lower === "n") {
      if (index + 1 < this.state.form.length)
        await this.act(() => this.session.send({ kind: "navigate", position: index + 1 }), "");
      else this.message = "That was the last item: R for the review screen, X to end the exam.";
      this.pendingMulti.clear();
      return;
    }
    if (k === "left" || lower === "p") {
      if (index > 0) await this.act(() => this.session.send({ kind: "navigate", position: index - 1 }), "");
      this.pendingMulti.clear();
      return;
    }
    if (lower === "q") return "saved";
    if (lower === "?" || lower === "h") {
      this.mode = { kind: "help" };
      return;
    }
    if (lower === "x") {
      const open = reviewScreen(this.state).filter((r) => !r.answered).length;
      this.message = open ? `${open} item(s) unanswered. End the exam? (y/n)` : "End the exam? (y/n)";
      this.mode = { kind: "confirm-finish" };
      return;
    }
    if (lower === "r" && behaviour.review) {
      this.mode = { kind: "review" };
      return;
    }
    if (lower === "g" && behaviour.freeNavigation) {
      this.mode = { kind: "goto", buffer: "" };
      return;
    }
    if (lower === "m" && behaviour.review) {
      const flagged = this.state.flags.has(item.id);
      await this.act(
        () => this.session.send({ kind: "flag", itemId: item.id, flagged: !flagged }),
        flagged ? "Flag removed." : "Flagged for review.",
      );
      return;
    }
    if (lower === "s" && item.type !== "numeric") {
      this.mode = { kind: "strike" };
      this.message = "Strike through which option?";
      return;
    }
    if (lower === "!") {
      this.mode = { kind: "report-category" };
      return;
    }
    if (lower === "z") {
      const on = this.state.onBreak;
      await this.act(
        () => this.session.send({ kind: "break", state: on ? "end" : "start" }),
        on ? "Break over." : "On a break: the clock keeps running. Z to come back.",
      );
      return;
    }
    if (this.state.final.has(item.id)) {
      this.message = "That answer is final.";
      return;
    }
    const level = CONFIDENCE_KEYS[k];
    if (level && this.asksConfidence()) {
      await this.act(
        () => this.session.send({ kind: "confidence", itemId: item.id, level }),
        `How sure: ${level}.`,
      );
      return;
    }
    if (k === "return" && oneChoice(item) && this.pendingSingle) {
      const choice = this.pendingSingle;
      this.pendingSingle = null;
      await this.answer(item, choice);
      return;
    }
    if (k === "return" && !oneChoice(item)) {
      if (item.type === "multiple-response" && this.pendingMulti.size > 0) {
        await this.answer(item, [...this.pendingMulti].sort());
        this.pendingMulti.clear();
        return;
      }
      this.mode = { kind: "line", buffer: "" };
      return;
    }
    const letter = k.length === 1 ? letterFor(k) : undefined;
    if (letter && oneChoice(item)) {
      if (behaviour.finalOn === "submit" && !behaviour.immediateFeedback) {
        this.pendingSingle = letter;
        this.message = `Selected ${this.labels().get(letter)}: Enter to confirm (an answer is final once confirmed).`;
        return;
      }
      await this.answer(item, letter);
      return;
    }
    if (letter && item.type === "multiple-response") {
      if (this.pendingMulti.has(letter)) this.pendingMulti.delete(letter);
      else this.pendingMulti.add(letter);
      this.message = `Selected ${responseText(item.type, [...this.pendingMulti], this.labels()) || "nothing"}; Enter to save (choose ${item.key.length}).`;
      return;
    }
    if (k.length === 1) this.message = `"${k}" does nothing here; ? for help.`;
  }

  /** Whether this attempt asks how sure the candidate is (core/exam/behaviour.ts). */
  private asksConfidence(): boolean {
    return asksConfidence(
      this.state.behaviour.name,
      this.state.behaviour.name === "adaptive" ? null : this.state.form.length,
    );
  }

  private async answer(item: BankItem, response: unknown): Promise<void> {
    await this.act(async () => {
      const r = await this.session.send(
        authoredCommand(this.state, this.session.items, { kind: "answer", itemId: item.id, response }),
      );
      if (this.state.behaviour.name === "tutor" && this.state.status === "in-progress") {
        await this.session.send({ kind: "submit", itemId: item.id });
        this.feedbackFor = item.id;
      }
      return r;
    }, "Answer saved.");
  }

  /** The delivered option id behind a shown letter (A = first shown) or number (1 = first shown). */
  private optionAt(ch: string): string | undefined {
    const options = deliveredView(this.delivery()).options;
    const index = /^[1-9]$/.test(ch) ? Number(ch) - 1 : ch.toUpperCase().charCodeAt(0) - 65;
    return ch.length === 1 && index >= 0 ? options[index]?.id : undefined;
  }

  /** How the item in view is answered, for the footer: the letters it really has, or what to type. */
  private answerHint(item: BankItem): string {
    if (item.type === "ordering") return "Enter: type the order";
    if (item.type === "matching") return "Enter: type the matches";
    if (item.type === "numeric") return "Enter: type the number";
    const count = deliveredView(this.delivery()).options.length;
    const last = String.fromCharCode(64 + Math.max(1, count));
    return `A–${last} ${item.type === "multiple-response" ? "choose" : "answer"}`;
  }

  /** Delivered option id → the letter shown. */
  private labels(): Map<string, string> {
    return new Map(deliveredView(this.delivery()).options.map((o) => [o.id, o.label]));
  }

  /** Parses typed answers: "B,E" (choose), "C A D B" (order), "A=1 B=2" (match), "125000" (numeric). */
  private async answerFromText(text: string): Promise<void> {
    const { item, index } = this.currentItem();
    const shown = this.state.form[index]!.order.map((_, i) => positionLabel(i));
    const tokens = text
      .toUpperCase()
      .split(/[\s,;>]+/)
      .filter(Boolean);
    let response: unknown;
    if (item.type === "numeric") {
      const n = Number(text.replace(/[\s,$€£%]/g, ""));
      if (!Number.isFinite(n)) {
        this.message = `"${text}" is not a number.`;
        return;
      }
      response = n;
    } else if (item.type === "matching") {
      const map: Record<string, string> = {};
      for (const t of tokens) {
        const m = /^([A-Z])[=:]?(\d+)$/.exec(t);
        const cat = m ? deliveredView(this.delivery()).categories?.[Number(m[2]) - 1] : undefined;
        const option = m ? this.optionAt(m[1]!) : undefined;
        if (!m || !cat || !option) {
          this.message = `Write each pair as letter=number, e.g. ${shown.map((l, i) => `${l}=${(i % item.categories.length) + 1}`).join(" ")}.`;
          return;
        }
        map[option] = cat.id;
      }
      response = map;
    } else {
      const ids = tokens.map((t) => this.optionAt(t));
      if (ids.some((id) => id === undefined)) {
        this.message = `Use the letters shown (${shown.join(", ")}).`;
        return;
      }
      response = ids;
    }
    await this.answer(item, response);
  }

  render(): void {
    const now = this.session.now();
    const w = this.io.columns;
    const s = this.state;
    const out: string[] = [];
    const left = remainingMs(s, now);
    const answered = s.form.filter((f) => s.responses.has(f.id)).length;
    const clock =
      left === null ? `time ${formatDuration(usedMs(s, now))}` : `time left ${formatDuration(left)}`;
    // An adaptive test shows only the current item's number, as the real exam does.
    const progress =
      s.behaviour.name === "adaptive"
        ? `item ${s.position + 1}`
        : `item ${s.position + 1} of ${s.form.length} — answered ${answered}`;
    out.push(
      `${this.title} — ${s.behaviour.name} mode — ${progress} — ${clock}${s.onBreak ? " — ON BREAK" : ""}`,
    );
    out.push("─".repeat(Math.min(w, 100)));
    if (s.status === "finished") {
      out.push(
        "",
        `The attempt is finished (${s.finish?.reason}). Your report: certpath exam report ${this.session.id}`,
      );
      this.io.write(CLEAR + out.join("\n") + "\n");
      return;
    }
    if (this.mode.kind === "help") {
      out.push(
        "",
        "A–H or 1–8   answer (multiple response: toggle, then Enter; ordering, matching, numeric: Enter, type, Enter)",
        "M            mark (flag) for review, again to unmark    R  review screen (answered, unanswered, flagged)",
        "N / →        next item                          P / ←  previous item",
        "G            go to an item by number            S  strike an option through (again to restore)",
        "Z            start or end a break (the clock keeps running)",
        "!            report a problem with this item    X  end the exam",
        "Q            save and quit (resume with: certpath exam resume)",
        "",
        "Any key to go back.",
      );
      this.io.write(CLEAR + out.join("\n") + "\n");
      return;
    }
    if (this.mode.kind === "review") {
      out.push("", "Review: [x] answered  [ ] unanswered  ⚑ flagged", "");
      const cells = reviewScreen(s).map(
        (r) => `${String(r.position + 1).padStart(3)} ${r.answered ? "[x]" : "[ ]"}${r.flagged ? "⚑" : " "}`,
      );
      const perRow = Math.max(1, Math.floor(w / 10));
      for (let i = 0; i < cells.length; i += perRow) out.push(cells.slice(i, i + perRow).join(" "));
      out.push("", "G go to an item · U first unanswered · M first flagged · R or Enter back to the item");
      this.io.write(CLEAR + out.join("\n") + "\n");
      return;
    }
    const { item, index } = this.currentItem();
    const entry = s.form[index]!;
    const delivery = deliveryIn(s, this.session.items, entry.id);
    const view = deliveredView(delivery);
    const struck = new Set([...(s.strikes.get(item.id) ?? [])].map((o) => delivery.option.get(o) ?? o));
    const authoredResponse = s.responses.get(item.id);
    const response = toDelivered(delivery, authoredResponse) ?? undefined;
    out.push("");
    if (view.scenario) out.push(wrap(`Case — ${view.scenario.title}: ${view.scenario.case}`, w), "");
    out.push(wrap(view.stem, w));
    if (view.select) out.push(`(Choose ${view.select}.)`);
    if (view.diagram) out.push("", ...diagramLines(view.diagram, w), "", "Regions (choose one):");
    out.push("");
    for (const o of view.options) {
      const chosen =
        response === o.id ||
        (Array.isArray(response) && response.includes(o.id)) ||
        this.pendingMulti.has(o.id) ||
        this.pendingSingle === o.id
          ? "▶"
          : " ";
      const text = struck.has(o.id) ? `~~${o.text}~~ (struck)` : o.text;
      out.push(wrap(`${chosen} ${o.label}) ${text}`, w, "     ", ""));
    }
    if (view.categories)
      out.push("", `Categories: ${view.categories.map((c, i) => `${i + 1} = ${c.text}`).join("   ")}`);
    if (view.unit) out.push(`Answer in ${view.unit}.`);
    out.push(
      "",
      `Your answer: ${response === undefined ? "—" : responseText(item.type, this.shown(authoredResponse), this.labels())}${s.flags.has(item.id) ? "   ⚑ flagged" : ""}${s.final.has(item.id) ? "   (final)" : ""}`,
    );
    if (this.feedbackFor === item.id && feedbackVisible(s, item.id)) {
      const grade = gradeResponse(item, authoredResponse);
      out.push("", grade.credit ? "✔ Correct." : "✘ Not the best answer.");
      if (item.type === "numeric") {
        const misconception = matchedMisconception(item, authoredResponse);
        if (misconception) out.push(wrap(`Your ${authoredResponse}: ${misconception}`, w, "  ", "  "));
        out.push(wrap(`Key: ${item.key.value} ${item.key.unit}. ${item.rationale}`, w, "  ", "  "));
      } else {
        const byId = new Map(item.options.map((o) => [o.id, o]));
        for (const o of view.options)
          out.push(
            wrap(`${o.label}) ${byId.get(delivery.authoredOption.get(o.id)!)!.rationale}`, w, "     ", "  "),
          );
        out.push(`Key: ${responseText(item.type, this.shown(item.key), this.labels())}`);
      }
      out.push(
        wrap(
          `Measures ${item.outlines.join(", ")}. ${item.references.length ? `References: ${item.references.join("; ")}` : ""}`,
          w,
          "  ",
          "  ",
        ),
      );
    }
    out.push("");
    const m = this.mode;
    if (m.kind === "goto") out.push(`Go to item (1–${s.form.length}): ${m.buffer}_`);
    else if (m.kind === "line") out.push(`Type your answer, Enter to save, Esc to cancel: ${m.buffer}_`);
    else if (m.kind === "report-category")
      out.push(
        `Report a problem: ${problemCategories.map((c, i) => `${i + 1} ${c}`).join(" · ")} (other key cancels)`,
      );
    else if (m.kind === "report-comment") out.push(`Comment (${m.category}), Enter to send: ${m.buffer}_`);
    else
      out.push(
        `${this.answerHint(item)}${this.asksConfidence() ? " · 1 sure / 2 unsure / 3 guessed" : ""} · M mark · N/P move · R review · G go to · S strike · ! report · X end · Q save & quit · ? help`,
      );
    if (this.message) out.push(this.message);
    this.io.write(CLEAR + out.join("\n") + "\n");
  }
}

/** The keys that say how sure the candidate is (tutor and short practice). */
const CONFIDENCE_KEYS: Record<string, ConfidenceLevel | undefined> = {
  "1": "sure",
  "2": "unsure",
  "3": "guessed",
};

/** Whether an item is answered with one letter: a single-choice item or a hotspot's region. */
function oneChoice(item: BankItem): boolean {
  return item.type === "single-choice" || item.type === "hotspot";
}

/** A hotspot's diagram in words, for a terminal: its boxes (zones first), links and notes. */
export function diagramLines(diagram: Diagram, width: number): string[] {
  const zones = diagram.boxes.filter((b) => b.kind === "zone").map((b) => b.label);
  const boxes = diagram.boxes.filter((b) => b.kind !== "zone").map((b) => b.label);
  const out = [wrap(`Diagram — ${boxes.join(" · ")}`, width, "  ", "")];
  if (zones.length) out.push(wrap(`Zones: ${zones.join(" · ")}`, width, "  ", "  "));
  const links = diagram.links.flatMap((l) => l.label ?? []);
  if (links.length) out.push(wrap(`Links: ${links.join(" · ")}`, width, "  ", "  "));
  for (const n of diagram.notes) out.push(wrap(`Note: ${n.text}`, width, "  ", "  "));
  return out;
}
