/**
 * The bank the server delivers from: the items of the content folder, overridden by the items
 * authors published through the server (and without those they retired), recorded by version in
 * the store. It is rebuilt when the store's authoring revision changes, so every server process
 * picks up an approval on its next new attempt.
 */

import type { Kysely } from "kysely";
import type { BankItem } from "../../core/items/item.js";
import type { Clock } from "../../core/time/clock.js";
import type { AuthoringRepository } from "../../store/items/authoring-repository.js";
import { syncItems } from "../../store/items/item-versions.js";
import type { Database } from "../../store/schema.js";

export class BankSource {
  private items: BankItem[] = [];
  private revision: string | null = null;

  constructor(
    private readonly files: readonly BankItem[],
    private readonly authoring: AuthoringRepository,
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** The items as of the last refresh. */
  current(): BankItem[] {
    return this.items;
  }

  /** The item of the content folder with this id, if any. */
  fileItem(id: string): BankItem | undefined {
    return this.files.find((i) => i.id === id);
  }

  /** Rebuilds the bank if authors changed it; returns whether it changed. */
  async refresh(): Promise<{ changed: boolean; added: number; updated: number }> {
    const revision = await this.authoring.revision();
    if (revision === this.revision) return { changed: false, added: 0, updated: 0 };
    const stored = await this.authoring.all();
    const overridden = new Set(stored.filter((s) => s.published || s.status === "retired").map((s) => s.id));
    const effective: BankItem[] = this.files.filter((i) => !overridden.has(i.id));
    for (const s of stored) {
      if (s.status === "retired" || !s.published) continue;
      const file = this.fileItem(s.id);
      effective.push({
        ...s.published,
        status: "live",
        ...(file?.scenario ? { scenario: file.scenario } : {}),
      });
    }
    const synced = await syncItems(this.db, effective, this.clock());
    this.items = synced.items;
    this.revision = revision;
    return { changed: true, added: synced.added, updated: synced.changed };
  }
}
