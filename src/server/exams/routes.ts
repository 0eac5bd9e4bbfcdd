/** The attempt routes: start, the player's view and commands, discard, review screen and report. */
import { endpoints } from "../../core/api/index.js";
import type { Certification } from "../../core/catalog/schema.js";
import type { UserWithSecret } from "../../store/accounts/account-repository.js";
import type { AttemptRepository } from "../../store/attempts/attempt-repository.js";
import type { BankSource } from "../authoring/bank-source.js";
import { HttpError } from "../errors.js";
import { type RouteDef, route } from "../openapi.js";
import type { AttemptService } from "./attempts.js";

export function attemptRoutes(deps: {
  repo: AttemptRepository;
  attempts: AttemptService;
  bank: BankSource;
  certification: (id: string) => Certification;
  multiUser: boolean;
}): RouteDef[] {
  const { repo, attempts, bank, certification, multiUser } = deps;

  /** In multi-user mode, an attempt exists for its owner only (others get 404, as if it did not). */
  async function ownAttempt(id: string, user: UserWithSecret | null): Promise<string> {
    // Whose an attempt is never changes: the service reads it once per process.
    const owner = await attempts.owner(id);
    if (multiUser && owner !== user?.id) throw new HttpError(404, "not-found", "no such attempt");
    return id;
  }

  return [
    route(endpoints.listAttempts, async ({ query, user }) => ({
      attempts: await repo.list(query.limit, query.offset, user?.id),
    })),
    route(endpoints.startAttempt, async ({ body, user }) => {
      certification(body.exam);
      if ((await bank.refresh()).changed) attempts.invalidate();
      return attempts.view(await attempts.create(body, user?.id ?? null));
    }),
    route(endpoints.getAttempt, async ({ params, user }) =>
      attempts.view(await attempts.load(await ownAttempt(params.id, user))),
    ),
    route(endpoints.sendCommand, async ({ params, body, user }) => {
      await ownAttempt(params.id, user);
      const { session, duplicate } = await attempts.command(params.id, body.seq, body.command);
      return { duplicate, attempt: attempts.view(session) };
    }),
    route(endpoints.discardAttempt, async ({ params, user }) =>
      attempts.discard(await ownAttempt(params.id, user)),
    ),
    route(endpoints.reviewScreen, async ({ params, user }) =>
      attempts.review(await attempts.load(await ownAttempt(params.id, user))),
    ),
    route(
      endpoints.attemptReport,
      async ({ params, user }) =>
        await attempts.report(await attempts.load(await ownAttempt(params.id, user))),
    ),
  ];
}
