/** One case per error family: the exit code a job failing with it ends with, and the code the edge is told. */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { EdgeCallError } from "../../../batch-jobs/edge-api/edge-connection.js";
import { GeneratorBundleError, loadGenerator } from "../../../batch-jobs/generator/bundle.js";
import { classifyFailure } from "../../../batch-jobs/jobs/classify-failure.js";
import { datasetSource } from "../../../batch-jobs/jobs/evaluate-sources.js";
import { JobError } from "../../../batch-jobs/jobs/job-error.js";
import { CheckpointError } from "../../../batch-jobs/ml/checkpoint/errors.js";
import { MlError } from "../../../batch-jobs/ml/graph/errors.js";
import { OptimError } from "../../../batch-jobs/ml/optim/errors.js";
import { TrainError } from "../../../batch-jobs/ml/train/errors.js";
import { PhantomConfigError } from "../../../batch-jobs/data/phantom/config.js";
import { ModelRegistry } from "../../../batch-jobs/registry/model-registry.js";
import { RegistryError } from "../../../batch-jobs/registry/registry-error.js";
import { loadBundle } from "../../../batch-jobs/rewards/bundle.js";
import { RewardBundleError } from "../../../batch-jobs/rewards/bundle-error.js";
import { LocalObjectStore } from "../../../batch-jobs/storage/local-object-store.js";
import { ObjectStoreError } from "../../../batch-jobs/storage/object-store.js";
import { DatasetError } from "../../../shared/dataset/errors.js";
import { CallbackError } from "../../../shared/jobs/callback-client.js";
import { EXIT, type ExitName } from "../../../shared/jobs/exit-codes.js";

const aborted = () => {
  const c = new AbortController();
  c.abort();
  return c.signal;
};

describe("classifyFailure", () => {
  it("JobError: its own exit and code", () => {
    expect(classifyFailure(new JobError("invalidSpec", "unknown_config", "bad"))).toMatchObject({ exitCode: EXIT.invalidSpec, code: "unknown_config" });
  });

  it("RegistryError hash_mismatch: integrity (67)", () => {
    expect(classifyFailure(new RegistryError("hash_mismatch", "weights.onnx differs"))).toMatchObject({ exitCode: EXIT.integrity, code: "hash_mismatch" });
  });

  it("RegistryError version_not_found: input missing (66)", () => {
    expect(classifyFailure(new RegistryError("version_not_found", "no cxr/v9"))).toMatchObject({ exitCode: EXIT.inputMissing });
  });

  it("DatasetError sha256_mismatch: integrity (67)", () => {
    expect(classifyFailure(new DatasetError("sha256_mismatch", "images/a.png", "sha256 differs"))).toMatchObject({ exitCode: EXIT.integrity, code: "sha256_mismatch" });
  });

  it("DatasetError csv_malformed: data error (65)", () => {
    expect(classifyFailure(new DatasetError("csv_malformed", "labels.csv", "line 3"))).toMatchObject({ exitCode: EXIT.invalidSpec });
  });

  it("ObjectStoreError integrity: integrity (67)", () => {
    expect(classifyFailure(new ObjectStoreError("integrity", "bytes differ"))).toMatchObject({ exitCode: EXIT.integrity, code: "integrity" });
  });

  it("ObjectStoreError unavailable: transient (75), told as store_unavailable", () => {
    expect(classifyFailure(new ObjectStoreError("unavailable", "S3 down"))).toMatchObject({ exitCode: EXIT.transient, code: "store_unavailable" });
  });

  it("CallbackError transient: transient (75)", () => {
    expect(classifyFailure(new CallbackError("503", true))).toMatchObject({ exitCode: EXIT.transient, code: "callback_failed" });
  });

  it("CallbackError refused: internal (1)", () => {
    expect(classifyFailure(new CallbackError("401", false))).toMatchObject({ exitCode: EXIT.internal, code: "callback_failed" });
  });

  it("CheckpointError CHECKPOINT_HASH_MISMATCH: integrity (67)", () => {
    expect(classifyFailure(new CheckpointError("CHECKPOINT_HASH_MISMATCH", "corrupted"))).toMatchObject({ exitCode: EXIT.integrity, code: "CHECKPOINT_HASH_MISMATCH" });
  });

  it("TrainError TRAIN_RESUME_MISMATCH: spec error (65)", () => {
    expect(classifyFailure(new TrainError("TRAIN_RESUME_MISMATCH", "other seed"))).toMatchObject({ exitCode: EXIT.invalidSpec });
  });

  it("MlError ML_SHAPE: a bug (1)", () => {
    expect(classifyFailure(new MlError("ML_SHAPE", "[2,3] vs [3,2]"))).toMatchObject({ exitCode: EXIT.internal, code: "ML_SHAPE" });
  });

  it("OptimError OPTIM_BAD_STATE: integrity (67)", () => {
    expect(classifyFailure(new OptimError("OPTIM_BAD_STATE", "moments do not fit"))).toMatchObject({ exitCode: EXIT.integrity });
  });

  it("PhantomConfigError: spec error (65)", () => {
    expect(classifyFailure(new PhantomConfigError(["size: too small"]))).toMatchObject({ exitCode: EXIT.invalidSpec, code: "invalid_spec" });
  });

  it("anything else: a bug (1), code internal", () => {
    expect(classifyFailure(new TypeError("x is undefined"))).toMatchObject({ exitCode: EXIT.internal, code: "internal" });
  });

  it("an unexpected error while stopping on SIGTERM: terminated (143)", () => {
    expect(classifyFailure(new TypeError("session closed"), aborted())).toMatchObject({ exitCode: EXIT.terminated, code: "terminated" });
  });

  it("a classified error while stopping keeps its class", () => {
    expect(classifyFailure(new RegistryError("hash_mismatch", "x"), aborted())).toMatchObject({ exitCode: EXIT.integrity });
  });
});

