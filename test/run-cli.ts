/** Runs the certpath CLI in-process and captures what it prints. */
import type { Key, PlayerIo } from "../src/cli/exam/player.js";
import { run } from "../src/cli/main.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(...argv: string[]): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await run(argv, {
    out: (t) => {
      stdout += t.endsWith("\n") ? t : `${t}\n`;
    },
    err: (t) => {
      stderr += t.endsWith("\n") ? t : `${t}\n`;
    },
    width: 80,
  });
  return { code, stdout, stderr };
}

export function json<T = unknown>(r: CliResult): T {
  return JSON.parse(r.stdout) as T;
}

/** A scripted terminal for the exam player: keys are fed one by one; screens are collected. */
export function scripted(keys: string[], screens: string[] = []): PlayerIo {
  return {
    columns: 100,
    write: (text) => screens.push(text),
    every: () => () => {},
    keys: {
      async *[Symbol.asyncIterator]() {
        for (const name of keys) yield { name } as Key;
      },
    },
  };
}
