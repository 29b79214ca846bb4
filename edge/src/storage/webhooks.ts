export interface WebhookDelivery {
  id: string;
  partnerId: string;
  datasetId: string;
  url: string;
  body: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
}

interface DeliveryRow {
  id: string;
  partner_id: string;
  dataset_id: string;
  url: string;
  body: string;
  status: WebhookDelivery["status"];
  attempts: number;
  last_status: number | null;
  last_error: string | null;
}

/** One delivery per dataset (its completion event); returns the stored one, new or existing. */
export async function ensureDelivery(db: D1Database, d: Omit<WebhookDelivery, "status" | "attempts" | "lastStatus" | "lastError">, at: string): Promise<{ delivery: WebhookDelivery; created: boolean }> {
  const insert = await db
    .prepare("INSERT OR IGNORE INTO webhook_deliveries (id, partner_id, dataset_id, url, body, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)")
    .bind(d.id, d.partnerId, d.datasetId, d.url, d.body, at, at)
    .run();
  const row = await db.prepare("SELECT * FROM webhook_deliveries WHERE dataset_id = ?").bind(d.datasetId).first<DeliveryRow>();
  if (!row) throw new Error(`webhook delivery for ${d.datasetId} vanished right after insert`);
  return { delivery: toDelivery(row), created: insert.meta.changes > 0 };
}

function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    partnerId: row.partner_id,
    datasetId: row.dataset_id,
    url: row.url,
    body: row.body,
    status: row.status,
    attempts: row.attempts,
    lastStatus: row.last_status,
    lastError: row.last_error,
  };
}

export async function getDelivery(db: D1Database, id: string): Promise<WebhookDelivery | null> {
  const row = await db.prepare("SELECT * FROM webhook_deliveries WHERE id = ?").bind(id).first<DeliveryRow>();
  return row ? toDelivery(row) : null;
}

export async function recordDeliveryAttempt(
  db: D1Database,
  id: string,
  outcome: { status: WebhookDelivery["status"]; httpStatus: number | null; error: string | null },
  at: string,
): Promise<void> {
  await db
    .prepare("UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, last_status = ?, last_error = ?, updated_at = ? WHERE id = ?")
    .bind(outcome.status, outcome.httpStatus, outcome.error, at, id)
    .run();
}
