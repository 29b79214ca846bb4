/**
 * Reward and judge bundles in the model registry: `weights.safetensors` (the weights, once),
 * `card.md` (the model card) and the manifest's `config` (what the graph is, so the loader
 * rebuilds the ONNX inference graph from this folder's TypeScript definition). No ONNX file is
 * stored: the graph is a pure function of (config, weights), which keeps bundles small.
 */
import { decodeSafetensors, encodeSafetensors, type NamedTensors, type Params } from "../ml/index.js";
import type { ModelManifest } from "../registry/manifest.js";
import type { ModelRegistry } from "../registry/model-registry.js";
import { RegistryError } from "../registry/registry-error.js";
import { RewardBundleError } from "./bundle-error.js";

export const WEIGHTS_FILE = "weights.safetensors";
export const CARD_FILE = "card.md";

export interface BundleInput {
  name: string;
  version: string;
  params: Params;
  /** Must carry what the loader needs to rebuild the graph (`model`), plus the training config. */
  config: Record<string, unknown> & { model: Record<string, unknown> };
  metrics: Record<string, number>;
  card: string;
}

export async function publishBundle(registry: ModelRegistry, b: BundleInput, promote = true): Promise<ModelManifest> {
  const encoded = encodeSafetensors(b.params as NamedTensors, { name: b.name, version: b.version });
  const weights = new Uint8Array(encoded.byteLength);
  let offset = 0;
  for (const chunk of encoded.chunks) {
    weights.set(chunk, offset);
    offset += chunk.byteLength;
  }
  const finite = Object.fromEntries(Object.entries(b.metrics).filter(([, v]) => Number.isFinite(v)));
  const manifest = await registry.publish({
    name: b.name,
    version: b.version,
    parent: null,
    config: b.config,
    metrics: finite,
    files: [
      { path: WEIGHTS_FILE, bytes: weights },
      { path: CARD_FILE, bytes: new TextEncoder().encode(b.card) },
    ],
  });
  if (promote) {
    const current = await registry.resolve(b.name, "production");
    await registry.promote(b.name, "production", b.version, { by: "train-rewards", expectedCurrent: current });
  }
  return manifest;
}

export interface LoadedBundle {
  manifest: ModelManifest;
  params: Params;
  model: Record<string, unknown>;
}

/** Loads `name` at `version`, or at its production alias when no version is given. */
export async function loadBundle(registry: ModelRegistry, name: string, version?: string): Promise<LoadedBundle> {
  const v = version ?? (await registry.resolve(name, "production"));
  if (!v) throw new RegistryError("alias_not_set", `model "${name}" has no production alias in the registry; train it (npm run train:rewards) or pass a version`);
  const loaded = await registry.load(name, v);
  const bytes = loaded.files.get(WEIGHTS_FILE);
  if (!bytes) throw new RewardBundleError(`${name}/${v} has no ${WEIGHTS_FILE}; it is not a reward or judge bundle`);
  const { tensors } = decodeSafetensors(bytes, `${name}/${v}/${WEIGHTS_FILE}`);
  const model = loaded.manifest.config["model"];
  if (typeof model !== "object" || model === null) throw new RewardBundleError(`${name}/${v}: manifest config has no "model" section`);
  return { manifest: loaded.manifest, params: tensors as Params, model: model as Record<string, unknown> };
}
