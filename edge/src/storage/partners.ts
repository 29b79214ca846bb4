import type { ApiScope } from "../auth/principal.js";

export interface Partner {
  id: string;
  name: string;
  credits: number;
  monthlyImageQuota: number | null;
  webhookSecret: string;
  createdAt: string;
  /** Consent to use this partner's reports as fine-tune prompts (off until the partner turns it on). */
  trainingOptIn: boolean;
  trainingOptInChangedAt: string | null;
}

/** What creating a partner sets; the training consent starts off. */
export type NewPartner = Omit<Partner, "trainingOptIn" | "trainingOptInChangedAt">;

interface PartnerRow {
  id: string;
  name: string;
  credits: number;
  monthly_image_quota: number | null;
  webhook_secret: string;
  created_at: string;
  training_opt_in: number;
  training_opt_in_changed_at: string | null;
}

function toPartner(row: PartnerRow): Partner {
  return {
    id: row.id,
    name: row.name,
    credits: row.credits,
    monthlyImageQuota: row.monthly_image_quota,
    webhookSecret: row.webhook_secret,
    createdAt: row.created_at,
    trainingOptIn: row.training_opt_in === 1,
    trainingOptInChangedAt: row.training_opt_in_changed_at,
  };
}

export async function insertPartner(db: D1Database, partner: NewPartner): Promise<void> {
  await db
    .prepare("INSERT INTO partners (id, name, credits, monthly_image_quota, webhook_secret, created_at) VALUES (?, ?, ?, ?, ?, ?)")
    .bind(partner.id, partner.name, partner.credits, partner.monthlyImageQuota, partner.webhookSecret, partner.createdAt)
    .run();
}

export async function getPartner(db: D1Database, id: string): Promise<Partner | null> {
  const row = await db.prepare("SELECT * FROM partners WHERE id = ?").bind(id).first<PartnerRow>();
  return row ? toPartner(row) : null;
}

export async function listPartners(db: D1Database): Promise<Partner[]> {
  const { results } = await db.prepare("SELECT * FROM partners ORDER BY created_at").all<PartnerRow>();
  return results.map(toPartner);
}

export async function setMonthlyQuota(db: D1Database, id: string, quota: number | null): Promise<boolean> {
  const result = await db.prepare("UPDATE partners SET monthly_image_quota = ? WHERE id = ?").bind(quota, id).run();
  return result.meta.changes > 0;
}

/** Records the partner's training consent; the change time moves only when the value does. */
export async function setTrainingOptIn(db: D1Database, id: string, optIn: boolean, at: string): Promise<boolean> {
  const result = await db
    .prepare("UPDATE partners SET training_opt_in_changed_at = CASE WHEN training_opt_in = ?1 THEN training_opt_in_changed_at ELSE ?2 END, training_opt_in = ?1 WHERE id = ?3")
    .bind(optIn ? 1 : 0, at, id)
    .run();
  return result.meta.changes > 0;
}

/** Takes `credits` atomically; false (nothing taken) when the balance is too low. */
export async function reserveCredits(db: D1Database, partnerId: string, credits: number): Promise<boolean> {
  if (credits === 0) return true;
  const result = await db
    .prepare("UPDATE partners SET credits = credits - ?1 WHERE id = ?2 AND credits >= ?1")
    .bind(credits, partnerId)
    .run();
  return result.meta.changes > 0;
}

export async function refundCredits(db: D1Database, partnerId: string, credits: number): Promise<void> {
  if (credits <= 0) return;
  await db.prepare("UPDATE partners SET credits = credits + ? WHERE id = ?").bind(credits, partnerId).run();
}

/**
 * Adds credits once per `externalId` (a Stripe Checkout session, an admin grant id): a replayed
 * webhook or a retried admin call never credits twice. Returns whether credits were added.
 */
export async function grantCreditsOnce(
  db: D1Database,
  grant: { externalId: string; partnerId: string; credits: number; source: string; at: string },
): Promise<boolean> {
  const [insert] = await db.batch([
    db
      .prepare("INSERT OR IGNORE INTO credit_grants (external_id, partner_id, credits, source, created_at) VALUES (?, ?, ?, ?, ?)")
      .bind(grant.externalId, grant.partnerId, grant.credits, grant.source, grant.at),
    // Runs in the same transaction; adds only if the grant row was new (changes() of the insert).
    db
      .prepare("UPDATE partners SET credits = credits + ?1 WHERE id = ?2 AND changes() > 0")
      .bind(grant.credits, grant.partnerId),
  ]);
  return (insert?.meta.changes ?? 0) > 0;
}

export type { ApiScope };
