/**
 * Creating an account, for the CLI (`certpath user add`) and the server (an administrator's
 * request) alike: the password must pass the password policy, and is stored only as its hash.
 */
import { randomUUID } from "node:crypto";
import type { Clock } from "../../core/time/clock.js";
import {
  type AccountRepository,
  publicUser,
  type Role,
  type User,
} from "../../store/accounts/account-repository.js";
import { hashPassword, passwordProblem } from "./passwords.js";

/** The password breaks the policy; the message says how, in words for the person who chose it. */
export class WeakPasswordError extends Error {
  override readonly name = "WeakPasswordError";
}

export interface NewUser {
  email: string;
  role: Role;
  password: string;
}

/**
 * Creates the account and returns it without its secret. Throws WeakPasswordError before anything
 * is written, and the store's DuplicateEmailError when the email is taken. `hash` lets the server
 * run hashing behind its gate; by default the password is hashed directly.
 */
export async function createUser(
  accounts: AccountRepository,
  clock: Clock,
  user: NewUser,
  hash: (password: string) => Promise<string> = hashPassword,
): Promise<User> {
  const problem = passwordProblem(user.password, user.email);
  if (problem) throw new WeakPasswordError(problem);
  const id = randomUUID();
  await accounts.createUser({
    id,
    email: user.email,
    role: user.role,
    passwordHash: await hash(user.password),
    at: clock(),
  });
  return publicUser((await accounts.byId(id))!);
}
