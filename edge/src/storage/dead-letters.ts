export interface DeadLetter {
  messageId: string;
  body: string;
  reason: string;
  attempts: number;
  createdAt: string;
}

export async function recordDeadLetter(db: D1Database, letter: DeadLetter): Promise<void> {
  await db
    .prepare("INSERT INTO dead_letters (message_id, body, reason, attempts, created_at) VALUES (?, ?, ?, ?, ?)")
    .bind(letter.messageId, letter.body, letter.reason, letter.attempts, letter.createdAt)
    .run();
}

export async function listDeadLetters(db: D1Database, limit: number): Promise<DeadLetter[]> {
  const { results } = await db
    .prepare("SELECT message_id, body, reason, attempts, created_at FROM dead_letters ORDER BY id DESC LIMIT ?")
    .bind(limit)
    .all<{ message_id: string; body: string; reason: string; attempts: number; created_at: string }>();
  return results.map((r) => ({ messageId: r.message_id, body: r.body, reason: r.reason, attempts: r.attempts, createdAt: r.created_at }));
}
