/** `certpath backup --out FILE [--db …]` and `certpath restore --in FILE [--db …]`: the whole store, consistently, while the server runs. */
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
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

const FILE_ERRORS: Record<string, string> = {
  ENOENT: "its folder does not exist",
  ENOTDIR: "a part of its path is a file, not a folder",
  EISDIR: "it is a folder",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOSPC: "the disk is full",
};

/** Refuses, before anything is written, a backup path whose folder is missing, is a file, or is not writable. */
function checkWritable(file: string): void {
  const folder = dirname(resolve(file));
  let isFolder: boolean;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    throw new InputError(`cannot write the backup (${FILE_ERRORS[code] ?? code})`, { file });
  }
  if (!isFolder)
    throw new InputError(`cannot write the backup (${folder} is a file, not a folder)`, { file });
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new InputError(`cannot write the backup (the folder ${folder} is not writable)`, { file });
  }
  if (existsSync(file) && statSync(file).isDirectory())
    throw new InputError("cannot write the backup (it is a folder)", { file });
}

export async function backup(
  ctx: CommandContext,
  opts: { out?: string; db?: string; force?: boolean },
): Promise<number> {
  if (!opts.out) throw new UsageError("backup needs --out <file> (a .jsonl.gz file)");
  checkWritable(opts.out);
  if (existsSync(opts.out) && !opts.force)
    throw new InputError("exists already; choose another name or add --force", { file: opts.out });
  const store = await openStore(opts.db ?? process.env.DATABASE_URL);
  try {
    const result = await backupStore(store, opts.out, new Date());
    ctx.out(`Backed up ${store.path} to ${opts.out} (${summary(result.rows)}).`);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code && FILE_ERRORS[code])
      throw new InputError(`cannot write the backup (${FILE_ERRORS[code]})`, { file: opts.out });
    throw e;
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
