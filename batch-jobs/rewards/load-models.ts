/**
 * Registry bundle → a ready model (sessions created once): the manifest's `config.model` is
 * validated (zod) and the ONNX graph is rebuilt from this folder's definition with the weights.
 */
import { z } from "zod";
import { formatIssues } from "../../shared/validation/format-issues.js";
import type { ModelRegistry } from "../registry/model-registry.js";
import type { SessionOptions } from "./batched-session.js";
import { loadBundle } from "./bundle.js";
import { RewardBundleError } from "./bundle-error.js";
import { ClipModel } from "./clip-model.js";
import { ARCHITECTURES } from "./film-net.js";
import { FilmModel } from "./film-model.js";
import { FILM_MODEL_KINDS } from "./heads.js";

const filmShapeSchema = z.object({ family: z.literal("film"), kind: z.enum(FILM_MODEL_KINDS), arch: z.enum(ARCHITECTURES), size: z.number().int().min(16) });
const dualShapeSchema = z.object({
  family: z.literal("dual-encoder"),
  arch: z.enum(ARCHITECTURES),
  size: z.number().int().min(16),
  embedDim: z.number().int().min(1),
  textBuckets: z.number().int().min(1),
  textHidden: z.number().int().min(1),
});

/** A reference: the name, and a version (default: the production alias). */
export interface ModelRef {
  name: string;
  version?: string;
}

function parseShape<T>(schema: z.ZodType<T>, model: unknown, what: string): T {
  const r = schema.safeParse(model);
  if (!r.success) throw new RewardBundleError(`${what}: manifest config.model is not what this loader expects (${formatIssues(r.error).join("; ")})`);
  return r.data;
}

export async function loadFilmModel(registry: ModelRegistry, ref: ModelRef, kind: "posture" | "classifier", options: SessionOptions = {}): Promise<FilmModel> {
  const b = await loadBundle(registry, ref.name, ref.version);
  const shape = parseShape(filmShapeSchema, b.model, `${ref.name}/${b.manifest.version}`);
  if (shape.kind !== kind) throw new RewardBundleError(`${ref.name}/${b.manifest.version} is a ${shape.kind} model, expected a ${kind} model`);
  return FilmModel.create({ kind: shape.kind, arch: shape.arch, size: shape.size }, b.params, options);
}

export async function loadClipModel(registry: ModelRegistry, ref: ModelRef, options: SessionOptions = {}): Promise<ClipModel> {
  const b = await loadBundle(registry, ref.name, ref.version);
  const { family: _f, ...shape } = parseShape(dualShapeSchema, b.model, `${ref.name}/${b.manifest.version}`);
  return ClipModel.create(shape, b.params, options);
}
