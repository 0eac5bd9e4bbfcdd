/**
 * A bound on password hashing. Argon2id takes tens of milliseconds and 19 MiB each time, so a
 * flood of sign-ins or password checks could starve every other request; the gate lets `limit`
 * hashes run at once and `queue` more wait, and refuses the rest at once (429 with Retry-After,
 * not a 5xx, so a flood does not also flood the error log) instead of hashing them late.
 */
import { availableParallelism } from "node:os";
import { HttpError } from "../errors.js";

export interface HashGateOptions {
  /** Hashes that may run at once (default: the machine's cores, at most 4). */
  limit?: number;
  /** Hashes that may wait for a turn (default: 8 per running one). */
  queue?: number;
}

export class HashGate {
  readonly limit: number;
  readonly queueLimit: number;
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(options: HashGateOptions = {}) {
    this.limit = Math.max(1, Math.floor(options.limit ?? Math.min(4, availableParallelism())));
    this.queueLimit = Math.max(0, Math.floor(options.queue ?? 8 * this.limit));
  }

  /** Hashes running now. */
  get running(): number {
    return this.active;
  }

  /** Hashes waiting for a turn. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `work` when a turn is free; throws a 429 at once when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      if (this.waiting.length >= this.queueLimit)
        throw new HttpError(429, "busy", "the server is busy checking passwords; try again in a second", {
          retryAfterSeconds: 1,
        });
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.active++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // A waiter takes over this turn, so `active` stays the same; otherwise the turn is freed.
      if (next) next();
      else this.active--;
    }
  }
}
