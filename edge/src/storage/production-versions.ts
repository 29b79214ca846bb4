/**
 * The announced production version per model name. Every write is one conditional statement, so
 * of two racing announcements only one applies; the other sees `false` and re-reads.
 */
export interface ProductionVersion {
  modelName: string;
  version: string;
  previousVersion: string | null;
  updatedAt: string;
}

interface ProductionVersionRow {
  model_name: string;
  version: string;
  previous_version: string | null;
  updated_at: string;
}

export async function getProductionVersion(db: D1Database, modelName: string): Promise<ProductionVersion | null> {
  const row = await db.prepare("SELECT * FROM production_versions WHERE model_name = ?").bind(modelName).first<ProductionVersionRow>();
  return row ? { modelName: row.model_name, version: row.version, previousVersion: row.previous_version, updatedAt: row.updated_at } : null;
}

export interface ProductionWrite {
  modelName: string;
  version: string;
  /** Written as previous_version: the version served until now. */
  previousVersion: string;
  at: string;
}

/** Stores the first announcement of a model; false when one exists already. */
export async function insertProductionVersion(db: D1Database, w: ProductionWrite): Promise<boolean> {
  const result = await db
    .prepare("INSERT INTO production_versions (model_name, version, previous_version, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (model_name) DO NOTHING")
    .bind(w.modelName, w.version, w.previousVersion, w.at)
    .run();
  return result.meta.changes > 0;
}

/** Moves the stored version only if it still is `w.previousVersion`; false when someone moved it first. */
export async function replaceProductionVersion(db: D1Database, w: ProductionWrite): Promise<boolean> {
  const result = await db
    .prepare("UPDATE production_versions SET version = ?, previous_version = version, updated_at = ? WHERE model_name = ? AND version = ?")
    .bind(w.version, w.at, w.modelName, w.previousVersion)
    .run();
  return result.meta.changes > 0;
}
