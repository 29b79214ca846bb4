/**
 * Training checkpoints in the object store, so a retry on another machine resumes. The Trainer
 * writes checkpoints to a local folder (ml/checkpoint/store.ts: `<root>/step-N/` plus loose files
 * such as history.json); this mirrors that folder to the spec's checkpointUri and restores the
 * newest complete checkpoint from it.
 *
 * Completeness in the store: a step's files go up first and its manifest.json last, so a step
 * counts as present only when its manifest is; a crash mid-upload leaves an invisible partial
 * step that the next push overwrites. A restore writes into a hidden staging folder and renames
 * it to `step-N` once every file is in (and verified by the store's sha256), so the Trainer never
 * sees half a checkpoint. With a file:// checkpointUri the folder is the store: nothing to copy.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { listCheckpoints, MANIFEST_FILE, stepFolderName } from "../ml/checkpoint/store.js";
import { fsyncDirAsync, writeFileAtomicAsync } from "../fs/atomic-file.js";
import type { ObjectStore } from "./object-store.js";
import { openObjectStore } from "./open-object-store.js";
import { sha256Hex } from "./sha256.js";

export interface CheckpointMirror {
  /** The folder to give the Trainer as its checkpoint root. */
  readonly localRoot: string;
  /** Where the checkpoints live for good (the spec's checkpointUri). */
  readonly uri: string;
  /** Before training: brings the newest complete remote checkpoint (and loose files) into localRoot if newer than any there. Returns its step, or null when nothing was restored. */
  restore(): Promise<number | null>;
  /** After each checkpoint (and before exiting): uploads new or changed local checkpoints and loose files, and removes remote steps the Trainer pruned locally. Returns the steps uploaded. */
  push(): Promise<number[]>;
}

export interface OpenCheckpointMirrorOptions {
  /** Environment for the object store (CXR_S3_ENDPOINT, AWS credentials). */
  env?: Record<string, string | undefined>;
  /** Local scratch folder for remote (s3://) checkpoint roots; default the OS temp folder. */
  scratchDir?: string;
}

/** The checkpoint root of a job: for file:// the folder itself, for s3:// a local scratch copy mirrored to the store. */
export function openCheckpointMirror(checkpointUri: string, options: OpenCheckpointMirrorOptions = {}): CheckpointMirror {
  const uri = checkpointUri.endsWith("/") ? checkpointUri : checkpointUri + "/";
  if (uri.startsWith("file://")) {
    const localRoot = fileURLToPath(uri);
    return { localRoot, uri, restore: async () => null, push: async () => [] };
  }
  const store = openObjectStore(uri, options.env ?? {});
  const scratch = path.join(options.scratchDir ?? os.tmpdir(), "cxr-checkpoints", createHash("sha256").update(uri).digest("hex").slice(0, 16));
  return checkpointMirror(store, scratch);
}

/** A mirror between a local checkpoint root and any object store (tests use a local folder store). */
export function checkpointMirror(store: ObjectStore, localRoot: string): CheckpointMirror {
  return {
    localRoot,
    uri: store.rootUri,
    restore: () => restoreCheckpoint(store, localRoot),
    push: () => pushCheckpoints(localRoot, store),
  };
}

const STEP_KEY = /^step-(\d+)\/(.+)$/;

interface RemoteLayout {
  /** Steps whose manifest is in the store, ascending. */
  complete: number[];
  /** Every key of each step folder (complete or not). */
  keysByStep: Map<number, string[]>;
  /** Keys at the root (history.json and the like). */
  loose: string[];
}

async function remoteLayout(store: ObjectStore): Promise<RemoteLayout> {
  const keysByStep = new Map<number, string[]>();
  const loose: string[] = [];
  const complete: number[] = [];
  for (const key of await store.list("")) {
    const m = STEP_KEY.exec(key);
    if (!m) {
      if (!key.includes("/")) loose.push(key);
      continue;
    }
    const step = Number(m[1]);
    keysByStep.set(step, [...(keysByStep.get(step) ?? []), key]);
    if (m[2] === MANIFEST_FILE) complete.push(step);
  }
  return { complete: complete.sort((a, b) => a - b), keysByStep, loose };
}

