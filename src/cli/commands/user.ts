/** `certpath user add <email> --role R [--password-stdin] [--db D]` and `certpath user list`: accounts for a multi-user server. */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createUser, WeakPasswordError } from "../../app/accounts/create-user.js";
import { parseEmailAddress } from "../../core/accounts/email.js";
import { InputError } from "../../core/input-error.js";
import { AccountRepository, DuplicateEmailError, roles } from "../../store/accounts/account-repository.js";
import { openStore } from "../../store/open.js";
import type { CommandContext } from "../context.js";
import { UsageError } from "../errors.js";

async function withAccounts<T>(
  db: string | undefined,
  fn: (accounts: AccountRepository) => Promise<T>,
): Promise<T> {
  const store = await openStore(db ?? process.env.DATABASE_URL);
  try {
    return await fn(new AccountRepository(store.db));
  } finally {
    await store.close();
  }
}

export async function userAdd(
  ctx: CommandContext,
  email: string,
  opts: { role?: string; passwordStdin?: boolean; db?: string },
): Promise<number> {
  const role = opts.role;
  if (!role || !(roles as readonly string[]).includes(role))
    throw new UsageError(`--role must be one of ${roles.join(", ")}${role ? `, not "${role}"` : ""}`);
  const address = parseEmailAddress(email);
  if (address === null) throw new InputError(`"${email}" is not a valid email address`);
  let password: string;
  let generated = false;
  if (opts.passwordStdin) {
    password = readFileSync(0, "utf8").replace(/\r?\n$/, "");
  } else {
    password = randomBytes(18).toString("base64url");
    generated = true;
  }
  const user = await withAccounts(opts.db, async (accounts) => {
    try {
      const created = await createUser(accounts, Date.now, {
        email: address,
        role: role as (typeof roles)[number],
        password,
      });
      await accounts.audit({
        at: Date.now(),
        actor: null,
        action: "user.created-from-cli",
        target: created.id,
        detail: { email: created.email, role },
      });
      return created;
    } catch (e) {
      if (e instanceof WeakPasswordError) throw new InputError(`the password is refused: ${e.message}`);
      if (e instanceof DuplicateEmailError) throw new InputError(e.message);
      throw e;
    }
  });
  ctx.out(`Created ${user.email} (${user.role}).`);
  if (generated) ctx.out(`Password (shown once; change it after signing in): ${password}`);
  return 0;
}

export async function userList(ctx: CommandContext, opts: { db?: string; json?: boolean }): Promise<number> {
  const users = await withAccounts(opts.db, (accounts) => accounts.list(1000, 0));
  if (opts.json) ctx.out(JSON.stringify(users, null, 2));
  else
    ctx.out(users.length ? users.map((u) => `${u.email.padEnd(40)} ${u.role}`).join("\n") : "No users yet.");
  return 0;
}