/** Each family's representative errors → the exit class the job ends with (one table per family). */
type Case = [label: string, exit: ExitName, error: Error];
const exitsWith = (_label: string, exit: ExitName, error: Error) => expect(classifyFailure(error).exitCode).toBe(EXIT[exit]);

describe("every error family declares its exit class", () => {
  it.each<Case>([
    ["sha256_mismatch", "integrity", new DatasetError("sha256_mismatch", "images/a.png", "sha256 differs")],
    ["png_truncated", "integrity", new DatasetError("png_truncated", "images/a.png", "ends before IEND")],
    ["dataset_inconsistent", "integrity", new DatasetError("dataset_inconsistent", "labels.csv", "3 rows, 4 images")],
    ["not_a_file", "inputMissing", new DatasetError("not_a_file", "images", "is a directory")],
    ["file_missing", "inputMissing", new DatasetError("file_missing", "images/a.png", "missing")],
    ["csv_malformed", "invalidSpec", new DatasetError("csv_malformed", "labels.csv", "line 3")],
  ])("DatasetError %s → %s", exitsWith);

  it.each<Case>([
    ["hash_mismatch", "integrity", new RegistryError("hash_mismatch", "weights differ")],
    ["alias_not_set", "inputMissing", new RegistryError("alias_not_set", "no production alias")],
    ["version_not_found", "inputMissing", new RegistryError("version_not_found", "no cxr/v9")],
  ])("RegistryError %s → %s", exitsWith);

  it.each<Case>([
    ["reward_bundle_invalid", "invalidSpec", new RewardBundleError("judge-clip/v1 has no weights.safetensors")],
  ])("RewardBundleError %s → %s", exitsWith);

  it.each<Case>([
    ["bundle_invalid (a tokenizer.json that is not one)", "integrity", new GeneratorBundleError("bundle_invalid", "tokenizer.json is not a tokenizer")],
    ["bundle_not_generator", "invalidSpec", new GeneratorBundleError("bundle_not_generator", "config.json is not a cxr-generator config")],
  ])("GeneratorBundleError %s → %s", exitsWith);

  it.each<Case>([
    ["TRAIN_RESUME_MISMATCH (an RLCF resume with another seed)", "invalidSpec", new TrainError("TRAIN_RESUME_MISMATCH", "fine-tuned with seed 1, this run has seed 2")],
    ["TRAIN_NON_FINITE", "internal", new TrainError("TRAIN_NON_FINITE", "loss is NaN")],
  ])("TrainError %s → %s", exitsWith);

  it.each<Case>([
    ["CHECKPOINT_HASH_MISMATCH", "integrity", new CheckpointError("CHECKPOINT_HASH_MISMATCH", "corrupted")],
    ["CHECKPOINT_NOT_FOUND", "inputMissing", new CheckpointError("CHECKPOINT_NOT_FOUND", "no manifest")],
  ])("CheckpointError %s → %s", exitsWith);

  it.each<Case>([
    ["ML_SHAPE", "internal", new MlError("ML_SHAPE", "[2,3] vs [3,2]")],
    ["ML_RUNTIME_PROVIDER", "transient", new MlError("ML_RUNTIME_PROVIDER", "no CUDA")],
  ])("MlError %s → %s", exitsWith);

  it.each<Case>([
    ["OPTIM_BAD_STATE", "integrity", new OptimError("OPTIM_BAD_STATE", "moments do not fit")],
    ["OPTIM_BAD_CONFIG", "invalidSpec", new OptimError("OPTIM_BAD_CONFIG", "lr < 0")],
  ])("OptimError %s → %s", exitsWith);

  it.each<Case>([
    ["integrity", "integrity", new ObjectStoreError("integrity", "bytes differ")],
    ["unavailable", "transient", new ObjectStoreError("unavailable", "S3 down")],
    ["invalid_uri", "invalidSpec", new ObjectStoreError("invalid_uri", "ftp://")],
  ])("ObjectStoreError %s → %s", exitsWith);

  it.each<Case>([
    ["edge_unavailable", "transient", new EdgeCallError("edge_unavailable", "edge down")],
    ["edge_secret_missing", "usage", new EdgeCallError("edge_secret_missing", "no secret")],
  ])("EdgeCallError %s → %s", exitsWith);

  it.each<Case>([
    ["transient", "transient", new CallbackError("503", true)],
    ["refused", "internal", new CallbackError("401", false)],
  ])("CallbackError %s → %s", exitsWith);

  it.each<Case>([
    ["phantom_config_invalid", "invalidSpec", new PhantomConfigError(["size: too small"])],
  ])("PhantomConfigError %s → %s", exitsWith);

  it.each<Case>([
    ["invalidSpec", "invalidSpec", new JobError("invalidSpec", "unknown_config", "bad")],
    ["transient", "transient", new JobError("transient", "store_unavailable", "S3 down")],
  ])("JobError %s → %s", exitsWith);
});