/** Plain files directly in `dir` (not hidden, not folders). */
async function looseFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const files: string[] = [];
  for (const name of names.sort()) {
    if (name.startsWith(".")) continue;
    if ((await stat(path.join(dir, name))).isFile()) files.push(name);
  }
  return files;
}

/** Uploads `body` to `key` unless the store already holds exactly these bytes. */
async function putIfChanged(store: ObjectStore, key: string, body: Uint8Array): Promise<boolean> {
  const existing = await store.head(key);
  if (existing?.sha256 === sha256Hex(body)) return false;
  await store.put(key, body);
  return true;
}

export async function pushCheckpoints(localRoot: string, store: ObjectStore): Promise<number[]> {
  const local = listCheckpoints(localRoot);
  const remote = await remoteLayout(store);
  const uploaded: number[] = [];
  for (const { step, dir } of local) {
    const folder = stepFolderName(step);
    const manifest = await readFile(path.join(dir, MANIFEST_FILE));
    const remoteManifest = remote.complete.includes(step) ? await store.head(`${folder}/${MANIFEST_FILE}`) : null;
    if (remoteManifest?.sha256 === sha256Hex(manifest)) continue; // this exact checkpoint is already up
    for (const name of await looseFiles(dir)) {
      if (name !== MANIFEST_FILE) await putIfChanged(store, `${folder}/${name}`, await readFile(path.join(dir, name)));
    }
    await store.put(`${folder}/${MANIFEST_FILE}`, manifest); // last: marks the step complete
    uploaded.push(step);
  }
  for (const name of await looseFiles(localRoot)) await putIfChanged(store, name, await readFile(path.join(localRoot, name)));
  // Steps the Trainer pruned (keepLast) go from the store too; steps newer than ours are kept.
  const newestLocal = local.at(-1)?.step ?? -1;
  const localSteps = new Set(local.map((c) => c.step));
  for (const [step, keys] of remote.keysByStep) {
    if (localSteps.has(step) || step > newestLocal) continue;
    const manifestKey = `${stepFolderName(step)}/${MANIFEST_FILE}`;
    if (keys.includes(manifestKey)) await store.delete(manifestKey); // first: the step stops counting as complete
    for (const key of keys) if (key !== manifestKey) await store.delete(key);
  }
  return uploaded;
}

export async function restoreCheckpoint(store: ObjectStore, localRoot: string): Promise<number | null> {
  const remote = await remoteLayout(store);
  const newestRemote = remote.complete.at(-1);
  const newestLocal = listCheckpoints(localRoot).at(-1)?.step;
  if (newestRemote === undefined || (newestLocal !== undefined && newestLocal >= newestRemote)) return null;
  const folder = stepFolderName(newestRemote);
  await mkdir(localRoot, { recursive: true });
  const staging = path.join(localRoot, `.staging-restore-${folder}-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging);
  try {
    for (const key of remote.keysByStep.get(newestRemote) ?? []) {
      const object = await store.get(key); // verifies the stored sha256
      if (!object) throw new Error(`checkpoint object ${store.rootUri}${key} vanished during the restore; run again`);
      await writeFileAtomicAsync(path.join(staging, key.slice(folder.length + 1)), object.body);
    }
    await rm(path.join(localRoot, folder), { recursive: true, force: true });
    await rename(staging, path.join(localRoot, folder));
    await fsyncDirAsync(localRoot);
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
  // The loose files (loss history) belong to the restored state.
  for (const key of remote.loose) {
    const object = await store.get(key);
    if (object) await writeFileAtomicAsync(path.join(localRoot, key), object.body);
  }
  return newestRemote;
}
