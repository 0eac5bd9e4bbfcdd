/** `certpath backup --out FILE [--db …]` and `certpath restore --in FILE [--db …]`: the whole store, consistently, while the server runs. */
import { existsSync } from "node:fs";
import { InputError } from "../../core/input-error.js";
import { backupStore, restoreStore } from "../../store/backup.js";
import { openStore } from "../../store/open.js";
import type { CommandContext } from "../context.js";
import { UsageError } from "../errors.js";

function summary(rows: Record<string, number>): string {
  return Object.entries(rows)
    .map(([t, n]) => `${t} ${n}`)
    .join(", ");
}

export async function backup(
  ctx: CommandContext,
  opts: { out?: string; db?: string; force?: boolean },
): Promise<number> {
  if (!opts.out) throw new UsageError("backup needs --out <file> (a .jsonl.gz file)");
  if (existsSync(opts.out) && !opts.force)
    throw new InputError("exists already; choose another name or add --force", { file: opts.out });
  const store = await openStore(opts.db ?? process.env.DATABASE_URL);
  try {
    const result = await backupStore(store, opts.out, new Date());
    ctx.out(`Backed up ${store.path} to ${opts.out} (${summary(result.rows)}).`);
  } finally {
    await store.close();
  }
  return 0;
}

export async function restore(ctx: CommandContext, opts: { in?: string; db?: string }): Promise<number> {
  if (!opts.in) throw new UsageError("restore needs --in <file> (a backup made by certpath backup)");
  if (!existsSync(opts.in)) throw new InputError("cannot read the backup (no such file)", { file: opts.in });
  const store = await openStore(opts.db ?? process.env.DATABASE_URL);
  try {
    const result = await restoreStore(store, opts.in);
    ctx.out(`Restored the backup of ${result.createdAt} into ${store.path} (${summary(result.rows)}).`);
  } finally {
    await store.close();
  }
  return 0;
}
