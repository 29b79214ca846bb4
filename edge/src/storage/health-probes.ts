/** Health probes of the storage bindings (GET /health): the only D1 and R2 reads the health route needs. */
export type BindingState = "ok" | "unavailable";

/** D1 answers and its schema is migrated (service_meta holds the schema row). */
export async function probeDatabase(db: D1Database | undefined): Promise<BindingState> {
  if (!db) return "unavailable";
  try {
    const row = await db.prepare("SELECT value FROM service_meta WHERE key = 'schema'").first();
    return row ? "ok" : "unavailable";
  } catch {
    return "unavailable";
  }
}

/** R2 answers a HEAD (the probe key need not exist). */
export async function probeBucket(bucket: R2Bucket | undefined): Promise<BindingState> {
  if (!bucket) return "unavailable";
  try {
    await bucket.head("health-probe");
    return "ok";
  } catch {
    return "unavailable";
  }
}
