/**
 * manifest.jsonl: one JSON object per image, sorted by id. The zod schema is the contract; the
 * serializer fixes key order so identical datasets are byte-identical.
 */
import { z } from "zod";
import { CHEXPERT_LABELS, type ChexpertLabel, type ChexpertValue } from "../report/types.js";
import { DatasetError } from "./errors.js";
import { ID_PATTERN, assertSafeRelativePath } from "./layout.js";
import { formatIssues } from "../validation/format-issues.js";
import { fileFormatSchema } from "../sampler/formats.js";
import { seedSchema } from "../sampler/seed.js";

const chexpertValue = z.union([z.literal(1), z.literal(0), z.literal(-1), z.null()]);
const labelShape = Object.fromEntries(CHEXPERT_LABELS.map((l) => [l, chexpertValue])) as Record<ChexpertLabel, typeof chexpertValue>;
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lower-case hex digits");
const relativePath = z.string().min(1).refine((p) => {
  try { assertSafeRelativePath(p, null); return true; } catch { return false; }
}, "must be a relative path inside the dataset with / separators");

export const imageFileSchema = z.strictObject({
  /** Relative POSIX path from the dataset root. */
  file: relativePath,
  format: fileFormatSchema,
  sha256: sha256Hex,
  bytes: z.number().int().positive(),
});

export const manifestLineSchema = z.strictObject({
  id: z.string().regex(ID_PATTERN, `must match ${ID_PATTERN.source}`),
  /** The primary image (PNG when both formats were written); labels.csv's Path. */
  file: relativePath,
  format: fileFormatSchema,
  sha256: sha256Hex,
  bytes: z.number().int().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Significant bits per sample in the written files: 8 or 16. */
  bitDepth: z.union([z.literal(8), z.literal(16)]),
  /** The same image in other formats (the DICOM when both were written). */
  alternates: z.array(imageFileSchema),
  report: z.string(),
  /** CheXpert convention: 1 positive, 0 negative, -1 uncertain, null = not mentioned (blank). */
  labels: z.strictObject(labelShape),
  laterality: z.partialRecord(z.enum(CHEXPERT_LABELS), z.enum(["left", "right", "bilateral"])),
  severity: z.partialRecord(z.enum(CHEXPERT_LABELS), z.enum(["trace", "minimal", "small", "mild", "moderate", "large", "severe"])),
  view: z.enum(["PA", "AP", "lateral"]),
  /** Patient position: erect / semi-erect / supine, null when unknown. */
  position: z.enum(["erect", "semi-erect", "supine"]).nullable(),
  portable: z.boolean().nullable(),
  /** ψ = (s_x, s_y, t_x, t_y, θ) from the canonical upright centred pose, when known (phantom). */
  posture: z.strictObject({ sx: z.number(), sy: z.number(), tx: z.number(), ty: z.number(), theta: z.number() }).nullable(),
  seed: seedSchema,
  generator: z.strictObject({
    /** "phantom" (the procedural simulator) or "diffusion" (the trained model). */
    kind: z.enum(["phantom", "diffusion"]),
    /** Simulator version or model bundle version. */
    version: z.string().min(1),
  }),
  /** Quality scores by name (e.g. reward values), null when none were computed. */
  quality: z.record(z.string(), z.number()).nullable(),
});

export type ManifestLine = z.infer<typeof manifestLineSchema>;
export type ImageFileRef = z.infer<typeof imageFileSchema>;
export type ManifestLabels = Record<ChexpertLabel, ChexpertValue>;

/** "phantom-1.0.0" rather than "phantom phantom-1.0.0" when the version already names the kind. */
export function generatorLabel(generator: { kind: string; version: string }): string {
  return generator.version.startsWith(generator.kind) ? generator.version : `${generator.kind} ${generator.version}`;
}

/** Fixed key order = the schema's; labels in CheXpert column order. */
export function serializeManifestLine(line: ManifestLine): string {
  const labels = Object.fromEntries(CHEXPERT_LABELS.map((l) => [l, line.labels[l]]));
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(manifestLineSchema.shape) as Array<keyof ManifestLine>) {
    ordered[key] = key === "labels" ? labels : sortKeys(line[key]);
  }
  return JSON.stringify(ordered);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** Parses one line; `where` (e.g. "manifest.jsonl") and `lineNumber` (1-based) go into the error. */
export function parseManifestLine(text: string, where: string, lineNumber: number): ManifestLine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new DatasetError("manifest_invalid_line", where, `line ${lineNumber} is not valid JSON (${(e as Error).message})`);
  }
  const result = manifestLineSchema.safeParse(json);
  if (!result.success) {
    const issues = formatIssues(result.error, "(line)").slice(0, 5);
    throw new DatasetError("manifest_invalid_line", where, `line ${lineNumber} does not match the manifest schema: ${issues.join("; ")}`);
  }
  return result.data;
}

/** Sorted by id (UTF-16 order); throws on a repeated id. */
export function sortManifest(lines: readonly ManifestLine[], where: string): ManifestLine[] {
  const sorted = [...lines].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.id === sorted[i - 1]!.id) {
      throw new DatasetError("manifest_duplicate_id", where, `id ${sorted[i]!.id} appears more than once`);
    }
  }
  return sorted;
}

export function formatManifest(lines: readonly ManifestLine[]): string {
  return lines.map((l) => serializeManifestLine(l) + "\n").join("");
}
