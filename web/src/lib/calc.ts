/**
 * The numeric items' calculator: evaluates an arithmetic expression typed or clicked by the
 * candidate (numbers, + − × ÷, parentheses, unary minus, percent), without eval. Returns the value,
 * or an error saying what is wrong and where.
 */

export type CalcResult = { ok: true; value: number } | { ok: false; error: string };

type Token = { kind: "num"; value: number; at: number } | { kind: "op"; op: string; at: number };

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  const s = text.replace(/×/g, "*").replace(/÷/g, "/").replace(/−/g, "-");
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === " ") {
      i++;
      continue;
    }
    const m = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(s.slice(i));
    if (m) {
      tokens.push({ kind: "num", value: Number(m[0]), at: i });
      i += m[0].length;
      continue;
    }
    if ("+-*/()%".includes(c)) {
      tokens.push({ kind: "op", op: c, at: i });
      i++;
      continue;
    }
    return `unexpected "${c}" at position ${i + 1}`;
  }
  return tokens;
}

/** Evaluates `text`; an empty text is an error, as is division by zero. */
export function evaluate(text: string): CalcResult {
  const tokens = tokenize(text);
  if (typeof tokens === "string") return { ok: false, error: tokens };
  if (tokens.length === 0) return { ok: false, error: "nothing to calculate" };
  let pos = 0;
  const fail = (msg: string): never => {
    throw new Error(msg);
  };
  const peek = () => tokens[pos];
  const where = () => {
    const t = peek();
    return t ? `at position ${t.at + 1}` : "at the end";
  };

  // expression := term (("+"|"-") term)*
  // term       := factor (("*"|"/") factor)*
  // factor     := ("-"|"+") factor | primary "%"?
  // primary    := number | "(" expression ")"
  function expression(): number {
    let v = term();
    for (let t = peek(); t?.kind === "op" && (t.op === "+" || t.op === "-"); t = peek()) {
      pos++;
      const r = term();
      v = t.op === "+" ? v + r : v - r;
    }
    return v;
  }
  function term(): number {
    let v = factor();
    for (let t = peek(); t?.kind === "op" && (t.op === "*" || t.op === "/"); t = peek()) {
      pos++;
      const r = factor();
      if (t.op === "/" && r === 0) fail("division by zero");
      v = t.op === "*" ? v * r : v / r;
    }
    return v;
  }
  function factor(): number {
    const t = peek();
    if (t?.kind === "op" && (t.op === "-" || t.op === "+")) {
      pos++;
      const v = factor();
      return t.op === "-" ? -v : v;
    }
    let v = primary();
    const p = peek();
    if (p?.kind === "op" && p.op === "%") {
      pos++;
      v /= 100;
    }
    return v;
  }
  function primary(): number {
    const t = peek();
    if (!t) return fail("the expression ends too soon");
    if (t.kind === "num") {
      pos++;
      return t.value;
    }
    if (t.op === "(") {
      pos++;
      const v = expression();
      const close = peek();
      if (close?.kind !== "op" || close.op !== ")") fail(`a ")" is missing ${where()}`);
      pos++;
      return v;
    }
    return fail(`unexpected "${t.op}" ${where()}`);
  }

  try {
    const value = expression();
    if (pos < tokens.length) fail(`unexpected "${tokenText(tokens[pos]!)}" ${where()}`);
    if (!Number.isFinite(value)) fail("the result is too large");
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

function tokenText(t: Token): string {
  return t.kind === "num" ? String(t.value) : t.op;
}

/** A result as the display shows it: up to 12 significant digits, no float noise (0.1+0.2 → 0.3). */
export function display(value: number): string {
  return String(Number(value.toPrecision(12)));
}
