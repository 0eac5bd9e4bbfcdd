/** The real terminal behind the player: raw-mode keys from stdin, screen writes to stdout. */
import { emitKeypressEvents } from "node:readline";
import type { Key, PlayerIo } from "./player.js";

export function terminalIo(): PlayerIo & { restore(): void } {
  const stdin = process.stdin;
  emitKeypressEvents(stdin);
  if (stdin.isTTY) stdin.setRawMode(true);
  stdin.resume();
  const queue: Key[] = [];
  let wake: (() => void) | null = null;
  let ended = false;
  const onKey = (
    str: string | undefined,
    key: { name?: string; ctrl?: boolean; sequence?: string } | undefined,
  ) => {
    const name = key?.name;
    let k: Key;
    if (name === "return" || name === "enter") k = { name: "return" };
    else if (name === "backspace" || name === "escape" || name === "left" || name === "right") k = { name };
    else if (key?.ctrl && name) k = { name, ctrl: true };
    else if (str && str.length === 1) k = { name: str };
    else return;
    queue.push(k);
    wake?.();
  };
  const onEnd = () => {
    ended = true;
    wake?.();
  };
  stdin.on("keypress", onKey);
  stdin.on("end", onEnd);
  const restore = () => {
    stdin.off("keypress", onKey);
    stdin.off("end", onEnd);
    if (stdin.isTTY) stdin.setRawMode(false);
    stdin.pause();
  };
  return {
    columns: Math.max(60, Math.min(process.stdout.columns ?? 80, 120)),
    write: (t) => process.stdout.write(t),
    every(ms, tick) {
      const h = setInterval(tick, ms);
      return () => clearInterval(h);
    },
    keys: {
      async *[Symbol.asyncIterator]() {
        while (true) {
          while (queue.length) yield queue.shift()!;
          if (ended) return;
          await new Promise<void>((r) => {
            wake = r;
          });
          wake = null;
        }
      },
    },
    restore,
  };
}
