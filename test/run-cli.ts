/** Runs the certpath CLI in-process and captures what it prints. */
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
