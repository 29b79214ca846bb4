/**
 * The generator the platform serves: its registry name and exact version (part of every content
 * key), and what it can generate. One source for the edge (request validation, content keys), the
 * infrastructure (nightly fine-tune base) and the committed bundle models/<name>/<version>/ —
 * test/shared/serving-model.unit.test.ts checks wrangler.toml and the bundle against it.
 */
export const SERVING_MODEL = {
  name: "cxrl",
  version: "cxr64-v2",
  /** Square film sides the bundle has graphs for. */
  sizes: [64],
} as const;

export type ServingSize = (typeof SERVING_MODEL.sizes)[number];