const emptyRegistry = async () => new ModelRegistry(new LocalObjectStore(await mkdtemp(path.join(os.tmpdir(), "cxr-classify-"))));
const bytes = (text: string) => new TextEncoder().encode(text);

describe("errors thrown where the job meets them", () => {
  it("a reward model without a production alias: alias_not_set, input missing (66)", async () => {
    const registry = await emptyRegistry();
    const err = await loadBundle(registry, "reward-clip").catch((e: unknown) => e);
    expect(classifyFailure(err)).toMatchObject({ exitCode: EXIT.inputMissing, code: "alias_not_set" });
  });

  it("the evaluate job's dataset reader keeps the reader's class: a malformed manifest is a data error (65)", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "cxr-bad-manifest-"));
    await writeFile(path.join(dir, "manifest.jsonl"), "not json\n");
    const err = await datasetSource(pathToFileURL(dir).href + "/", 64, undefined, () => {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobError);
    expect(classifyFailure(err)).toMatchObject({ exitCode: EXIT.invalidSpec, code: "manifest_invalid_line" });
  });

  it("a reward bundle without weights: RewardBundleError, a spec error (65)", async () => {
    const registry = await emptyRegistry();
    await registry.publish({ name: "reward-clip", version: "v1", files: [{ path: "card.md", bytes: bytes("# no weights\n") }], parent: null, config: {}, metrics: {} });
    const err = await loadBundle(registry, "reward-clip", "v1").catch((e: unknown) => e);
    expect(classifyFailure(err)).toMatchObject({ exitCode: EXIT.invalidSpec, code: "reward_bundle_invalid" });
  });

  it("a generator bundle whose tokenizer.json is not a tokenizer: bundle_invalid, integrity (67)", async () => {
    const registry = await emptyRegistry();
    const config = await readFile(path.join(import.meta.dirname, "../../../models/cxrl/cxr64-v1/config.json"));
    const files = [{ path: "config.json", bytes: new Uint8Array(config) }, { path: "tokenizer.json", bytes: bytes('{"format":"other"}') }];
    await registry.publish({ name: "cxrl", version: "broken-v1", files, parent: null, config: {}, metrics: {} });
    const err = await loadGenerator(registry, { name: "cxrl", version: "broken-v1" }).catch((e: unknown) => e);
    expect(classifyFailure(err)).toMatchObject({ exitCode: EXIT.integrity, code: "bundle_invalid" });
  });
});
