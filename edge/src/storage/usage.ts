/** The usage ledger: one row per billable image; `eventKey` makes each charge happen once. */
export interface UsageEvent {
  owner: string;
  eventKey: string;
  kind: "generated" | "cached" | "dataset";
  images: number;
  credits: number;
  at: string;
}

/** Returns false when the event was already recorded (a duplicate delivery). */
export async function recordUsage(db: D1Database, event: UsageEvent): Promise<boolean> {
  const result = await db
    .prepare("INSERT OR IGNORE INTO usage_ledger (owner, event_key, kind, images, credits, created_at) VALUES (?, ?, ?, ?, ?, ?)")
    .bind(event.owner, event.eventKey, event.kind, event.images, event.credits, event.at)
    .run();
  return result.meta.changes > 0;
}

export interface UsageSummary {
  images: number;
  credits: number;
  byKind: Record<string, { images: number; credits: number }>;
}

/** Totals for an owner over [from, to) (ISO-8601 strings). */
export async function summariseUsage(db: D1Database, owner: string, from: string, to: string): Promise<UsageSummary> {
  const { results } = await db
    .prepare(
      "SELECT kind, SUM(images) AS images, SUM(credits) AS credits FROM usage_ledger WHERE owner = ? AND created_at >= ? AND created_at < ? GROUP BY kind",
    )
    .bind(owner, from, to)
    .all<{ kind: string; images: number; credits: number }>();
  const summary: UsageSummary = { images: 0, credits: 0, byKind: {} };
  for (const row of results) {
    summary.images += row.images;
    summary.credits += row.credits;
    summary.byKind[row.kind] = { images: row.images, credits: row.credits };
  }
  return summary;
}

export async function countEventsWithPrefix(db: D1Database, prefix: string): Promise<number> {
  const row = await db
    .prepare("SELECT COUNT(*) AS n FROM usage_ledger WHERE event_key >= ?1 AND event_key < ?1 || char(0x10FFFF)")
    .bind(prefix)
    .first<{ n: number }>();
  return row?.n ?? 0;
}
