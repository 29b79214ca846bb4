/**
 * A folder of checkpoints, one sub-folder per step: `<root>/step-00000100/` holding
 * weights.safetensors, optimizer.safetensors (if any) and manifest.json.
 *
 * Saving is crash-safe at two levels: each file is written atomically (temp name, fsync, rename)
 * into a hidden staging folder, and the staging folder is renamed to `step-N` only when complete.
 * A crash at any point leaves every earlier checkpoint untouched and no half-made `step-N`.
 * One writer per root: a save removes staging folders left by crashed saves.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createHash } from "node:crypto";
import { basename, join } from "node:path";
import type { NamedTensors } from "../host-tensor.js";
import type { OptimizerState } from "../optim/optimizer.js";
import { writeFileAtomic, fsyncDir, type BeforeRename } from "../../fs/atomic-file.js";
import { CheckpointError } from "./errors.js";
import { CHECKPOINT_FORMAT, manifestSchema, type CheckpointManifest, type ManifestFileEntry } from "./manifest.js";
import { decodeSafetensors, encodeSafetensors, type TensorEntry } from "./safetensors.js";
import { formatIssues } from "../../../shared/validation/format-issues.js";

export const WEIGHTS_FILE = "weights.safetensors";
export const OPTIMIZER_FILE = "optimizer.safetensors";
export const MANIFEST_FILE = "manifest.json";

export interface CheckpointInput {
  step: number;
  weights: NamedTensors;
  optimizer?: OptimizerState | null;
  /** JSON-serialisable run configuration. */
  config?: unknown;
  /** Defaults to the newest checkpoint already in the folder. */
  parent?: string | null;
  /** JSON-serialisable loop state for exact resume. */
  trainer?: Record<string, unknown>;
}

export interface SaveOptions {
  /** Delete all but the newest `keepLast` checkpoints after a successful save; default keeps all. */
  keepLast?: number;
  /** Test seam to simulate a crash between writing a file and renaming it. */
  beforeRename?: BeforeRename;
}

export interface CheckpointRef {
  step: number;
  dir: string;
}

export const stepFolderName = (step: number): string => `step-${String(step).padStart(8, "0")}`;

/** Complete checkpoints in `root`, oldest first. Staging folders (hidden) are not listed. */
export function listCheckpoints(root: string): CheckpointRef[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .map((name) => /^step-(\d+)$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ step: Number(m[1]), dir: join(root, m[0]) }))
    .sort((a, b) => a.step - b.step);
}

export function saveCheckpoint(root: string, input: CheckpointInput, options: SaveOptions = {}): CheckpointRef & { manifest: CheckpointManifest } {
  if (!Number.isInteger(input.step) || input.step < 0) throw new CheckpointError("CHECKPOINT_BAD_INPUT", `step must be a non-negative integer, got ${input.step}`);
  mkdirSync(root, { recursive: true });
  removeStaleStaging(root);
  const existing = listCheckpoints(root);
  const previous = existing.filter((c) => c.step < input.step).at(-1);
  const parent = input.parent !== undefined ? input.parent : previous === undefined ? null : basename(previous.dir);
  const final = join(root, stepFolderName(input.step));
  const staging = join(root, `.staging-${stepFolderName(input.step)}-${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(staging);
  try {
    const files: Record<string, ManifestFileEntry> = {};
    const weights = encodeSafetensors(input.weights, { kind: "weights", step: String(input.step) }, WEIGHTS_FILE);
    files[WEIGHTS_FILE] = { ...writeFileAtomic(join(staging, WEIGHTS_FILE), weights.chunks, options.beforeRename), tensors: weights.entries };
    const opt = input.optimizer ?? null;
    if (opt !== null) {
      const meta = { kind: `optimizer:${opt.kind}`, step: String(opt.step), hyper: JSON.stringify(opt.hyper) };
      const encoded = encodeSafetensors(opt.tensors, meta, OPTIMIZER_FILE);
      files[OPTIMIZER_FILE] = { ...writeFileAtomic(join(staging, OPTIMIZER_FILE), encoded.chunks, options.beforeRename), tensors: encoded.entries };
    }
    const manifest: CheckpointManifest = {
      format: CHECKPOINT_FORMAT,
      step: input.step,
      createdAt: new Date().toISOString(),
      parent,
      config: input.config ?? null,
      files,
      optimizer: opt === null ? null : { kind: opt.kind, step: opt.step, hyper: opt.hyper },
      trainer: input.trainer ?? {},
    };
    writeFileAtomic(join(staging, MANIFEST_FILE), [Buffer.from(JSON.stringify(manifest, null, 2) + "\n")], options.beforeRename);
    fsyncDir(staging);
    // Re-saving a step (e.g. after a resume from an earlier one) replaces the old folder.
    if (existsSync(final)) {
      const trash = `${staging}.old`;
      renameSync(final, trash);
      renameSync(staging, final);
      rmSync(trash, { recursive: true, force: true });
    } else {
      renameSync(staging, final);
    }
    fsyncDir(root);
    if (options.keepLast !== undefined) prune(root, options.keepLast);
    return { step: input.step, dir: final, manifest };
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

function removeStaleStaging(root: string): void {
  for (const name of readdirSync(root)) if (name.startsWith(".staging-")) rmSync(join(root, name), { recursive: true, force: true });
}

function prune(root: string, keepLast: number): void {
  if (!Number.isInteger(keepLast) || keepLast < 1) throw new CheckpointError("CHECKPOINT_BAD_INPUT", `keepLast must be an integer ≥ 1, got ${keepLast}`);
  const all = listCheckpoints(root);
  for (const old of all.slice(0, Math.max(0, all.length - keepLast))) rmSync(old.dir, { recursive: true, force: true });
}

export interface LoadOptions {
  /** Shapes the caller's model needs; any difference is reported tensor by tensor. */
  expectShapes?: Record<string, readonly number[]>;
}

export interface LoadedCheckpoint {
  dir: string;
  manifest: CheckpointManifest;
  weights: NamedTensors;
  optimizer: OptimizerState | null;
}

/** Loads one checkpoint folder, verifying sizes, sha256 and tensor shapes; throws naming what differs. */
export function loadCheckpoint(dir: string, options: LoadOptions = {}): LoadedCheckpoint {
  const manifest = readManifest(dir);
  const weightsEntry = manifest.files[WEIGHTS_FILE];
  if (weightsEntry === undefined) throw new CheckpointError("CHECKPOINT_BAD_MANIFEST", `${join(dir, MANIFEST_FILE)} lists no ${WEIGHTS_FILE}`);
  const weights = readVerified(dir, WEIGHTS_FILE, weightsEntry);
  if (options.expectShapes !== undefined) checkExpected(join(dir, WEIGHTS_FILE), options.expectShapes, weights);
  let optimizer: OptimizerState | null = null;
  if (manifest.optimizer !== null) {
    const entry = manifest.files[OPTIMIZER_FILE];
    if (entry === undefined) throw new CheckpointError("CHECKPOINT_BAD_MANIFEST", `${join(dir, MANIFEST_FILE)} has optimiser scalars but lists no ${OPTIMIZER_FILE}`);
    const tensors = readVerified(dir, OPTIMIZER_FILE, entry);
    for (const [name, t] of Object.entries(tensors)) {
      if (!(t.data instanceof Float32Array)) throw new CheckpointError("CHECKPOINT_TENSOR_MISMATCH", `${join(dir, OPTIMIZER_FILE)}: tensor "${name}" must be F32`);
    }
    optimizer = { ...manifest.optimizer, tensors: tensors as NamedTensors<Float32Array> };
  }
  return { dir, manifest, weights, optimizer };
}

/** The newest complete checkpoint in `root`, or null if there is none. */
export function loadLatestCheckpoint(root: string, options: LoadOptions = {}): LoadedCheckpoint | null {
  const latest = listCheckpoints(root).at(-1);
  return latest === undefined ? null : loadCheckpoint(latest.dir, options);
}

function readManifest(dir: string): CheckpointManifest {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) throw new CheckpointError("CHECKPOINT_NOT_FOUND", `no ${MANIFEST_FILE} in ${dir}: not a checkpoint folder, or an incomplete one`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new CheckpointError("CHECKPOINT_BAD_MANIFEST", `${path} is not valid JSON (${(e as Error).message})`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = formatIssues(parsed.error).join("; ");
    throw new CheckpointError("CHECKPOINT_BAD_MANIFEST", `${path}: ${issues}`);
  }
  return parsed.data;
}

function readVerified(dir: string, file: string, entry: ManifestFileEntry): NamedTensors {
  const path = join(dir, file);
  if (!existsSync(path)) throw new CheckpointError("CHECKPOINT_MISSING_FILE", `${path} is listed in the manifest but does not exist`);
  const bytes = readFileSync(path);
  if (bytes.byteLength < entry.bytes) {
    throw new CheckpointError("CHECKPOINT_TRUNCATED", `${path} is truncated: manifest says ${entry.bytes} bytes, found ${bytes.byteLength}`);
  }
  if (bytes.byteLength > entry.bytes) {
    throw new CheckpointError("CHECKPOINT_SIZE_MISMATCH", `${path} has ${bytes.byteLength} bytes, manifest says ${entry.bytes}`);
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (sha256 !== entry.sha256) {
    throw new CheckpointError("CHECKPOINT_HASH_MISMATCH", `${path} is corrupted: sha256 ${sha256}, manifest expects ${entry.sha256}`);
  }
  const decoded = decodeSafetensors(bytes, path);
  const problems = diffEntries(entry.tensors, decoded.entries);
  if (problems.length > 0) throw new CheckpointError("CHECKPOINT_TENSOR_MISMATCH", `${path} differs from the manifest: ${problems.join("; ")}`);
  return decoded.tensors;
}

function diffEntries(expected: Record<string, TensorEntry>, found: Record<string, TensorEntry>): string[] {
  const problems: string[] = [];
  for (const [name, e] of Object.entries(expected)) {
    const f = found[name];
    if (f === undefined) problems.push(`tensor "${name}" missing`);
    else if (f.dtype !== e.dtype || !sameShape(f.shape, e.shape)) {
      problems.push(`tensor "${name}": expected ${e.dtype}[${e.shape.join(",")}], found ${f.dtype}[${f.shape.join(",")}]`);
    }
  }
  for (const name of Object.keys(found)) if (!(name in expected)) problems.push(`unexpected tensor "${name}"`);
  return problems;
}

function checkExpected(path: string, expect: Record<string, readonly number[]>, weights: NamedTensors): void {
  const problems: string[] = [];
  for (const [name, shape] of Object.entries(expect)) {
    const t = weights[name];
    if (t === undefined) problems.push(`tensor "${name}" missing (expected shape [${shape.join(",")}])`);
    else if (!sameShape(t.dims, shape)) problems.push(`tensor "${name}": expected shape [${shape.join(",")}], found [${t.dims.join(",")}]`);
  }
  for (const name of Object.keys(weights)) if (!(name in expect)) problems.push(`unexpected tensor "${name}"`);
  if (problems.length > 0) throw new CheckpointError("CHECKPOINT_TENSOR_MISMATCH", `${path} does not fit the model: ${problems.join("; ")}`);
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);
